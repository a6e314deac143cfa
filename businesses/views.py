"""Pages of the businesses app: register list (with XLSX export), detail with timeline, forms
for each write, and the inspections list. Out of scope: 404."""

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
from cases import selectors as case_selectors
from common.exports import xlsx_response
from common.forms import apply_validation_error

from . import selectors, services
from .choices import BusinessKind, BusinessStatus, PenaltyMeasure
from .filters import BusinessFilter, InspectionFilter
from .forms import BusinessForm, InspectionForm, LinkCaseForm, LinkHotspotForm, StatusForm

PAGE_SIZE = 50


def _require(user, access=Access.READ):
    if not selectors.business_can(user=user, access=access):
        raise Http404


def _query(request, drop=("page",)):
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def _filtered(request):
    _require(request.user)
    communes = selectors.business_communes(user=request.user)
    filterset = BusinessFilter(
        request.GET, queryset=selectors.business_list(user=request.user), communes=communes
    )
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, rows


class BusinessListView(View):
    def get(self, request):
        filterset, rows = _filtered(request)
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "today": timezone.localdate(),
            "can_write": selectors.business_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "businesses/partials/business_rows.html", context)
        return render(request, "businesses/business_list.html", context)


def _export(request, rows):
    yes, no = _("Yes"), _("No")
    kinds = {value: str(label) for value, label in BusinessKind.choices}
    statuses = {value: str(label) for value, label in BusinessStatus.choices}
    columns = [
        (_("Business name"), lambda b: b.name),
        (_("Kind of business"), lambda b: kinds.get(b.kind, b.kind)),
        (_("Licence number"), lambda b: b.licence_number),
        (_("Licence date"), lambda b: b.licence_date),
        (_("Owner name"), lambda b: b.owner_name),
        (_("Owner phone"), lambda b: b.owner_phone),
        (_("Commune"), lambda b: b.commune.name),
        (_("Address"), lambda b: b.address),
        (_("Status"), lambda b: statuses.get(b.status, b.status)),
        (_("Drugs found"), lambda b: yes if b.flagged else no),
        (_("Linked hotspot"), lambda b: b.hotspot.name if b.hotspot_id else ""),
        (_("Last inspected"), lambda b: b.last_inspected_on),
        (_("Next inspection due"), lambda b: b.inspection_due_on),
    ]
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        record=("business", "list"),
        detail=_query(request, drop=("page", "format")),
    )
    return xlsx_response(
        filename="co-so-kinh-doanh-co-dieu-kien.xlsx",
        sheet_title=str(_("Conditional businesses")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class BusinessDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        business = selectors.business_get(user=request.user, pk=pk)
        can_write = selectors.business_writable(user=request.user, pk=pk)
        events = list(selectors.business_events(business=business))
        inspections = list(selectors.business_inspections(business=business))
        timeline = sorted(
            [{"day": e.occurred_on, "event": e} for e in events]
            + [{"day": i.inspected_on, "inspection": i} for i in inspections],
            key=lambda row: row["day"],
            reverse=True,
        )
        return render(
            request,
            "businesses/business_detail.html",
            {
                "business": business,
                "timeline": timeline,
                "inspections": inspections,
                "can_write": can_write,
                "today": timezone.localdate(),
                "case_visible": bool(
                    business.case_id
                    and case_selectors.case_list(user=request.user)
                    .filter(pk=business.case_id)
                    .exists()
                ),
            },
        )


class _WriteView(View):
    template = "businesses/business_form.html"
    title = ""

    def _business(self, request, pk):
        return selectors.business_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, form, business=None, status=200, **extra):
        context = {"form": form, "business": business, "title": self.title, **extra}
        return render(request, self.template, context, status=status)


class BusinessCreateView(_WriteView):
    def _form(self, request, data=None):
        _require(request.user, Access.WRITE)
        communes = selectors.business_communes(user=request.user)
        initial = {"registered_on": timezone.localdate()}
        if communes.count() == 1:
            initial["commune"] = communes.first()
        return BusinessForm(data, communes=communes, initial=initial)

    def get(self, request):
        self.title = _("Register a business")
        return self._render(request, self._form(request))

    def post(self, request):
        self.title = _("Register a business")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                business = services.business_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The business has been registered."))
                return redirect(business)
        return self._render(request, form, status=400)


class BusinessEditView(_WriteView):
    FIELDS = services.EDITABLE

    def _form(self, request, business, data=None):
        communes = selectors.business_communes(user=request.user)
        initial = {field: getattr(business, field) for field in self.FIELDS}
        return BusinessForm(data, communes=communes, initial=initial)

    def get(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Edit the business")
        return self._render(request, self._form(request, business), business)

    def post(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Edit the business")
        form = self._form(request, business, request.POST)
        if form.is_valid():
            try:
                services.business_update(actor=request.user, business=business, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The business has been saved."))
                return redirect(business)
        return self._render(request, form, business, status=400)


class InspectionCreateView(_WriteView):
    def _form(self, request, data=None):
        officers = selectors.business_officers(user=request.user)
        initial = {"inspected_on": timezone.localdate(), "officers": [request.user.pk]}
        return InspectionForm(data, officers=officers, initial=initial)

    def get(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Record an inspection")
        return self._render(request, self._form(request), business)

    def post(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Record an inspection")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.inspection_create(
                    actor=request.user, business=business, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The inspection has been recorded."))
                return redirect(business)
        return self._render(request, form, business, status=400)


class BusinessStatusView(_WriteView):
    """Close (after a confirmation on this page) or reopen a business."""

    template = "businesses/business_status.html"

    def _target(self, business):
        return BusinessStatus.OPEN if business.status == BusinessStatus.CLOSED else "closed"

    def _title(self, target):
        return _("Close the business") if target == "closed" else _("Reopen the business")

    def get(self, request, pk):
        business = self._business(request, pk)
        target = self._target(business)
        self.title = self._title(target)
        form = StatusForm(initial={"occurred_on": timezone.localdate()})
        return self._render(request, form, business, target=target)

    def post(self, request, pk):
        business = self._business(request, pk)
        target = self._target(business)
        self.title = self._title(target)
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                services.business_set_status(
                    actor=request.user, business=business, status=target, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The status of the business has been recorded."))
                return redirect(business)
        return self._render(request, form, business, status=400, target=target)


class BusinessLinkHotspotView(_WriteView):
    def _form(self, request, data=None):
        return LinkHotspotForm(data, hotspots=selectors.hotspots_for_link(user=request.user))

    def get(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Link to a hotspot")
        return self._render(request, self._form(request), business)

    def post(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Link to a hotspot")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.business_link_hotspot(
                    actor=request.user, business=business, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The business has been linked to the hotspot."))
                return redirect(business)
        return self._render(request, form, business, status=400)


def _cases_for_link(user, business):
    """The drug cases the user may see in the business's commune, newest first (a bounded
    list to choose from; the API takes any case the user may see)."""
    return (
        case_selectors.case_list(user=user)
        .filter(commune=business.commune_id)
        .select_related("commune")
        .order_by("-detected_on", "-id")
    )


class BusinessLinkCaseView(_WriteView):
    def _form(self, request, business, data=None):
        return LinkCaseForm(data, cases=_cases_for_link(request.user, business))

    def get(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Link to a drug case")
        return self._render(request, self._form(request, business), business)

    def post(self, request, pk):
        business = self._business(request, pk)
        self.title = _("Link to a drug case")
        form = self._form(request, business, request.POST)
        if form.is_valid():
            try:
                services.business_link_case(
                    actor=request.user, business=business, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The business has been linked to the drug case."))
                return redirect(business)
        return self._render(request, form, business, status=400)


class InspectionListView(View):
    def get(self, request):
        _require(request.user)
        filterset = InspectionFilter(
            request.GET, queryset=selectors.inspection_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "businesses/inspection_list.html",
            {
                "filter": filterset,
                "page": page,
                "query": _query(request),
                "measures": dict(PenaltyMeasure.choices),
            },
        )
