"""One FilterSet for the list page, its XLSX export and the API. The commune's name is
filtered in the database; the proposed class is computed (communes/proposal.py), so the
class filters and the sort apply to the computed rows (`rows`), a province's few hundred
communes at most."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import AdminUnit
from common.forms import YesNoAllWidget
from common.text import fold
from keyareas.selectors import keyarea_list

from .choices import CLASS_RANK, DrugClass
from .selectors import former_districts

NOT_DECIDED = "none"
SORTS = (
    ("name", _("Commune (A–Z)")),
    ("-name", _("Commune (Z–A)")),
    ("proposed", _("Proposed class, most serious first")),
    ("decided", _("Decided class, most serious first")),
    ("-met", _("Criteria met, most first")),
)


def _rank(value: str) -> int:
    return CLASS_RANK.get(value, len(CLASS_RANK))


class CommuneStatusFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), method="computed", widget=forms.NumberInput(attrs={"min": 2020})
    )
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Commune name (accents optional)")
    )
    proposed = django_filters.ChoiceFilter(
        label=_("Proposed class"), choices=DrugClass.choices, method="computed"
    )
    decided = django_filters.ChoiceFilter(
        label=_("Decided class"),
        choices=[*DrugClass.choices, (NOT_DECIDED, _("Not decided"))],
        method="computed",
    )
    differs = django_filters.BooleanFilter(
        label=_("Decision differs from the proposal"), method="computed", widget=YesNoAllWidget
    )
    former_district = django_filters.ModelChoiceFilter(
        label=_("Former district (before 07/2025)"),
        queryset=AdminUnit.objects.none(),
        method="filter_former_district",
    )
    key_area = django_filters.ChoiceFilter(label=_("Key area"), method="filter_key_area")
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=SORTS, method="computed")

    class Meta:
        model = AdminUnit
        fields = ["q"]

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        if user is not None:
            self.filters["former_district"].queryset = former_districts(communes=queryset)
            areas = keyarea_list(user=user).values_list("pk", "name")
            self.filters["key_area"].extra["choices"] = lambda: [(str(pk), n) for pk, n in areas]

    def filter_former_district(self, queryset, name, value):
        return queryset.filter(predecessors__parent=value).distinct() if value else queryset

    def filter_key_area(self, queryset, name, value):
        if not value or self.user is None:
            return queryset
        areas = keyarea_list(user=self.user).filter(pk=value)
        return queryset.filter(pk__in=areas.values("communes"))

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(name_folded__contains=folded) if folded else queryset

    def computed(self, queryset, name, value):
        return queryset  # applied to the computed rows by `rows`

    @property
    def selected_year(self) -> int:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        year = data.get("year")
        return int(year) if year else timezone.localdate().year

    def rows(self, rows: list) -> list:
        data = self.form.cleaned_data
        if data.get("proposed"):
            rows = [r for r in rows if r.proposed == data["proposed"]]
        decided = data.get("decided")
        if decided == NOT_DECIDED:
            rows = [r for r in rows if not r.decided]
        elif decided:
            rows = [r for r in rows if r.decided == decided]
        if data.get("differs") is not None:
            rows = [r for r in rows if r.differs == data["differs"]]
        sort = data.get("sort") or "name"
        keys = {
            "name": lambda r: r.commune.name_folded,
            "-name": lambda r: r.commune.name_folded,
            "proposed": lambda r: (_rank(r.proposed), r.commune.name_folded),
            "decided": lambda r: (_rank(r.decided), r.commune.name_folded),
            "-met": lambda r: (-r.proposal.met, r.commune.name_folded),
        }
        return sorted(rows, key=keys[sort], reverse=sort == "-name")
