"""Pages of the periodic reports. Server-rendered; the build status is an HTMX partial that
polls while the figures are built. Out of scope: 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import access_log_record
from accounts.choices import AccessAction, Role
from accounts.scoping import Access
from common.exports import XLSX_TYPE, xlsx_response
from common.forms import apply_validation_error

from . import indicators, kinds, selectors, services
from .entered import ENTERED, figure_label, figure_unit
from .filters import EnteredFilter, ReportFilter, TargetFilter
from .forms import EnteredForm, PeriodYearForm, ReturnForm, TargetForm, narrative_form
from .models import ReportStatus, Target


def _require_read(user):
    if not selectors.report_can(user=user):
        raise Http404


@login_required
def index(request):
    _require_read(request.user)
    form = None
    if request.user.role == Role.ADMIN:
        form = PeriodYearForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                created = services.period_create_year(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    window=form.cleaned_data["window"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("%(n)s periods created.") % {"n": len(created)})
                return redirect("reporting:index")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "reporting/index.html",
        {"periods": selectors.period_list(), "form": form},
    )


@login_required
def period_detail(request, pk):
    _require_read(request.user)
    period = selectors.period_get(pk=pk)
    rows = selectors.receiver_table(user=request.user, period=period)
    agency = kinds.reporting_agency(request.user)
    own = next(
        (
            r
            for r in rows
            if r["unit"].pk == request.user.scope_unit_id
            and (r["agency"].pk if r["agency"] else None) == (agency.pk if agency else None)
        ),
        None,
    )
    kind = request.GET.get("kind", "")
    if kind in kinds.Template.values:
        rows = [r for r in rows if r["kind"] == kind]
    counts = {
        state: sum(1 for r in rows if r["state"] == state)
        for state in ("on_time", "late", "returned", "missing")
    }
    state = request.GET.get("state", "")
    if state in counts:
        rows = [r for r in rows if r["state"] == state]
    return render(
        request,
        "reporting/period_detail.html",
        {
            "period": period,
            "rows": rows,
            "own": own,
            "can_write": selectors.report_can(user=request.user, access=Access.WRITE),
            "counts": counts,
            "state": state,
            "kind": kind,
            "kinds": kinds.Template.choices,
        },
    )


@login_required
@require_POST
def report_open(request, pk):
    period = selectors.period_get(pk=pk)
    if not selectors.report_can(user=request.user, access=Access.WRITE):
        raise Http404
    try:
        report = services.report_open(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:period", pk=period.pk)
    return redirect(report)


BREAKDOWN_COLUMNS = [
    (dim, key) for dim in ("sex", "age", "ethnicity") for key in indicators.BREAKDOWN_LABELS[dim]
]


def _figure_rows(report, *, drill: bool):
    figures = report.figures or {}
    totals = figures.get("totals") or {}
    consolidated = (figures.get("consolidated") or {}).get("totals")
    rows = []
    for ind in indicators.indicators():
        if ind.code not in totals:
            continue
        rows.append(
            {
                "indicator": ind,
                "value": totals[ind.code],
                "consolidated": None if consolidated is None else consolidated.get(ind.code, 0),
                "drill": drill and drilldown_filter(ind.code) is not None,
            }
        )
    return rows


def _breakdown_rows(report):
    figures = report.figures or {}
    totals = figures.get("totals") or {}
    breakdowns = figures.get("breakdowns") or {}
    return [
        {
            "indicator": ind,
            "value": totals[ind.code],
            "cells": [
                (breakdowns.get(ind.code, {}).get(dim) or {}).get(key, 0)
                for dim, key in BREAKDOWN_COLUMNS
            ],
        }
        for ind in indicators.indicators()
        if ind.breakdowns and ind.code in totals
    ]


def _breakdown_headers():
    return [
        (indicators.DIMENSION_LABELS[dim], indicators.BREAKDOWN_LABELS[dim][key])
        for dim, key in BREAKDOWN_COLUMNS
    ]


def drilldown_filter(code: str) -> dict | None:
    """What a people figure counts, for the drill-down list: {"category", "special"}."""
    ind = indicators.indicator(code)
    if ind is None or not ind.people:
        return None
    if code == "special_management":
        return {"special": True}
    if code == "people_total":
        return {}
    return {"category": code.removeprefix("people_")}


def _entered_rows(report):
    entered = (report.figures or {}).get("entered") or {}
    return [
        {
            "code": code,
            "label": figure_label(code),
            "unit": figure_unit(code),
            **entered[code],
        }
        for code in ENTERED
        if code in entered
    ]


def _target_rows(report):
    return [
        {**row, "label": figure_label(row["code"]), "unit": figure_unit(row["code"])}
        for row in (report.figures or {}).get("targets") or []
    ]


def _detail_context(request, report, narrative_form=None, return_form=None):
    user = request.user
    own = services.is_owner(user, report)
    can_write = selectors.report_can(user=user, access=Access.WRITE)
    editable = can_write and own and report.status == ReportStatus.DRAFT
    receiver = can_write and services._is_receiver(user, report)
    drill = selectors.person_can_read(user=user)
    return {
        "report": report,
        "rows": _figure_rows(report, drill=drill),
        "breakdown_rows": _breakdown_rows(report),
        "breakdown_headers": _breakdown_headers(),
        "versions": selectors.report_versions(user=user, report=report),
        "editable": editable,
        "receiver": receiver,
        "own": own and can_write,
        "narrative_form": narrative_form or (_narrative_form(report) if editable else None),
        "narrative": [(s.label, getattr(report, s.field)) for s in report.sections],
        "entered_rows": _entered_rows(report),
        "target_rows": _target_rows(report),
        "return_form": return_form or ReturnForm(),
        "consolidated": (report.figures or {}).get("consolidated"),
    }


def _narrative_form(report, data=None):
    return narrative_form(report, data)


@login_required
def report_detail(request, pk):
    _require_read(request.user)
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "reporting/report_detail.html", _detail_context(request, report))


@login_required
def report_build_status(request, pk):
    _require_read(request.user)
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "reporting/partials/build_status.html", {"report": report})


@login_required
@require_POST
def report_action(request, pk, action):
    report = selectors.report_get(user=request.user, pk=pk, access=Access.WRITE)
    user = request.user
    try:
        if action == "save":
            form = _narrative_form(report, request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "reporting/report_detail.html",
                    _detail_context(request, report, narrative_form=form),
                    status=400,
                )
            fields = {name: form.cleaned_data[name] for name in form.fields}
            services.report_update(actor=user, report=report, **fields)
            messages.success(request, _("The report was saved."))
        elif action == "build":
            services.report_build_request(actor=user, report=report)
            report.refresh_from_db()
            if report.build_state == "queued" and report.build_error:
                messages.warning(request, report.build_error)
            else:
                messages.success(request, _("The figures are being built."))
        elif action == "submit":
            services.report_submit(actor=user, report=report)
            messages.success(request, _("The report was submitted."))
        elif action == "receive":
            services.report_receive(actor=user, report=report)
            messages.success(request, _("The report was received."))
        elif action == "return":
            form = ReturnForm(request.POST)
            form.is_valid()
            try:
                services.report_return(
                    actor=user, report=report, reason=form.cleaned_data.get("reason", "")
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
                return render(
                    request,
                    "reporting/report_detail.html",
                    _detail_context(request, report, return_form=form),
                    status=400,
                )
            messages.success(request, _("The report was returned."))
        elif action == "correct":
            report = services.report_correct(actor=user, report=report)
            messages.success(request, _("A new version was opened for correction."))
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(report)


@login_required
def report_list(request):
    _require_read(request.user)
    qs = selectors.report_list(user=request.user)
    flt = ReportFilter(request.GET or None, queryset=qs)
    page = Paginator(flt.qs, 50).get_page(request.GET.get("page"))
    return render(request, "reporting/report_list.html", {"filter": flt, "page": page})


@login_required
def report_download(request, pk, kind):
    """The report's PDF or XLSX, for those who may read the report; every download logged."""
    _require_read(request.user)
    report = selectors.report_get(user=request.user, pk=pk)
    if kind not in ("pdf", "xlsx"):
        raise Http404
    stored = getattr(report, f"{kind}_file")
    if not stored or not stored.storage.exists(stored.name):
        raise Http404  # not written yet, or lost from the file store: never a 500
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        record=report,
        detail=f"report {kind} v{report.version}",
    )
    content_type = "application/pdf" if kind == "pdf" else XLSX_TYPE
    response = FileResponse(
        stored.open("rb"),
        content_type=content_type,
        as_attachment=kind == "xlsx",
        filename=stored.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def report_people(request, pk, code):
    """The persons behind a people figure of the report, cut to the viewer's jurisdiction
    (a commune sees its own people only); their count equals the figure when the viewer's
    jurisdiction covers the report's unit."""
    _require_read(request.user)
    report = selectors.report_get(user=request.user, pk=pk)
    wanted = drilldown_filter(code)
    window = (report.figures or {}).get("window")
    if wanted is None or not window or not selectors.person_can_read(user=request.user):
        raise Http404
    end = datetime.date.fromisoformat(window[1])
    people = selectors.figure_people(user=request.user, report=report, end=end, **wanted)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW,
        record=report,
        detail=f"persons behind {code}, page {page.number}",
    )
    return render(
        request,
        "reporting/report_people.html",
        {
            "report": report,
            "indicator": indicators.indicator(code),
            "figure": (report.figures.get("totals") or {}).get(code, 0),
            "end": end,
            "page": page,
        },
    )


@login_required
def report_corrections(request, pk):
    """A submitted report never changes; this page rebuilds its figures from today's records
    (nothing is stored) and shows what differs: records dated inside the window that were
    entered or corrected after the submission."""
    _require_read(request.user)
    report = selectors.report_get(user=request.user, pk=pk)
    window = (report.figures or {}).get("window")
    if not report.is_frozen or not window:
        raise Http404
    start, end = (datetime.date.fromisoformat(day) for day in window)
    now = indicators.compute(unit=report.unit, start=start, end=end)["totals"]
    then = report.figures.get("totals") or {}
    rows = [
        {"indicator": ind, "then": then.get(ind.code, 0), "now": now.get(ind.code, 0)}
        for ind in indicators.indicators()
        if then.get(ind.code, 0) != now.get(ind.code, 0)
    ]
    for row in rows:
        row["change"] = row["now"] - row["then"]
    return render(request, "reporting/report_corrections.html", {"report": report, "rows": rows})


# ---- targets and entered figures -----------------------------------------------------------


def _require_write(user):
    if not selectors.report_can(user=user, access=Access.WRITE):
        raise Http404


@login_required
def targets(request):
    """The unit's targets (yearly and whole-plan); PC04 and readers see every unit's."""
    _require_read(request.user)
    can_write = selectors.report_can(user=request.user, access=Access.WRITE)
    form = TargetForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.target_create(
                    actor=request.user,
                    code=data["code"],
                    kind=data["kind"],
                    year_from=data["year_from"],
                    year_to=data.get("year_to"),
                    value=data["value"],
                    direction=data["direction"],
                    source=data.get("source", ""),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The target was saved."))
                return redirect("reporting:targets")
    flt = TargetFilter(request.GET or None, queryset=selectors.target_list(user=request.user))
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        return _targets_xlsx(request, flt.qs)
    page = Paginator(flt.qs, 50).get_page(request.GET.get("page"))
    for target in page:
        target.label = figure_label(target.code)
        target.owned = can_write and services.is_owner(request.user, target)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "reporting/targets.html",
        {"page": page, "form": form, "filter": flt, "query": query.urlencode()},
        status=400 if form is not None and form.errors else 200,
    )


def _targets_xlsx(request, targets):
    """The filtered targets as XLSX (the same rows as the list, every page), logged."""
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        record=("report", "targets"),
        detail=request.GET.urlencode()[:200],
    )

    def title(name):
        return capfirst(Target._meta.get_field(name).verbose_name)

    columns = [
        (title("unit"), lambda t: t.unit.name),
        (title("agency"), lambda t: t.agency.name if t.agency_id else ""),
        (title("code"), lambda t: str(figure_label(t.code))),
        (title("kind"), lambda t: str(t.get_kind_display())),
        (title("year_from"), lambda t: t.year_from),
        (title("year_to"), lambda t: t.year_to),
        (title("direction"), lambda t: str(t.get_direction_display())),
        (title("value"), lambda t: t.value),
        (title("source"), lambda t: t.source),
    ]
    return xlsx_response(
        filename=f"chi-tieu-{timezone.localdate():%Y%m%d}.xlsx",
        sheet_title=str(_("Targets")),
        columns=columns,
        rows=targets.iterator(chunk_size=500),
        taken_by=request.user,
    )


@login_required
def target_delete(request, pk):
    """Remove a target, after a confirmation page."""
    _require_write(request.user)
    target = selectors.target_get(user=request.user, pk=pk, access=Access.WRITE)
    target.label = figure_label(target.code)
    if request.method == "POST":
        try:
            services.target_delete(actor=request.user, target=target)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The target was removed."))
        return redirect("reporting:targets")
    return render(request, "reporting/target_delete.html", {"target": target})


@login_required
def entered(request, pk):
    """The figures the unit enters for the period, with their source."""
    _require_write(request.user)
    period = selectors.period_get(pk=pk)
    agency = kinds.reporting_agency(request.user)
    unit = request.user.scope_unit
    template = kinds.template_for(unit=unit, agency=agency)
    codes = kinds.entered_codes(template, agency.sector if agency else None)
    form = EnteredForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entered_set(
                actor=request.user,
                period=period,
                code=data["code"],
                value=data["value"],
                source=data.get("source", ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The figure was saved."))
            return redirect("reporting:entered", pk=period.pk)
    figures = {f.code: f for f in selectors.entered_of(period=period, unit=unit, agency=agency)}
    rows = [
        {"code": code, "definition": ENTERED[code], "figure": figures.get(code)}
        for code in codes
        if code in ENTERED
    ]
    report = selectors.report_current(period=period, unit=unit, agency=agency)
    return render(
        request,
        "reporting/entered.html",
        {"period": period, "rows": rows, "form": form, "report": report},
        status=400 if form.errors else 200,
    )


@login_required
def target_detail(request, pk):
    _require_read(request.user)
    target = selectors.target_get(user=request.user, pk=pk)
    target.label = figure_label(target.code)
    can_write = selectors.report_can(user=request.user, access=Access.WRITE)
    return render(
        request,
        "reporting/target_detail.html",
        {"target": target, "owned": can_write and services.is_owner(request.user, target)},
    )


@login_required
def entered_list(request):
    """Every entered figure in the user's jurisdiction, with its source."""
    _require_read(request.user)
    flt = EnteredFilter(request.GET or None, queryset=selectors.entered_list(user=request.user))
    page = Paginator(flt.qs, 50).get_page(request.GET.get("page"))
    for figure in page:
        figure.label = figure_label(figure.code)
    return render(request, "reporting/entered_list.html", {"filter": flt, "page": page})


@login_required
def entered_detail(request, pk):
    _require_read(request.user)
    figure = selectors.entered_get(user=request.user, pk=pk)
    figure.label = figure_label(figure.code)
    figure.unit_of_count = figure_unit(figure.code)
    return render(request, "reporting/entered_detail.html", {"figure": figure})


@login_required
def scorecard(request):
    """The year-end scorecard: every reporting unit of the jurisdiction ranked on the targets
    it met and on the timeliness of its reports (000 §2, 004 §IV.1). XLSX with ?format=xlsx."""
    _require_read(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or (today.year if today.month == 12 else today.year - 1))
    except ValueError:
        year = today.year - 1
    if not 2000 <= year <= 2100:
        raise Http404
    rows = selectors.scorecard(user=request.user, year=year)
    kind_labels = dict(kinds.Template.choices)
    if request.GET.get("format") == "xlsx":
        access_log_record(
            user=request.user,
            action=AccessAction.EXPORT,
            record=("report", "scorecard"),
            detail=f"scorecard {year}",
        )
        columns = [
            (_("Rank"), lambda r: r["rank"]),
            (_("Unit"), lambda r: r["name"]),
            (_("Kind"), lambda r: str(kind_labels.get(r["kind"], r["kind"]))),
            (_("Targets met"), lambda r: r["met"]),
            (_("Targets judged"), lambda r: r["targets"]),
            (_("Share of targets met (%)"), lambda r: r["met_share"]),
            (_("Reports on time"), lambda r: r["on_time"]),
            (_("Reports late"), lambda r: r["late"]),
            (_("Reports missing"), lambda r: r["missing"]),
        ]
        return xlsx_response(
            filename=f"bang-xep-hang-{year}.xlsx",
            sheet_title=str(_("Scorecard %(year)s") % {"year": year}),
            columns=columns,
            rows=rows,
            taken_by=request.user,
        )
    for row in rows:
        row["kind_label"] = kind_labels.get(row["kind"], row["kind"])
    return render(
        request,
        "reporting/scorecard.html",
        {"rows": rows, "year": year, "years": range(today.year, today.year - 6, -1)},
    )
