"""/api/v1/data-quality/: the data-quality figures of every commune in the user's
jurisdiction ("đúng, đủ, sạch, sống"; registry/quality.py says how each is counted), and
/api/v1/data-quality/{commune id}/to-fix/: the people of one commune with something to fix
(paginated, `?problem=` keeps one kind)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import RecordType
from areas.selectors import commune_list
from common.api import Pagination

from . import quality, selectors_support


class QualitySharesSerializer(serializers.Serializer):
    with_cccd = serializers.FloatField(allow_null=True)
    verified = serializers.FloatField(allow_null=True)
    with_officer = serializers.FloatField(allow_null=True)
    checked = serializers.FloatField(allow_null=True)
    complete = serializers.FloatField(allow_null=True)


class QualityRowSerializer(serializers.Serializer):
    commune = serializers.IntegerField(source="commune.pk")
    commune_name = serializers.CharField(source="commune.name")
    people = serializers.IntegerField(source="counts.people")
    with_cccd = serializers.IntegerField(source="counts.with_cccd")
    verified = serializers.IntegerField(
        source="counts.verified",
        allow_null=True,
        help_text="Null while the register does not record the population-database state.",
    )
    with_officer = serializers.IntegerField(source="counts.with_officer")
    must_check = serializers.IntegerField(
        source="counts.must_check", help_text="People who must be checked every month."
    )
    checked = serializers.IntegerField(source="counts.checked")
    with_photo = serializers.IntegerField(source="counts.with_photo")
    with_basis = serializers.IntegerField(source="counts.with_basis")
    complete = serializers.IntegerField(source="counts.complete")
    shares = QualitySharesSerializer(help_text="In %; null when there is nobody to count.")
    score = serializers.FloatField(allow_null=True)


class ToFixSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    birth_year = serializers.IntegerField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    problems = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(source="get_absolute_url")


class DataQualityViewSet(viewsets.ViewSet):
    """Data quality per commune. `{id}` is a commune's id."""

    lookup_value_regex = r"\d+"

    @extend_schema(responses=QualityRowSerializer(many=True))
    def list(self, request):
        if not selectors_support.data_quality_can(user=request.user):
            raise Http404
        table = quality.quality_table(user=request.user, today=timezone.localdate())
        return Response(
            {
                "verification_available": table["verification_available"],
                "total": QualityRowSerializer(table["total"]).data,
                "results": QualityRowSerializer(table["rows"], many=True).data,
            }
        )

    @extend_schema(
        responses=ToFixSerializer(many=True),
        parameters=[OpenApiParameter("problem", str, enum=[k for k, _label in quality.PROBLEMS])],
    )
    @action(detail=True, methods=["get"], url_path="to-fix")
    def to_fix(self, request, pk=None):
        if not selectors_support.data_quality_can(user=request.user, people=True):
            raise Http404
        commune = get_object_or_404(commune_list(within=request.user.scope_unit), pk=pk)
        verified_states = selectors_support.verification_states()
        problem = request.query_params.get("problem", "")
        rows = quality.to_fix(
            user=request.user, commune=commune, today=timezone.localdate(), problem=problem
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        for person in page:
            person.problems = quality.person_problems(person, verified_states=verified_states)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, ""),
            detail=f"data quality, commune {commune.pk}: {paginator.page.paginator.count} to fix",
        )
        return paginator.get_paginated_response(ToFixSerializer(page, many=True).data)
