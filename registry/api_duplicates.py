"""Duplicates through the API:

- POST /api/v1/persons/ answers 409 with the possible duplicates (same folded name and birth
  year) unless `"confirm_duplicate": true` is sent (`refuse_unconfirmed_duplicates`);
- GET /api/v1/duplicates/: groups of possible duplicates (provincial users);
- POST /api/v1/persons/{id}/merge/: merge another record into this one (provincial users).
"""

from collections import defaultdict

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors, services
from .api_work import PersonEventSerializer
from .views_duplicates import CONFIRM_FIELD, entry_duplicates

TRUE_VALUES = (True, "true", "True", "1", 1, "on", "yes")


class DuplicateConflict(APIException):
    """409 with a body of plain values (ids stay numbers: DRF would turn them into text)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "possible_duplicate"

    def __init__(self, body: dict):
        super().__init__()
        self.detail = body


def _candidate(person, request) -> dict:
    return {
        "id": person.pk,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "full_name": person.full_name,
        "birth_year": person.birth_year,
        "residence_unit_name": person.residence_unit.name,
    }


def refuse_unconfirmed_duplicates(request, data: dict) -> None:
    """Before an API entry is saved: 409 with the candidates the user may see and the count of
    the others, unless the client confirmed that the person is a different one."""
    confirmed = request.data.get(CONFIRM_FIELD) in TRUE_VALUES
    found = entry_duplicates(user=request.user, data=data, confirmed=confirmed)
    if found is None:
        return
    candidates = [
        {**_candidate(p, request), "same_commune": p.residence_unit_id == found["unit_pk"]}
        for p in found["candidates"]
    ]
    raise DuplicateConflict(
        {
            "detail": _(
                "Possible duplicate: people with the same name and birth year are already "
                "registered. Send confirm_duplicate: true to save anyway."
            ),
            "candidates": candidates,
            "elsewhere": found["elsewhere"],
        }
    )


class DuplicateGroupSerializer(serializers.Serializer):
    full_name_folded = serializers.CharField()
    birth_year = serializers.IntegerField()
    size = serializers.IntegerField()
    people = serializers.ListField(child=serializers.DictField())


class DuplicateGroupViewSet(viewsets.GenericViewSet):
    """Groups of people with the same folded name and birth year, largest first."""

    serializer_class = DuplicateGroupSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.person_duplicate_groups(user=self.request.user)

    def list(self, request):
        if not services.person_can_merge(request.user):
            raise Http404
        groups = self.paginate_queryset(self.get_queryset())
        members = defaultdict(list)
        for person in selectors.person_duplicate_members(user=request.user, groups=groups):
            row = {**_candidate(person, request), "national_id": person.national_id}
            members[(person.full_name_folded, person.birth_year)].append(row)
        rows = [
            {**group, "people": members[(group["full_name_folded"], group["birth_year"])]}
            for group in groups
        ]
        return self.get_paginated_response(DuplicateGroupSerializer(rows, many=True).data)


class _WritablePersonField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return selectors.person_list(user=getattr(request, "user", None), access=Access.WRITE)


class MergeSerializer(serializers.Serializer):
    merged = _WritablePersonField(help_text="The record merged into this one (then hidden).")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MergeResultSerializer(serializers.Serializer):
    survivor = serializers.IntegerField(source="survivor.pk")
    merged = serializers.IntegerField(source="merged.pk")
    moved = serializers.DictField(child=serializers.IntegerField())
    event = PersonEventSerializer()


class PersonMergeViewSet(viewsets.GenericViewSet):
    """POST /api/v1/persons/{person_pk}/merge/: `{"merged": <id>, "reason": …}`: the other
    record's history moves here and the other record is marked merged."""

    serializer_class = MergeSerializer

    @extend_schema(request=MergeSerializer, responses=MergeResultSerializer)
    def create(self, request, person_pk=None):
        survivor = selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)
        if not services.person_can_merge(request.user):
            raise PermissionDenied
        data = MergeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            result = services.person_merge(
                actor=request.user,
                survivor=survivor,
                merged=data.validated_data["merged"],
                reason=data.validated_data["reason"],
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(MergeResultSerializer(result).data)
