"""The FilterSets of the rehab app: the pages and the API share them."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.selectors import commune_list
from common.filters import IdFilter, ListedModelChoiceFilter
from common.forms import YesNoAllWidget
from common.text import fold
from registry.choices import Law

from . import selectors
from .choices import (
    CLOSED_STAGES,
    KIND_LIST,
    DeterminationResult,
    DossierStage,
    FacilityKind,
    FacilityList,
    PlacementForm,
    PlacementOutcome,
)
from .models import AddictionDetermination, Dossier, Facility, RehabPlacement

DATES = ["%d/%m/%Y", "%Y-%m-%d"]
# The facilities where a placement is carried out.
REHAB_KINDS = (
    FacilityKind.PUBLIC_REHAB,
    FacilityKind.PRIVATE_REHAB,
    FacilityKind.COMMUNITY,
    FacilityKind.PSYCHIATRIC,
    FacilityKind.REFORM_SCHOOL,
)


class ScopedCommuneMixin:
    """The commune choices are those of the requesting user's jurisdiction (a commune officer
    sees one, the province its own communes), not every commune of the country: the filter
    form renders in a few milliseconds instead of hundreds. The views pass `request`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "scope_unit_id", None) and "commune" in self.filters:
            self.filters["commune"].queryset = commune_list(within=user.scope_unit)


def facility_filter(*kinds):
    """A choice of the facilities the user reads (their province's), of the given kinds (all
    when none is given), by name; the views and the API pass `request`."""

    def queryset(request):
        facilities = selectors.facility_list(user=getattr(request, "user", None))
        return (facilities.filter(kind__in=kinds) if kinds else facilities).order_by("name")

    return ListedModelChoiceFilter(label=_("Facility"), queryset=queryset)


class FacilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name or licence number (accents optional)")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FacilityKind.choices)
    facility_list = django_filters.ChoiceFilter(
        label=_("List"), choices=FacilityList.choices, method="filter_list"
    )
    unit = IdFilter(field_name="unit_id", label=_("Unit (ID)"))
    active = django_filters.BooleanFilter(
        field_name="is_active", label=_("Active"), widget=YesNoAllWidget
    )
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("capacity", "capacity"), ("licence_date", "licence_date")),
        label=_("Sort"),
    )

    class Meta:
        model = Facility
        fields = ["q", "kind", "facility_list", "unit", "active"]

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        if not folded:
            return queryset
        return queryset.filter(
            Q(name_folded__contains=folded) | Q(licence_number__icontains=value.strip())
        )

    def filter_list(self, queryset, name, value):
        kinds = [kind for kind, lst in KIND_LIST.items() if lst == value]
        return queryset.filter(kind__in=kinds)


class DeterminationFilter(ScopedCommuneMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name, citizen ID or slip number (accents optional)"),
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    facility = facility_filter()
    result = django_filters.ChoiceFilter(label=_("Result"), choices=DeterminationResult.choices)
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    sort = django_filters.OrderingFilter(
        fields=(("determined_on", "determined_on"), ("person__full_name_folded", "name")),
        label=_("Sort"),
    )

    class Meta:
        model = AddictionDetermination
        fields = ["q", "person", "facility", "result", "commune"]

    def search(self, queryset, name, value):
        text = value.strip()
        folded = fold(text)
        if not folded:
            return queryset
        return queryset.filter(
            Q(person__full_name_folded__contains=folded)
            | Q(person__national_id=text)
            | Q(number__icontains=text)
        )


class PlacementFilter(ScopedCommuneMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name, citizen ID or decision number (accents optional)"),
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    form = django_filters.ChoiceFilter(label=_("Form"), choices=PlacementForm.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=(("open", _("In rehab")), ("ended", _("Ended"))),
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=PlacementOutcome.choices)
    ended_as = django_filters.ChoiceFilter(
        label=_("Ended as"),
        method="filter_ended_as",
        choices=(("completed", _("Completed or released early")),),
    )
    started_from = django_filters.DateFilter(
        field_name="start_on", lookup_expr="gte", label=_("Started from"), input_formats=DATES
    )
    started_to = django_filters.DateFilter(
        field_name="start_on", lookup_expr="lte", label=_("Started until"), input_formats=DATES
    )
    ended_from = django_filters.DateFilter(
        field_name="ended_on", lookup_expr="gte", label=_("Ended from"), input_formats=DATES
    )
    ended_to = django_filters.DateFilter(
        field_name="ended_on", lookup_expr="lte", label=_("Ended until"), input_formats=DATES
    )
    facility = facility_filter(*REHAB_KINDS)
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit",
        label=_("Commune"),
        queryset=commune_list(),
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("start_on", "start_on"),
            ("planned_end_on", "planned_end_on"),
            ("person__full_name_folded", "name"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = RehabPlacement
        fields = [
            "q",
            "person",
            "form",
            "status",
            "outcome",
            "ended_as",
            "started_from",
            "started_to",
            "ended_from",
            "ended_to",
            "facility",
            "commune",
        ]

    def search(self, queryset, name, value):
        text = value.strip()
        folded = fold(text)
        if not folded:
            return queryset
        return queryset.filter(
            Q(person__full_name_folded__contains=folded)
            | Q(person__national_id=text)
            | Q(decision_number__icontains=text)
        )

    def filter_ended_as(self, queryset, name, value):
        if value == "completed":
            return queryset.filter(
                outcome__in=[PlacementOutcome.COMPLETED, PlacementOutcome.EARLY_RELEASE]
            )
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(ended_on__isnull=True)
        if value == "ended":
            return queryset.filter(ended_on__isnull=False)
        return queryset


class LearnerFilter(django_filters.FilterSet):
    """The learners page of a facility officer: in stay (admitted, not ended) unless asked
    for those awaiting admission."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name, citizen ID or decision number (accents optional)"),
    )
    stay = django_filters.ChoiceFilter(
        label=_("Stay"),
        method="filter_stay",
        empty_label=None,
        choices=(
            ("in_stay", _("In stay")),
            ("awaiting", _("Awaiting admission")),
        ),
    )
    form = django_filters.ChoiceFilter(label=_("Form"), choices=PlacementForm.choices)
    ends_by = django_filters.DateFilter(
        field_name="planned_end_on", lookup_expr="lte", label=_("Ends by"), input_formats=DATES
    )

    class Meta:
        model = RehabPlacement
        fields = ["q", "stay", "form", "ends_by"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("stay"):
            data["stay"] = "in_stay"
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        return PlacementFilter.search(self, queryset, name, value)

    def filter_stay(self, queryset, name, value):
        if value == "awaiting":
            return queryset.filter(admitted_on__isnull=True)
        return queryset.filter(admitted_on__isnull=False)


class DossierFilter(ScopedCommuneMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name, citizen ID or decision number (accents optional)"),
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=DossierStage.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=(("open", _("Open")), ("closed", _("Closed")), ("overdue", _("Overdue"))),
    )
    age_group = django_filters.ChoiceFilter(
        label=_("Adult or minor"),
        method="filter_age",
        choices=(("adult", _("Adult")), ("minor", _("Minor"))),
    )
    high_risk = django_filters.BooleanFilter(
        label=_("At high risk of offending"), widget=YesNoAllWidget
    )
    law = django_filters.ChoiceFilter(label=_("Governing law"), choices=Law.choices)
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("compiled_on", "compiled_on"),
            ("next_due_on", "next_due_on"),
            ("person__full_name_folded", "name"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Dossier
        fields = ["q", "person", "stage", "status", "age_group", "high_risk", "law", "commune"]

    def search(self, queryset, name, value):
        text = value.strip()
        folded = fold(text)
        if not folded:
            return queryset
        return queryset.filter(
            Q(person__full_name_folded__contains=folded)
            | Q(person__national_id=text)
            | Q(decision_number__icontains=text)
        )

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "closed":
            return queryset.filter(stage__in=CLOSED_STAGES)
        if value == "overdue":
            return queryset.open().filter(next_due_on__lt=timezone.localdate())
        return queryset

    def filter_age(self, queryset, name, value):
        if value in ("adult", "minor"):
            return queryset.filter(is_minor=value == "minor")
        return queryset
