"""One FilterSet for cases and one for planting sites: the list pages, the dashboard links,
the XLSX exports and the API share them."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.forms import DateField, YesNoAllWidget
from common.text import fold

from .choices import (
    KIND_FIELDS,
    STAGE_GROUPS,
    VERIFY_ROUTES,
    CaseKind,
    CaseStage,
    CaseStep,
    DrugType,
    Ring,
    Route,
)
from .models import CaseEvent, DrugCase, PlantingSite, Seizure


class DateFilter(django_filters.DateFilter):
    field_class = DateField


def _commune_widget(filterset, communes):
    if communes is not None:
        filterset.filters["commune"].field.widget = django_filters.widgets.forms.Select(
            choices=[("", _("All")), *((c.pk, c.name) for c in communes)]
        )


class DrugCaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Case number, description or a suspect's name (accents optional)"),
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=CaseStage.choices)
    stage_group = django_filters.ChoiceFilter(
        label=_("Stage group"),
        choices=(("open", _("Under investigation")), ("resolved", _("Resolved or tried"))),
        method="filter_stage_group",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CaseKind.choices, method="filter_kind"
    )
    commune = django_filters.NumberFilter(field_name="commune_id", label=_("Commune"))
    route = django_filters.ChoiceFilter(label=_("Route"), choices=Route.choices)
    route_unverified = django_filters.BooleanFilter(
        label=_("Air or courier, not verified"),
        method="filter_route_unverified",
        widget=YesNoAllWidget,
    )
    route_air_courier = django_filters.BooleanFilter(
        label=_("By air or courier parcel"), method="filter_air_courier", widget=YesNoAllWidget
    )
    ring = django_filters.ChoiceFilter(label=_("Ring"), choices=Ring.choices)
    is_model_trial = django_filters.BooleanFilter(
        field_name="is_model_trial", label=_("Model trial"), widget=YesNoAllWidget
    )
    charged = django_filters.BooleanFilter(
        label=_("Charged"), method="filter_charged", widget=YesNoAllWidget
    )
    has_wanted = django_filters.BooleanFilter(
        label=_("With wanted suspects"), method="filter_has_wanted", widget=YesNoAllWidget
    )
    hotspot = django_filters.NumberFilter(field_name="hotspot_id", label=_("Hotspot"))
    detected_from = DateFilter(
        field_name="detected_on", lookup_expr="gte", label=_("Detected from")
    )
    detected_to = DateFilter(field_name="detected_on", lookup_expr="lte", label=_("Detected to"))
    step = django_filters.ChoiceFilter(
        label=_("Stage reached in the period"),
        choices=[c for c in CaseStep.choices if c[0] != CaseStep.DETECT],
        method="filter_step",
    )
    seized_type = django_filters.ChoiceFilter(
        label=_("Seized drug type"), choices=DrugType.choices, method="filter_seized"
    )
    seized_from = DateFilter(label=_("Seized from"), method="filter_noop")
    seized_to = DateFilter(label=_("Seized to"), method="filter_noop")
    step_from = DateFilter(label=_("Stage from"), method="filter_noop")
    step_to = DateFilter(label=_("Stage to"), method="filter_noop")
    sort = django_filters.OrderingFilter(
        fields=(
            ("number", "number"),
            ("detected_on", "detected_on"),
            ("stage_on", "stage_on"),
            ("wanted_count", "wanted_count"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = DrugCase
        fields = ["q", "stage", "kind", "commune", "route", "ring"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        _commune_widget(self, communes)

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        if not folded:
            return queryset
        from .models import Suspect

        suspects = Suspect.objects.filter(case=OuterRef("pk")).filter(
            person__full_name_folded__contains=folded
        )
        return queryset.filter(Exists(suspects) | Q(search_folded__contains=folded))

    def filter_stage_group(self, queryset, name, value):
        return queryset.filter(stage__in=STAGE_GROUPS[value])

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{KIND_FIELDS[value]: True})

    def filter_route_unverified(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(route__in=VERIFY_ROUTES, route_verified=False)
        return queryset.exclude(route__in=VERIFY_ROUTES, route_verified=False)

    def filter_air_courier(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(route__in=VERIFY_ROUTES)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_seized(self, queryset, name, value):
        seizures = Seizure.objects.standing().filter(case=OuterRef("pk"), drug_type=value)
        start = self.form.cleaned_data.get("seized_from")
        end = self.form.cleaned_data.get("seized_to")
        if start:
            seizures = seizures.filter(seized_on__gte=start)
        if end:
            seizures = seizures.filter(seized_on__lte=end)
        return queryset.filter(Exists(seizures))

    def filter_charged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(charged_on__isnull=not value)

    def filter_has_wanted(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(wanted_count__gt=0) if value else queryset.filter(wanted_count=0)

    def filter_step(self, queryset, name, value):
        events = CaseEvent.objects.filter(case=OuterRef("pk"), step=value)
        start = self.form.cleaned_data.get("step_from")
        end = self.form.cleaned_data.get("step_to")
        if start:
            events = events.filter(occurred_on__gte=start)
        if end:
            events = events.filter(occurred_on__lte=end)
        return queryset.filter(Exists(events))

    def filter_noop(self, queryset, name, value):
        return queryset  # applied with `step`


class PlantingSiteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Location, plant or description (accents optional)"),
    )
    commune = django_filters.NumberFilter(field_name="commune_id", label=_("Commune"))
    destroyed = django_filters.BooleanFilter(
        label=_("Destroyed"), method="filter_destroyed", widget=YesNoAllWidget
    )
    replanted = django_filters.BooleanFilter(
        label=_("Re-planted"), method="filter_replanted", widget=YesNoAllWidget
    )
    found_from = DateFilter(field_name="found_on", lookup_expr="gte", label=_("Found from"))
    found_to = DateFilter(field_name="found_on", lookup_expr="lte", label=_("Found to"))
    sort = django_filters.OrderingFilter(
        fields=(("found_on", "found_on"), ("area_m2", "area_m2"), ("plant_count", "plant_count")),
        label=_("Sort"),
    )

    class Meta:
        model = PlantingSite
        fields = ["q", "commune"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        _commune_widget(self, communes)

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(search_folded__contains=folded) if folded else queryset

    def filter_destroyed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(destroyed_on__isnull=not value)

    def filter_replanted(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(replanted_count__gt=0) if value else queryset.filter(replanted_count=0)
        )
