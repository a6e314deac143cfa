"""/api/v1/tips/: list (the shared FilterSet), detail, create, and the `route`, `verify` and
`tipster` actions. No response carries the tipster's identity except `tipster`, which answers
404 to anyone the confidentiality rule does not let through (and is logged)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from cases import selectors as case_selectors

from . import selectors, services
from .choices import TipChannel, TipResult
from .filters import TipFilter
from .models import CONTENT_MAX, Tip


class _CommuneField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.tip_communes(user=self.context["request"].user)


class _UnitField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.tip_route_units(user=self.context["request"].user)


class _HotspotField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.hotspots_for_link(user=self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class _CaseField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return case_selectors.case_list(user=self.context["request"].user)


class TipSerializer(serializers.ModelSerializer):
    """The tip without its tipster: the identity fields are accepted on create, never shown."""

    channel = serializers.ChoiceField(choices=TipChannel.choices)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)
    content = serializers.CharField(max_length=CONTENT_MAX)
    commune = _CommuneField(required=False, allow_null=True, default=None)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    tipster_name = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default="", max_length=200
    )
    tipster_phone = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default="", max_length=20
    )
    tipster_address = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default="", max_length=255
    )

    class Meta:
        model = Tip
        fields = [
            "id",
            "reference",
            "received_on",
            "channel",
            "channel_label",
            "content",
            "commune",
            "location",
            "received_unit",
            "routed_unit",
            "routed_on",
            "result",
            "result_label",
            "verified_on",
            "led_to_hotspot",
            "led_to_case",
            "led_to_person",
            "outcome_note",
            "is_public",
            "tipster_name",
            "tipster_phone",
            "tipster_address",
        ]
        read_only_fields = [
            "reference",
            "received_unit",
            "routed_unit",
            "routed_on",
            "result",
            "verified_on",
            "led_to_hotspot",
            "led_to_case",
            "led_to_person",
            "outcome_note",
            "is_public",
        ]


class RouteSerializer(serializers.Serializer):
    unit = _UnitField()
    routed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerifySerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=[c for c in TipResult.choices if c[0] != TipResult.PENDING]
    )
    verified_on = serializers.DateField()
    led_to_hotspot = _HotspotField(required=False, allow_null=True, default=None)
    led_to_case = _CaseField(required=False, allow_null=True, default=None)
    led_to_person = serializers.IntegerField(required=False, allow_null=True, default=None)
    outcome_note = serializers.CharField(required=False, allow_blank=True, default="")


class TipLinkCaseSerializer(serializers.Serializer):
    case = _CaseField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TipsterSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()


class TipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TipSerializer
    filterset_class = TipFilter
    ordering_fields = ["received_on", "verified_on", "id"]
    ordering = ["-received_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.tip_list(user=self.request.user)

    def _writable(self):
        if not selectors.tip_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        return selectors.tip_get(user=self.request.user, pk=self.kwargs["pk"], access=Access.WRITE)

    def get_object(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._writable()
        return selectors.tip_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.request.method == "PATCH":
            data = {k: v for k, v in data.items() if k in self.request.data}
        for field in ("tipster_name", "tipster_phone", "tipster_address"):
            data.pop(field, None)
        serializer.instance = services.tip_update(
            actor=self.request.user, tip=serializer.instance, **data
        )

    def perform_create(self, serializer):
        if not selectors.tip_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        serializer.instance = services.tip_receive(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=RouteSerializer, responses=TipSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        tip = self._writable()
        data = RouteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        tip = services.tip_route(actor=request.user, tip=tip, **data.validated_data)
        return Response(TipSerializer(tip, context={"request": request}).data)

    @extend_schema(request=VerifySerializer, responses=TipSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        tip = self._writable()
        data = VerifySerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_pk = values.pop("led_to_person")
        person = None
        if person_pk:
            person = selectors.person_for_link(user=request.user, pk=person_pk)
            if person is None:
                raise serializers.ValidationError(
                    {"led_to_person": [_("Choose a person within your jurisdiction.")]}
                )
        tip = services.tip_verify(actor=request.user, tip=tip, led_to_person=person, **values)
        return Response(TipSerializer(tip, context={"request": request}).data)

    @extend_schema(request=TipLinkCaseSerializer, responses=TipSerializer)
    @action(detail=True, methods=["post"])
    def case(self, request, pk=None):
        """Name the drug case a verified tip led to (opened after the verification)."""
        tip = self._writable()
        data = TipLinkCaseSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        tip = services.tip_link_case(actor=request.user, tip=tip, **data.validated_data)
        return Response(TipSerializer(tip, context={"request": request}).data)

    @extend_schema(responses=TipsterSerializer)
    @action(detail=True, methods=["get"])
    def tipster(self, request, pk=None):
        tip = self.get_object()
        if not selectors.tipster_visible(user=request.user, tip=tip):
            raise NotFound
        tipster = selectors.tipster_get(user=request.user, tip=tip)
        access_log_record(user=request.user, action=AccessAction.VIEW, record=("tipster", tip.pk))
        if tipster is None:
            return Response({"name": "", "phone": "", "address": ""})
        return Response({"name": tipster.name, "phone": tipster.phone, "address": tipster.address})
