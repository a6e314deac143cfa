"""The province rehab dashboard: people in each rehab form now, starts and completions in the
period, compulsory-rehab dossiers by stage and overdue, and the share of managed people who
reached counselling, treatment, rehab or reintegration support against 001's 80 % target. Each
figure links to the scoped list it counts (for those who may read the lists: the steering
committee sees the figures only). And that list of managed people, reached or not."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from common.forms import DateField

from . import selectors
from .choices import CLOSED_STAGES, DossierStage, PlacementForm

PAGE_SIZE = 50


class WindowForm(forms.Form):
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)


def _window(request):
    today = timezone.localdate()
    form = WindowForm(request.GET or None)
    start, end = datetime.date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if start > end:
        start, end = end, start
    return form, start, end, today


def _url(name, **params):
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class DashboardView(View):
    def get(self, request):
        user = request.user
        if not selectors.dashboard_can(user=user):
            raise Http404
        form, start, end, today = _window(request)
        figures = selectors.dashboard_figures(user=user, start=start, end=end, today=today)
        links = selectors.placement_can(user=user)
        dossier_links = selectors.dossier_can(user=user)
        reach_links = selectors.followup_can(user=user)
        window = {"start": start.isoformat(), "end": end.isoformat()}

        def placement_links(form_value=""):
            if not links:
                return {}
            return {
                "now": _url("rehab:placement_list", form=form_value, status="open"),
                "started": _url(
                    "rehab:placement_list",
                    form=form_value,
                    started_from=window["start"],
                    started_to=window["end"],
                ),
                "completed": _url(
                    "rehab:placement_list",
                    form=form_value,
                    ended_as="completed",
                    ended_from=window["start"],
                    ended_to=window["end"],
                ),
            }

        form_rows, totals = [], {"now": 0, "started": 0, "completed": 0}
        for value, label in PlacementForm.choices:
            row = figures["forms"].get(value, {})
            counts = {key: row.get(key, 0) for key in totals}
            for key in totals:
                totals[key] += counts[key]
            form_rows.append(
                {"form": value, "label": label, **counts, "links": placement_links(value)}
            )
        stage_rows, dossier_totals = [], {"n": 0, "overdue": 0, "open": 0}
        for value, label in DossierStage.choices:
            row = figures["stages"].get(value, {})
            n, overdue = row.get("n", 0), row.get("overdue", 0)
            dossier_totals["n"] += n
            dossier_totals["overdue"] += overdue
            if value not in CLOSED_STAGES:
                dossier_totals["open"] += n
            stage_rows.append(
                {
                    "stage": value,
                    "label": label,
                    "n": n,
                    "overdue": overdue,
                    "url": _url("rehab:dossier_list", stage=value) if dossier_links else "",
                    "overdue_url": _url("rehab:dossier_list", stage=value, status="overdue")
                    if dossier_links
                    else "",
                }
            )
        share = figures["share"]
        percent = _percent(share["reached"], share["total"])
        access_log_record(
            user=user,
            action=AccessAction.SEARCH,
            record=("rehab_placement", ""),
            detail=f"rehab dashboard {start:%d/%m/%Y}–{end:%d/%m/%Y}",
        )
        context = {
            "form": form,
            "start": start,
            "end": end,
            "form_rows": form_rows,
            "totals": totals,
            "total_links": placement_links(),
            "stage_rows": stage_rows,
            "dossier_totals": dossier_totals,
            "dossier_links": {
                "all": _url("rehab:dossier_list"),
                "open": _url("rehab:dossier_list", status="open"),
                "overdue": _url("rehab:dossier_list", status="overdue"),
            }
            if dossier_links
            else {},
            "share": share,
            "percent": percent,
            "target": selectors.REACH_TARGET_PERCENT,
            "meets_target": percent is not None and percent > selectors.REACH_TARGET_PERCENT,
            "reach_links": {
                "total": _url("rehab:reached_people"),
                "reached": _url("rehab:reached_people", reached="yes"),
                "not_reached": _url("rehab:reached_people", reached="no"),
            }
            if reach_links
            else {},
        }
        return render(request, "rehab/dashboard.html", context)


class ReachedPeopleView(View):
    """The managed people (users, addicts, post-rehab) of the user's scope, narrowed to those
    who reached a service (`?reached=yes`) or not (`?reached=no`)."""

    def get(self, request):
        user = request.user
        if not selectors.followup_can(user=user):
            raise Http404
        reached = request.GET.get("reached", "")
        if reached not in ("", "yes", "no"):
            reached = ""
        rows = selectors.reached_people(user=user, reached=reached)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        access_log_record(
            user=user,
            action=AccessAction.SEARCH,
            record=("person", ""),
            detail=f"managed people reached: {request.GET.urlencode()}"[:500],
        )
        context = {"page": page, "reached": reached, "query": query.urlencode()}
        return render(request, "rehab/reached_people.html", context)
