import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.text import fold

from .models import EnteredFigure, Report, ReportPeriod, ReportStatus, Target


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
            Q(unit__name_folded__contains=text)
            | Q(agency__name__icontains=value.strip())
            | Q(document_number__icontains=value.strip())
        )


def _search_owner(queryset, value):
    text = fold(value)
    if not text:
        return queryset
    return queryset.filter(
        Q(unit__name_folded__contains=text) | Q(agency__name__icontains=value.strip())
    )


class TargetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Unit, department or organisation")
    )
    year = django_filters.NumberFilter(label=_("Year"), method="in_year")

    class Meta:
        model = Target
        fields = ["q", "year"]

    def search(self, queryset, name, value):
        return _search_owner(queryset, value)

    def in_year(self, queryset, name, value):
        return queryset.filter(year_from__lte=value, year_to__gte=value)


class EnteredFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Unit, department or organisation")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=ReportPeriod.objects.all()
    )

    class Meta:
        model = EnteredFigure
        fields = ["q", "period"]

    def search(self, queryset, name, value):
        return _search_owner(queryset, value)
