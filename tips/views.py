"""Pages of the tips app. The tipster's identity is shown only on its own page
(`/tips/<pk>/tipster/`), to those `selectors.tipster_visible` lets through, and each showing is
logged without the identity itself. `/tips/gui/` is the anonymous public form."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record, client_ip
from accounts.choices import AccessAction
from accounts.scoping import Access
from cases import selectors as case_selectors
from common.exports import xlsx_response
from common.forms import apply_validation_error

from . import ratelimit, selectors, services
from .choices import TipChannel, TipResult
from .filters import TipFilter
from .forms import LinkCaseForm, PublicTipForm, RouteForm, TipForm, VerifyForm

PAGE_SIZE = 50
logger = logging.getLogger(__name__)


def _require(user, access=Access.READ):
    if not selectors.tip_can(user=user, access=access):
        raise Http404


def _query(request, drop=("page",)):
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


class TipListView(View):
    def get(self, request):
        _require(request.user)
        filterset = TipFilter(
            request.GET,
            queryset=selectors.tip_list(user=request.user),
            communes=selectors.tip_communes(user=request.user),
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "can_write": selectors.tip_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "tips/partials/tip_rows.html", context)
        return render(request, "tips/tip_list.html", context)


def _export(request, rows):
    channels = {value: str(label) for value, label in TipChannel.choices}
    results = {value: str(label) for value, label in TipResult.choices}
    # No column of the tipster's identity, whoever exports.
    columns = [
        (_("Reference code"), lambda t: t.reference),
        (_("Date received"), lambda t: t.received_on),
        (_("Channel"), lambda t: channels.get(t.channel, t.channel)),
        (_("Content of the tip"), lambda t: t.content),
        (_("Commune concerned"), lambda t: t.commune.name if t.commune_id else ""),
        (_("Place concerned"), lambda t: t.location),
        (_("Receiving unit"), lambda t: t.received_unit.name),
        (_("Routed to"), lambda t: t.routed_unit.name if t.routed_unit_id else ""),
        (_("Verification result"), lambda t: results.get(t.result, t.result)),
        (_("Verified on"), lambda t: t.verified_on),
        (_("What it led to"), lambda t: t.outcome_note),
    ]
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        record=("tip", "list"),
        detail=_query(request, drop=("page", "format")),
    )
    return xlsx_response(
        filename="tin-bao-to-giac.xlsx",
        sheet_title=str(_("Citizens' tips")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class TipDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        tip = selectors.tip_get(user=request.user, pk=pk)
        can_write = selectors.tip_writable(user=request.user, pk=pk)
        pending = tip.result == TipResult.PENDING
        return render(
            request,
            "tips/tip_detail.html",
            {
                "tip": tip,
                "events": selectors.tip_events(tip=tip),
                "can_write": can_write,
                "can_route": can_write and pending,
                "can_verify": can_write and pending,
                "tipster_visible": selectors.tipster_visible(user=request.user, tip=tip),
                "hotspot_visible": bool(
                    tip.led_to_hotspot_id
                    and selectors.hotspot_for_link(user=request.user, pk=tip.led_to_hotspot_id)
                ),
                "case_visible": bool(
                    tip.led_to_case_id
                    and case_selectors.case_list(user=request.user)
                    .filter(pk=tip.led_to_case_id)
                    .exists()
                ),
                "can_link_case": can_write
                and tip.result in (TipResult.TRUE, TipResult.PARTLY_TRUE),
                "person_visible": bool(
                    tip.led_to_person_id
                    and selectors.person_for_link(user=request.user, pk=tip.led_to_person_id)
                ),
            },
        )


class TipsterView(View):
    """The identity of the tipster: 404 for anyone the rule does not let through."""

    def get(self, request, pk):
        _require(request.user)
        tip = selectors.tip_get(user=request.user, pk=pk)
        if not selectors.tipster_visible(user=request.user, tip=tip):
            raise Http404
        tipster = selectors.tipster_get(user=request.user, tip=tip)
        access_log_record(user=request.user, action=AccessAction.VIEW, record=("tipster", tip.pk))
        return render(request, "tips/tipster.html", {"tip": tip, "tipster": tipster})


class _WriteView(View):
    template = "tips/tip_form.html"
    title = ""

    def _tip(self, request, pk):
        return selectors.tip_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, form, tip=None, status=200):
        context = {"form": form, "tip": tip, "title": self.title}
        return render(request, self.template, context, status=status)


class TipCreateView(_WriteView):
    def _form(self, request, data=None):
        _require(request.user, Access.WRITE)
        communes = selectors.tip_communes(user=request.user)
        initial = {"received_on": timezone.localdate(), "channel": TipChannel.HOTLINE}
        if communes.count() == 1:
            initial["commune"] = communes.first()
        return TipForm(data, communes=communes, initial=initial)

    def get(self, request):
        self.title = _("Record a tip")
        return self._render(request, self._form(request))

    def post(self, request):
        self.title = _("Record a tip")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                tip = services.tip_receive(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request, _("The tip %(ref)s has been recorded.") % {"ref": tip.reference}
                )
                return redirect(tip)
        return self._render(request, form, status=400)


class TipRouteView(_WriteView):
    def _form(self, request, data=None):
        units = selectors.tip_route_units(user=request.user)
        return RouteForm(data, units=units, initial={"routed_on": timezone.localdate()})

    def get(self, request, pk):
        tip = self._tip(request, pk)
        self.title = _("Route the tip for verification")
        return self._render(request, self._form(request), tip)

    def post(self, request, pk):
        tip = self._tip(request, pk)
        self.title = _("Route the tip for verification")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.tip_route(actor=request.user, tip=tip, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The tip has been routed."))
                return redirect(tip)
        return self._render(request, form, tip, status=400)


def _cases_for_link(user, tip):
    """The drug cases the tip may have led to: those the user may see, detected since the tip
    came, in its commune when it names one (a bounded list; the API takes any such case)."""
    cases = case_selectors.case_list(user=user).filter(detected_on__gte=tip.received_on)
    if tip.commune_id:
        cases = cases.filter(commune=tip.commune_id)
    return cases.select_related("commune").order_by("-detected_on", "-id")


class TipVerifyView(_WriteView):
    def _form(self, request, tip, data=None):
        hotspots = selectors.hotspots_for_link(user=request.user)
        return VerifyForm(
            data,
            hotspots=hotspots,
            cases=_cases_for_link(request.user, tip),
            initial={"verified_on": timezone.localdate()},
        )

    def get(self, request, pk):
        tip = self._tip(request, pk)
        self.title = _("Record the verification")
        return self._render(request, self._form(request, tip), tip)

    def post(self, request, pk):
        tip = self._tip(request, pk)
        self.title = _("Record the verification")
        form = self._form(request, tip, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            person_pk = data.pop("led_to_person")
            person = None
            if person_pk:
                person = selectors.person_for_link(user=request.user, pk=person_pk)
                if person is None:
                    form.add_error("led_to_person", _("Choose a person within your jurisdiction."))
            if not form.errors:
                try:
                    services.tip_verify(actor=request.user, tip=tip, led_to_person=person, **data)
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    messages.success(request, _("The verification has been recorded."))
                    return redirect(tip)
        return self._render(request, form, tip, status=400)


class TipLinkCaseView(_WriteView):
    def _form(self, request, tip, data=None):
        return LinkCaseForm(data, cases=_cases_for_link(request.user, tip))

    def get(self, request, pk):
        tip = self._tip(request, pk)
        self.title = _("Link to the drug case it led to")
        return self._render(request, self._form(request, tip), tip)

    def post(self, request, pk):
        tip = self._tip(request, pk)
        self.title = _("Link to the drug case it led to")
        form = self._form(request, tip, request.POST)
        if form.is_valid():
            try:
                services.tip_link_case(
                    actor=request.user,
                    tip=tip,
                    case=form.cleaned_data["led_to_case"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The tip has been linked to the drug case."))
                return redirect(tip)
        return self._render(request, form, tip, status=400)


@method_decorator(login_not_required, name="dispatch")
class PublicTipView(View):
    """The public form: rate limited per address, size limited, with a honeypot. The reply
    carries the reference code only."""

    template = "tips/public_form.html"

    def _form(self, data=None):
        return PublicTipForm(data, communes=selectors.public_communes())

    def get(self, request):
        return render(request, self.template, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if request.POST.get("website"):
            # A bot filled the hidden field: answered like a success, nothing is stored.
            logger.info("public tip honeypot filled")
            return render(request, "tips/public_thanks.html", {"reference": None})
        if not ratelimit.hit(client_ip(request)):
            return render(request, self.template, {"form": form, "limited": True}, status=429)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            try:
                tip = services.tip_receive_public(**data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return render(request, "tips/public_thanks.html", {"reference": tip.reference})
        return render(request, self.template, {"form": form}, status=400)
