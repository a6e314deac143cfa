"""Pages for the rest of the person record: custody and the population-database check (each
change an event on the timeline), the prior record, the extra export columns, and the export
of changes for the national population database. Out of scope, every page answers 404."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, can, grant_for
from common.exports import label_of, xlsx_response

from . import selectors, services
from .filters import PersonFilter
from .forms_states import (
    CustodyForm,
    NationalDbChangesForm,
    PriorRecordForm,
    PriorRecordVoidForm,
    VerificationForm,
)
from .models import Person
from .views_history import _PersonActionView


def states_context(user, person, *, can_write: bool) -> dict:
    """The "Prior record" section of the person page (nothing when the grant reaches no
    entry)."""
    if not selectors.prior_record_can(user=user):
        return {"show_prior_records": False}
    return {
        "show_prior_records": True,
        "prior_records": selectors.person_prior_records(user=user, person=person),
        "can_add_prior_record": can_write
        and selectors.prior_record_can(user=user, access=Access.WRITE),
    }


# ---- Custody and the population database ---------------------------------------------------


class CustodyView(_PersonActionView):
    template = "registry/custody_form.html"
    form_class = CustodyForm

    def initial(self, person, **kwargs):
        return {
            "state": person.custody_state,
            "place": person.custody_place,
            "since": timezone.localdate(),
        }

    def act(self, request, person, data):
        services.person_set_custody(actor=request.user, person=person, **data)
        messages.success(request, _("The custody state has been recorded."))


class VerificationView(_PersonActionView):
    template = "registry/verification_form.html"
    form_class = VerificationForm

    def initial(self, person, **kwargs):
        return {"state": person.verification_state, "checked_on": timezone.localdate()}

    def act(self, request, person, data):
        services.person_set_verification(actor=request.user, person=person, **data)
        messages.success(request, _("The population-database state has been recorded."))


# ---- Prior record --------------------------------------------------------------------------


class _PriorRecordView(_PersonActionView):
    def person(self, request, pk):
        if not selectors.prior_record_can(user=request.user, access=Access.WRITE):
            raise Http404
        return super().person(request, pk)

    def initial(self, person, **kwargs):
        return {}


class PriorRecordCreateView(_PriorRecordView):
    template = "registry/prior_record_form.html"
    form_class = PriorRecordForm

    def act(self, request, person, data):
        services.prior_record_add(actor=request.user, person=person, **data)
        messages.success(request, _("The entry has been added to the prior record."))


class PriorRecordVoidView(_PriorRecordView):
    template = "registry/prior_record_void_form.html"
    form_class = PriorRecordVoidForm

    def _record(self, request, person, record_pk):
        record = selectors.prior_record_get(
            user=request.user, pk=record_pk, person_pk=person.pk, access=Access.WRITE
        )
        if record.is_voided:
            raise Http404
        return record

    def context(self, request, person, form, record_pk=None):
        record = self._record(request, person, record_pk)
        return {"person": person, "form": form, "record": record}

    def act(self, request, person, data, record_pk=None):
        record = self._record(request, person, record_pk)
        services.prior_record_void(actor=request.user, record=record, reason=data["reason"])
        messages.success(request, _("The entry has been voided."))


# ---- Exports -------------------------------------------------------------------------------


def _yes(value) -> str:
    return _("Yes") if value else ""


def _prior_record_summary(person) -> str:
    entries = getattr(person, "standing_prior_records", None) or []
    return "; ".join(
        f"{r.year} {r.get_kind_display()}"
        + (f" ({_('drug-related')})" if r.drug_related else "")
        + f": {r.description}"
        for r in entries
    )


def background_export_columns() -> list:
    """The columns of the rest of the record, added to the people export (views.py)."""
    return [
        (_("Other names"), lambda p: p.aliases),
        (_("Ethnicity"), label_of(Person, "ethnicity")),
        (_("Education"), label_of(Person, "education_level")),
        (_("Occupation"), lambda p: p.occupation),
        (_("Phone"), lambda p: p.phone),
        (
            _("Commune of permanent residence"),
            lambda p: p.permanent_residence_unit.name if p.permanent_residence_unit_id else "",
        ),
        (_("Permanent address"), lambda p: p.permanent_address),
        (_("Custody"), label_of(Person, "custody_state")),
        (_("Custody since"), lambda p: p.custody_since),
        (_("Place of custody"), lambda p: p.custody_place),
        (_("Population database"), label_of(Person, "verification_state")),
        (_("Population database checked on"), lambda p: p.verification_on),
        (_("Population database note"), lambda p: p.verification_note),
        (_("Prior record"), _prior_record_summary),
    ]


def with_prior_records(rows, *, user):
    """The people with their standing prior-record entries (one query per chunk of rows,
    nothing for a grant that reaches no entry)."""
    entries = selectors.prior_record_list(user=user).standing().select_related(None)
    return rows.prefetch_related(
        Prefetch(
            "prior_records",
            queryset=entries.order_by("-year", "-id"),
            to_attr="standing_prior_records",
        )
    )


def national_db_columns() -> list:
    return [
        (_("ID"), lambda p: p.pk),
        (_("Full name"), lambda p: p.full_name),
        (_("Other names"), lambda p: p.aliases),
        (_("Sex"), label_of(Person, "sex")),
        (_("Date of birth"), lambda p: p.date_of_birth),
        (_("Birth year"), lambda p: p.birth_year),
        (_("Citizen ID (CCCD)"), lambda p: p.national_id),
        (_("Former ID (CMND)"), lambda p: p.former_id),
        (_("Ethnicity code"), lambda p: p.ethnicity),
        (_("Ethnicity"), label_of(Person, "ethnicity")),
        (
            _("Commune of permanent residence"),
            lambda p: p.permanent_residence_unit.name if p.permanent_residence_unit_id else "",
        ),
        (_("Permanent address"), lambda p: p.permanent_address),
        (_("Commune of residence"), lambda p: p.residence_unit.name),
        (_("Address"), lambda p: p.address),
        (_("Category"), label_of(Person, "category")),
        (_("Special management"), lambda p: _yes(p.special_management)),
        (_("Custody"), label_of(Person, "custody_state")),
        (_("Custody since"), lambda p: p.custody_since),
        (_("Place of custody"), lambda p: p.custody_place),
        (_("Population database"), label_of(Person, "verification_state")),
        (_("Population database checked on"), lambda p: p.verification_on),
        (_("Population database note"), lambda p: p.verification_note),
        (_("Changed on"), lambda p: p.changed_on),
    ]


class NationalDbChangesView(View):
    """People whose record changed since a day and who still need updating into the national
    population database (003, 004), through the list's filters: a page that asks for the day,
    then the XLSX file, logged. Without the day, or with a wrong one, the page (and why)."""

    template = "registry/national_db_changes.html"

    def _page(self, request, form, status=200):
        carried = [
            (name, value)
            for name, values in request.GET.lists()
            for value in values
            if name not in ("since", "page")
        ]
        return render(request, self.template, {"form": form, "carried": carried}, status=status)

    def get(self, request):
        user = request.user
        if not can(user, Person.scope_record_type, Access.READ):
            raise Http404
        if grant_for(user, Person.scope_record_type).fields != "full":
            raise Http404
        if "since" not in request.GET:
            return self._page(request, NationalDbChangesForm())
        form = NationalDbChangesForm(request.GET)
        if not form.is_valid():
            return self._page(request, form, status=400)
        since = form.cleaned_data["since"]
        people = selectors.person_national_db_changes(user=user, since=since)
        filterset = PersonFilter(request.GET, queryset=people, request=request)
        rows = filterset.qs if filterset.is_valid() else people.none()
        access_log_record(
            user=user,
            action=AccessAction.EXPORT,
            record=(Person.scope_record_type, ""),
            detail=f"national database changes: {request.GET.urlencode()}",
        )
        return xlsx_response(
            filename=f"thay-doi-csdl-dan-cu-tu-{since:%Y%m%d}.xlsx",
            sheet_title=_("Changes"),
            columns=national_db_columns(),
            rows=rows.order_by("residence_unit__name", "full_name_folded", "id").iterator(
                chunk_size=2000
            ),
            taken_by=user,
        )
