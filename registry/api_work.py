"""API for a person's history, tasks and what is due."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scoping import Access, can, grant_for
from accounts.selectors import officer_list
from common.api import Pagination

from . import selectors, services
from .choices import TaskStatus
from .due import STATES, DueSequence, due_counts
from .models import Person, PersonEvent, Task


class PersonEventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PersonEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "occurred_on",
            "category_before",
            "category_after",
            "law",
            "basis_number",
            "basis_date",
            "basis_body",
            "note",
            "corrects",
            "state_before",
            "state_after",
            "state_detail",
            "author",
            "created_at",
        ]
        read_only_fields = fields


class CategoryChangeSerializer(serializers.Serializer):
    category = serializers.CharField()
    occurred_on = serializers.DateField()
    basis_number = serializers.CharField(allow_blank=True)
    basis_body = serializers.CharField(allow_blank=True)
    basis_date = serializers.DateField(required=False, allow_null=True)
    law = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class PersonEventViewSet(viewsets.GenericViewSet):
    """/api/v1/persons/{person_pk}/events/: the timeline; POST a category change."""

    serializer_class = PersonEventSerializer

    def _person(self, access=Access.READ):
        person = selectors.person_get(
            user=self.request.user, pk=self.kwargs["person_pk"], access=access
        )
        if grant_for(self.request.user, Person.scope_record_type).fields != "full":
            raise Http404
        return person

    def list(self, request, person_pk=None):
        person = self._person()
        events = selectors.person_events(user=request.user, person=person)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(PersonEventSerializer(page, many=True).data)

    @extend_schema(request=CategoryChangeSerializer, responses=PersonEventSerializer)
    def create(self, request, person_pk=None):
        person = self._person(access=Access.WRITE)
        data = CategoryChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            event = services.person_change_category(
                actor=request.user, person=person, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(PersonEventSerializer(event).data, status=status.HTTP_201_CREATED)


class TaskSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    person = serializers.PrimaryKeyRelatedField(
        queryset=selectors.person_list(user=None), required=False, allow_null=True
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "detail",
            "person",
            "unit",
            "owner",
            "due_on",
            "status",
            "result",
            "closed_at",
            "closed_by",
            "created_at",
        ]
        read_only_fields = [
            "kind",
            "unit",
            "status",
            "result",
            "closed_at",
            "closed_by",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["person"].queryset = selectors.person_list(
                user=request.user, access=Access.WRITE
            )


class TaskCloseSerializer(serializers.Serializer):
    result = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[TaskStatus.DONE, TaskStatus.CANCELLED], default=TaskStatus.DONE
    )


class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TaskSerializer
    filterset_fields = ["status", "kind", "person", "owner"]
    ordering_fields = ["due_on", "id"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return selectors.task_list(user=self.request.user)

    def perform_create(self, serializer):
        if not can(self.request.user, Person.scope_record_type, Access.WRITE):
            raise PermissionDenied
        serializer.instance = services.task_create(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=TaskCloseSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        task = self.get_object()
        data = TaskCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            task = services.task_close(actor=request.user, task=task, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(TaskSerializer(task, context={"request": request}).data)


class DueItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    due_on = serializers.DateField()
    state = serializers.CharField()
    days_left = serializers.IntegerField()
    url = serializers.CharField()
    person_id = serializers.IntegerField(allow_null=True)
    person_name = serializers.CharField()
    owner_id = serializers.IntegerField(allow_null=True)
    owner_name = serializers.CharField()
    unit_name = serializers.CharField()


class DueListView(APIView):
    """What is due for the user (`?who=me`, the default), for everyone in scope
    (`?who=all`) or for one officer (`?who=<user id>`), most urgent first."""

    @extend_schema(responses=DueItemSerializer(many=True))
    def get(self, request):
        if not can(request.user, Person.scope_record_type, Access.READ):
            raise Http404
        today = timezone.localdate()
        who = request.query_params.get("who", "me")
        owner = request.user if who == "me" else None
        if who not in ("me", "all"):
            officers = officer_list(user=request.user)
            owner = officers.filter(pk=who).first() if who.isdigit() else None
            if owner is None:
                raise Http404
        state = request.query_params.get("state", "")
        if state and state not in STATES:
            raise ValidationError({"state": [_("Choose one of: %s.") % ", ".join(STATES)]})
        counts = due_counts(user=request.user, today=today, owner=owner)
        items = DueSequence(user=request.user, today=today, owner=owner, state=state, counts=counts)
        paginator = Pagination()
        page = paginator.paginate_queryset(items, request, view=self)
        rows = [
            {**item.__dict__, "state": item.state(today), "days_left": item.days_left(today)}
            for item in page
        ]
        return paginator.get_paginated_response(DueItemSerializer(rows, many=True).data)
