"""One FilterSet for people: the list page, its form, the API and the XLSX export share it, so
the same query string means the same rows everywhere."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.selectors import commune_list
from common.text import fold

from .choices import Category, Sex
from .models import Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name (accents optional) or ID number")
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices)
    residence_unit = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=commune_list())
    special_management = django_filters.BooleanFilter(label=_("Special management"))
    incomplete = django_filters.BooleanFilter(
        label=_("Without citizen ID"), method="filter_incomplete"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("full_name_folded", "name"),
            ("birth_year", "birth_year"),
            ("category", "category"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "full_name_folded": _("Name"),
            "birth_year": _("Birth year"),
            "category": _("Category"),
            "updated_at": _("Last updated"),
        },
    )

    class Meta:
        model = Person
        fields = ["q", "category", "sex", "residence_unit", "special_management"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None and getattr(user, "scope_unit_id", None):
            self.filters["residence_unit"].queryset = commune_list(within=user.scope_unit)

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        digits = text.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(
                Q(national_id__startswith=digits) | Q(former_id__startswith=digits)
            )
        folded = fold(text)
        # The folded copy is lower case ASCII: a plain LIKE, which the trigram index serves.
        return queryset.filter(full_name_folded__contains=folded)

    def filter_incomplete(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(national_id="") if value else queryset.exclude(national_id="")
