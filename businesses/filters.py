"""One FilterSet per model: the list page, the XLSX export and the API share it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import DateField, YesNoAllWidget
from common.text import fold

from .choices import BusinessKind, BusinessStatus
from .models import Business, Inspection


class DateFilter(django_filters.DateFilter):
    field_class = DateField


class BusinessFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, owner, address or licence (accents optional)"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind of business"), choices=BusinessKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BusinessStatus.choices)
    commune = django_filters.NumberFilter(field_name="commune_id", label=_("Commune"))
    flagged = django_filters.BooleanFilter(
        field_name="flagged", label=_("Drugs found"), widget=YesNoAllWidget
    )
    inspected_before = DateFilter(
        label=_("Last inspected before"),
        method="filter_inspected_before",
        help_text=_("Also those never inspected."),
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("last_inspected_on", "last_inspected_on"),
            ("inspection_due_on", "inspection_due_on"),
            ("registered_on", "registered_on"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Business
        fields = ["q", "kind", "status", "commune", "flagged"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.filters["commune"].field.widget = django_filters.widgets.forms.Select(
                choices=[("", _("All")), *((c.pk, c.name) for c in communes)]
            )

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(search_folded__contains=folded) if folded else queryset

    def filter_inspected_before(self, queryset, name, value):
        return queryset.filter(Q(last_inspected_on__lt=value) | Q(last_inspected_on__isnull=True))


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Business name or owner")
    )
    business = django_filters.NumberFilter(field_name="business_id", label=_("Business"))
    drug_findings = django_filters.BooleanFilter(
        field_name="drug_findings", label=_("Drugs found"), widget=YesNoAllWidget
    )
    inspected_from = DateFilter(
        field_name="inspected_on", lookup_expr="gte", label=_("Inspected from")
    )
    inspected_to = DateFilter(field_name="inspected_on", lookup_expr="lte", label=_("Inspected to"))
    commune = django_filters.NumberFilter(field_name="business__commune_id", label=_("Commune"))

    class Meta:
        model = Inspection
        fields = ["q", "business", "drug_findings", "commune"]

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(business__search_folded__contains=folded) if folded else queryset
