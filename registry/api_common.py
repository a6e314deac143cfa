"""API pieces shared by the records that live under a person (tests, contacts, supporters…)."""

from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, RecordType
from accounts.selectors import officer_list

from . import selectors


def request_user(context):
    return getattr(context.get("request"), "user", None)


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person the requesting user can see; any other id is unknown to them."""

    def get_queryset(self):
        return selectors.person_list(user=request_user(self.context))


class OfficerField(serializers.PrimaryKeyRelatedField):
    """An active officer in the requesting user's scope (the services check the commune)."""

    def get_queryset(self):
        return officer_list(user=request_user(self.context))


class PersonRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, retrieve and create records of a person. A user whose grant does not reach these
    records gets 404 (nothing exists for them); one who may read but not write gets 403 on
    create. Every list and retrieve is logged as a view of the person."""

    lookup_value_regex = r"\d+"
    # What the access log calls these rows.
    log_label = ""

    def can(self, access: Access) -> bool:
        raise NotImplementedError

    def _require(self, access: Access):
        if not self.can(Access.READ):
            raise Http404
        if not self.can(access):
            raise PermissionDenied

    def list(self, request, *args, **kwargs):
        self._require(Access.READ)
        response = super().list(request, *args, **kwargs)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, request.query_params.get("person", "")[:20]),
            detail=f"{self.log_label}: {request.query_params.urlencode()}",
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, str(record.person_id)),
            detail=f"{self.log_label} {record.pk}",
        )
        return super().retrieve(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        self._require(Access.WRITE)
        return super().create(request, *args, **kwargs)
