"""Addiction determinations: the person-page section (with the placements), the list, the
detail, and Health's form. Out of scope, or without a grant, every page answers 404."""

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
from common.forms import apply_validation_error
from registry import selectors as registry_selectors

from . import selectors, services_determinations
from .choices import FacilityMeasure
from .filters import DeterminationFilter
from .forms import DeterminationForm

PAGE_SIZE = 50


def _require(user, access=Access.READ):
    if not selectors.determination_can(user=user, access=access):
        raise Http404


class DeterminationListView(View):
    def get(self, request):
        _require(request.user)
        filterset = DeterminationFilter(
            request.GET, request=request, queryset=selectors.determination_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        access_log_record(
            user=request.user,
            action=AccessAction.SEARCH,
            record=("rehab_determination", ""),
            detail=f"determinations: {request.GET.urlencode()}"[:500],
        )
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_record": selectors.determination_can(user=request.user, access=Access.WRITE),
        }
        if request.htmx:
            return render(request, "rehab/partials/determination_rows.html", context)
        return render(request, "rehab/determination_list.html", context)


class DeterminationDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        determination = selectors.determination_get(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=determination.person,
            detail=f"determination {determination.pk}",
        )
        return render(request, "rehab/determination_detail.html", {"d": determination})


def _facilities(user):
    ids = [
        f.pk
        for f in selectors.facility_choices(user=user)
        if f.performs(FacilityMeasure.DETERMINATION)
    ]
    return selectors.facility_list(user=user).filter(pk__in=ids)


class DeterminationCreateView(View):
    """Health records a determination for a person it can see (identity only)."""

    def _person(self, request, person_pk):
        _require(request.user, Access.WRITE)
        return registry_selectors.person_get(user=request.user, pk=person_pk)

    def _render(self, request, person, form, status=200):
        return render(
            request,
            "rehab/determination_form.html",
            {"person": person, "form": form},
            status=status,
        )

    def get(self, request, person_pk):
        person = self._person(request, person_pk)
        form = DeterminationForm(
            facilities=_facilities(request.user),
            initial={"determined_on": timezone.localdate()},
        )
        return self._render(request, person, form)

    def post(self, request, person_pk):
        person = self._person(request, person_pk)
        form = DeterminationForm(request.POST, facilities=_facilities(request.user))
        if form.is_valid():
            try:
                determination = services_determinations.determination_record(
                    actor=request.user, person=person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("The determination has been recorded: %(result)s.")
                    % {"result": determination.get_result_display()},
                )
                return redirect(determination.get_absolute_url())
        return self._render(request, person, form, status=400)
