"""Caseloads through the API:

- GET /api/v1/caseloads/: the officers of the jurisdiction with their people and open tasks
  (commune leaders and provincial users);
- POST /api/v1/caseloads/reassign/: move a whole caseload (same service as the page);
- POST /api/v1/persons/{id}/officer/: change one person's responsible officer.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access
from accounts.selectors import officer_list
from areas.selectors import commune_list

from . import selectors, services
from .choices import Category


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class CaseloadOfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    unit_name = serializers.CharField(source="scope_unit.name", default="")
    is_active = serializers.BooleanField()
    caseload = serializers.IntegerField()
    open_tasks = serializers.IntegerField()


class _CaseloadOfficerField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.caseload_officers(user=_user(self))


class _OfficerField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return officer_list(user=_user(self))


class CaseloadReassignSerializer(serializers.Serializer):
    from_officer = _CaseloadOfficerField()
    to_officer = _OfficerField()
    unit = serializers.PrimaryKeyRelatedField(
        queryset=commune_list(), required=False, allow_null=True
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(allow_blank=True)


class CaseloadMoveSerializer(serializers.Serializer):
    people = serializers.ListField(child=serializers.IntegerField())
    tasks = serializers.ListField(child=serializers.IntegerField())


class CaseloadViewSet(viewsets.GenericViewSet):
    serializer_class = CaseloadOfficerSerializer
    filter_backends = []

    def _require(self):
        if not services.caseload_can_reassign(self.request.user):
            raise Http404

    def get_queryset(self):
        return selectors.caseload_officers(user=self.request.user)

    def list(self, request):
        self._require()
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CaseloadOfficerSerializer(page, many=True).data)

    @extend_schema(request=CaseloadReassignSerializer, responses=CaseloadMoveSerializer)
    @action(detail=False, methods=["post"])
    def reassign(self, request):
        self._require()
        data = CaseloadReassignSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            moved = services.caseload_reassign(actor=request.user, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(CaseloadMoveSerializer(moved).data)


class OfficerAssignSerializer(serializers.Serializer):
    officer = _OfficerField(allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PersonOfficerViewSet(viewsets.GenericViewSet):
    """POST /api/v1/persons/{person_pk}/officer/: `{"officer": <id> or null, "reason": …}`."""

    serializer_class = OfficerAssignSerializer

    @extend_schema(request=OfficerAssignSerializer, responses=OfficerAssignSerializer)
    def create(self, request, person_pk=None):
        person = selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)
        data = OfficerAssignSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            person = services.person_assign_officer(
                actor=request.user, person=person, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(
            {"officer": person.responsible_officer_id, "reason": data.validated_data["reason"]},
            status=status.HTTP_200_OK,
        )
