"""One FilterSet for hotspots: the list page, the map, the dashboard links, the XLSX export
and the API share it."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateField, YesNoAllWidget
from common.text import fold

from .choices import (
    ACTIVE_STATUSES,
    ACTIVITY_FIELDS,
    Activity,
    HotspotKind,
    HotspotStatus,
    HotspotStep,
)
from .models import Hotspot, HotspotEvent

CLEARED_STATUSES = (
    HotspotStatus.CLEARED,
    HotspotStatus.NEUTRALISED,
    HotspotStatus.WATCHED,
    HotspotStatus.CLOSED,
)
STATUS_GROUPS = {"active": ACTIVE_STATUSES, "cleared": CLEARED_STATUSES}


class DateFilter(django_filters.DateFilter):
    field_class = DateField


class HotspotFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, address or description (accents optional)"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HotspotStatus.choices)
    status_group = django_filters.ChoiceFilter(
        label=_("Status group"),
        choices=(("active", _("Active")), ("cleared", _("Cleared or neutralised"))),
        method="filter_status_group",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=HotspotKind.choices)
    activity = django_filters.ChoiceFilter(
        label=_("Activity"), choices=Activity.choices, method="filter_activity"
    )
    commune = django_filters.NumberFilter(field_name="commune_id", label=_("Commune"))
    is_hot = django_filters.BooleanFilter(
        field_name="is_hot", label=_("Hot spot"), widget=YesNoAllWidget
    )
    re_emerged = django_filters.BooleanFilter(
        label=_("Re-emerged"), method="filter_re_emerged", widget=YesNoAllWidget
    )
    check_overdue = django_filters.BooleanFilter(
        label=_("Watch check overdue"), method="filter_check_overdue", widget=YesNoAllWidget
    )
    detected_from = DateFilter(
        field_name="detected_on", lookup_expr="gte", label=_("Detected from")
    )
    detected_to = DateFilter(field_name="detected_on", lookup_expr="lte", label=_("Detected to"))
    re_emerged_from = DateFilter(label=_("Re-emerged from"), method="filter_re_emerged_from")
    re_emerged_to = DateFilter(label=_("Re-emerged to"), method="filter_re_emerged_to")
    cleared_from = DateFilter(label=_("Cleared from"), method="filter_cleared_from")
    cleared_to = DateFilter(label=_("Cleared to"), method="filter_cleared_to")
    sort = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("detected_on", "detected_on"),
            ("status_on", "status_on"),
            ("re_emerged_count", "re_emerged_count"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Hotspot
        fields = ["q", "status", "kind", "activity", "commune", "is_hot", "re_emerged"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.filters["commune"].field.widget = django_filters.widgets.forms.Select(
                choices=[("", _("All")), *((c.pk, c.name) for c in communes)]
            )

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(search_folded__contains=folded) if folded else queryset

    def filter_status_group(self, queryset, name, value):
        return queryset.filter(status__in=STATUS_GROUPS[value])

    def filter_activity(self, queryset, name, value):
        return queryset.filter(**{ACTIVITY_FIELDS[value]: True})

    def filter_re_emerged(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(re_emerged_count__gt=0)
            if value
            else queryset.filter(re_emerged_count=0)
        )

    def filter_check_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        from .selectors import hotspot_overdue_q

        q = hotspot_overdue_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)

    def _re_emerged_between(self, queryset, start=None, end=None):
        events = HotspotEvent.objects.filter(hotspot=OuterRef("pk"), step=HotspotStep.RE_EMERGE)
        if start:
            events = events.filter(occurred_on__gte=start)
        if end:
            events = events.filter(occurred_on__lte=end)
        return queryset.filter(Exists(events))

    def filter_re_emerged_from(self, queryset, name, value):
        return self._re_emerged_between(
            queryset, start=value, end=self.form.cleaned_data.get("re_emerged_to")
        )

    def filter_re_emerged_to(self, queryset, name, value):
        if self.form.cleaned_data.get("re_emerged_from"):
            return queryset  # applied together with the start
        return self._re_emerged_between(queryset, end=value)

    def _cleared_between(self, queryset, start=None, end=None):
        # The dashboard's "hotspots cleared" target (001 §I.2.d) links here.
        events = HotspotEvent.objects.filter(hotspot=OuterRef("pk"), step=HotspotStep.CLEAR)
        if start:
            events = events.filter(occurred_on__gte=start)
        if end:
            events = events.filter(occurred_on__lte=end)
        return queryset.filter(Exists(events))

    def filter_cleared_from(self, queryset, name, value):
        return self._cleared_between(
            queryset, start=value, end=self.form.cleaned_data.get("cleared_to")
        )

    def filter_cleared_to(self, queryset, name, value):
        if self.form.cleaned_data.get("cleared_from"):
            return queryset  # applied together with the start
        return self._cleared_between(queryset, end=value)
