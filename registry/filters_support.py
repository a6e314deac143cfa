"""The FilterSets of supporters and review items: the pages and the API share them, so the
same query string means the same rows everywhere."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.selectors import commune_list
from common.filters import IdFilter
from common.forms import YesNoAllWidget
from common.text import fold

from .choices import ReviewOutcome, SupporterKind, SupporterRole
from .models import ReviewItem, Supporter

PENDING = "pending"


class SupporterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name or supporter's name (accents optional)"),
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    agency = IdFilter(field_name="agency_id", label=_("Agency (ID)"))
    user = IdFilter(field_name="user_id", label=_("Officer (ID)"))
    kind = django_filters.ChoiceFilter(label=_("Who supports"), choices=SupporterKind.choices)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=SupporterRole.choices)
    active = django_filters.BooleanFilter(
        label=_("Current"),
        method="filter_active",
        widget=YesNoAllWidget,
        help_text=_("Current: the assignment has not ended."),
    )

    class Meta:
        model = Supporter
        fields = ["q", "person", "agency", "user", "kind", "role", "active"]

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        if not folded:
            return queryset
        # Supporters' names are few per person and stored as typed: the person's folded name
        # is matched in SQL, the supporter's name through its lower-case form.
        return queryset.filter(
            Q(person__full_name_folded__contains=folded)
            | Q(name__icontains=value.strip())
            | Q(agency__name__icontains=value.strip())
        )

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(ended_on__isnull=value)


class ReviewItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name (accents optional) or ID number")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"),
        choices=[(PENDING, _("Not reviewed yet")), *ReviewOutcome.choices],
        method="filter_outcome",
    )
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    mine = django_filters.BooleanFilter(
        label=_("My people"),
        method="filter_mine",
        widget=YesNoAllWidget,
        help_text=_("People I am the responsible officer of."),
    )

    class Meta:
        model = ReviewItem
        fields = ["q", "outcome", "commune", "person", "mine"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user or getattr(self.request, "user", None)
        if self.user is not None and getattr(self.user, "scope_unit_id", None):
            self.filters["commune"].queryset = commune_list(within=self.user.scope_unit)

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        digits = text.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(person__national_id__startswith=digits)
        return queryset.filter(person__full_name_folded__contains=fold(text))

    def filter_outcome(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(outcome="" if value == PENDING else value)

    def filter_mine(self, queryset, name, value):
        if value is None or self.user is None:
            return queryset
        if value:
            return queryset.filter(person__responsible_officer=self.user)
        return queryset.exclude(person__responsible_officer=self.user)
