"""Pages of the hotspots app: list (with XLSX export), detail with timeline, forms for each
write, the map and the dashboard. Out of scope: 404."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.exports import xlsx_response
from common.forms import apply_validation_error

from . import selectors, services
from .choices import HotspotKind, HotspotStatus
from .dashboard import dashboard_figures, period_bounds
from .filters import HotspotFilter
from .forms import CheckForm, HotspotForm, LinkPersonForm, StepForm
from .geo import feature_collection

PAGE_SIZE = 50


def _require(user, access=Access.READ):
    if not selectors.hotspot_can(user=user, access=access):
        raise Http404


def _filtered(request):
    _require(request.user)
    communes = selectors.hotspot_communes(user=request.user)
    filterset = HotspotFilter(
        request.GET, queryset=selectors.hotspot_list(user=request.user), communes=communes
    )
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, rows


def _query(request, drop=("page",)):
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


class HotspotListView(View):
    def get(self, request):
        filterset, rows = _filtered(request)
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "can_write": selectors.hotspot_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "hotspots/partials/hotspot_rows.html", context)
        return render(request, "hotspots/hotspot_list.html", context)


def _export(request, rows):
    yes, no = _("Yes"), _("No")
    kinds = {value: str(label) for value, label in HotspotKind.choices}
    statuses = {value: str(label) for value, label in HotspotStatus.choices}
    columns = [
        (_("Name of the place"), lambda h: h.name),
        (_("Kind"), lambda h: kinds.get(h.kind, h.kind)),
        (_("Hot spot"), lambda h: yes if h.is_hot else no),
        (_("Activities"), lambda h: "; ".join(h.activity_labels)),
        (_("Commune"), lambda h: h.commune.name),
        (_("Address"), lambda h: h.address),
        (_("Latitude"), lambda h: h.latitude),
        (_("Longitude"), lambda h: h.longitude),
        (_("Status"), lambda h: statuses.get(h.status, h.status)),
        (_("Status since"), lambda h: h.status_on),
        (_("Detection date"), lambda h: h.detected_on),
        (_("Times re-emerged"), lambda h: h.re_emerged_count),
        (_("Responsible officer"), lambda h: str(h.responsible_officer or "")),
    ]
    data = rows.iterator(chunk_size=500)
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        record=("hotspot", "list"),
        detail=_query(request, drop=("page", "format")),
    )
    return xlsx_response(
        filename="diem-tu-diem-ma-tuy.xlsx",
        sheet_title=str(_("Hotspots")),
        columns=columns,
        rows=data,
        taken_by=request.user,
    )


class HotspotDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        hotspot = selectors.hotspot_get(user=request.user, pk=pk)
        can_write = (
            selectors.hotspot_list(user=request.user, access=Access.WRITE).filter(pk=pk).exists()
        )
        people = selectors.hotspot_people(user=request.user, hotspot=hotspot)
        if any(p["link"].person_id for p in people):
            access_log_record(user=request.user, action=AccessAction.VIEW, record=hotspot)
        return render(
            request,
            "hotspots/hotspot_detail.html",
            {
                "hotspot": hotspot,
                "events": selectors.hotspot_events(hotspot=hotspot),
                "checks": selectors.hotspot_checks(hotspot=hotspot),
                "people": people,
                "can_write": can_write,
                "steps": services.allowed_steps(hotspot) if can_write else [],
                "can_check": can_write and hotspot.next_check_on is not None,
            },
        )


def _map_context(request, *, pick=False):
    units = selectors.hotspot_map_units(user=request.user)
    extra = {}
    if pick:
        # The known hotspots, for reference when placing a new one.
        extra["geojson"] = feature_collection(selectors.hotspot_list(user=request.user))
    return {
        **extra,
        "map_units": units,
        "map_tile_url": getattr(settings, "HOTSPOTS_MAP_TILE_URL", ""),
        "map_pick": pick,
    }


class _WriteView(View):
    template = "hotspots/hotspot_form.html"
    title = ""

    def _hotspot(self, request, pk):
        return selectors.hotspot_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, form, hotspot=None, status=200, **extra):
        context = {"form": form, "hotspot": hotspot, "title": self.title, **extra}
        return render(request, self.template, context, status=status)


class HotspotCreateView(_WriteView):
    def _form(self, request, data=None):
        _require(request.user, Access.WRITE)
        communes = selectors.hotspot_communes(user=request.user)
        initial = {"detected_on": timezone.localdate()}
        if communes.count() == 1:
            initial["commune"] = communes.first()
        return HotspotForm(data, communes=communes, initial=initial)

    def get(self, request):
        self.title = _("Record a hotspot")
        return self._render(request, self._form(request), **_map_context(request, pick=True))

    def post(self, request):
        self.title = _("Record a hotspot")
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hotspot = services.hotspot_create(
                    actor=request.user, responsible_officer=request.user, **data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The hotspot has been recorded."))
                return redirect(hotspot)
        return self._render(request, form, status=400, **_map_context(request, pick=True))


class HotspotEditView(_WriteView):
    def _form(self, request, hotspot, data=None):
        communes = selectors.hotspot_communes(user=request.user)
        initial = {
            field: getattr(hotspot, field)
            for field in (
                "name",
                "kind",
                "is_hot",
                "commune",
                "address",
                "latitude",
                "longitude",
                "description",
            )
        }
        initial["activities"] = hotspot.activities
        return HotspotForm(data, communes=communes, initial=initial, with_detection=False)

    def get(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Edit the hotspot")
        return self._render(
            request, self._form(request, hotspot), hotspot, **_map_context(request, pick=True)
        )

    def post(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Edit the hotspot")
        form = self._form(request, hotspot, request.POST)
        if form.is_valid():
            try:
                services.hotspot_update(actor=request.user, hotspot=hotspot, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The hotspot has been saved."))
                return redirect(hotspot)
        return self._render(request, form, hotspot, status=400, **_map_context(request, pick=True))


class HotspotStepView(_WriteView):
    def _form(self, request, hotspot, data=None):
        steps = services.allowed_steps(hotspot)
        initial = {"occurred_on": timezone.localdate(), "step": request.GET.get("step")}
        return StepForm(
            data, steps=steps, units=selectors.hotspot_units(user=request.user), initial=initial
        )

    def get(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Record a step")
        return self._render(request, self._form(request, hotspot), hotspot)

    def post(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Record a step")
        form = self._form(request, hotspot, request.POST)
        if form.is_valid():
            try:
                services.hotspot_transition(
                    actor=request.user, hotspot=hotspot, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The step has been recorded."))
                return redirect(hotspot)
        return self._render(request, form, hotspot, status=400)


class HotspotCheckView(_WriteView):
    def get(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Record a watch check")
        form = CheckForm(initial={"checked_on": timezone.localdate(), "finding": "quiet"})
        return self._render(request, form, hotspot)

    def post(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Record a watch check")
        form = CheckForm(request.POST)
        if form.is_valid():
            try:
                services.hotspot_check(actor=request.user, hotspot=hotspot, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The watch check has been recorded."))
                return redirect(hotspot)
        return self._render(request, form, hotspot, status=400)


class HotspotLinkPersonView(_WriteView):
    def get(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Link a person")
        return self._render(request, LinkPersonForm(), hotspot)

    def post(self, request, pk):
        hotspot = self._hotspot(request, pk)
        self.title = _("Link a person")
        form = LinkPersonForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            person = None
            if data.pop("person"):
                person = selectors.person_for_link(
                    user=request.user, pk=form.cleaned_data["person"]
                )
                if person is None:
                    form.add_error("person", _("Choose a person within your jurisdiction."))
            if not form.errors:
                try:
                    services.hotspot_link_person(
                        actor=request.user, hotspot=hotspot, person=person, **data
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    messages.success(request, _("The person has been linked."))
                    return redirect(hotspot)
        return self._render(request, form, hotspot, status=400)


class HotspotMapView(View):
    def get(self, request):
        filterset, rows = _filtered(request)
        context = {
            "filter": filterset,
            "geojson": feature_collection(rows),
            "query": _query(request),
            "statuses": HotspotStatus.choices,
            **_map_context(request),
        }
        return render(request, "hotspots/hotspot_map.html", context)


class DashboardView(View):
    def get(self, request):
        if not selectors.hotspot_can(user=request.user, access=Access.COUNT):
            raise Http404
        start, end, days = period_bounds(request.GET.get("days"))
        figures = dashboard_figures(user=request.user, start=start, end=end)
        can_read = selectors.hotspot_can(user=request.user, access=Access.READ)
        list_url = reverse("hotspots:list")
        return render(
            request,
            "hotspots/dashboard.html",
            {
                "figures": figures,
                "start": start,
                "end": end,
                "days": days,
                "day_choices": (30, 90, 180, 365),
                "can_read": can_read,
                "list_url": list_url,
                "statuses": HotspotStatus,
            },
        )
