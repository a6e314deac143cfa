"""/api/v1/facilities/ and /api/v1/facility-lists/: the facilities of the user's province and
the publications of their lists. Writes go through the services; refusals are JSON naming the
field. Only administrators and the owning sector write (others get 403 on write)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access
from areas.models import AdminUnit
from registry.api_common import PersonRecordViewSet, VisiblePersonField
from registry.choices import Law

from . import (
    selectors,
    services,
    services_determinations,
    services_dossiers,
    services_placements,
)
from .choices import (
    CRITERIA,
    Degree,
    DeterminationResult,
    DossierStage,
    FacilityKind,
    FacilityList,
    FacilityMeasure,
    PlacementForm,
    PlacementOutcome,
)
from .filters import DeterminationFilter, DossierFilter, FacilityFilter, PlacementFilter
from .models import (
    AddictionDetermination,
    Dossier,
    DossierEvent,
    Facility,
    FacilityListPublication,
    RehabPlacement,
)


class _UnitField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        user = self.context["request"].user
        return AdminUnit.objects.current().within(user.scope_unit)


class FacilitySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=FacilityKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    facility_list = serializers.CharField(read_only=True)
    owner_sector = serializers.CharField(read_only=True)
    unit = _UnitField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    measures = serializers.ListField(
        child=serializers.ChoiceField(choices=FacilityMeasure.choices), allow_empty=True
    )
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    licence_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    licence_date = serializers.DateField(required=False, allow_null=True, default=None)
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    is_active = serializers.BooleanField(required=False, default=True)

    class Meta:
        model = Facility
        fields = [
            "id",
            "kind",
            "kind_label",
            "facility_list",
            "owner_sector",
            "name",
            "unit",
            "unit_name",
            "address",
            "licence_number",
            "licence_date",
            "capacity",
            "measures",
            "phone",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class FacilityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Facilities of the user's province. Create and update: administrators, Health for its
    lists, the provincial police for theirs. Not deleted: set `is_active` false."""

    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    ordering_fields = ["name", "capacity", "id"]
    ordering = ["name", "id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.facility_list(user=self.request.user)

    def get_object(self):
        if self.request.method in ("PUT", "PATCH"):
            facility = selectors.facility_get(user=self.request.user, pk=self.kwargs["pk"])
            if not selectors.facility_can_manage(
                user=self.request.user, facility_list=facility.facility_list
            ):
                raise PermissionDenied
            return selectors.facility_manage_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.facility_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        try:
            serializer.instance = services.facility_create(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.request.method == "PATCH":
            data = {k: v for k, v in data.items() if k in self.request.data}
        try:
            serializer.instance = services.facility_update(
                actor=self.request.user, facility=serializer.instance, **data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc


class PublicationSerializer(serializers.ModelSerializer):
    facility_list = serializers.ChoiceField(choices=FacilityList.choices)
    facility_list_label = serializers.CharField(source="get_facility_list_display", read_only=True)
    province = serializers.CharField(source="province.path", read_only=True)
    publisher = serializers.CharField(required=False, allow_blank=True, default="")
    published_on = serializers.DateField(allow_null=True)

    class Meta:
        model = FacilityListPublication
        fields = [
            "id",
            "facility_list",
            "facility_list_label",
            "province",
            "number",
            "published_on",
            "publisher",
            "entries",
            "created_at",
        ]
        read_only_fields = ["entries", "created_at"]


class FacilityListPublicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Publications of the facility lists of the user's province, latest first. POST publishes
    a list as it stands (the owning sector or an administrator)."""

    serializer_class = PublicationSerializer
    lookup_value_regex = r"\d+"
    filterset_fields = ["facility_list"]

    def get_queryset(self):
        return selectors.publication_list(user=self.request.user)

    @extend_schema(request=PublicationSerializer, responses=PublicationSerializer)
    def create(self, request, *args, **kwargs):
        if not selectors.facility_can_manage(user=request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        try:
            serializer.instance = services.facility_list_publish(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc


# ---- /api/v1/determinations/ ----------------------------------------------------------------


class _DeterminationFacilityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.facility_list(user=self.context["request"].user)


class DeterminationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:determination-detail")
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    facility = _DeterminationFacilityField()
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    result = serializers.ChoiceField(
        choices=DeterminationResult.choices, required=False, allow_blank=True, default=""
    )
    result_label = serializers.CharField(source="get_result_display", read_only=True)
    degree = serializers.ChoiceField(
        choices=Degree.choices, required=False, allow_blank=True, default=""
    )
    criteria_met = serializers.IntegerField(read_only=True)
    certificate_valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = AddictionDetermination
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "facility",
            "facility_name",
            "number",
            "determined_on",
            "physician_name",
            "physician_certificate",
            "certificate_valid_from",
            "certificate_valid_to",
            *[field for field, _label in CRITERIA],
            "criteria_met",
            "observed_from",
            "observed_to",
            "recurred_within_12_months",
            "result",
            "result_label",
            "degree",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["result"] = instance.result
        return data


class DeterminationViewSet(PersonRecordViewSet):
    """Addiction determinations of the people in the user's scope. Health records them (POST;
    the result is computed, a contradicting `result` is refused); nothing is edited or
    deleted."""

    serializer_class = DeterminationSerializer
    filterset_class = DeterminationFilter
    ordering_fields = ["determined_on", "id"]
    ordering = ["-determined_on", "-id"]
    log_label = "determinations"

    def get_queryset(self):
        return selectors.determination_list(user=self.request.user)

    def can(self, access: Access) -> bool:
        return selectors.determination_can(user=self.request.user, access=access)

    def perform_create(self, serializer):
        try:
            serializer.instance = services_determinations.determination_record(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc


# ---- /api/v1/placements/ ----------------------------------------------------------------


class _PlacementFacilityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.facility_choices(user=self.context["request"].user)


class PlacementSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:placement-detail")
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    form = serializers.ChoiceField(choices=PlacementForm.choices)
    form_label = serializers.CharField(source="get_form_display", read_only=True)
    facility = _PlacementFacilityField(required=False, allow_null=True, default=None)
    facility_name = serializers.CharField(source="facility.name", read_only=True, default="")
    law = serializers.ChoiceField(choices=Law.choices, required=False, allow_blank=True, default="")
    law_reason = serializers.CharField(required=False, allow_blank=True, default="")
    months = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=120
    )
    months_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = RehabPlacement
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "form",
            "form_label",
            "facility",
            "facility_name",
            "law",
            "law_reason",
            "start_on",
            "months",
            "months_reason",
            "occurrence",
            "planned_end_on",
            "decision_number",
            "decision_date",
            "decision_body",
            "admitted_on",
            "ended_on",
            "outcome",
            "outcome_label",
            "end_note",
            "is_open",
            "note",
            "created_at",
        ]
        read_only_fields = [
            "occurrence",
            "planned_end_on",
            "admitted_on",
            "ended_on",
            "outcome",
            "end_note",
            "created_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["law"] = instance.law
        data["months"] = instance.months
        return data


class PlacementEndSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=PlacementOutcome.choices)
    ended_on = serializers.DateField()
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="")
    end_note = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementAdmitSerializer(serializers.Serializer):
    admitted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementViewSet(PersonRecordViewSet):
    """Rehab placements of the people in the user's scope. POST opens one (term derived from
    the law, form and how many times); POST /<id>/end/ records the end and its outcome.
    Nothing is edited or deleted."""

    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter
    ordering_fields = ["start_on", "planned_end_on", "id"]
    ordering = ["-start_on", "-id"]
    log_label = "rehab placements"

    def get_queryset(self):
        return selectors.placement_list(user=self.request.user)

    def can(self, access: Access) -> bool:
        return selectors.placement_can(user=self.request.user, access=access)

    def perform_create(self, serializer):
        try:
            serializer.instance = services_placements.placement_open(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc

    @extend_schema(request=PlacementEndSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        self._require(Access.WRITE)
        placement = selectors.placement_get(user=request.user, pk=pk, access=Access.WRITE)
        data = PlacementEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            placement = services_placements.placement_end(
                actor=request.user, placement=placement, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(self.get_serializer(placement).data)

    @extend_schema(request=PlacementAdmitSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        """The day the learner arrived at the facility (a facility officer, for a placement
        at their facility; not before the start)."""
        self._require(Access.WRITE)
        placement = selectors.placement_get(user=request.user, pk=pk, access=Access.WRITE)
        data = PlacementAdmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            placement = services_placements.placement_admit(
                actor=request.user, placement=placement, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(self.get_serializer(placement).data)


# ---- Compulsory-rehab dossiers ----------------------------------------------------------


class DossierEventSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = DossierEvent
        fields = [
            "stage",
            "stage_label",
            "occurred_on",
            "officer_name",
            "document_number",
            "asked_on",
            "due_on",
            "was_late",
            "note",
            "files",
        ]

    def get_files(self, event):
        request = self.context.get("request")
        return [
            {
                "name": f.original_name,
                "size": f.size,
                "url": request.build_absolute_uri(
                    reverse("rehab:dossier_file", args=[event.dossier_id, f.pk])
                )
                if request
                else "",
            }
            for f in event.files.all()
        ]


class DossierSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:dossier-detail")
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    law = serializers.ChoiceField(choices=Law.choices, required=False, allow_blank=True, default="")
    law_reason = serializers.CharField(required=False, allow_blank=True, default="")
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    compiled_on = serializers.DateField()
    last_violation_on = serializers.DateField()
    document_number = serializers.CharField(
        required=False, allow_blank=True, default="", write_only=True
    )
    officer_name = serializers.CharField(
        required=False, allow_blank=True, default="", write_only=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, write_only=True
    )

    class Meta:
        model = Dossier
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "is_minor",
            "law",
            "law_reason",
            "last_violation_on",
            "grounds",
            "high_risk",
            "compiled_on",
            "stage",
            "stage_label",
            "stage_on",
            "next_step",
            "next_due_on",
            "is_overdue",
            "decision_number",
            "decision_date",
            "court",
            "months",
            "months_reason",
            "placement",
            "closed_reason",
            "document_number",
            "officer_name",
            "note",
            "files",
            "created_at",
        ]
        read_only_fields = [
            "is_minor",
            "stage",
            "stage_on",
            "next_step",
            "next_due_on",
            "decision_number",
            "decision_date",
            "court",
            "months",
            "months_reason",
            "placement",
            "closed_reason",
            "created_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["law"] = instance.law
        if self.context.get("with_events"):
            data["events"] = DossierEventSerializer(
                selectors.dossier_events(dossier=instance), many=True, context=self.context
            ).data
        return data


class _DossierFacilityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.facility_choices(user=self.context["request"].user)


class DossierStageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=DossierStage.choices)
    occurred_on = serializers.DateField()
    officer_name = serializers.CharField(required=False, allow_blank=True, default="")
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    asked_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    court = serializers.CharField(required=False, allow_blank=True, default="")
    months = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=120
    )
    months_reason = serializers.CharField(required=False, allow_blank=True, default="")
    facility = _DossierFacilityField(required=False, allow_null=True, default=None)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class DossierViewSet(PersonRecordViewSet):
    """Compulsory-rehab dossiers of the people in the user's scope. POST compiles one;
    POST /<id>/stage/ records the next stage (in order; the decision with its number, date,
    court and duration; enforcement with the facility opens the compulsory placement). The
    detail carries the stages and their files. Nothing is edited or deleted."""

    serializer_class = DossierSerializer
    filterset_class = DossierFilter
    ordering_fields = ["compiled_on", "next_due_on", "id"]
    ordering = ["-compiled_on", "-id"]
    log_label = "rehab dossiers"

    def get_queryset(self):
        return selectors.dossier_list(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["with_events"] = self.action in ("retrieve", "stage")
        return context

    def can(self, access: Access) -> bool:
        return selectors.dossier_can(user=self.request.user, access=access)

    def perform_create(self, serializer):
        try:
            serializer.instance = services_dossiers.dossier_compile(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc

    @extend_schema(request=DossierStageSerializer, responses=DossierSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        self._require(Access.WRITE)
        dossier = selectors.dossier_get(user=request.user, pk=pk, access=Access.WRITE)
        data = DossierStageSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            dossier = services_dossiers.dossier_stage(
                actor=request.user, dossier=dossier, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(self.get_serializer(dossier).data)
