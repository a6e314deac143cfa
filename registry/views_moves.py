"""Moving: the transfer form, the residence history on the person page, and the deliberate,
logged exception of DESIGN.md: a unit keeps a read-only view of what it recorded about a
person before the person moved away ("Moved away" list and the person's page as it stood)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, services
from .choices import Category, Sex
from .forms_moves import TransferForm
from .models import Person

PAGE_SIZE = 25


def former_access_detail(stint) -> str:
    """The access log's detail for a read through the moved-away exception (ids and dates
    only, never personal data)."""
    return f"former residence: read-only, moved out on {stint.moved_out_on:%d/%m/%Y}"


def moves_context(user, person, *, can_write: bool) -> dict:
    """The "Residence" section of the person page: the history, and the transfer form for
    those who may move the person."""
    if not selectors.person_check_can(user=user):
        return {"show_residences": False}
    return {
        "show_residences": True,
        "residences": selectors.residence_list(user=user, person=person),
        "transfer_form": TransferForm(
            user=user, person=person, initial={"moved_on": timezone.localdate()}
        )
        if can_write
        else None,
    }


def person_elsewhere(request, pk):
    """What /people/<pk>/ shows when the person is not (or no longer) in the user's
    jurisdiction: a merged record redirects to its survivor when the user sees it; a person
    who moved away from the user's unit shows as they stood at the move, read-only and
    logged; anything else is 404."""
    survivor = selectors.person_merged_into(pk=pk)
    if survivor:
        return redirect(selectors.person_get(user=request.user, pk=survivor))
    stint = selectors.residence_former_get(user=request.user, person_pk=pk)
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW,
        record=(Person.scope_record_type, str(pk)),
        detail=former_access_detail(stint),
    )
    context = former_context(stint)
    # The province may record the return of a person who left it (services/moves.py).
    context["can_record_return"] = services.is_provincial(request.user) and not (
        stint.person.scope_path
    )
    return render(request, "registry/person_former_detail.html", context)


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def former_record(stint) -> dict:
    """The record as it stood at the move, with labels (from the stint, never the live row)."""
    record = stint.record or {}
    return {
        "full_name": record.get("full_name", ""),
        "sex": dict(Sex.choices).get(record.get("sex"), ""),
        "date_of_birth": _day(record.get("date_of_birth")),
        "birth_year": record.get("birth_year"),
        "national_id": record.get("national_id", ""),
        "former_id": record.get("former_id", ""),
        "address": record.get("address", ""),
        "residence_unit": record.get("residence_unit_name", ""),
        "category": dict(Category.choices).get(record.get("category"), ""),
        "special_management": bool(record.get("special_management")),
        "responsible_officer": record.get("responsible_officer_name", ""),
    }


def former_context(stint) -> dict:
    events = list(selectors.person_former_events(stint=stint))
    return {
        "stint": stint,
        "person_pk": stint.person_id,
        "record": former_record(stint),
        "events": events,
        "corrected_ids": {e.corrects_id for e in events if e.corrects_id},
        "residences": selectors.person_former_residences(stint=stint),
        "checks": selectors.person_former_contacts(stint=stint),
    }


class MovedAwayListView(View):
    """The people who moved away from the user's jurisdiction, newest move first."""

    def get(self, request):
        if not selectors.person_check_can(user=request.user):
            raise Http404
        stints = selectors.residence_former_list(user=request.user)
        page = Paginator(stints, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "registry/moved_away_list.html", {"page": page, "query": ""})


class TransferView(View):
    """Record a move (to another commune of the province, or out of it)."""

    template = "registry/transfer_form.html"

    def _person(self, request, pk):
        try:
            return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)
        except Http404:
            # Back from outside the province: the province records the return.
            return selectors.person_outside_get(user=request.user, pk=pk)

    def get(self, request, pk):
        person = self._person(request, pk)
        form = TransferForm(
            user=request.user, person=person, initial={"moved_on": timezone.localdate()}
        )
        return render(request, self.template, {"person": person, "form": form})

    def post(self, request, pk):
        person = self._person(request, pk)
        form = TransferForm(request.POST, user=request.user, person=person)
        if form.is_valid():
            try:
                services.person_transfer(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The move has been recorded."))
                return redirect(f"{person.get_absolute_url()}#residence")
        return render(request, self.template, {"person": person, "form": form}, status=400)
