"""Pages of the cases app: case list (XLSX export), detail with timeline, forms for each write
(case, stage, suspect with the person picker, suspect event, seizure, its correction and
withdrawal), and the same for planting sites. Out of scope: 404."""

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
from common.exports import xlsx_response
from common.forms import apply_validation_error

from . import selectors, services
from .choices import CaseStage, DrugType, Ring, Route, Unit
from .filters import DrugCaseFilter, PlantingSiteFilter
from .forms import (
    CaseForm,
    PersonPickForm,
    PlantingForm,
    PlantingStepForm,
    SeizureCorrectForm,
    SeizureForm,
    SeizureRemoveForm,
    StepForm,
    SuspectEventForm,
    SuspectForm,
)

PAGE_SIZE = 50


def _query(request, drop=("page",)):
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def _require(user, access=Access.READ):
    if not selectors.case_can(user=user, access=access):
        raise Http404


def _filtered(request):
    _require(request.user)
    filterset = DrugCaseFilter(
        request.GET,
        queryset=selectors.case_list(user=request.user),
        communes=selectors.case_communes(user=request.user),
    )
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, rows


class CaseListView(View):
    def get(self, request):
        filterset, rows = _filtered(request)
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "can_write": selectors.case_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "cases/partials/case_rows.html", context)
        return render(request, "cases/case_list.html", context)


def _export(request, rows):
    yes, no = _("Yes"), _("No")
    stages = {value: str(label) for value, label in CaseStage.choices}
    routes = {value: str(label) for value, label in Route.choices}
    rings = {value: str(label) for value, label in Ring.choices}
    columns = [
        (_("Case number"), lambda c: c.number),
        (_("Year"), lambda c: c.year),
        (_("Detection date"), lambda c: c.detected_on),
        (_("Commune"), lambda c: c.commune.name),
        (_("Kind of offence"), lambda c: "; ".join(c.kind_labels)),
        (_("Route"), lambda c: routes.get(c.route, "")),
        (
            _("Route verified"),
            lambda c: "" if c.route_verified is None else (yes if c.route_verified else no),
        ),
        (_("Ring"), lambda c: rings.get(c.ring, c.ring)),
        (_("Model trial"), lambda c: yes if c.is_model_trial else no),
        (_("Stage"), lambda c: stages.get(c.stage, c.stage)),
        (_("Stage since"), lambda c: c.stage_on),
        (_("Charge date"), lambda c: c.charged_on),
        (_("Suspects wanted"), lambda c: c.wanted_count),
        (_("Description"), lambda c: c.description),
    ]
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        record=("drug_case", "list"),
        detail=_query(request, drop=("page", "format")),
    )
    return xlsx_response(
        filename="vu-an-ma-tuy.xlsx",
        sheet_title=str(_("Drug cases")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class CaseDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        case = selectors.case_get(user=request.user, pk=pk)
        can_write = selectors.case_writable(user=request.user, pk=pk)
        suspects = list(selectors.case_suspects(case=case))
        visible = selectors.suspect_visible_people(user=request.user, suspects=suspects)
        if any(s.person_id for s in suspects):
            access_log_record(user=request.user, action=AccessAction.VIEW, record=case)
        return render(
            request,
            "cases/case_detail.html",
            {
                "case": case,
                "timeline": _timeline(case),
                "suspects": [{"s": s, "visible": s.person_id in visible} for s in suspects],
                "seizures": selectors.case_seizures(case=case, with_removed=True),
                "totals": _labelled_totals(
                    selectors.seizure_totals(selectors.case_seizures(case=case))
                ),
                "can_write": can_write,
                "steps": services.allowed_steps(case) if can_write else [],
            },
        )


def _timeline(case) -> list[dict]:
    """The stages of the case and the corrections and withdrawals of its seizures, by date
    (a correction on the day it was made, after that day's stages)."""
    rows = [
        {"day": e.occurred_on, "order": (0, e.pk), "event": e}
        for e in selectors.case_events(case=case)
    ]
    rows += [
        {"day": timezone.localdate(c.created_at), "order": (1, c.pk), "change": c}
        for c in selectors.case_seizure_changes(case=case)
    ]
    return sorted(rows, key=lambda row: (row["day"], row["order"]))


def _labelled_totals(totals):
    drugs, units = dict(DrugType.choices), dict(Unit.choices)
    return [
        {**t, "drug_label": drugs.get(t["drug_type"]), "unit_label": units.get(t["unit"])}
        for t in totals
    ]


class _WriteView(View):
    template = "cases/case_form.html"
    title = ""

    def _case(self, request, pk):
        return selectors.case_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, form, case=None, status=200, **extra):
        context = {"form": form, "case": case, "title": self.title, **extra}
        return render(request, self.template, context, status=status)


def _case_form(request, data=None, case=None):
    communes = selectors.case_communes(user=request.user)
    hotspots = selectors.case_hotspots(user=request.user)
    if case is None:
        initial = {"detected_on": timezone.localdate(), "ring": Ring.NONE}
        if communes.count() == 1:
            initial["commune"] = communes.first()
        return CaseForm(data, communes=communes, hotspots=hotspots, initial=initial)
    initial = {
        field: getattr(case, field)
        for field in (
            "number",
            "commune",
            "route",
            "route_verified",
            "ring",
            "is_model_trial",
            "hotspot",
            "description",
        )
    }
    initial["kinds"] = case.kinds
    return CaseForm(
        data, communes=communes, hotspots=hotspots, initial=initial, with_detection=False
    )


class CaseCreateView(_WriteView):
    def get(self, request):
        _require(request.user, Access.WRITE)
        self.title = _("Record a drug case")
        return self._render(request, _case_form(request))

    def post(self, request):
        _require(request.user, Access.WRITE)
        self.title = _("Record a drug case")
        form = _case_form(request, request.POST)
        if form.is_valid():
            try:
                case = services.case_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The case has been recorded."))
                return redirect(case)
        return self._render(request, form, status=400)


class CaseEditView(_WriteView):
    def get(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Edit the case")
        return self._render(request, _case_form(request, case=case), case)

    def post(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Edit the case")
        form = _case_form(request, request.POST, case=case)
        if form.is_valid():
            try:
                services.case_update(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The case has been saved."))
                return redirect(case)
        return self._render(request, form, case, status=400)


class CaseStepView(_WriteView):
    def _form(self, request, case, data=None):
        initial = {"occurred_on": timezone.localdate(), "step": request.GET.get("step")}
        return StepForm(data, steps=services.allowed_steps(case), initial=initial)

    def get(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Record a stage")
        return self._render(request, self._form(request, case), case)

    def post(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Record a stage")
        form = self._form(request, case, request.POST)
        if form.is_valid():
            try:
                services.case_transition(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The stage has been recorded."))
                return redirect(case)
        return self._render(request, form, case, status=400)


def _person_pick(request, text: str) -> dict:
    """The picker's context: the people matching `text`, or the field's error."""
    form = PersonPickForm({"pq": text})
    if not form.is_valid():
        return {"pq": text, "people": [], "pq_form": form}
    pq = form.cleaned_data["pq"]
    return {"pq": pq, "people": selectors.person_pick(user=request.user, q=pq)}


class PersonPickView(View):
    """The person picker: people in the user's scope whose name (accents optional) or CCCD
    matches; HTMX swaps the choices into the suspect form (200 with the field's error too,
    as HTMX swaps only successful answers)."""

    def get(self, request):
        _require(request.user, Access.WRITE)
        context = _person_pick(request, request.GET.get("pq", ""))
        return render(request, "cases/partials/person_choices.html", context)


class SuspectAddView(_WriteView):
    template = "cases/suspect_form.html"

    def _extra(self, request):
        return _person_pick(request, request.GET.get("pq") or request.POST.get("pq") or "")

    def get(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Add a suspect")
        return self._render(request, SuspectForm(), case, **self._extra(request))

    def post(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Add a suspect")
        form = SuspectForm(request.POST)
        if form.is_valid():
            person = None
            raw = request.POST.get("person", "")
            if raw:
                person = (
                    selectors.person_for_link(user=request.user, pk=raw) if raw.isdigit() else None
                )
                if person is None:
                    form.add_error(None, _("Choose a person within your jurisdiction."))
            if not form.errors:
                try:
                    services.suspect_add(
                        actor=request.user, case=case, person=person, **form.cleaned_data
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    messages.success(request, _("The suspect has been added."))
                    return redirect(case)
        return self._render(request, form, case, status=400, **self._extra(request))


class SuspectEventView(_WriteView):
    def get(self, request, pk, suspect_pk):
        case = self._case(request, pk)
        suspect = selectors.suspect_get(case=case, pk=suspect_pk)
        self.title = _("Arrest, wanted notice or surrender")
        form = SuspectEventForm(
            initial={"occurred_on": timezone.localdate(), "kind": request.GET.get("kind")}
        )
        return self._render(request, form, case, suspect=suspect)

    def post(self, request, pk, suspect_pk):
        case = self._case(request, pk)
        suspect = selectors.suspect_get(case=case, pk=suspect_pk)
        self.title = _("Arrest, wanted notice or surrender")
        form = SuspectEventForm(request.POST)
        if form.is_valid():
            try:
                services.suspect_record_event(
                    actor=request.user, suspect=suspect, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The event has been recorded."))
                return redirect(case)
        return self._render(request, form, case, status=400, suspect=suspect)


class SeizureAddView(_WriteView):
    def get(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Record a seizure")
        return self._render(request, SeizureForm(initial={"seized_on": case.detected_on}), case)

    def post(self, request, pk):
        case = self._case(request, pk)
        self.title = _("Record a seizure")
        form = SeizureForm(request.POST)
        if form.is_valid():
            try:
                services.seizure_add(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The seizure has been recorded."))
                return redirect(case)
        return self._render(request, form, case, status=400)


class SeizureCorrectView(_WriteView):
    """Correct a seizure's figures with a reason; the old ones stay in the case's history."""

    template = "cases/seizure_correct.html"

    def _seizure(self, request, pk, seizure_pk):
        case = self._case(request, pk)
        self.title = _("Correct a seizure")
        return case, selectors.seizure_get(case=case, pk=seizure_pk)

    def get(self, request, pk, seizure_pk):
        case, seizure = self._seizure(request, pk, seizure_pk)
        initial = {
            "drug_type": seizure.drug_type,
            "quantity": seizure.quantity_plain,
            "unit": seizure.unit,
            "seized_on": seizure.seized_on,
            "note": seizure.note,
        }
        return self._render(request, SeizureCorrectForm(initial=initial), case, seizure=seizure)

    def post(self, request, pk, seizure_pk):
        case, seizure = self._seizure(request, pk, seizure_pk)
        form = SeizureCorrectForm(request.POST)
        if form.is_valid():
            try:
                services.seizure_correct(actor=request.user, seizure=seizure, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The seizure has been corrected."))
                return redirect(f"{case.get_absolute_url()}#seizures")
        return self._render(request, form, case, status=400, seizure=seizure)


class SeizureRemoveView(_WriteView):
    """Withdraw a seizure entered by mistake: a confirmation page that asks for the reason;
    nothing changes until it is confirmed."""

    template = "cases/seizure_remove.html"

    def _seizure(self, request, pk, seizure_pk):
        case = self._case(request, pk)
        self.title = _("Withdraw a seizure")
        return case, selectors.seizure_get(case=case, pk=seizure_pk)

    def get(self, request, pk, seizure_pk):
        case, seizure = self._seizure(request, pk, seizure_pk)
        return self._render(request, SeizureRemoveForm(), case, seizure=seizure)

    def post(self, request, pk, seizure_pk):
        case, seizure = self._seizure(request, pk, seizure_pk)
        form = SeizureRemoveForm(request.POST)
        if form.is_valid():
            try:
                services.seizure_remove(actor=request.user, seizure=seizure, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The seizure has been withdrawn."))
                return redirect(f"{case.get_absolute_url()}#seizures")
        return self._render(request, form, case, status=400, seizure=seizure)


# ---- planting sites ---------------------------------------------------------------------
def _require_planting(user, access=Access.READ):
    if not selectors.planting_can(user=user, access=access):
        raise Http404


class PlantingListView(View):
    def get(self, request):
        _require_planting(request.user)
        filterset = PlantingSiteFilter(
            request.GET,
            queryset=selectors.planting_list(user=request.user),
            communes=selectors.case_communes(user=request.user),
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            return _planting_export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "can_write": selectors.planting_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "cases/partials/planting_rows.html", context)
        return render(request, "cases/planting_list.html", context)


def _planting_export(request, rows):
    columns = [
        (_("Location"), lambda s: s.location),
        (_("Commune"), lambda s: s.commune.name),
        (_("Plant"), lambda s: s.plant),
        (_("Area (m²)"), lambda s: s.area_m2),
        (_("Number of plants"), lambda s: s.plant_count),
        (_("Date found"), lambda s: s.found_on),
        (_("Date destroyed"), lambda s: s.destroyed_on),
        (_("Times re-planted"), lambda s: s.replanted_count),
        (_("Latitude"), lambda s: s.latitude),
        (_("Longitude"), lambda s: s.longitude),
    ]
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        record=("planting_site", "list"),
        detail=_query(request, drop=("page", "format")),
    )
    return xlsx_response(
        filename="dien-tich-trong-cay-co-chat-ma-tuy.xlsx",
        sheet_title=str(_("Planting sites")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class PlantingDetailView(View):
    def get(self, request, pk):
        _require_planting(request.user)
        site = selectors.planting_get(user=request.user, pk=pk)
        can_write = (
            selectors.planting_list(user=request.user, access=Access.WRITE).filter(pk=pk).exists()
        )
        return render(
            request,
            "cases/planting_detail.html",
            {
                "site": site,
                "events": selectors.planting_events(site=site),
                "can_write": can_write,
                "steps": services.planting_allowed_steps(site) if can_write else [],
            },
        )


class _PlantingWriteView(View):
    template = "cases/planting_form.html"
    title = ""

    def _site(self, request, pk):
        return selectors.planting_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, form, site=None, status=200):
        context = {"form": form, "site": site, "title": self.title}
        return render(request, self.template, context, status=status)


class PlantingCreateView(_PlantingWriteView):
    def _form(self, request, data=None):
        _require_planting(request.user, Access.WRITE)
        communes = selectors.case_communes(user=request.user)
        initial = {"found_on": timezone.localdate()}
        if communes.count() == 1:
            initial["commune"] = communes.first()
        return PlantingForm(data, communes=communes, initial=initial)

    def get(self, request):
        self.title = _("Record a planting site")
        return self._render(request, self._form(request))

    def post(self, request):
        self.title = _("Record a planting site")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                site = services.planting_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The planting site has been recorded."))
                return redirect(site)
        return self._render(request, form, status=400)


class PlantingEditView(_PlantingWriteView):
    FIELDS = (
        "commune",
        "location",
        "plant",
        "area_m2",
        "plant_count",
        "latitude",
        "longitude",
        "description",
    )

    def _form(self, request, site, data=None):
        initial = {field: getattr(site, field) for field in self.FIELDS}
        return PlantingForm(
            data,
            communes=selectors.case_communes(user=request.user),
            initial=initial,
            with_found=False,
        )

    def get(self, request, pk):
        site = self._site(request, pk)
        self.title = _("Edit the planting site")
        return self._render(request, self._form(request, site), site)

    def post(self, request, pk):
        site = self._site(request, pk)
        self.title = _("Edit the planting site")
        form = self._form(request, site, request.POST)
        if form.is_valid():
            try:
                services.planting_update(actor=request.user, site=site, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The planting site has been saved."))
                return redirect(site)
        return self._render(request, form, site, status=400)


class PlantingStepView(_PlantingWriteView):
    def _form(self, request, site, data=None):
        steps = services.planting_allowed_steps(site)
        return PlantingStepForm(
            data, steps=steps, initial={"occurred_on": timezone.localdate(), "step": steps[0]}
        )

    def get(self, request, pk):
        site = self._site(request, pk)
        self.title = _("Destroyed or re-planted")
        return self._render(request, self._form(request, site), site)

    def post(self, request, pk):
        site = self._site(request, pk)
        self.title = _("Destroyed or re-planted")
        form = self._form(request, site, request.POST)
        if form.is_valid():
            try:
                services.planting_step(actor=request.user, site=site, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The step has been recorded."))
                return redirect(site)
        return self._render(request, form, site, status=400)
