import django_filters
from django.utils.translation import gettext_lazy as _

from common.forms import YesNoAllWidget
from common.text import fold

from .choices import KeyAreaStatus
from .models import KeyArea


class KeyAreaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name or commune (accents optional)")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=KeyAreaStatus.choices)
    relapsed = django_filters.BooleanFilter(
        label=_("Complex again"), method="filter_relapsed", widget=YesNoAllWidget
    )
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("designated_on", "designated_on")), label=_("Sort")
    )

    class Meta:
        model = KeyArea
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(search_folded__contains=folded) if folded else queryset

    def filter_relapsed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(relapse_count__gt=0) if value else queryset.filter(relapse_count=0)
