"""/api/v1/key-areas/: list (the shared FilterSet), detail with the plan, evaluations and
timeline, and the writes a provincial officer makes in the pages, through the same services:
designate (POST on the list), `measures/` (add to the plan), `measures/<id>/status/`,
`evaluations/`, `transform/` (the document is required) and `check/` (a watch check; "complex
again" reopens the area).

Refusals are JSON naming the field. A key area the user may not see answers 404, for reads and
writes alike; a commune user, who reads the key areas of the commune, is refused every write
with 403 (the record is already visible to them, so the answer tells nothing new)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors, services
from .choices import CheckFinding, EvaluationResult, MeasureStatus
from .filters import KeyAreaFilter
from .models import Evaluation, KeyArea, KeyAreaEvent, Measure


class KeyAreaMeasureSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "title", "owner", "deadline", "status", "status_label", "done_on"]
        read_only_fields = fields


class KeyAreaEvaluationSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "evaluated_on", "result", "result_label", "note"]
        read_only_fields = fields


class KeyAreaEventSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = KeyAreaEvent
        fields = ["id", "step", "step_label", "occurred_on", "document_number", "finding", "note"]
        read_only_fields = fields


class KeyAreaCommuneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class KeyAreaSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    communes = serializers.SerializerMethodField()
    measures = KeyAreaMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = KeyArea
        fields = [
            "id",
            "name",
            "communes",
            "reason",
            "designated_on",
            "designation_document",
            "status",
            "status_label",
            "status_on",
            "transformed_on",
            "transformation_document",
            "relapse_count",
            "watch_until",
            "last_checked_on",
            "measures",
        ]
        read_only_fields = fields

    @extend_schema_field(KeyAreaCommuneSerializer(many=True))
    def get_communes(self, area) -> list[dict]:
        return [{"id": c.pk, "name": c.name} for c in area.communes.all()]


class KeyAreaDetailSerializer(KeyAreaSerializer):
    evaluations = KeyAreaEvaluationSerializer(many=True, read_only=True)
    events = KeyAreaEventSerializer(many=True, read_only=True)

    class Meta(KeyAreaSerializer.Meta):
        fields = [*KeyAreaSerializer.Meta.fields, "evaluations", "events"]
        read_only_fields = fields


# Write payloads. Text the service checks (reason, documents) is optional here so that the
# refusal is the service's own, naming the field and the reason.


@extend_schema_field(OpenApiTypes.INT)
class _CommuneField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.keyarea_communes(user=self.context["request"].user)


class KeyAreaDesignateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    communes = _CommuneField(many=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    designated_on = serializers.DateField()
    designation_document = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )


class KeyAreaMeasureWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    owner = serializers.CharField(max_length=200)
    deadline = serializers.DateField()


class KeyAreaMeasureStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MeasureStatus.choices)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


class KeyAreaEvaluationWriteSerializer(serializers.Serializer):
    evaluated_on = serializers.DateField()
    result = serializers.ChoiceField(choices=EvaluationResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyAreaTransformSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    document_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyAreaCheckSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    finding = serializers.ChoiceField(choices=CheckFinding.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyAreaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = KeyAreaSerializer
    filterset_class = KeyAreaFilter
    ordering = ["-designated_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):
        return KeyAreaDetailSerializer if self.action == "retrieve" else KeyAreaSerializer

    def get_queryset(self):
        return selectors.keyarea_list(user=self.request.user).prefetch_related("measures")

    def get_object(self):
        return selectors.keyarea_get(user=self.request.user, pk=self.kwargs["pk"])

    # Writes.

    def _refuse_readers(self):
        if not selectors.keyarea_can(user=self.request.user, access=Access.WRITE):
            raise PermissionDenied(_("Only the province designates and follows key areas."))

    def _writable(self) -> KeyArea:
        """The key area to write: 404 when the user may not see it, 403 when they only read."""
        area = self.get_object()
        self._refuse_readers()
        if not selectors.keyarea_writable(user=self.request.user, pk=area.pk):
            raise PermissionDenied
        return area

    def _answer(self, request, area, code=status.HTTP_200_OK):
        area = selectors.keyarea_get(user=request.user, pk=area.pk)
        data = KeyAreaDetailSerializer(area, context={"request": request}).data
        return Response(data, status=code)

    @staticmethod
    def _call(service, **kwargs):
        try:
            return service(**kwargs)
        except (PermissionError, DjangoPermissionDenied) as exc:
            raise PermissionDenied(str(exc) or None) from exc

    @extend_schema(request=KeyAreaDesignateSerializer, responses={201: KeyAreaDetailSerializer})
    def create(self, request):
        """Designate a key area (province only)."""
        self._refuse_readers()
        data = KeyAreaDesignateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        area = self._call(services.keyarea_designate, actor=request.user, **data.validated_data)
        return self._answer(request, area, status.HTTP_201_CREATED)

    @extend_schema(request=KeyAreaMeasureWriteSerializer, responses={201: KeyAreaDetailSerializer})
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        """Add a measure (owner, deadline) to the transformation plan."""
        area = self._writable()
        data = KeyAreaMeasureWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(services.measure_add, actor=request.user, key_area=area, **data.validated_data)
        return self._answer(request, area, status.HTTP_201_CREATED)

    @extend_schema(request=KeyAreaMeasureStatusSerializer, responses=KeyAreaDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"measures/(?P<measure_pk>\d+)/status",
        url_name="measure-status",
    )
    def measure_status(self, request, pk=None, measure_pk=None):
        """Mark a measure of the plan planned, in progress or done (with its date)."""
        area = self._writable()
        measure = selectors.keyarea_measure_get(key_area=area, pk=measure_pk)
        data = KeyAreaMeasureStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(
            services.measure_set_status,
            actor=request.user,
            measure=measure,
            **data.validated_data,
        )
        return self._answer(request, area)

    @extend_schema(
        request=KeyAreaEvaluationWriteSerializer, responses={201: KeyAreaDetailSerializer}
    )
    @action(detail=True, methods=["post"])
    def evaluations(self, request, pk=None):
        """Record an evaluation of the transformation."""
        area = self._writable()
        data = KeyAreaEvaluationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(
            services.evaluation_add, actor=request.user, key_area=area, **data.validated_data
        )
        return self._answer(request, area, status.HTTP_201_CREATED)

    @extend_schema(request=KeyAreaTransformSerializer, responses=KeyAreaDetailSerializer)
    @action(detail=True, methods=["post"])
    def transform(self, request, pk=None):
        """Declare the area transformed; the document number is required. Its watch starts."""
        area = self._writable()
        data = KeyAreaTransformSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(
            services.keyarea_transform, actor=request.user, key_area=area, **data.validated_data
        )
        return self._answer(request, area)

    @extend_schema(request=KeyAreaCheckSerializer, responses=KeyAreaDetailSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        """A watch check of a transformed area; "relapsed" (complex again) reopens it."""
        area = self._writable()
        data = KeyAreaCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self._call(services.keyarea_check, actor=request.user, key_area=area, **data.validated_data)
        return self._answer(request, area)
