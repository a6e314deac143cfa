"""Pages of the periodic reports. Server-rendered; the build status is an HTMX partial that
polls while the figures are built. Out of scope: 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import access_log_record
from accounts.choices import AccessAction, Role
from accounts.scoping import Access
from common.exports import XLSX_TYPE
from common.forms import apply_validation_error

from . import indicators, selectors, services
from .filters import ReportFilter
from .forms import NarrativeForm, PeriodYearForm, ReturnForm
from .models import ReportStatus


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
    own = next((r for r in rows if r["unit"].pk == request.user.scope_unit_id), None)
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


def _detail_context(request, report, narrative_form=None, return_form=None):
    user = request.user
    own = report.unit_id == user.scope_unit_id
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
        "narrative_form": narrative_form or (NarrativeForm(instance=report) if editable else None),
        "return_form": return_form or ReturnForm(),
        "consolidated": (report.figures or {}).get("consolidated"),
    }


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
            form = NarrativeForm(request.POST, instance=report)
            if not form.is_valid():
                return render(
                    request,
                    "reporting/report_detail.html",
                    _detail_context(request, report, narrative_form=form),
                    status=400,
                )
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            services.report_update(actor=user, report=report, **fields)
            messages.success(request, _("The report was saved."))
        elif action == "build":
            services.report_build_request(actor=user, report=report)
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
    if not stored:
        raise Http404
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
