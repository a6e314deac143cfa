"""Review campaigns ("đợt tổng rà soát", 004 §III.12), under /people/reviews/.

- The list and a campaign's page with its progress per commune: figures only, for every user
  with a grant on people (the province sees every commune, a commune its own row).
- Opening and closing: provincial police and administrators only (403 for anyone else).
- The work list of a campaign's people and the review of one person: users whose grant reaches
  people's records (404 otherwise, and 404 for another commune's item); the quick "confirm"
  on the list is a plain form that HTMX turns into an inline update."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, RecordType
from common.forms import apply_validation_error

from . import selectors_support, services
from .choices import ReviewOutcome
from .filters_support import PENDING, ReviewItemFilter
from .forms_support import ReviewCampaignCloseForm, ReviewCampaignForm, ReviewItemForm

PAGE_SIZE = 50


def _require_view(user):
    if not selectors_support.review_campaign_can_view(user=user):
        raise Http404


def _require_manage(user):
    _require_view(user)
    if not selectors_support.review_campaign_can_manage(user=user):
        raise PermissionDenied


def _campaign(request, pk):
    _require_view(request.user)
    return selectors_support.review_campaign_get(user=request.user, pk=pk)


def _items_campaign(request, pk, access=Access.READ):
    """The campaign of an items page: 404 when the grant reaches no person's record."""
    campaign = _campaign(request, pk)
    if not selectors_support.review_item_can(user=request.user, access=access):
        raise Http404
    return campaign


def _back_url(request, campaign) -> str:
    """Where to go after a review: the list the user came from (a path of this site only;
    anything else, such as a bare word that `redirect` would take for a URL name, is ignored)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("registry:review_item_list", args=[campaign.pk]) + f"?outcome={PENDING}"


class ReviewCampaignListView(View):
    def get(self, request):
        _require_view(request.user)
        today = timezone.localdate()
        campaigns = selectors_support.review_campaign_list(user=request.user)
        page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
        summaries = selectors_support.review_summaries(
            user=request.user, campaigns=page.object_list, today=today
        )
        rows = [(c, summaries[c.pk]) for c in page.object_list]
        context = {
            "page": page,
            "rows": rows,
            "today": today,
            "can_manage": selectors_support.review_campaign_can_manage(user=request.user),
        }
        return render(request, "registry/reviews/campaign_list.html", context)


class ReviewCampaignCreateView(View):
    template = "registry/reviews/campaign_form.html"

    def get(self, request):
        _require_manage(request.user)
        return render(request, self.template, {"form": ReviewCampaignForm()})

    def post(self, request):
        _require_manage(request.user)
        form = ReviewCampaignForm(request.POST)
        if form.is_valid():
            try:
                campaign = services.review_campaign_open(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("The review has been opened: %(count)s people to review.")
                    % {"count": campaign.item_count},
                )
                return redirect(campaign)
        return render(request, self.template, {"form": form}, status=400)


class ReviewCampaignDetailView(View):
    def get(self, request, pk):
        campaign = _campaign(request, pk)
        today = timezone.localdate()
        progress = selectors_support.review_progress(
            user=request.user, campaign=campaign, today=today
        )
        context = {
            "campaign": campaign,
            "progress": progress,
            "today": today,
            "can_manage": campaign.is_open
            and selectors_support.review_campaign_can_manage(user=request.user)
            and request.user.scope_unit.contains(campaign.unit),
            "can_see_people": selectors_support.review_item_can(user=request.user),
            "pending": PENDING,
        }
        return render(request, "registry/reviews/campaign_detail.html", context)


class ReviewCampaignCloseView(View):
    template = "registry/reviews/campaign_close.html"

    def _campaign(self, request, pk):
        _require_manage(request.user)
        campaign = _campaign(request, pk)
        if not request.user.scope_unit.contains(campaign.unit):
            raise PermissionDenied
        return campaign

    def get(self, request, pk):
        campaign = self._campaign(request, pk)
        return render(
            request, self.template, {"campaign": campaign, "form": ReviewCampaignCloseForm()}
        )

    def post(self, request, pk):
        campaign = self._campaign(request, pk)
        form = ReviewCampaignCloseForm(request.POST)
        if form.is_valid():
            try:
                services.review_campaign_close(
                    actor=request.user, campaign=campaign, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The review has been closed."))
                return redirect(campaign)
        context = {"campaign": campaign, "form": form}
        return render(request, self.template, context, status=400)


class ReviewItemListView(View):
    """The work list: a campaign's people in the user's jurisdiction, filtered (by default the
    ones not reviewed yet), with a quick "confirm" on each pending row."""

    def get(self, request, pk):
        campaign = _items_campaign(request, pk)
        items = selectors_support.review_item_list(user=request.user, campaign=campaign)
        data = request.GET.copy()
        if "outcome" not in data:
            data["outcome"] = PENDING
        filterset = ReviewItemFilter(data, queryset=items, request=request)
        rows = filterset.qs if filterset.is_valid() else items.none()
        rows = rows.order_by("person__full_name_folded", "id")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, ""),
            detail=f"review {campaign.pk} work list: {data.urlencode()}"[:500],
        )
        query = data.copy()
        query.pop("page", None)
        context = {
            "campaign": campaign,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "can_review": campaign.is_open
            and selectors_support.review_item_can(user=request.user, access=Access.WRITE),
            "today": timezone.localdate(),
        }
        template = (
            "registry/reviews/partials/item_table.html"
            if request.htmx
            else "registry/reviews/item_list.html"
        )
        return render(request, template, context)


class ReviewItemView(View):
    """One person's review: the outcome, what was corrected, a note."""

    template = "registry/reviews/item_form.html"

    def _context(self, request, campaign, item, form):
        return {
            "campaign": campaign,
            "item": item,
            "person": item.person,
            "form": form,
            "next": _back_url(request, campaign),
            "can_review": campaign.is_open
            and selectors_support.review_item_can(user=request.user, access=Access.WRITE),
        }

    def get(self, request, pk, item_pk):
        campaign = _items_campaign(request, pk)
        item = selectors_support.review_item_get(user=request.user, campaign=campaign, pk=item_pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, str(item.person_id)),
            detail=f"review {campaign.pk} item {item.pk}",
        )
        initial = {
            "outcome": item.outcome,
            "corrections": item.corrections,
            "note": item.note,
            "reviewed_on": item.reviewed_on or timezone.localdate(),
        }
        form = ReviewItemForm(initial=initial)
        return render(request, self.template, self._context(request, campaign, item, form))

    def post(self, request, pk, item_pk):
        campaign = _items_campaign(request, pk, access=Access.WRITE)
        item = selectors_support.review_item_get(
            user=request.user, campaign=campaign, pk=item_pk, access=Access.WRITE
        )
        form = ReviewItemForm(request.POST)
        if form.is_valid():
            try:
                services.review_record(
                    actor=request.user, campaign=campaign, person=item.person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("The review of %(name)s has been recorded.")
                    % {"name": item.person.full_name},
                )
                return redirect(_back_url(request, campaign))
        context = self._context(request, campaign, item, form)
        return render(request, self.template, context, status=400)


class ReviewItemConfirmView(View):
    """ "Confirmed as correct" in one click from the work list. Without JavaScript the form
    posts and the list comes back; with HTMX only the row is replaced."""

    def post(self, request, pk, item_pk):
        campaign = _items_campaign(request, pk, access=Access.WRITE)
        item = selectors_support.review_item_get(
            user=request.user, campaign=campaign, pk=item_pk, access=Access.WRITE
        )
        error = ""
        try:
            item = services.review_record(
                actor=request.user,
                campaign=campaign,
                person=item.person,
                outcome=ReviewOutcome.CONFIRMED,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except PermissionError as exc:
            raise PermissionDenied from exc
        if request.htmx:
            item = selectors_support.review_item_get(
                user=request.user, campaign=campaign, pk=item_pk
            )
            context = {
                "campaign": campaign,
                "item": item,
                "error": error,
                "here": _back_url(request, campaign),
                "can_review": campaign.is_open,
            }
            # 200 even on a refusal: HTMX swaps only successful answers, and the row says why.
            return render(request, "registry/reviews/partials/item_row.html", context)
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: confirmed as correct.") % {"name": item.person.full_name},
            )
        return redirect(_back_url(request, campaign))
