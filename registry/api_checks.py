"""/api/v1/drug-tests/ and /api/v1/contacts/: list (filters shared with the FilterSets),
create and retrieve; scoped like the pages, refusals as JSON naming the field."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from accounts.scoping import Access

from . import selectors, services
from .api_common import OfficerField, PersonRecordViewSet, VisiblePersonField
from .choices import ContactKind, DrugTestMethod, DrugTestResult, DrugTestSample, Substance
from .filters import ContactFilter, DrugTestFilter
from .models import Contact, DrugTest


class DrugTestSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    method = serializers.ChoiceField(choices=DrugTestMethod.choices)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    sample = serializers.ChoiceField(choices=DrugTestSample.choices)
    sample_label = serializers.CharField(source="get_sample_display", read_only=True)
    substances_tested = serializers.ListField(child=serializers.ChoiceField(Substance.choices))
    substances_positive = serializers.ListField(
        child=serializers.ChoiceField(Substance.choices), required=False, default=list
    )
    result = serializers.ChoiceField(choices=DrugTestResult.choices)
    result_label = serializers.CharField(source="get_result_display", read_only=True)
    tested_by = OfficerField(
        required=False,
        allow_null=True,
        help_text=_("The officer who did the test; the requesting user when left out."),
    )
    tested_by_name = serializers.StringRelatedField(source="tested_by", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:drug-test-detail")

    class Meta:
        model = DrugTest
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "tested_on",
            "method",
            "method_label",
            "sample",
            "sample_label",
            "substances_tested",
            "substances_positive",
            "result",
            "result_label",
            "place",
            "tested_by",
            "tested_by_name",
            "note",
            "law",
            "created_at",
            "created_by",
        ]
        read_only_fields = ["law", "created_at", "created_by"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        raised = getattr(instance, "raised_work", None)
        if raised is not None:  # the answer to a create: the due work the result raised
            data["due_work"] = [
                {
                    "task": work.task.pk,
                    "kind": work.task.kind,
                    "title": work.task.title,
                    "due_on": work.task.due_on.isoformat(),
                    "new": work.new,
                }
                for work in raised
            ]
        return data


class ContactSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    officer = OfficerField(
        required=False,
        allow_null=True,
        help_text=_("The officer who made the contact; the requesting user when left out."),
    )
    officer_name = serializers.StringRelatedField(source="officer", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:contact-detail")

    class Meta:
        model = Contact
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "contacted_on",
            "kind",
            "kind_label",
            "drug_test",
            "officer",
            "officer_name",
            "note",
            "created_at",
            "created_by",
        ]
        read_only_fields = ["drug_test", "created_at", "created_by"]


class _PersonCheckViewSet(PersonRecordViewSet):
    def can(self, access: Access) -> bool:
        return selectors.person_check_can(user=self.request.user, access=access)

    def record(self, *, actor, data):
        raise NotImplementedError

    def perform_create(self, serializer):
        try:
            serializer.instance = self.record(
                actor=self.request.user, data=dict(serializer.validated_data)
            )
        except PermissionError as exc:
            raise PermissionDenied from exc


class DrugTestViewSet(_PersonCheckViewSet):
    """Drug tests. Creating one also records its contact, and answers with `due_work`: the
    due work a positive result raised (or found already open)."""

    serializer_class = DrugTestSerializer
    filterset_class = DrugTestFilter
    ordering_fields = ["tested_on", "created_at", "id"]
    ordering = ["-tested_on", "-id"]
    log_label = "drug tests"

    def get_queryset(self):
        return selectors.drug_test_list(user=self.request.user)

    def record(self, *, actor, data):
        return services.drug_test_record(actor=actor, **data)


class ContactViewSet(_PersonCheckViewSet):
    """Contacts: home visits, phone calls, talks at the office, and the contact of each drug
    test (made with the test; a contact of the kind "test" cannot be created here)."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    ordering_fields = ["contacted_on", "created_at", "id"]
    ordering = ["-contacted_on", "-id"]
    log_label = "contacts"

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)

    def record(self, *, actor, data):
        return services.contact_record(actor=actor, **data)
