"""/api/v1/review-campaigns/ and /api/v1/review-campaigns/{id}/items/: review campaigns
("đợt tổng rà soát") and the people in them.

- Campaigns: list, retrieve (with the progress over the user's jurisdiction), create and
  POST /<id>/close/ (provincial police and administrators only: 403 for anyone else),
  GET /<id>/progress/ (per commune).
- Items: list (filters outcome — "pending" for not reviewed yet —, commune, person, mine, q),
  retrieve, and POST /<item>/review/ with the outcome. Scoped through the person: another
  commune's item is 404."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, RecordType

from . import selectors_support, services
from .choices import Category, ReviewCorrection, ReviewOutcome
from .filters_support import ReviewItemFilter
from .models import ReviewCampaign, ReviewItem


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="People in scope.")
    reviewed = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    corrected = serializers.IntegerField()
    not_found = serializers.IntegerField()
    pending = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="Share reviewed, in %.")
    overdue = serializers.IntegerField(help_text="People still not reviewed after the deadline.")


class CommuneProgressSerializer(ProgressSerializer):
    commune = serializers.IntegerField(source="commune.pk")
    commune_name = serializers.CharField(source="commune.name")


class ReviewCampaignSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:review-campaign-detail")
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), allow_empty=False
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ReviewCampaign
        fields = [
            "id",
            "url",
            "name",
            "unit",
            "unit_name",
            "categories",
            "deadline",
            "basis_number",
            "note",
            "status",
            "status_label",
            "opened_at",
            "opened_by",
            "closed_at",
            "closed_by",
            "close_note",
            "progress",
        ]
        read_only_fields = [
            "unit",
            "status",
            "opened_at",
            "opened_by",
            "closed_at",
            "closed_by",
            "close_note",
        ]

    def validate_deadline(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError(_("The deadline cannot be in the past."))
        return value

    @extend_schema(responses=ProgressSerializer)
    def get_progress(self, campaign) -> dict | None:
        """Over the people the requesting user may count (the list computes them in one
        query and passes them in the context)."""
        summaries = self.context.get("summaries") or {}
        figures = summaries.get(campaign.pk)
        return ProgressSerializer(figures).data if figures is not None else None


class ReviewCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewCampaignViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReviewCampaignSerializer
    lookup_value_regex = r"\d+"
    filter_backends = []

    def get_queryset(self):
        return selectors_support.review_campaign_list(user=self.request.user)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors_support.review_campaign_can_view(user=request.user):
            raise Http404

    def _summaries(self, campaigns) -> dict:
        return selectors_support.review_summaries(
            user=self.request.user, campaigns=campaigns, today=timezone.localdate()
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {**self.get_serializer_context(), "summaries": self._summaries(page)}
        data = ReviewCampaignSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        campaign = self.get_object()
        context = {**self.get_serializer_context(), "summaries": self._summaries([campaign])}
        return Response(ReviewCampaignSerializer(campaign, context=context).data)

    def create(self, request, *args, **kwargs):
        if not selectors_support.review_campaign_can_manage(user=request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.review_campaign_open(
                actor=self.request.user,
                name=data["name"],
                deadline=data["deadline"],
                categories=data["categories"],
                basis_number=data.get("basis_number", ""),
                note=data.get("note", ""),
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        serializer.context["summaries"] = self._summaries([serializer.instance])

    @extend_schema(request=ReviewCloseSerializer, responses=ReviewCampaignSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        campaign = self.get_object()
        if not (
            selectors_support.review_campaign_can_manage(user=request.user)
            and request.user.scope_unit.contains(campaign.unit)
        ):
            raise PermissionDenied
        data = ReviewCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            campaign = services.review_campaign_close(
                actor=request.user, campaign=campaign, note=data.validated_data["note"]
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        context = {**self.get_serializer_context(), "summaries": self._summaries([campaign])}
        return Response(ReviewCampaignSerializer(campaign, context=context).data)

    @extend_schema(responses=CommuneProgressSerializer(many=True))
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """Progress per commune within the campaign and the user's jurisdiction, with the
        totals."""
        campaign = self.get_object()
        progress = selectors_support.review_progress(
            user=request.user, campaign=campaign, today=timezone.localdate()
        )
        return Response(
            {
                "campaign": campaign.pk,
                "deadline": campaign.deadline,
                "overdue": progress["overdue"],
                "total": ProgressSerializer(progress["total"]).data,
                "communes": CommuneProgressSerializer(progress["rows"], many=True).data,
            }
        )


class ReviewItemSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    national_id = serializers.CharField(source="person.national_id", read_only=True)
    commune = serializers.IntegerField(source="person.residence_unit_id", read_only=True)
    commune_name = serializers.CharField(source="person.residence_unit.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    pending = serializers.BooleanField(source="is_pending", read_only=True)

    class Meta:
        model = ReviewItem
        fields = [
            "id",
            "url",
            "campaign",
            "person",
            "person_name",
            "national_id",
            "commune",
            "commune_name",
            "category",
            "category_label",
            "pending",
            "outcome",
            "outcome_label",
            "corrections",
            "note",
            "reviewed_on",
            "reviewed_by",
            "reviewed_at",
        ]
        read_only_fields = fields

    def get_url(self, item) -> str:
        request = self.context.get("request")
        url = f"/api/v1/review-campaigns/{item.campaign_id}/items/{item.pk}/"
        return request.build_absolute_uri(url) if request else url


class ReviewRecordSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    corrections = serializers.ListField(
        child=serializers.ChoiceField(choices=ReviewCorrection.choices),
        required=False,
        default=list,
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReviewItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The people of one campaign in the user's jurisdiction, and their review."""

    serializer_class = ReviewItemSerializer
    filterset_class = ReviewItemFilter
    ordering_fields = ["id", "reviewed_on"]
    ordering = ["person__full_name_folded", "id"]
    lookup_value_regex = r"\d+"

    def get_campaign(self) -> ReviewCampaign:
        """The campaign of the URL: 404 out of scope or when the grant reaches no record."""
        if not hasattr(self, "_campaign"):
            user = self.request.user
            if not selectors_support.review_item_can(user=user):
                raise Http404
            self._campaign = selectors_support.review_campaign_get(
                user=user, pk=self.kwargs["campaign_pk"]
            )
        return self._campaign

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no campaign
            return ReviewItem.objects.visible_to(None)
        return selectors_support.review_item_list(
            user=self.request.user, campaign=self.get_campaign()
        )

    def list(self, request, *args, **kwargs):
        campaign = self.get_campaign()
        response = super().list(request, *args, **kwargs)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, request.query_params.get("person", "")[:20]),
            detail=f"review {campaign.pk} items: {request.query_params.urlencode()}"[:500],
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, str(item.person_id)),
            detail=f"review {item.campaign_id} item {item.pk}",
        )
        return Response(self.get_serializer(item).data)

    @extend_schema(request=ReviewRecordSerializer, responses=ReviewItemSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, campaign_pk=None):
        campaign = self.get_campaign()
        if not selectors_support.review_item_can(user=request.user, access=Access.WRITE):
            raise PermissionDenied
        item = selectors_support.review_item_get(
            user=request.user, campaign=campaign, pk=pk, access=Access.WRITE
        )
        data = ReviewRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.review_record(
                actor=request.user, campaign=campaign, person=item.person, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        item = selectors_support.review_item_get(user=request.user, campaign=campaign, pk=pk)
        return Response(self.get_serializer(item).data)
