"""The FilterSets of the follow-up records (post-rehab support, relapses, certificates): the
API lists use them."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.text import fold

from .choices import RelapseBasis, SupportKind
from .models import PostRehabCertificate, PostRehabRelapse, PostRehabSupport


class _PersonRecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Person's name or citizen ID")
    )
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person (ID)"))
    commune = django_filters.NumberFilter(
        field_name="person__residence_unit_id", label=_("Commune (ID)")
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
    period = django_filters.NumberFilter(field_name="period_id", label=_("Period (ID)"))
    kind = django_filters.ChoiceFilter(label=_("Kind of support"), choices=SupportKind.choices)

    class Meta:
        model = PostRehabSupport
        fields = ["q", "person", "commune", "period", "kind"]


class RelapseFilter(_PersonRecordFilter):
    period = django_filters.NumberFilter(field_name="period_id", label=_("Period (ID)"))
    basis = django_filters.ChoiceFilter(label=_("Shown by"), choices=RelapseBasis.choices)

    class Meta:
        model = PostRehabRelapse
        fields = ["q", "person", "commune", "period", "basis"]


class CertificateFilter(_PersonRecordFilter):
    period = django_filters.NumberFilter(field_name="period_id", label=_("Period (ID)"))

    class Meta:
        model = PostRehabCertificate
        fields = ["q", "person", "commune", "period"]
