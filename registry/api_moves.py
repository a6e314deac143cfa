"""Moving through the API:

- POST /api/v1/persons/{id}/transfer/: record a move (the same service and rules as the page);
- GET /api/v1/persons/{id}/residences/: the residence history (whoever sees the person);
- GET /api/v1/moved-away/ and /api/v1/moved-away/{person id}/: the people who moved away
  from the user's jurisdiction, and one of them as recorded before the move (read-only,
  logged: the deliberate exception of DESIGN.md).
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from accounts.selectors import officer_list
from areas.selectors import commune_list

from . import selectors, services
from .api_work import PersonEventSerializer
from .models import Contact, Person, PersonResidence
from .views_moves import former_access_detail, former_record


class PersonResidenceSerializer(serializers.ModelSerializer):
    unit_name = serializers.SerializerMethodField()

    class Meta:
        model = PersonResidence
        fields = [
            "id",
            "person",
            "unit",
            "unit_name",
            "address",
            "destination",
            "started_on",
            "ended_on",
            "started_by",
            "ended_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_unit_name(self, residence) -> str:
        return residence.unit.name if residence.unit_id else ""


class _OfficerField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return officer_list(user=getattr(request, "user", None))


class TransferSerializer(serializers.Serializer):
    moved_on = serializers.DateField(help_text="The first day at the new place.")
    to_unit = serializers.PrimaryKeyRelatedField(
        queryset=commune_list(), required=False, allow_null=True
    )
    destination = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_officer = _OfficerField(required=False, allow_null=True)
    basis_number = serializers.CharField(allow_blank=True)
    basis_body = serializers.CharField(allow_blank=True)
    basis_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransferResultSerializer(serializers.Serializer):
    event = PersonEventSerializer()
    residences = PersonResidenceSerializer(many=True)


class PersonTransferViewSet(viewsets.GenericViewSet):
    """POST /api/v1/persons/{person_pk}/transfer/: the person moves."""

    serializer_class = TransferSerializer

    @extend_schema(request=TransferSerializer, responses=TransferResultSerializer)
    def create(self, request, person_pk=None):
        try:
            person = selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)
        except Http404:
            # Back from outside the province: the province records the return.
            person = selectors.person_outside_get(user=request.user, pk=person_pk)
        data = TransferSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            event = services.person_transfer(
                actor=request.user, person=person, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        # The actor made the move: they see its rows even when the person left their scope.
        residences = selectors.residence_history(person=person)
        body = {
            "event": PersonEventSerializer(event).data,
            "residences": PersonResidenceSerializer(residences, many=True).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class PersonResidenceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """GET /api/v1/persons/{person_pk}/residences/: where the person has lived, oldest first
    (empty: never moved)."""

    serializer_class = PersonResidenceSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.residence_former_list(user=None)
        user = self.request.user
        if not selectors.person_check_can(user=user):
            raise Http404
        person = selectors.person_get(user=user, pk=self.kwargs["person_pk"])
        return selectors.residence_list(user=user, person=person)


class MovedAwaySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    full_name = serializers.SerializerMethodField()
    birth_year = serializers.SerializerMethodField()
    unit_name = serializers.SerializerMethodField()
    moved_out_on = serializers.DateField(read_only=True)
    move = serializers.CharField(source="ended_by.note", read_only=True, default="")

    class Meta:
        model = PersonResidence
        fields = [
            "person",
            "full_name",
            "birth_year",
            "unit_name",
            "started_on",
            "ended_on",
            "moved_out_on",
            "move",
        ]
        read_only_fields = fields

    def get_full_name(self, stint) -> str:
        return (stint.record or {}).get("full_name", "")

    def get_birth_year(self, stint) -> int | None:
        return (stint.record or {}).get("birth_year")

    def get_unit_name(self, stint) -> str:
        return stint.unit.name if stint.unit_id else ""


class FormerContactSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    officer_name = serializers.StringRelatedField(source="officer", read_only=True)
    result = serializers.CharField(source="drug_test.result", read_only=True, default="")

    class Meta:
        model = Contact
        fields = ["id", "contacted_on", "kind", "kind_label", "officer_name", "note", "result"]
        read_only_fields = fields


class FormerRecordSerializer(serializers.Serializer):
    """A person as recorded before the move (never the live record)."""

    person = serializers.IntegerField()
    moved_out_on = serializers.DateField()
    record = serializers.DictField()
    residences = PersonResidenceSerializer(many=True)
    events = PersonEventSerializer(many=True)
    contacts = FormerContactSerializer(many=True)


class MovedAwayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The people who moved away from the user's jurisdiction (read-only)."""

    serializer_class = MovedAwaySerializer
    filter_backends = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.residence_former_list(user=None)
        if not selectors.person_check_can(user=self.request.user):
            raise Http404
        return selectors.residence_former_list(user=self.request.user)

    @extend_schema(responses=FormerRecordSerializer)
    def retrieve(self, request, pk=None):
        stint = selectors.residence_former_get(user=request.user, person_pk=pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(Person.scope_record_type, str(stint.person_id)),
            detail=former_access_detail(stint),
        )
        record = former_record(stint)
        for key in ("sex", "category"):
            record[f"{key}_label"] = record.pop(key)
        body = {
            "person": stint.person_id,
            "moved_out_on": stint.moved_out_on,
            "record": {**record, "date_of_birth": stint.record.get("date_of_birth")},
            "residences": selectors.person_former_residences(stint=stint),
            "events": selectors.person_former_events(stint=stint),
            "contacts": selectors.person_former_contacts(stint=stint),
        }
        return Response(FormerRecordSerializer(body).data)
