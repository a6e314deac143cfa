"""One FilterSet for people: the list page, its form, the API and the XLSX export share it, so
the same query string means the same rows everywhere."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import officer_list
from areas.selectors import commune_list
from common.filters import IdFilter, ListedModelChoiceFilter
from common.forms import FastSelect, YesNoAllWidget
from common.text import fold

from . import selectors
from .choices import (
    Category,
    ContactKind,
    CustodyState,
    DrugTestMethod,
    DrugTestResult,
    Ethnicity,
    PeriodKind,
    PriorRecordKind,
    Sex,
    VerificationState,
)
from .models import Contact, DrugTest, ManagementPeriod, Person, PriorRecord

# The ethnicity filter's extra choice: every group but Kinh (the reports' "other").
ETHNIC_MINORITIES = "minorities"


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name or other name (accents optional), or ID number"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, widget=FastSelect
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, widget=FastSelect)
    residence_unit = ListedModelChoiceFilter(label=_("Commune"), queryset=commune_list())
    special_management = django_filters.BooleanFilter(
        label=_("Special management"), widget=YesNoAllWidget
    )
    incomplete = django_filters.BooleanFilter(
        label=_("Without citizen ID"), method="filter_incomplete", widget=YesNoAllWidget
    )
    responsible_officer = ListedModelChoiceFilter(
        label=_("Responsible officer"),
        queryset=officer_list(user=None),
        null_label=_("No officer assigned"),
    )
    custody_state = django_filters.ChoiceFilter(
        label=_("Custody"), choices=CustodyState.choices, widget=FastSelect
    )
    verification_state = django_filters.ChoiceFilter(
        label=_("Population database"), choices=VerificationState.choices, widget=FastSelect
    )
    has_overdue = django_filters.BooleanFilter(
        label=_("Has overdue work"),
        method="filter_has_overdue",
        widget=YesNoAllWidget,
        help_text=_("An open task past its deadline."),
    )
    ethnicity = django_filters.ChoiceFilter(
        label=_("Ethnicity"),
        choices=[(ETHNIC_MINORITIES, _("All groups other than Kinh")), *Ethnicity.choices],
        method="filter_ethnicity",
        widget=FastSelect,
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("full_name_folded", "name"),
            ("birth_year", "birth_year"),
            ("category", "category"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "full_name_folded": _("Name"),
            "birth_year": _("Birth year"),
            "category": _("Category"),
            "updated_at": _("Last updated"),
        },
    )

    class Meta:
        model = Person
        fields = ["q", "category", "sex", "residence_unit", "special_management"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None and getattr(user, "scope_unit_id", None):
            self.filters["residence_unit"].queryset = commune_list(within=user.scope_unit)
        self.user = user
        self.filters["responsible_officer"].queryset = officer_list(user=user)

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        digits = text.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(
                Q(national_id__startswith=digits) | Q(former_id__startswith=digits)
            )
        folded = fold(text)
        # The folded copies are lower case ASCII: plain LIKEs, which the trigram indexes serve.
        return queryset.filter(
            Q(full_name_folded__contains=folded) | Q(aliases_folded__contains=folded)
        )

    def filter_incomplete(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(national_id="") if value else queryset.exclude(national_id="")

    def filter_has_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = selectors.person_overdue_exists(user=self.user, today=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_ethnicity(self, queryset, name, value):
        if not value:
            return queryset
        if value == ETHNIC_MINORITIES:
            return queryset.exclude(ethnicity__in=["", Ethnicity.KINH])
        return queryset.filter(ethnicity=value)


# ---- Drug tests and contacts: the API lists share these ---------------------------------------

# ISO dates (what API clients send) and dd/mm/yyyy (what people type).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class _PersonCheckFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Person's name (accents optional)")
    )
    person = IdFilter(field_name="person_id", label=_("Person (ID)"))

    def search(self, queryset, name, value):
        folded = fold(value.strip())
        return queryset.filter(person__full_name_folded__contains=folded) if folded else queryset


class DrugTestFilter(_PersonCheckFilter):
    result = django_filters.ChoiceFilter(label=_("Result"), choices=DrugTestResult.choices)
    method = django_filters.ChoiceFilter(label=_("Method"), choices=DrugTestMethod.choices)
    date_from = django_filters.DateFilter(
        field_name="tested_on",
        lookup_expr="gte",
        label=_("Tested from"),
        input_formats=DATE_INPUT_FORMATS,
    )
    date_to = django_filters.DateFilter(
        field_name="tested_on",
        lookup_expr="lte",
        label=_("Tested until"),
        input_formats=DATE_INPUT_FORMATS,
    )

    class Meta:
        model = DrugTest
        fields = ["q", "person", "result", "method", "date_from", "date_to"]


class ContactFilter(_PersonCheckFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind of contact"), choices=ContactKind.choices)
    officer = IdFilter(field_name="officer_id", label=_("Officer (ID)"))
    date_from = django_filters.DateFilter(
        field_name="contacted_on",
        lookup_expr="gte",
        label=_("Contacted from"),
        input_formats=DATE_INPUT_FORMATS,
    )
    date_to = django_filters.DateFilter(
        field_name="contacted_on",
        lookup_expr="lte",
        label=_("Contacted until"),
        input_formats=DATE_INPUT_FORMATS,
    )

    class Meta:
        model = Contact
        fields = ["q", "person", "kind", "officer", "date_from", "date_to"]


class ManagementPeriodFilter(_PersonCheckFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PeriodKind.choices)
    active = django_filters.BooleanFilter(
        label=_("Open"),
        method="filter_active",
        widget=YesNoAllWidget,
        help_text=_("Open: its end is not recorded yet."),
    )

    class Meta:
        model = ManagementPeriod
        fields = ["q", "person", "kind", "active"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(ended_on__isnull=value)


# ---- Prior record: the API list -------------------------------------------------------------


class PriorRecordFilter(_PersonCheckFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PriorRecordKind.choices)
    drug_related = django_filters.BooleanFilter(label=_("Drug-related"), widget=YesNoAllWidget)
    voided = django_filters.BooleanFilter(
        field_name="voided_at", lookup_expr="isnull", exclude=True, label=_("Voided")
    )

    class Meta:
        model = PriorRecord
        fields = ["q", "person", "kind", "drug_related", "voided"]
