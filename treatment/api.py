"""/api/v1/substitution-treatments/ and /api/v1/psychosis/: the records of the people in the
user's scope. Health writes (POST to enrol or flag; POST actions for status, dose, end);
nothing is edited or deleted. Refusals are JSON naming the field (400); a user who reads but
may not write gets 403; out of scope, 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access
from registry.api_common import PersonRecordViewSet
from rehab import selectors as rehab_selectors
from rehab.models import Facility

from . import selectors, services
from .choices import ENDING_STATUSES, Drug, PsychosisEndReason, TreatmentStatus
from .filters import PsychosisFilter, TreatmentFilter
from .models import DoseChange, PsychosisRecord, SubstitutionTreatment, TreatmentEvent


class _AreaPersonField(serializers.PrimaryKeyRelatedField):
    """A registered person of the user's unit (Health enrols people it does not see yet; the
    list it hands over names them)."""

    def get_queryset(self):
        return selectors.people_in_area(user=self.context["request"].user)


class _FacilityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return rehab_selectors.facility_list(user=self.context["request"].user)


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TreatmentEvent
        fields = ["kind", "kind_label", "occurred_on", "to_facility", "note"]


class DoseSerializer(serializers.ModelSerializer):
    class Meta:
        model = DoseChange
        fields = ["changed_on", "dose_mg", "note"]


class TreatmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:substitution-treatment-detail")
    person = _AreaPersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    facility = _FacilityField()
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    drug = serializers.ChoiceField(choices=Drug.choices, required=False, default=Drug.METHADONE)
    dose_mg = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        required=False,
        allow_null=True,
        default=None,
        write_only=True,
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SubstitutionTreatment
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "facility",
            "facility_name",
            "patient_code",
            "drug",
            "dose_mg",
            "start_on",
            "status",
            "status_label",
            "status_on",
            "ended_on",
            "transferred_to",
            "note",
            "created_at",
        ]
        read_only_fields = ["status", "status_on", "ended_on", "transferred_to", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["person"] = instance.person_id
        return data


class TreatmentDetailSerializer(TreatmentSerializer):
    events = EventSerializer(many=True, read_only=True)
    doses = DoseSerializer(many=True, read_only=True)

    class Meta(TreatmentSerializer.Meta):
        fields = [*TreatmentSerializer.Meta.fields, "events", "doses"]


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[c for c in TreatmentStatus.choices if c[0] in ENDING_STATUSES]
    )
    occurred_on = serializers.DateField()
    to_facility = serializers.PrimaryKeyRelatedField(
        queryset=Facility.objects.none(), required=False, allow_null=True, default=None
    )
    new_patient_code = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = rehab_selectors.facility_list(user=user)


class DoseInputSerializer(serializers.Serializer):
    changed_on = serializers.DateField()
    dose_mg = serializers.DecimalField(max_digits=6, decimal_places=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _no_update(viewset):
    """PATCH/PUT/DELETE: 404 out of scope (existence is not told), 405 in scope."""
    viewset.get_object()
    return Response(status=405)


class TreatmentViewSet(PersonRecordViewSet):
    """Substitution-treatment enrolments. POST enrols a registered person of the user's unit;
    POST /<id>/status/ records how it ended (dropped out, transferred, completed, died);
    POST /<id>/dose/ a new daily dose."""

    serializer_class = TreatmentSerializer
    filterset_class = TreatmentFilter
    ordering_fields = ["start_on", "status_on", "id"]
    ordering = ["-start_on", "-id"]
    log_label = "substitution treatments"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return TreatmentDetailSerializer
        return TreatmentSerializer

    def get_queryset(self):
        qs = selectors.treatment_list(user=self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("events", "doses")
        return qs

    def can(self, access: Access) -> bool:
        return selectors.treatment_can(user=self.request.user, access=access)

    def get_object(self):
        self._require(Access.READ)
        return selectors.treatment_get(user=self.request.user, pk=self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        return _no_update(self)

    def partial_update(self, request, *args, **kwargs):
        return _no_update(self)

    def destroy(self, request, *args, **kwargs):
        return _no_update(self)

    def perform_create(self, serializer):
        try:
            serializer.instance = services.treatment_enrol(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc

    def _writable(self, pk):
        self._require(Access.WRITE)
        return selectors.treatment_get(user=self.request.user, pk=pk, access=Access.WRITE)

    @extend_schema(request=StatusSerializer, responses=TreatmentSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        treatment = self._writable(pk)
        data = StatusSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        try:
            treatment = services.treatment_set_status(
                actor=request.user, treatment=treatment, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(TreatmentSerializer(treatment, context=self.get_serializer_context()).data)

    @extend_schema(request=DoseInputSerializer, responses=DoseSerializer)
    @action(detail=True, methods=["post"])
    def dose(self, request, pk=None):
        treatment = self._writable(pk)
        data = DoseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            dose = services.dose_change_record(
                actor=request.user, treatment=treatment, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(DoseSerializer(dose).data, status=201)


class PsychosisSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:psychosis-detail")
    person = _AreaPersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    facility = _FacilityField()
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    end_reason_label = serializers.CharField(source="get_end_reason_display", read_only=True)

    class Meta:
        model = PsychosisRecord
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "diagnosed_on",
            "facility",
            "facility_name",
            "physician_name",
            "note",
            "ended_on",
            "end_reason",
            "end_reason_label",
            "end_note",
            "created_at",
        ]
        read_only_fields = ["ended_on", "end_reason", "end_note", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["person"] = instance.person_id
        return data


class PsychosisEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=PsychosisEndReason.choices)
    end_note = serializers.CharField(required=False, allow_blank=True, default="")


class PsychosisViewSet(PersonRecordViewSet):
    """The drug-induced psychosis list. POST flags a registered person of the user's unit
    (special management on; the commune police get the due work); POST /<id>/end/ ends it."""

    serializer_class = PsychosisSerializer
    filterset_class = PsychosisFilter
    ordering_fields = ["diagnosed_on", "id"]
    ordering = ["-diagnosed_on", "-id"]
    log_label = "psychosis list"

    def get_queryset(self):
        return selectors.psychosis_list(user=self.request.user)

    def can(self, access: Access) -> bool:
        return selectors.psychosis_can(user=self.request.user, access=access)

    def get_object(self):
        self._require(Access.READ)
        return selectors.psychosis_get(user=self.request.user, pk=self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        return _no_update(self)

    def partial_update(self, request, *args, **kwargs):
        return _no_update(self)

    def destroy(self, request, *args, **kwargs):
        return _no_update(self)

    def perform_create(self, serializer):
        try:
            serializer.instance = services.psychosis_record(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc

    @extend_schema(request=PsychosisEndSerializer, responses=PsychosisSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        self._require(Access.WRITE)
        record = selectors.psychosis_get(user=request.user, pk=pk, access=Access.WRITE)
        data = PsychosisEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            record = services.psychosis_end(
                actor=request.user, record=record, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(PsychosisSerializer(record, context=self.get_serializer_context()).data)
