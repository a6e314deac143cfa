"""/api/v1/hotspots/: list (the shared FilterSet; `/geojson/` gives the same rows as a GeoJSON
FeatureCollection), detail, create, update, and the `step`, `check` and `people` actions.
Writes go through the services; refusals are JSON naming the field; out of scope is 404."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors, services
from .choices import Activity, CheckFinding, HotspotKind, HotspotStep, PersonRole
from .filters import HotspotFilter
from .geo import feature_collection
from .models import Hotspot, HotspotEvent


class _CommuneField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.hotspot_communes(user=self.context["request"].user)


class _UnitField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.hotspot_units(user=self.context["request"].user)


class HotspotSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=HotspotKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    activities = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.choices), allow_empty=True
    )
    commune = _CommuneField()
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    is_hot = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = Hotspot
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "is_hot",
            "activities",
            "commune",
            "commune_name",
            "address",
            "latitude",
            "longitude",
            "description",
            "status",
            "status_label",
            "status_on",
            "detected_on",
            "re_emerged_count",
            "watch_until",
            "last_checked_on",
            "responsible_officer",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "status_on",
            "re_emerged_count",
            "watch_until",
            "last_checked_on",
            "responsible_officer",
            "updated_at",
        ]


class HotspotEventSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = HotspotEvent
        fields = [
            "id",
            "step",
            "step_label",
            "status_after",
            "occurred_on",
            "unit",
            "officer",
            "document_number",
            "document_date",
            "note",
        ]


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=HotspotStep.choices)
    occurred_on = serializers.DateField()
    unit = _UnitField(required=False, allow_null=True, default=None)
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CheckSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    finding = serializers.ChoiceField(choices=CheckFinding.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PersonRole.choices)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class HotspotViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = HotspotSerializer
    filterset_class = HotspotFilter
    ordering_fields = ["name", "detected_on", "status_on", "id"]
    ordering = ["-detected_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.hotspot_list(user=self.request.user)

    def _writable(self):
        if not selectors.hotspot_can(user=self.request.user, access=Access.WRITE):
            # Out of scope or not allowed: existence is not told.
            raise NotFound
        return selectors.hotspot_get(
            user=self.request.user, pk=self.kwargs["pk"], access=Access.WRITE
        )

    def get_object(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._writable()
        return selectors.hotspot_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        if not selectors.hotspot_can(user=self.request.user, access=Access.WRITE):
            raise PermissionDenied
        serializer.instance = services.hotspot_create(
            actor=self.request.user,
            responsible_officer=self.request.user,
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.request.method == "PATCH":
            data = {k: v for k, v in data.items() if k in self.request.data}
        data.pop("detected_on", None)
        serializer.instance = services.hotspot_update(
            actor=self.request.user, hotspot=serializer.instance, **data
        )

    @action(detail=False, url_path="geojson")
    def geojson(self, request):
        """The filtered hotspots as a GeoJSON FeatureCollection (for the map)."""
        rows = self.filter_queryset(self.get_queryset())
        return Response(feature_collection(rows))

    @extend_schema(responses=HotspotEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        hotspot = self.get_object()
        events = selectors.hotspot_events(hotspot=hotspot)
        return Response(HotspotEventSerializer(events, many=True).data)

    @extend_schema(request=StepSerializer, responses=HotspotSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        hotspot = self._writable()
        data = StepSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.hotspot_transition(actor=request.user, hotspot=hotspot, **data.validated_data)
        hotspot.refresh_from_db()
        return Response(HotspotSerializer(hotspot, context={"request": request}).data)

    @extend_schema(request=CheckSerializer, responses=HotspotSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        hotspot = self._writable()
        data = CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.hotspot_check(actor=request.user, hotspot=hotspot, **data.validated_data)
        hotspot.refresh_from_db()
        return Response(HotspotSerializer(hotspot, context={"request": request}).data)

    @extend_schema(request=LinkSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def people(self, request, pk=None):
        hotspot = self._writable()
        data = LinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = None
        if values.pop("person"):
            person = selectors.person_for_link(user=request.user, pk=data.validated_data["person"])
            if person is None:
                raise serializers.ValidationError(
                    {"person": [_("Choose a person within your jurisdiction.")]}
                )
        link = services.hotspot_link_person(
            actor=request.user, hotspot=hotspot, person=person, **values
        )
        return Response({"id": link.pk, "role": link.role}, status=201)
