"""/api/v1/commune-status/: every commune the user may read with its proposed class (the
criteria, their figures and whether each is met), its decided class for the year and its
drug-free target. The same filters as the list page (?year=, ?q=, ?proposed=, ?decided=,
?differs=, ?sort=). The detail is by commune id; out of scope, 404. Read-only: decisions are
recorded on the pages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors
from .choices import DrugClass
from .models import CommuneClassification
from .views import _year, filtered_rows


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()
    threshold = serializers.CharField()
    met = serializers.BooleanField(allow_null=True, help_text="null: no population entered")


class FiguresSerializer(serializers.Serializer):
    users = serializers.IntegerField()
    use_places = serializers.IntegerField()
    re_emerged = serializers.IntegerField()
    arrests = serializers.IntegerField()
    planting_m2 = serializers.FloatField()
    planting_plants = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    on_drug_route = serializers.BooleanField()


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommuneClassification
        fields = [
            "id",
            "drug_class",
            "document_number",
            "document_date",
            "deciding_body",
            "proposed_class",
            "created_at",
        ]


class CommuneStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="commune.pk")
    commune = serializers.CharField(source="commune.name")
    code = serializers.CharField(source="commune.code")
    year = serializers.IntegerField()
    proposed_class = serializers.ChoiceField(choices=DrugClass.choices, source="proposed")
    criteria_met = serializers.IntegerField(source="proposal.met")
    criteria = CriterionSerializer(many=True, source="proposal.results")
    figures = FiguresSerializer(source="proposal.figures.as_json")
    decided_class = serializers.ChoiceField(
        choices=DrugClass.choices, source="decision.drug_class", allow_null=True, default=None
    )
    decision = DecisionSerializer(allow_null=True)
    differs = serializers.BooleanField()
    drug_free_target_year = serializers.IntegerField(
        source="target.target_year", allow_null=True, default=None
    )


class CommuneStatusViewSet(viewsets.GenericViewSet):
    serializer_class = CommuneStatusSerializer
    filter_backends = []  # the FilterSet is applied by `filtered_rows` (computed rows)
    lookup_value_regex = r"\d+"

    def _require(self):
        if not selectors.status_can(user=self.request.user, access=Access.READ):
            raise Http404

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="default: this year"),
            OpenApiParameter("q", str, description="commune name, accents optional"),
            OpenApiParameter("proposed", str, enum=DrugClass.values),
            OpenApiParameter("decided", str, enum=[*DrugClass.values, "none"]),
            OpenApiParameter("differs", bool),
            OpenApiParameter("sort", str, enum=["name", "-name", "proposed", "decided", "-met"]),
        ]
    )
    def list(self, request):
        self._require()
        filterset, rows = filtered_rows(user=request.user, params=request.query_params)
        if not filterset.is_valid():
            return Response(filterset.errors, status=400)
        paginator = self.paginator
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("year", int, description="default: this year")])
    def retrieve(self, request, pk=None):
        self._require()
        commune = selectors.commune_get(user=request.user, pk=pk)
        row = selectors.status_row(user=request.user, commune=commune, year=_year(request))
        return Response(self.get_serializer(row).data)
