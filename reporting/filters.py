import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.text import fold

from .models import Report, ReportPeriod, ReportStatus


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Unit or document number")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=ReportPeriod.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)

    class Meta:
        model = Report
        fields = ["q", "period", "status"]

    def search(self, queryset, name, value):
        text = fold(value)
        if not text:
            return queryset
        return queryset.filter(
            Q(unit__name_folded__contains=text) | Q(document_number__icontains=value.strip())
        )
