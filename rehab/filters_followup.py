"""The FilterSets of the follow-up records (post-rehab support, relapses, certificates): the
API lists use them."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.selectors import commune_list
from common.filters import IdFilter
from common.text import fold
from registry.choices import Law

from .choices import (
    EDUCATION_OPEN,
    VOLUNTARY_FORM_CHOICES,
    EducationStatus,
    RelapseBasis,
    ServiceKind,
    SupportKind,
)
from .filters import ScopedCommuneMixin
from .models import (
    EducationMeasure,
    PostRehabCertificate,
    PostRehabRelapse,
    PostRehabSupport,
    ServiceReached,
    VoluntaryRegistration,
)

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class _PersonRecordFilter(ScopedCommuneMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Person's name or citizen ID")
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))
    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )

    def search(self, queryset, name, value):
        text = value.strip()
        folded = fold(text)
        if not folded:
            return queryset
        return queryset.filter(
            Q(person__full_name_folded__contains=folded) | Q(person__national_id=text)
        )


class SupportFilter(_PersonRecordFilter):
    period = IdFilter(field_name="period_id", label=_("Period (ID)"))
    kind = django_filters.ChoiceFilter(label=_("Kind of support"), choices=SupportKind.choices)

    class Meta:
        model = PostRehabSupport
        fields = ["q", "person", "commune", "period", "kind"]


class RelapseFilter(_PersonRecordFilter):
    period = IdFilter(field_name="period_id", label=_("Period (ID)"))
    basis = django_filters.ChoiceFilter(label=_("Shown by"), choices=RelapseBasis.choices)

    class Meta:
        model = PostRehabRelapse
        fields = ["q", "person", "commune", "period", "basis"]


class CertificateFilter(_PersonRecordFilter):
    period = IdFilter(field_name="period_id", label=_("Period (ID)"))

    class Meta:
        model = PostRehabCertificate
        fields = ["q", "person", "commune", "period"]


class RegistrationFilter(_PersonRecordFilter):
    form = django_filters.ChoiceFilter(label=_("Form chosen"), choices=VOLUNTARY_FORM_CHOICES)
    registered_from = django_filters.DateFilter(
        field_name="registered_on",
        lookup_expr="gte",
        input_formats=DATE_INPUT_FORMATS,
        label=_("Registered from"),
    )
    registered_to = django_filters.DateFilter(
        field_name="registered_on",
        lookup_expr="lte",
        input_formats=DATE_INPUT_FORMATS,
        label=_("Registered until"),
    )

    class Meta:
        model = VoluntaryRegistration
        fields = ["q", "person", "commune", "form", "registered_from", "registered_to"]


class ServiceFilter(_PersonRecordFilter):
    """The list page and the API: which services, when, where (the dashboard links here)."""

    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    kind = django_filters.ChoiceFilter(label=_("Service"), choices=ServiceKind.choices)
    reached_from = django_filters.DateFilter(
        field_name="reached_on",
        lookup_expr="gte",
        input_formats=DATE_INPUT_FORMATS,
        label=_("From"),
    )
    reached_to = django_filters.DateFilter(
        field_name="reached_on",
        lookup_expr="lte",
        input_formats=DATE_INPUT_FORMATS,
        label=_("Until"),
    )
    sort = django_filters.OrderingFilter(
        fields=(("reached_on", "reached_on"), ("person__full_name_folded", "name")),
        label=_("Sort"),
    )

    class Meta:
        model = ServiceReached
        fields = ["q", "person", "commune", "kind", "reached_from", "reached_to"]


class EducationFilter(_PersonRecordFilter):
    """The list page and the API of education at commune."""

    commune = django_filters.ModelChoiceFilter(
        field_name="person__residence_unit", label=_("Commune"), queryset=commune_list()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EducationStatus.choices)
    state = django_filters.ChoiceFilter(
        label=_("Open or closed"),
        method="filter_state",
        choices=(("open", _("Open")), ("closed", _("Closed"))),
    )
    law = django_filters.ChoiceFilter(label=_("Governing law"), choices=Law.choices)
    sort = django_filters.OrderingFilter(
        fields=(
            ("compiled_on", "compiled_on"),
            ("planned_end_on", "planned_end_on"),
            ("person__full_name_folded", "name"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = EducationMeasure
        fields = ["q", "person", "commune", "status", "state", "law"]

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

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=EDUCATION_OPEN)
        if value == "closed":
            return queryset.exclude(status__in=EDUCATION_OPEN)
        return queryset
