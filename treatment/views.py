"""Pages of the treatment app: the overview with the effectiveness figures, the lists (filters,
sort, pages, XLSX), the details with their timeline, Health's forms, the imports of the lists,
and the person-page section. Out of scope, or without a grant, every page answers 404."""

import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.exports import XLSX_TYPE, xlsx_response
from common.forms import apply_validation_error
from registry import selectors as registry_selectors
from rehab import selectors as rehab_selectors
from rehab.choices import FacilityKind

from . import imports, selectors, services
from .choices import GOOD_ROWS, ImportKind, ImportState, RowStatus, TreatmentStatus
from .filters import HEALTH_KINDS, PsychosisFilter, TreatmentFilter
from .forms import (
    DoseForm,
    EnrolForm,
    ImportForm,
    PostRehabForm,
    PsychosisEndForm,
    PsychosisForm,
    StatusForm,
    WindowForm,
)

PAGE_SIZE = 50


def _require_treatment(user, access=Access.READ):
    if not selectors.treatment_can(user=user, access=access):
        raise Http404


def _require_psychosis(user, access=Access.READ):
    if not selectors.psychosis_can(user=user, access=access):
        raise Http404


def _substitution_sites(user):
    return rehab_selectors.facility_choices(user=user).filter(kind=FacilityKind.SUBSTITUTION)


def _health_facilities(user):
    return rehab_selectors.facility_choices(user=user).filter(kind__in=HEALTH_KINDS)


def _log(user, action, record, detail):
    access_log_record(user=user, action=action, record=record, detail=detail[:500])


# ---- The person page ----------------------------------------------------------------------


def treatment_section(*, user, person, can_write: bool) -> dict | None:
    """The "Substitution treatment and psychosis" section; None when the user's grants reach
    neither."""
    sees_treatment = selectors.treatment_can(user=user)
    sees_psychosis = selectors.psychosis_can(user=user)
    if not (sees_treatment or sees_psychosis):
        return None
    return {
        "person": person,
        "show_treatments": sees_treatment,
        "treatments": selectors.person_treatments(user=user, person=person)
        if sees_treatment
        else [],
        "can_enrol": selectors.treatment_can(user=user, access=Access.WRITE),
        "show_psychosis": sees_psychosis,
        "psychosis": selectors.person_psychosis(user=user, person=person) if sees_psychosis else [],
        "can_flag": selectors.psychosis_can(user=user, access=Access.WRITE),
    }


# ---- Overview -----------------------------------------------------------------------------


def _window(request):
    today = timezone.localdate()
    form = WindowForm(request.GET or None)
    start, end = today.replace(day=1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if start > end:
        start, end = end, start
    return form, start, end, today


def _list_url(name, **params):
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


class OverviewView(View):
    def get(self, request):
        _require_treatment(request.user)
        form, start, end, today = _window(request)
        figures = selectors.treatment_figures(user=request.user, start=start, end=end, today=today)
        iso = {"start": start.isoformat(), "end": end.isoformat()}
        links = {
            "active": _list_url("treatment:substitution_list", status=TreatmentStatus.IN_TREATMENT),
            "new": _list_url(
                "treatment:substitution_list", started_from=iso["start"], started_to=iso["end"]
            ),
            "dropouts": _list_url(
                "treatment:substitution_list",
                status=TreatmentStatus.DROPPED_OUT,
                ended_from=iso["start"],
                ended_to=iso["end"],
            ),
            "positive": _list_url("treatment:substitution_list", positive_test="true"),
        }
        for row in figures["retention"]:
            row["url"] = _list_url("treatment:substitution_list", cohort=row["months"])
        _log(request.user, AccessAction.SEARCH, ("treatment_substitution", ""), "overview")
        context = {
            "form": form,
            "start": start,
            "end": end,
            "f": figures,
            "links": links,
            "can_write": selectors.treatment_can(user=request.user, access=Access.WRITE),
            "can_psychosis": selectors.psychosis_can(user=request.user),
        }
        return render(request, "treatment/overview.html", context)


# ---- Substitution treatment ---------------------------------------------------------------


class TreatmentListView(View):
    def get(self, request):
        _require_treatment(request.user)
        filterset = TreatmentFilter(
            request.GET, request=request, queryset=selectors.treatment_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            _log(
                request.user,
                AccessAction.EXPORT,
                ("treatment_substitution", ""),
                f"substitution treatments: {request.GET.urlencode()}",
            )
            return _treatment_export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        _log(
            request.user,
            AccessAction.SEARCH,
            ("treatment_substitution", ""),
            f"substitution treatments: {request.GET.urlencode()}",
        )
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_write": selectors.treatment_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "treatment/partials/treatment_rows.html", context)
        return render(request, "treatment/treatment_list.html", context)


def _treatment_export(request, rows):
    columns = [
        (_("Full name"), lambda t: t.person.full_name),
        (_("Birth year"), lambda t: t.person.birth_year),
        (_("Citizen ID"), lambda t: t.person.national_id),
        (_("Commune"), lambda t: t.person.residence_unit.name),
        (_("Facility"), lambda t: t.facility.name),
        (_("Patient code"), lambda t: t.patient_code),
        (_("Medicine"), lambda t: t.get_drug_display()),
        (_("Start"), lambda t: t.start_on),
        (_("Status"), lambda t: t.get_status_display()),
        (_("Status since"), lambda t: t.status_on),
        (_("Transferred to"), lambda t: t.transferred_to.name if t.transferred_to else ""),
    ]
    return xlsx_response(
        filename="dieu-tri-thay-the.xlsx",
        sheet_title=str(_("Substitution treatment")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class TreatmentDetailView(View):
    def get(self, request, pk):
        _require_treatment(request.user)
        treatment = selectors.treatment_get(user=request.user, pk=pk)
        _log(
            request.user,
            AccessAction.VIEW,
            treatment.person,
            f"substitution treatment {treatment.pk}",
        )
        can_write = selectors.treatment_can(user=request.user, access=Access.WRITE)
        can_post_rehab = (
            treatment.status == TreatmentStatus.COMPLETED
            and registry_selectors.period_can(user=request.user, access=Access.WRITE)
            and registry_selectors.person_list(user=request.user, access=Access.WRITE)
            .filter(pk=treatment.person_id)
            .exists()
        )
        events = selectors.treatment_events(treatment=treatment)
        context = {
            "t": treatment,
            "events": events,
            "doses": selectors.treatment_doses(treatment=treatment),
            "can_write": can_write and treatment.is_active,
            "can_post_rehab": can_post_rehab and not any(e.kind == "post_rehab" for e in events),
        }
        return render(request, "treatment/treatment_detail.html", context)


def _person_from_form(request, form):
    """The person of a form opened without one: by citizen ID, among the registered people of
    the user's unit."""
    national_id = form.cleaned_data["national_id"]
    person = selectors.people_in_area(user=request.user).filter(national_id=national_id).first()
    if person is None:
        form.add_error(
            "national_id",
            _(
                "No registered person of your area has this citizen ID: ask the commune police to "
                "register the person first."
            ),
        )
    return person


class _FormView(View):
    template = ""
    form_class = None
    access_check = None

    def render_form(self, request, form, status=200, **extra):
        return render(request, self.template, {"form": form, **extra}, status=status)


class TreatmentCreateView(_FormView):
    """Enrol a person: from their page (person_pk) or by citizen ID."""

    template = "treatment/treatment_form.html"

    def _person(self, request, person_pk):
        _require_treatment(request.user, Access.WRITE)
        if person_pk is None:
            return None
        return registry_selectors.person_get(user=request.user, pk=person_pk)

    def _form(self, request, person, data=None):
        return EnrolForm(
            data,
            facilities=_substitution_sites(request.user),
            with_person_field=person is None,
            initial={"start_on": timezone.localdate()},
        )

    def get(self, request, person_pk=None):
        person = self._person(request, person_pk)
        return self.render_form(request, self._form(request, person), person=person)

    def post(self, request, person_pk=None):
        person = self._person(request, person_pk)
        form = self._form(request, person, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if person is None:
                person = _person_from_form(request, form)
                data.pop("national_id")
            if person is not None:
                try:
                    treatment = services.treatment_enrol(actor=request.user, person=person, **data)
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                except PermissionError as exc:
                    raise PermissionDenied from exc
                else:
                    messages.success(request, _("The enrolment has been recorded."))
                    return redirect(treatment.get_absolute_url())
            if person_pk is None:
                person = None
        return self.render_form(request, form, status=400, person=person)


class _TreatmentWriteView(_FormView):
    def _treatment(self, request, pk):
        _require_treatment(request.user, Access.WRITE)
        treatment = selectors.treatment_get(user=request.user, pk=pk, access=Access.WRITE)
        if not treatment.is_active:
            raise Http404
        return treatment


class TreatmentStatusView(_TreatmentWriteView):
    template = "treatment/treatment_status.html"

    def get(self, request, pk):
        treatment = self._treatment(request, pk)
        form = StatusForm(
            facilities=_substitution_sites(request.user).exclude(pk=treatment.facility_id),
            initial={"occurred_on": timezone.localdate(), "status": request.GET.get("status")},
        )
        return self.render_form(request, form, t=treatment)

    def post(self, request, pk):
        treatment = self._treatment(request, pk)
        form = StatusForm(
            request.POST,
            facilities=_substitution_sites(request.user).exclude(pk=treatment.facility_id),
        )
        if form.is_valid():
            try:
                services.treatment_set_status(
                    actor=request.user, treatment=treatment, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The status has been recorded."))
                return redirect(treatment.get_absolute_url())
        return self.render_form(request, form, status=400, t=treatment)


class DoseView(_TreatmentWriteView):
    template = "treatment/dose_form.html"

    def get(self, request, pk):
        treatment = self._treatment(request, pk)
        return self.render_form(
            request, DoseForm(initial={"changed_on": timezone.localdate()}), t=treatment
        )

    def post(self, request, pk):
        treatment = self._treatment(request, pk)
        form = DoseForm(request.POST)
        if form.is_valid():
            try:
                services.dose_change_record(
                    actor=request.user, treatment=treatment, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The dose has been recorded."))
                return redirect(treatment.get_absolute_url())
        return self.render_form(request, form, status=400, t=treatment)


class PostRehabView(_FormView):
    """The commune police open post-rehab management after a completed treatment."""

    template = "treatment/post_rehab_form.html"

    def _treatment(self, request, pk):
        _require_treatment(request.user)
        if not registry_selectors.period_can(user=request.user, access=Access.WRITE):
            raise Http404
        treatment = selectors.treatment_get(user=request.user, pk=pk)
        if treatment.status != TreatmentStatus.COMPLETED:
            raise Http404
        registry_selectors.person_get(
            user=request.user, pk=treatment.person_id, access=Access.WRITE
        )
        return treatment

    def get(self, request, pk):
        treatment = self._treatment(request, pk)
        form = PostRehabForm(initial={"decision_date": timezone.localdate()})
        return self.render_form(
            request, form, t=treatment, start=treatment.ended_on + datetime.timedelta(days=1)
        )

    def post(self, request, pk):
        treatment = self._treatment(request, pk)
        form = PostRehabForm(request.POST)
        if form.is_valid():
            try:
                period = services.treatment_open_post_rehab(
                    actor=request.user, treatment=treatment, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("Post-rehab management has been opened until %(date)s.")
                    % {"date": f"{period.planned_end_on:%d/%m/%Y}"},
                )
                return redirect(treatment.get_absolute_url())
        return self.render_form(
            request,
            form,
            status=400,
            t=treatment,
            start=treatment.ended_on + datetime.timedelta(days=1),
        )


# ---- Drug-induced psychosis ---------------------------------------------------------------


class PsychosisListView(View):
    def get(self, request):
        _require_psychosis(request.user)
        filterset = PsychosisFilter(
            request.GET, request=request, queryset=selectors.psychosis_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            _log(
                request.user,
                AccessAction.EXPORT,
                ("treatment_psychosis", ""),
                f"psychosis list: {request.GET.urlencode()}",
            )
            return _psychosis_export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        _log(
            request.user,
            AccessAction.SEARCH,
            ("treatment_psychosis", ""),
            f"psychosis list: {request.GET.urlencode()}",
        )
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_write": selectors.psychosis_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "treatment/partials/psychosis_rows.html", context)
        return render(request, "treatment/psychosis_list.html", context)


def _psychosis_export(request, rows):
    columns = [
        (_("Full name"), lambda r: r.person.full_name),
        (_("Birth year"), lambda r: r.person.birth_year),
        (_("Citizen ID"), lambda r: r.person.national_id),
        (_("Commune"), lambda r: r.person.residence_unit.name),
        (_("Date of diagnosis"), lambda r: r.diagnosed_on),
        (_("Facility"), lambda r: r.facility.name),
        (_("Physician"), lambda r: r.physician_name),
        (_("Ended on"), lambda r: r.ended_on),
        (_("Reason it ended"), lambda r: r.get_end_reason_display()),
    ]
    return xlsx_response(
        filename="roi-loan-tam-than.xlsx",
        sheet_title=str(_("Psychosis list")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class PsychosisDetailView(View):
    def get(self, request, pk):
        _require_psychosis(request.user)
        record = selectors.psychosis_get(user=request.user, pk=pk)
        _log(request.user, AccessAction.VIEW, record.person, f"psychosis record {record.pk}")
        context = {
            "r": record,
            "can_write": selectors.psychosis_can(user=request.user, access=Access.WRITE)
            and record.is_open,
        }
        return render(request, "treatment/psychosis_detail.html", context)


class PsychosisCreateView(_FormView):
    template = "treatment/psychosis_form.html"

    def _person(self, request, person_pk):
        _require_psychosis(request.user, Access.WRITE)
        if person_pk is None:
            return None
        return registry_selectors.person_get(user=request.user, pk=person_pk)

    def _form(self, request, person, data=None):
        return PsychosisForm(
            data,
            facilities=_health_facilities(request.user),
            with_person_field=person is None,
            initial={"diagnosed_on": timezone.localdate()},
        )

    def get(self, request, person_pk=None):
        person = self._person(request, person_pk)
        return self.render_form(request, self._form(request, person), person=person)

    def post(self, request, person_pk=None):
        person = self._person(request, person_pk)
        form = self._form(request, person, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if person is None:
                person = _person_from_form(request, form)
                data.pop("national_id")
            if person is not None:
                try:
                    record = services.psychosis_record(actor=request.user, person=person, **data)
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                except PermissionError as exc:
                    raise PermissionDenied from exc
                else:
                    messages.success(
                        request,
                        _(
                            "Recorded: the person is under special management and the commune "
                            "police have been asked to follow them."
                        ),
                    )
                    return redirect(record.get_absolute_url())
            if person_pk is None:
                person = None
        return self.render_form(request, form, status=400, person=person)


class PsychosisEndView(_FormView):
    template = "treatment/psychosis_end.html"

    def _record(self, request, pk):
        _require_psychosis(request.user, Access.WRITE)
        record = selectors.psychosis_get(user=request.user, pk=pk, access=Access.WRITE)
        if not record.is_open:
            raise Http404
        return record

    def get(self, request, pk):
        record = self._record(request, pk)
        form = PsychosisEndForm(initial={"ended_on": timezone.localdate()})
        return self.render_form(request, form, r=record)

    def post(self, request, pk):
        record = self._record(request, pk)
        form = PsychosisEndForm(request.POST)
        if form.is_valid():
            try:
                services.psychosis_end(actor=request.user, record=record, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("Special management has ended."))
                return redirect(record.get_absolute_url())
        return self.render_form(request, form, status=400, r=record)


# ---- Imports ------------------------------------------------------------------------------


def _require_import(user, kind=None):
    if kind is not None and kind not in ImportKind.values:
        raise Http404
    if kind == ImportKind.PSYCHOSIS:
        _require_psychosis(user, Access.WRITE)
    else:
        _require_treatment(user, Access.WRITE)


class ImportListView(View):
    def get(self, request):
        _require_import(request.user)
        page = Paginator(selectors.import_list(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(
            request, "treatment/import_list.html", {"page": page, "kinds": ImportKind.choices}
        )


class ImportTemplateView(View):
    def get(self, request, kind):
        _require_import(request.user, kind)
        buffer = io.BytesIO()
        imports.write_template(kind, buffer)
        name = (
            "mau-danh-sach-methadone.xlsx"
            if kind == ImportKind.SUBSTITUTION
            else "mau-danh-sach-roi-loan-tam-than.xlsx"
        )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportCreateView(_FormView):
    template = "treatment/import_form.html"

    def _form(self, request, kind, data=None, files=None):
        facilities = (
            _substitution_sites(request.user)
            if kind == ImportKind.SUBSTITUTION
            else _health_facilities(request.user)
        )
        today = timezone.localdate()
        return ImportForm(
            data,
            files,
            facilities=facilities,
            with_month=kind == ImportKind.SUBSTITUTION,
            initial={"month": today.replace(day=1)},
        )

    def get(self, request, kind):
        _require_import(request.user, kind)
        return self.render_form(
            request, self._form(request, kind), kind=kind, kind_label=ImportKind(kind).label
        )

    def post(self, request, kind):
        _require_import(request.user, kind)
        form = self._form(request, kind, request.POST, request.FILES)
        if form.is_valid():
            try:
                job = imports.import_check(
                    actor=request.user,
                    kind=kind,
                    facility=form.cleaned_data["facility"],
                    month=form.cleaned_data.get("month"),
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                return redirect(job.get_absolute_url())
        return self.render_form(
            request, form, status=400, kind=kind, kind_label=ImportKind(kind).label
        )


class ImportDetailView(View):
    def get(self, request, pk):
        _require_import(request.user)
        job = selectors.import_get(user=request.user, pk=pk)
        _log(request.user, AccessAction.VIEW, ("treatment_import", str(job.pk)), "import preview")
        return self._render(request, job)

    def _render(self, request, job, error="", status=200):
        labels = dict(RowStatus.choices)
        rows = [{**r, "status_label": labels.get(r["status"], r["status"])} for r in job.rows()]
        order = {s: i for i, s in enumerate(RowStatus.values)}
        counts = [(s, labels[s], job.counts().get(s, 0)) for s in RowStatus.values]
        context = {
            "job": job,
            "rows": sorted(
                rows,
                key=lambda r: (
                    order[r["status"]] if r["status"] not in GOOD_ROWS else -1,
                    r["row"],
                ),
            ),
            "counts": counts,
            "good": sum(1 for r in rows if r["status"] in GOOD_ROWS),
            "review": [
                r for r in rows if r["status"] in (RowStatus.UNMATCHED, RowStatus.AMBIGUOUS)
            ],
            "is_preview": job.state == ImportState.PREVIEW,
            "error": error,
        }
        return render(request, "treatment/import_detail.html", context, status=status)

    def post(self, request, pk):
        _require_import(request.user)
        job = selectors.import_get(user=request.user, pk=pk)
        choice = request.POST.get("choice")
        try:
            if choice == "write":
                job = imports.import_write(actor=request.user, job=job)
                messages.success(
                    request, _("%(n)s rows written.") % {"n": job.result.get("written", 0)}
                )
            elif choice == "discard":
                job = imports.import_discard(actor=request.user, job=job)
                messages.success(request, _("Nothing was written."))
            else:
                return self._render(request, job, _("Choose what to do with the list."), 400)
        except ValidationError as exc:
            return self._render(request, job, " ".join(exc.messages), 400)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return redirect(job.get_absolute_url())
