"""/api/v1/key-areas/: list (the shared FilterSet) and detail with the plan, scoped; writes
go through the pages (the province's few designations a year)."""

from rest_framework import mixins, serializers, viewsets

from . import selectors
from .filters import KeyAreaFilter
from .models import KeyArea, Measure


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "title", "owner", "deadline", "status", "done_on"]


class KeyAreaSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    communes = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True, read_only=True)

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

    def get_communes(self, area):
        return [{"id": c.pk, "name": c.name} for c in area.communes.all()]


class KeyAreaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = KeyAreaSerializer
    filterset_class = KeyAreaFilter
    ordering = ["-designated_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.keyarea_list(user=self.request.user).prefetch_related("measures")

    def get_object(self):
        return selectors.keyarea_get(user=self.request.user, pk=self.kwargs["pk"])
