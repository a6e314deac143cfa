"""/api/v1/businesses/ (list with the shared FilterSet, detail, create, update, and the
`status`, `hotspot` and `case` actions) and /api/v1/inspections/ (list, detail, create). Writes go
through the services; refusals are JSON naming the field; out of scope is 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.scoping import Access
from cases import selectors as case_selectors

from . import selectors, services
from .choices import BusinessKind, BusinessStatus, PenaltyMeasure, ViolationKind
from .filters import BusinessFilter, InspectionFilter
from .models import Business, Inspection


class _CommuneField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.business_communes(user=self.context["request"].user)


class _HotspotField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.hotspots_for_link(user=self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class _CaseField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return case_selectors.case_list(user=self.context["request"].user)


class _OfficerField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.business_officers(user=self.context["request"].user)


class _WritableBusinessField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.business_list(user=self.context["request"].user, access=Access.WRITE)


class BusinessSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=BusinessKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    commune = _CommuneField()
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    licence_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    licence_date = serializers.DateField(required=False, allow_null=True, default=None)
    owner_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    registered_on = serializers.DateField(required=False, allow_null=True, default=None)
    hotspot_name = serializers.CharField(source="hotspot.name", read_only=True, default=None)

    class Meta:
        model = Business
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "licence_number",
            "licence_date",
            "owner_name",
            "owner_phone",
            "commune",
            "commune_name",
            "address",
            "latitude",
            "longitude",
            "registered_on",
            "status",
            "status_label",
            "status_on",
            "flagged",
            "flagged_on",
            "hotspot",
            "hotspot_name",
            "case",
            "last_inspected_on",
            "inspection_due_on",
            "responsible_officer",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "status_on",
            "flagged",
            "flagged_on",
            "hotspot",
            "case",
            "last_inspected_on",
            "inspection_due_on",
            "responsible_officer",
            "updated_at",
        ]


class InspectionSerializer(serializers.ModelSerializer):
    business = _WritableBusinessField()
    business_name = serializers.CharField(source="business.name", read_only=True)
    officers = _OfficerField(many=True, required=False, default=list)
    violations = serializers.ListField(
        child=serializers.ChoiceField(choices=ViolationKind.choices), required=False, default=list
    )
    penalty_measure = serializers.ChoiceField(
        choices=PenaltyMeasure.choices, required=False, allow_blank=True, default=""
    )
    penalty_amount = serializers.IntegerField(required=False, allow_null=True, default=None)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    drug_findings = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "business",
            "business_name",
            "inspected_on",
            "team",
            "officers",
            "findings",
            "violations",
            "penalty_amount",
            "penalty_measure",
            "drug_findings",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["officers"] = [o.pk for o in instance.officers.all()]
        return data


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=BusinessStatus.choices)
    occurred_on = serializers.DateField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkHotspotSerializer(serializers.Serializer):
    hotspot = _HotspotField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkCaseSerializer(serializers.Serializer):
    case = _CaseField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BusinessViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BusinessSerializer
    filterset_class = BusinessFilter
    ordering_fields = ["name", "last_inspected_on", "inspection_due_on", "id"]
    ordering = ["name", "id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.business_list(user=self.request.user)

    def _writable(self):
        if not selectors.business_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        return selectors.business_get(
            user=self.request.user, pk=self.kwargs["pk"], access=Access.WRITE
        )

    def get_object(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._writable()
        return selectors.business_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        if not selectors.business_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        serializer.instance = services.business_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.request.method == "PATCH":
            data = {k: v for k, v in data.items() if k in self.request.data}
        serializer.instance = services.business_update(
            actor=self.request.user, business=serializer.instance, **data
        )

    @extend_schema(request=StatusSerializer, responses=BusinessSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        business = self._writable()
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.business_set_status(actor=request.user, business=business, **data.validated_data)
        business.refresh_from_db()
        return Response(BusinessSerializer(business, context={"request": request}).data)

    @extend_schema(request=LinkHotspotSerializer, responses=BusinessSerializer)
    @action(detail=True, methods=["post"])
    def hotspot(self, request, pk=None):
        business = self._writable()
        data = LinkHotspotSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.business_link_hotspot(actor=request.user, business=business, **data.validated_data)
        business.refresh_from_db()
        return Response(BusinessSerializer(business, context={"request": request}).data)

    @extend_schema(request=LinkCaseSerializer, responses=BusinessSerializer)
    @action(detail=True, methods=["post"])
    def case(self, request, pk=None):
        """Link a flagged business to the drug case its findings led to."""
        business = self._writable()
        data = LinkCaseSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.business_link_case(actor=request.user, business=business, **data.validated_data)
        business.refresh_from_db()
        return Response(BusinessSerializer(business, context={"request": request}).data)


class InspectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    ordering_fields = ["inspected_on", "id"]
    ordering = ["-inspected_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.inspection_list(user=self.request.user)

    def perform_create(self, serializer):
        if not selectors.business_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        data = dict(serializer.validated_data)
        serializer.instance = services.inspection_create(actor=self.request.user, **data)
