"""Rehab placements: the person-page section, the list (filters, sort, pages, XLSX), the
detail with its timeline, and the forms to open and to end one. Out of scope, or without a
grant, every page answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.exports import xlsx_response
from common.forms import apply_validation_error
from registry import selectors as registry_selectors

from . import selectors, services_placements
from .filters import LearnerFilter, PlacementFilter
from .forms import PlacementAdmitForm, PlacementEndForm, PlacementOpenForm

PAGE_SIZE = 50


def rehab_section(*, user, person, can_write: bool) -> dict | None:
    """The "Addiction determinations and rehab" section of the person page; None when the
    user's grants reach neither."""
    sees_determinations = selectors.determination_can(user=user)
    sees_placements = selectors.placement_can(user=user)
    sees_dossiers = selectors.dossier_can(user=user)
    if not (sees_determinations or sees_placements or sees_dossiers):
        return None
    return {
        "person": person,
        "show_determinations": sees_determinations,
        "determinations": selectors.person_determinations(user=user, person=person)
        if sees_determinations
        else [],
        "can_record": selectors.determination_can(user=user, access=Access.WRITE),
        "show_placements": sees_placements,
        "placements": selectors.person_placements(user=user, person=person)
        if sees_placements
        else [],
        "can_write_placements": can_write
        and selectors.placement_can(user=user, access=Access.WRITE),
        "show_dossiers": sees_dossiers,
        "dossiers": selectors.person_dossiers(user=user, person=person) if sees_dossiers else [],
        "can_write_dossiers": can_write and selectors.dossier_can(user=user, access=Access.WRITE),
        **_followup_section(user=user, person=person, can_write=can_write),
    }


def _followup_section(*, user, person, can_write: bool) -> dict:
    """Post-rehab follow-up, voluntary-rehab registrations, services reached and education at
    commune: the part of the section the later slices add."""
    sees = selectors.followup_can(user=user)
    return {
        "show_followup": sees,
        "followup": selectors.person_followup(user=user, person=person) if sees else [],
        "registrations": selectors.person_registrations(user=user, person=person) if sees else [],
        "services": selectors.person_services(user=user, person=person) if sees else [],
        "education": selectors.person_education(user=user, person=person) if sees else [],
        "can_write_followup": can_write and selectors.followup_can(user=user, access=Access.WRITE),
    }


def _require(user, access=Access.READ):
    if not selectors.placement_can(user=user, access=access):
        raise Http404


class PlacementListView(View):
    def get(self, request):
        _require(request.user)
        filterset = PlacementFilter(
            request.GET, request=request, queryset=selectors.placement_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            access_log_record(
                user=request.user,
                action=AccessAction.EXPORT,
                record=("rehab_placement", ""),
                detail=f"placements: {request.GET.urlencode()}"[:500],
            )
            return _export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        access_log_record(
            user=request.user,
            action=AccessAction.SEARCH,
            record=("rehab_placement", ""),
            detail=f"placements: {request.GET.urlencode()}"[:500],
        )
        context = {"filter": filterset, "page": page, "query": query.urlencode()}
        if request.htmx:
            return render(request, "rehab/partials/placement_rows.html", context)
        return render(request, "rehab/placement_list.html", context)


def _export(request, rows):
    columns = [
        (_("Full name"), lambda p: p.person.full_name),
        (_("Birth year"), lambda p: p.person.birth_year),
        (_("Citizen ID"), lambda p: p.person.national_id),
        (_("Commune"), lambda p: p.person.residence_unit.name),
        (_("Form"), lambda p: p.get_form_display()),
        (_("Facility"), lambda p: p.facility.name if p.facility else ""),
        (_("Governing law"), lambda p: p.law),
        (_("Start"), lambda p: p.start_on),
        (_("Duration (months)"), lambda p: p.months),
        (_("Planned end"), lambda p: p.planned_end_on),
        (_("Ended on"), lambda p: p.ended_on),
        (_("Outcome"), lambda p: p.get_outcome_display()),
        (_("Decision number"), lambda p: p.decision_number),
    ]
    return xlsx_response(
        filename="cai-nghien.xlsx",
        sheet_title=str(_("Rehab placements")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class PlacementDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        placement = selectors.placement_get(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=placement.person,
            detail=f"rehab placement {placement.pk}",
        )
        # Whoever may write the placement: the commune police and the province (they write
        # the person), a facility officer for a placement at their facility.
        can_write = selectors.placement_can(user=request.user, access=Access.WRITE) and (
            selectors.placement_list(user=request.user, access=Access.WRITE)
            .filter(pk=placement.pk)
            .exists()
        )
        context = {
            "p": placement,
            "events": selectors.placement_events(placement=placement),
            "can_write": can_write,
            "today": timezone.localdate(),
        }
        return render(request, "rehab/placement_detail.html", context)


def _facilities(user):
    return selectors.facility_choices(user=user)


class PlacementCreateView(View):
    def _person(self, request, person_pk):
        _require(request.user, Access.WRITE)
        return registry_selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)

    def _render(self, request, person, form, status=200):
        return render(
            request, "rehab/placement_form.html", {"person": person, "form": form}, status=status
        )

    def get(self, request, person_pk):
        person = self._person(request, person_pk)
        form = PlacementOpenForm(
            facilities=_facilities(request.user),
            initial={
                "start_on": timezone.localdate(),
                "decision_date": timezone.localdate(),
                "form": request.GET.get("form"),
            },
        )
        return self._render(request, person, form)

    def post(self, request, person_pk):
        person = self._person(request, person_pk)
        form = PlacementOpenForm(request.POST, facilities=_facilities(request.user))
        if form.is_valid():
            try:
                placement = services_placements.placement_open(
                    actor=request.user, person=person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("The placement has been recorded: planned end %(date)s.")
                    % {"date": f"{placement.planned_end_on:%d/%m/%Y}"},
                )
                return redirect(placement.get_absolute_url())
        return self._render(request, person, form, status=400)


class _PlacementStepView(View):
    """A step on an open placement (its end, the learner's admission): a form dated today by
    default, the service's refusals on their fields, 404 when the step no longer applies."""

    template: str
    form_class: type
    date_field: str
    done_message: str

    def applies(self, placement) -> bool:
        return not placement.ended_on

    def record(self, *, actor, placement, **data):
        raise NotImplementedError

    def _placement(self, request, pk):
        _require(request.user, Access.WRITE)
        placement = selectors.placement_get(user=request.user, pk=pk, access=Access.WRITE)
        if not self.applies(placement):
            raise Http404
        return placement

    def _render(self, request, placement, form, status=200):
        return render(request, self.template, {"p": placement, "form": form}, status=status)

    def get(self, request, pk):
        placement = self._placement(request, pk)
        form = self.form_class(initial={self.date_field: timezone.localdate()})
        return self._render(request, placement, form)

    def post(self, request, pk):
        placement = self._placement(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.record(actor=request.user, placement=placement, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, self.done_message)
                return redirect(placement.get_absolute_url())
        return self._render(request, placement, form, status=400)


class PlacementEndView(_PlacementStepView):
    template = "rehab/placement_end.html"
    form_class = PlacementEndForm
    date_field = "ended_on"
    done_message = gettext_lazy("The end of the placement has been recorded.")

    def record(self, **kwargs):
        services_placements.placement_end(**kwargs)


# ---- Learners: a facility officer's placements ----------------------------------------------


class LearnerListView(View):
    """The learners ("học viên") of the officer's facility: in stay (admitted, not ended) by
    default, or awaiting admission; admission date, planned end and days left."""

    def get(self, request):
        if not selectors.learner_can(user=request.user):
            raise Http404
        filterset = LearnerFilter(
            request.GET, request=request, queryset=selectors.learner_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        today = timezone.localdate()
        for placement in page.object_list:
            placement.days_left = (placement.planned_end_on - today).days
            placement.days_overdue = -placement.days_left
        query = request.GET.copy()
        query.pop("page", None)
        access_log_record(
            user=request.user,
            action=AccessAction.SEARCH,
            record=("rehab_placement", ""),
            detail=f"learners: {request.GET.urlencode()}"[:500],
        )
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "awaiting": filterset.form.data.get("stay") == "awaiting",
        }
        if request.htmx:
            return render(request, "rehab/partials/learner_rows.html", context)
        return render(request, "rehab/learner_list.html", context)


class PlacementAdmitView(_PlacementStepView):
    template = "rehab/placement_admit.html"
    form_class = PlacementAdmitForm
    date_field = "admitted_on"
    done_message = gettext_lazy("The admission has been recorded.")

    def applies(self, placement) -> bool:
        return not (placement.ended_on or placement.admitted_on or placement.facility_id is None)

    def record(self, **kwargs):
        services_placements.placement_admit(**kwargs)
