"""/api/v1/drug-cases/ (suspects, seizures and stages nested read; `stage`, `suspects`,
`suspect-events`, `seizures`, `seizures/{id}/correct` and `seizures/{id}/withdraw` write
actions) and /api/v1/planting-sites/ (`step`). Writes go through the services; refusals are
JSON naming the field; out of scope is 404."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors, services
from .choices import (
    CaseKind,
    CaseStep,
    DrugType,
    PlantingStep,
    Ring,
    Route,
    SuspectEventKind,
    SuspectRole,
    Unit,
)
from .filters import DrugCaseFilter, PlantingSiteFilter
from .models import (
    CaseEvent,
    DrugCase,
    PlantingEvent,
    PlantingSite,
    Seizure,
    SeizureChange,
    Suspect,
)


class _CommuneField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.case_communes(user=self.context["request"].user)


class _HotspotField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.case_hotspots(user=self.context["request"].user)


class CaseEventSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "step",
            "step_label",
            "stage_after",
            "occurred_on",
            "document_number",
            "outcome",
            "reason",
        ]


class SuspectEventReadSerializer(serializers.Serializer):
    kind = serializers.CharField()
    occurred_on = serializers.DateField()
    document_number = serializers.CharField()


class SuspectSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()
    events = SuspectEventReadSerializer(many=True, read_only=True)

    class Meta:
        model = Suspect
        fields = [
            "id",
            "person",
            "name",
            "description",
            "role",
            "is_ring_leader",
            "status",
            "status_on",
            "events",
        ]

    def _visible(self, suspect) -> bool:
        return suspect.person_id is None or suspect.person_id in self.context.get("visible", ())

    def get_person(self, suspect) -> int | None:
        return suspect.person_id if self._visible(suspect) else None

    def get_name(self, suspect) -> str:
        return suspect.full_name if self._visible(suspect) else ""


class SeizureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Seizure
        fields = ["id", "drug_type", "quantity", "unit", "seized_on", "note"]


class RemovedSeizureSerializer(serializers.ModelSerializer):
    removed_by = serializers.StringRelatedField()

    class Meta:
        model = Seizure
        fields = [
            "id",
            "drug_type",
            "quantity",
            "unit",
            "seized_on",
            "note",
            "removed_at",
            "removed_by",
            "removed_reason",
        ]


class SeizureChangeSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SeizureChange
        fields = [
            "id",
            "seizure",
            "kind",
            "kind_label",
            "before",
            "after",
            "reason",
            "author",
            "created_at",
        ]


class DrugCaseSerializer(serializers.ModelSerializer):
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CaseKind.choices), allow_empty=True
    )
    commune = _CommuneField()
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    route = serializers.ChoiceField(
        choices=Route.choices, required=False, allow_blank=True, default=""
    )
    route_verified = serializers.BooleanField(required=False, allow_null=True, default=None)
    ring = serializers.ChoiceField(choices=Ring.choices, required=False, default=Ring.NONE)
    is_model_trial = serializers.BooleanField(required=False, default=False)
    hotspot = _HotspotField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = DrugCase
        fields = [
            "id",
            "number",
            "year",
            "detected_on",
            "commune",
            "commune_name",
            "kinds",
            "route",
            "route_verified",
            "ring",
            "is_model_trial",
            "hotspot",
            "description",
            "stage",
            "stage_label",
            "stage_on",
            "charged_on",
            "wanted_count",
            "updated_at",
        ]
        read_only_fields = [
            "year",
            "stage",
            "stage_on",
            "charged_on",
            "wanted_count",
            "updated_at",
        ]
        # Uniqueness of the number is checked by the service (with the field and reason).
        validators = []


class DrugCaseDetailSerializer(DrugCaseSerializer):
    events = serializers.SerializerMethodField()
    suspects = serializers.SerializerMethodField()
    seizures = serializers.SerializerMethodField()
    seizure_totals = serializers.SerializerMethodField()
    removed_seizures = serializers.SerializerMethodField()
    seizure_changes = serializers.SerializerMethodField()

    class Meta(DrugCaseSerializer.Meta):
        fields = [
            *DrugCaseSerializer.Meta.fields,
            "events",
            "suspects",
            "seizures",
            "seizure_totals",
            "removed_seizures",
            "seizure_changes",
        ]

    def get_events(self, case) -> list:
        return CaseEventSerializer(selectors.case_events(case=case), many=True).data

    def get_suspects(self, case) -> list:
        suspects = list(selectors.case_suspects(case=case))
        visible = selectors.suspect_visible_people(
            user=self.context["request"].user, suspects=suspects
        )
        return SuspectSerializer(suspects, many=True, context={"visible": visible}).data

    def get_seizures(self, case) -> list:
        return SeizureSerializer(selectors.case_seizures(case=case), many=True).data

    def get_seizure_totals(self, case) -> list:
        return selectors.seizure_totals(selectors.case_seizures(case=case))

    def get_removed_seizures(self, case) -> list:
        """Withdrawn seizures, for the record: counted in neither `seizures` nor the totals."""
        rows = selectors.case_seizures(case=case, with_removed=True).filter(
            removed_at__isnull=False
        )
        return RemovedSeizureSerializer(rows, many=True).data

    def get_seizure_changes(self, case) -> list:
        return SeizureChangeSerializer(selectors.case_seizure_changes(case=case), many=True).data


class StageSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[c for c in CaseStep.choices if c[0] != "detect"])
    occurred_on = serializers.DateField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SuspectWriteSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=SuspectRole.choices)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    full_name = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    is_ring_leader = serializers.BooleanField(required=False, default=False)


class SuspectEventWriteSerializer(serializers.Serializer):
    suspect = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SuspectEventKind.choices)
    occurred_on = serializers.DateField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SeizureWriteSerializer(serializers.Serializer):
    drug_type = serializers.ChoiceField(choices=DrugType.choices)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    unit = serializers.ChoiceField(choices=Unit.choices)
    seized_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SeizureCorrectSerializer(SeizureWriteSerializer):
    seized_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SeizureRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DrugCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = DrugCaseFilter
    ordering_fields = ["number", "detected_on", "stage_on", "id"]
    ordering = ["-detected_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):
        return DrugCaseDetailSerializer if self.action == "retrieve" else DrugCaseSerializer

    def get_queryset(self):
        return selectors.case_list(user=self.request.user)

    def _writable(self):
        if not selectors.case_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        return selectors.case_get(user=self.request.user, pk=self.kwargs["pk"], access=Access.WRITE)

    def get_object(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._writable()
        return selectors.case_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        if not selectors.case_can(user=self.request.user, access=Access.WRITE):
            raise PermissionDenied
        serializer.instance = services.case_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.request.method == "PATCH":
            data = {k: v for k, v in data.items() if k in self.request.data}
        data.pop("detected_on", None)
        serializer.instance = services.case_update(
            actor=self.request.user, case=serializer.instance, **data
        )

    def _detail(self, request, case):
        case = selectors.case_get(user=request.user, pk=case.pk)
        return DrugCaseDetailSerializer(case, context={"request": request}).data

    @extend_schema(request=StageSerializer, responses=DrugCaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        case = self._writable()
        data = StageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_transition(actor=request.user, case=case, **data.validated_data)
        return Response(self._detail(request, case))

    @extend_schema(request=SuspectWriteSerializer, responses=DrugCaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def suspects(self, request, pk=None):
        case = self._writable()
        data = SuspectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_pk = values.pop("person")
        person = None
        if person_pk:
            person = selectors.person_for_link(user=request.user, pk=person_pk)
            if person is None:
                raise serializers.ValidationError(
                    {"person": [_("Choose a person within your jurisdiction.")]}
                )
        services.suspect_add(actor=request.user, case=case, person=person, **values)
        return Response(self._detail(request, case), status=201)

    @extend_schema(request=SuspectEventWriteSerializer, responses=DrugCaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="suspect-events")
    def suspect_events(self, request, pk=None):
        case = self._writable()
        data = SuspectEventWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        suspect = selectors.suspect_get(case=case, pk=values.pop("suspect"))
        services.suspect_record_event(actor=request.user, suspect=suspect, **values)
        return Response(self._detail(request, case), status=201)

    @extend_schema(request=SeizureWriteSerializer, responses=DrugCaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def seizures(self, request, pk=None):
        case = self._writable()
        data = SeizureWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.seizure_add(actor=request.user, case=case, **data.validated_data)
        return Response(self._detail(request, case), status=201)

    @extend_schema(request=SeizureCorrectSerializer, responses=DrugCaseDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"seizures/(?P<seizure_pk>\d+)/correct",
        url_name="seizure-correct",
    )
    def seizure_correct(self, request, pk=None, seizure_pk=None):
        """Correct a seizure's figures with a reason (the old ones stay in its history)."""
        case = self._writable()
        seizure = selectors.seizure_get(case=case, pk=seizure_pk)
        data = SeizureCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.seizure_correct(actor=request.user, seizure=seizure, **data.validated_data)
        return Response(self._detail(request, case))

    @extend_schema(request=SeizureRemoveSerializer, responses=DrugCaseDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"seizures/(?P<seizure_pk>\d+)/withdraw",
        url_name="seizure-withdraw",
    )
    def seizure_withdraw(self, request, pk=None, seizure_pk=None):
        """Withdraw a seizure entered by mistake, with a reason; it is counted nowhere after."""
        case = self._writable()
        seizure = selectors.seizure_get(case=case, pk=seizure_pk)
        data = SeizureRemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.seizure_remove(actor=request.user, seizure=seizure, **data.validated_data)
        return Response(self._detail(request, case))


class PlantingEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlantingEvent
        fields = ["id", "step", "occurred_on", "area_m2", "plant_count", "note"]


class PlantingSiteSerializer(serializers.ModelSerializer):
    commune = _CommuneField()
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    plant = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    area_m2 = serializers.DecimalField(
        max_digits=12, decimal_places=1, required=False, allow_null=True, default=None
    )
    plant_count = serializers.IntegerField(required=False, allow_null=True, default=None)

    class Meta:
        model = PlantingSite
        fields = [
            "id",
            "commune",
            "commune_name",
            "location",
            "plant",
            "area_m2",
            "plant_count",
            "latitude",
            "longitude",
            "found_on",
            "destroyed_on",
            "replanted_count",
            "description",
            "updated_at",
        ]
        read_only_fields = ["destroyed_on", "replanted_count", "updated_at"]


class PlantingStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=[c for c in PlantingStep.choices if c[0] != PlantingStep.FOUND]
    )
    occurred_on = serializers.DateField()
    area_m2 = serializers.DecimalField(
        max_digits=12, decimal_places=1, required=False, allow_null=True, default=None
    )
    plant_count = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlantingSiteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PlantingSiteSerializer
    filterset_class = PlantingSiteFilter
    ordering = ["-found_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.planting_list(user=self.request.user)

    def _writable(self):
        if not selectors.planting_can(user=self.request.user, access=Access.WRITE):
            raise NotFound
        return selectors.planting_get(
            user=self.request.user, pk=self.kwargs["pk"], access=Access.WRITE
        )

    def get_object(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._writable()
        return selectors.planting_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        if not selectors.planting_can(user=self.request.user, access=Access.WRITE):
            raise PermissionDenied
        serializer.instance = services.planting_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.request.method == "PATCH":
            data = {k: v for k, v in data.items() if k in self.request.data}
        data.pop("found_on", None)
        serializer.instance = services.planting_update(
            actor=self.request.user, site=serializer.instance, **data
        )

    @extend_schema(request=PlantingStepSerializer, responses=PlantingEventSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        site = self._writable()
        data = PlantingStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.planting_step(actor=request.user, site=site, **data.validated_data)
        return Response(PlantingEventSerializer(event).data, status=201)
