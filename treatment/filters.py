"""The FilterSets of the treatment app: the pages, the API and the XLSX export share them."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.selectors import commune_list
from common.filters import IdFilter
from common.forms import DateInput, YesNoAllWidget
from common.text import fold
from rehab.choices import FacilityKind
from rehab.filters import ScopedCommuneMixin, facility_filter

from . import selectors
from .choices import Drug, PsychosisEndReason, TreatmentStatus
from .models import PsychosisRecord, SubstitutionTreatment

# The facilities that keep the psychosis list (as the record form offers them).
HEALTH_KINDS = (
    FacilityKind.PSYCHIATRIC,
    FacilityKind.DETERMINATION,
    FacilityKind.HEALTH_STATION,
    FacilityKind.SUBSTITUTION,
)


def _search(queryset, value, extra: str):
    text = value.strip()
    folded = fold(text)
    if not folded:
        return queryset
    return queryset.filter(
        Q(person__full_name_folded__contains=folded)
        | Q(person__national_id=text)
        | Q(**{f"{extra}__icontains": text})
    )


class TreatmentFilter(ScopedCommuneMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name, citizen ID or patient code (accents optional)"),
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    facility = facility_filter(FacilityKind.SUBSTITUTION)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TreatmentStatus.choices)
    drug = django_filters.ChoiceFilter(label=_("Medicine"), choices=Drug.choices)
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    started_from = django_filters.DateFilter(
        field_name="start_on",
        lookup_expr="gte",
        label=_("Started from"),
        widget=DateInput,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    started_to = django_filters.DateFilter(
        field_name="start_on",
        lookup_expr="lte",
        label=_("Started until"),
        widget=DateInput,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    ended_from = django_filters.DateFilter(
        field_name="ended_on",
        lookup_expr="gte",
        label=_("Ended from"),
        widget=DateInput,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    ended_to = django_filters.DateFilter(
        field_name="ended_on",
        lookup_expr="lte",
        label=_("Ended until"),
        widget=DateInput,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    cohort = django_filters.ChoiceFilter(
        label=_("Enrolled at least"),
        method="filter_cohort",
        choices=[(str(m), _("%(n)s months ago") % {"n": m}) for m in selectors.RETENTION_MONTHS],
    )
    positive_test = django_filters.BooleanFilter(
        label=_("Positive test during treatment"), method="filter_positive", widget=YesNoAllWidget
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("start_on", "start_on"),
            ("status_on", "status_on"),
            ("person__full_name_folded", "name"),
            ("patient_code", "patient_code"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = SubstitutionTreatment
        fields = ["q", "person", "facility", "status", "drug", "commune"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "patient_code")

    def filter_cohort(self, queryset, name, value):
        limit = selectors.cohort_start_by(today=timezone.localdate(), months=int(value))
        return queryset.filter(start_on__lte=limit)

    def filter_positive(self, queryset, name, value):
        inside = Q(
            person__drug_tests__result="positive",
            person__drug_tests__tested_on__gte=F("start_on"),
        ) & (Q(ended_on__isnull=True) | Q(person__drug_tests__tested_on__lte=F("ended_on")))
        ids = queryset.model.objects.filter(inside).values("pk")
        if value is True:
            return queryset.filter(pk__in=ids)
        if value is False:
            return queryset.exclude(pk__in=ids)
        return queryset


class PsychosisFilter(ScopedCommuneMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Person's name, citizen ID or physician (accents optional)"),
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    facility = facility_filter(*HEALTH_KINDS)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=(("open", _("Under special management")), ("ended", _("Ended"))),
    )
    end_reason = django_filters.ChoiceFilter(
        label=_("Reason it ended"), choices=PsychosisEndReason.choices
    )
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    sort = django_filters.OrderingFilter(
        fields=(("diagnosed_on", "diagnosed_on"), ("person__full_name_folded", "name")),
        label=_("Sort"),
    )

    class Meta:
        model = PsychosisRecord
        fields = ["q", "person", "facility", "status", "end_reason", "commune"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "physician_name")

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(ended_on__isnull=True)
        if value == "ended":
            return queryset.filter(ended_on__isnull=False)
        return queryset
