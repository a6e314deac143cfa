"""/api/v1/post-rehab-supports/, /api/v1/post-rehab-relapses/ and
/api/v1/post-rehab-certificates/: the follow-up of post-rehab management periods in the user's
scope. POST records one (through the services; refusals are JSON naming the field); nothing is
edited or deleted."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access
from registry import selectors as registry_selectors
from registry.api_common import PersonRecordViewSet, VisiblePersonField, request_user
from registry.choices import PeriodKind

from . import selectors, services_education, services_followup, services_reach
from .choices import VOLUNTARY_FORM_CHOICES, RelapseBasis, ServiceKind, SupportKind
from .filters_followup import (
    CertificateFilter,
    EducationFilter,
    RegistrationFilter,
    RelapseFilter,
    ServiceFilter,
    SupportFilter,
)
from .models import (
    EducationEvent,
    EducationMeasure,
    PostRehabCertificate,
    PostRehabRelapse,
    PostRehabSupport,
    ServiceReached,
    VoluntaryRegistration,
)


class PostRehabPeriodField(serializers.PrimaryKeyRelatedField):
    """A post-rehab management period the requesting user can see; any other id is unknown."""

    def get_queryset(self):
        return registry_selectors.period_list(user=request_user(self.context)).filter(
            kind=PeriodKind.POST_REHAB
        )


class _FollowupSerializer(serializers.ModelSerializer):
    period = PostRehabPeriodField()
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    COMMON = ["id", "period", "person", "person_name"]


class SupportSerializer(_FollowupSerializer):
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PostRehabSupport
        fields = [
            *_FollowupSerializer.COMMON,
            "kind",
            "kind_label",
            "given_on",
            "given_by",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class RelapseSerializer(_FollowupSerializer):
    basis = serializers.ChoiceField(choices=RelapseBasis.choices)
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)
    task = serializers.IntegerField(source="task_id", read_only=True)

    class Meta:
        model = PostRehabRelapse
        fields = [
            *_FollowupSerializer.COMMON,
            "occurred_on",
            "basis",
            "basis_label",
            "note",
            "task",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class CertificateSerializer(_FollowupSerializer):
    signer_title = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = PostRehabCertificate
        fields = [
            *_FollowupSerializer.COMMON,
            "number",
            "issued_on",
            "signer_name",
            "signer_title",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        # One per period: the service names the refusal (a unique-together check here would
        # answer first, in other words).
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        fields["period"].validators = []
        return fields


class _FollowupViewSet(PersonRecordViewSet):
    service = None

    def can(self, access: Access) -> bool:
        return selectors.followup_can(user=self.request.user, access=access)

    def perform_create(self, serializer):
        try:
            serializer.instance = type(self).service(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc


class SupportViewSet(_FollowupViewSet):
    """Support given during post-rehab management (job, study, loan, counselling, other)."""

    serializer_class = SupportSerializer
    filterset_class = SupportFilter
    ordering_fields = ["given_on", "id"]
    ordering = ["-given_on", "-id"]
    log_label = "post-rehab supports"
    service = staticmethod(services_followup.post_rehab_support_record)

    def get_queryset(self):
        return selectors.support_list(user=self.request.user)


class RelapseViewSet(_FollowupViewSet):
    """Relapses during post-rehab management; each raises "compulsory-rehab dossier
    required" (its task id is returned)."""

    serializer_class = RelapseSerializer
    filterset_class = RelapseFilter
    ordering_fields = ["occurred_on", "id"]
    ordering = ["-occurred_on", "-id"]
    log_label = "post-rehab relapses"
    service = staticmethod(services_followup.post_rehab_relapse_record)

    def get_queryset(self):
        return selectors.relapse_list(user=self.request.user)


class CertificateViewSet(_FollowupViewSet):
    """Certificates of completion of post-rehab management: once per period, not before the
    last working days of its term."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    ordering_fields = ["issued_on", "id"]
    ordering = ["-issued_on", "-id"]
    log_label = "post-rehab certificates"
    service = staticmethod(services_followup.post_rehab_certificate_issue)

    def get_queryset(self):
        return selectors.certificate_list(user=self.request.user)


# ---- /api/v1/voluntary-registrations/ and /api/v1/services-reached/ ----------------------


class _FacilityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.facility_choices(user=request_user(self.context))


class RegistrationSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    form = serializers.ChoiceField(choices=VOLUNTARY_FORM_CHOICES)
    form_label = serializers.CharField(source="get_form_display", read_only=True)
    facility = _FacilityField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    raised_task = serializers.SerializerMethodField()

    class Meta:
        model = VoluntaryRegistration
        fields = [
            "id",
            "person",
            "person_name",
            "registered_on",
            "form",
            "form_label",
            "facility",
            "place",
            "law",
            "note",
            "raised_task",
            "created_at",
        ]
        read_only_fields = ["law", "created_at"]

    def get_raised_task(self, registration) -> int | None:
        task = getattr(registration, "raised_work", None)
        return task.pk if task is not None else None


class ServiceSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    facility = _FacilityField(required=False, allow_null=True, default=None)
    provider = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = ServiceReached
        fields = [
            "id",
            "person",
            "person_name",
            "kind",
            "kind_label",
            "reached_on",
            "provider",
            "facility",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class _PersonViewSet(PersonRecordViewSet):
    service = None

    def can(self, access: Access) -> bool:
        return selectors.followup_can(user=self.request.user, access=access)

    def perform_create(self, serializer):
        try:
            serializer.instance = type(self).service(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc


class RegistrationViewSet(_PersonViewSet):
    """Voluntary-rehab registrations (date, form chosen, where). Under Law 120/2025 a
    registrant without a determination of the last 6 months gets "determination required"
    (`raised_task`)."""

    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    ordering_fields = ["registered_on", "id"]
    ordering = ["-registered_on", "-id"]
    log_label = "voluntary-rehab registrations"
    service = staticmethod(services_reach.voluntary_registration_record)

    def get_queryset(self):
        return selectors.registration_list(user=self.request.user)


class ServiceViewSet(_PersonViewSet):
    """Services reached by managed people: counselling, treatment, rehab, community
    reintegration (the 001 target counts them)."""

    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["reached_on", "id"]
    ordering = ["-reached_on", "-id"]
    log_label = "services reached"
    service = staticmethod(services_reach.service_reached_record)

    def get_queryset(self):
        return selectors.service_list(user=self.request.user)


# ---- /api/v1/education-measures/ ----------------------------------------------------------


class EducationEventSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = EducationEvent
        fields = ["status", "status_label", "occurred_on", "document_number", "note"]


class EducationSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    dossier_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)

    class Meta:
        model = EducationMeasure
        fields = [
            "id",
            "person",
            "person_name",
            "status",
            "status_label",
            "compiled_on",
            "dossier_number",
            "grounds",
            "decision_number",
            "decision_date",
            "decision_body",
            "law",
            "start_on",
            "months",
            "months_reason",
            "planned_end_on",
            "ended_on",
            "end_note",
            "note",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "decision_number",
            "decision_date",
            "decision_body",
            "law",
            "start_on",
            "months",
            "months_reason",
            "planned_end_on",
            "ended_on",
            "end_note",
            "created_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context.get("with_events"):
            data["events"] = EducationEventSerializer(
                selectors.education_events(measure=instance), many=True
            ).data
        return data


class EducationDecideSerializer(serializers.Serializer):
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField(allow_null=True)
    decision_body = serializers.CharField(allow_blank=True)
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    months = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=24
    )
    months_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EducationEndSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["completed", "ended_early"])
    ended_on = serializers.DateField()
    end_note = serializers.CharField(required=False, allow_blank=True, default="")
    document_number = serializers.CharField(required=False, allow_blank=True, default="")


class EducationWithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)


class EducationViewSet(_PersonViewSet):
    """Education at commune of the people in the user's scope. POST compiles the dossier;
    POST /<id>/decide/ records the decision (number, date, body; the period from the legal
    term), /<id>/end/ its end, /<id>/withdraw/ withdraws an undecided dossier."""

    serializer_class = EducationSerializer
    filterset_class = EducationFilter
    ordering_fields = ["compiled_on", "planned_end_on", "id"]
    ordering = ["-compiled_on", "-id"]
    log_label = "education at commune"
    service = staticmethod(services_education.education_compile)

    def get_queryset(self):
        return selectors.education_list(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["with_events"] = self.action != "list"
        return context

    def _step(self, request, pk, serializer_class, service):
        self._require(Access.WRITE)
        measure = selectors.education_get(user=request.user, pk=pk, access=Access.WRITE)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            measure = service(actor=request.user, measure=measure, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(self.get_serializer(measure).data)

    @extend_schema(request=EducationDecideSerializer, responses=EducationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._step(
            request, pk, EducationDecideSerializer, services_education.education_decide
        )

    @extend_schema(request=EducationEndSerializer, responses=EducationSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._step(request, pk, EducationEndSerializer, services_education.education_end)

    @extend_schema(request=EducationWithdrawSerializer, responses=EducationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(
            request, pk, EducationWithdrawSerializer, services_education.education_withdraw
        )
