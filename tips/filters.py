"""One FilterSet for tips: the list page, the XLSX export and the API share it. No filter
reads the tipster's identity."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from common.text import fold

from .choices import TipChannel, TipResult
from .models import Tip


class DateFilter(django_filters.DateFilter):
    field_class = DateField


class TipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Reference code, place or content (accents optional)"),
    )
    result = django_filters.ChoiceFilter(label=_("Verification result"), choices=TipResult.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=TipChannel.choices)
    commune = django_filters.NumberFilter(field_name="commune_id", label=_("Commune concerned"))
    routed = django_filters.BooleanFilter(
        field_name="routed_unit", lookup_expr="isnull", exclude=True, label=_("Routed")
    )
    received_from = DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received from")
    )
    received_to = DateFilter(field_name="received_on", lookup_expr="lte", label=_("Received to"))
    sort = django_filters.OrderingFilter(
        fields=(("received_on", "received_on"), ("verified_on", "verified_on")),
        label=_("Sort"),
    )

    class Meta:
        model = Tip
        fields = ["q", "result", "channel", "commune"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        from common.forms import YesNoAllWidget

        self.filters["routed"].field.widget = YesNoAllWidget()
        if communes is not None:
            self.filters["commune"].field.widget = django_filters.widgets.forms.Select(
                choices=[("", _("All")), *((c.pk, c.name) for c in communes)]
            )

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(search_folded__contains=folded) if folded else queryset
