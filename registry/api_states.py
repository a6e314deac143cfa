"""API for the rest of the person record.

- POST /api/v1/persons/{id}/custody/ and /api/v1/persons/{id}/verification/: custody and the
  population-database state change only through these actions, each an event (answered with
  the event, 201); a PATCH that changes them is refused with a message naming the action.
- /api/v1/prior-records/: list (filters person, kind, drug_related, voided, q), create,
  retrieve, and POST /{id}/void/ with a reason. Nothing is edited or deleted.
Scoped like the pages; refusals are JSON naming the field."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors, services
from .api_checks import VisiblePersonField, _PersonCheckViewSet
from .api_work import PersonEventSerializer
from .choices import CustodyState, PriorRecordKind, VerificationState
from .filters import PriorRecordFilter
from .models import PriorRecord

# Person fields that change only through their action, and the refusal a PATCH gets.
STATE_FIELDS = {
    "custody_state": "custody",
    "custody_since": "custody",
    "custody_place": "custody",
    "verification_state": "verification",
    "verification_on": "verification",
    "verification_note": "verification",
}


def refuse_state_changes(instance, initial_data) -> None:
    """Called by PersonSerializer.validate: custody and the population-database state are
    read-only there. Sending the current value is harmless (a client echoing what it read);
    another value is refused, naming the action that changes it."""
    errors = {}
    if not hasattr(initial_data, "get"):
        return
    for name, action_name in STATE_FIELDS.items():
        if name not in initial_data:
            continue
        sent = initial_data.get(name)
        current = getattr(instance, name, None) if instance is not None else None
        if instance is None:
            default = {
                "custody_state": CustodyState.AT_HOME,
                "verification_state": VerificationState.UNVERIFIED,
            }.get(name)
            if sent in (None, "", default):
                continue
        elif sent == current or (
            current is not None and hasattr(current, "isoformat") and sent == current.isoformat()
        ):
            continue
        errors[name] = (
            _("Custody changes only through POST /api/v1/persons/{id}/custody/ (an event).")
            if action_name == "custody"
            else _(
                "The population-database state changes only through "
                "POST /api/v1/persons/{id}/verification/ (an event)."
            )
        )
    if errors:
        raise serializers.ValidationError(errors)


class CustodySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=CustodyState.choices)
    since = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    basis_number = serializers.CharField(required=False, allow_blank=True, default="")
    basis_date = serializers.DateField(required=False, allow_null=True, default=None)
    basis_body = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerificationSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=VerificationState.choices)
    checked_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day of the check or of the update; left out for unverified.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for a mismatch: what differs.",
    )


class PersonStateActionsMixin:
    """Mixed into PersonViewSet (api.py): the custody and verification actions."""

    def _state_person(self, pk):
        # Out of scope, or a grant that cannot write people: 404 (existence is not told).
        return selectors.person_get(user=self.request.user, pk=pk, access=Access.WRITE)

    def _state_change(self, request, pk, serializer_class, service):
        person = self._state_person(pk)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            event = service(actor=request.user, person=person, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(PersonEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CustodySerializer, responses={201: PersonEventSerializer})
    @action(detail=True, methods=["post"])
    def custody(self, request, pk=None):
        """Record where the person is from a date (an event on the timeline)."""
        return self._state_change(request, pk, CustodySerializer, services.person_set_custody)

    @extend_schema(request=VerificationSerializer, responses={201: PersonEventSerializer})
    @action(detail=True, methods=["post"])
    def verification(self, request, pk=None):
        """Record a check against the national population database, or an update into it."""
        return self._state_change(
            request, pk, VerificationSerializer, services.person_set_verification
        )


# ---- /api/v1/prior-records/ ------------------------------------------------------------------


class PriorRecordSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=PriorRecordKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:prior-record-detail")

    class Meta:
        model = PriorRecord
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "kind",
            "kind_label",
            "drug_related",
            "year",
            "description",
            "reference",
            "created_at",
            "created_by",
            "voided_at",
            "voided_by",
            "void_reason",
        ]
        read_only_fields = ["created_at", "created_by", "voided_at", "voided_by", "void_reason"]


class PriorRecordVoidSerializer(serializers.Serializer):
    reason = serializers.CharField()


class PriorRecordViewSet(_PersonCheckViewSet):
    """A person's prior record: convictions and administrative sanctions, one entry each."""

    serializer_class = PriorRecordSerializer
    filterset_class = PriorRecordFilter
    ordering_fields = ["year", "created_at", "id"]
    ordering = ["-year", "-id"]
    log_label = "prior records"

    def get_queryset(self):
        return selectors.prior_record_list(user=self.request.user)

    def record(self, *, actor, data):
        return services.prior_record_add(actor=actor, **data)

    @extend_schema(request=PriorRecordVoidSerializer, responses=PriorRecordSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        self._require(Access.WRITE)
        record = selectors.prior_record_get(user=request.user, pk=pk, access=Access.WRITE)
        data = PriorRecordVoidSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            record = services.prior_record_void(
                actor=request.user, record=record, reason=data.validated_data["reason"]
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(PriorRecordSerializer(record, context={"request": request}).data)
