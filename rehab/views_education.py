"""Education at commune: the list (filters, pages), the detail with its steps, the dossier form
under a person, and the forms of the decision, the end and the withdrawal. Out of scope or
without a grant, every page answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.forms import apply_validation_error
from registry import selectors as registry_selectors

from . import selectors, services_education
from .choices import EducationStatus
from .filters_followup import EducationFilter
from .forms_followup import (
    EducationCompileForm,
    EducationDecideForm,
    EducationEndForm,
    EducationWithdrawForm,
)

PAGE_SIZE = 50


def _require(user, access=Access.READ):
    if not selectors.followup_can(user=user, access=access):
        raise Http404


class EducationListView(View):
    def get(self, request):
        _require(request.user)
        filterset = EducationFilter(
            request.GET, request=request, queryset=selectors.education_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        access_log_record(
            user=request.user,
            action=AccessAction.SEARCH,
            record=("rehab_education", ""),
            detail=f"education at commune: {request.GET.urlencode()}"[:500],
        )
        context = {"filter": filterset, "page": page, "query": query.urlencode()}
        if request.htmx:
            return render(request, "rehab/partials/education_rows.html", context)
        return render(request, "rehab/education_list.html", context)


def _can_write(user, measure) -> bool:
    return selectors.followup_can(user=user, access=Access.WRITE) and (
        registry_selectors.person_list(user=user, access=Access.WRITE)
        .filter(pk=measure.person_id)
        .exists()
    )


class EducationDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        measure = selectors.education_get(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=measure.person,
            detail=f"education at commune {measure.pk}",
        )
        context = {
            "m": measure,
            "events": selectors.education_events(measure=measure),
            "can_write": _can_write(request.user, measure),
        }
        return render(request, "rehab/education_detail.html", context)


class EducationCreateView(View):
    def _person(self, request, person_pk):
        _require(request.user, Access.WRITE)
        return registry_selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)

    def _render(self, request, person, form, status=200):
        context = {"person": person, "form": form, "title": _("Education at commune: dossier")}
        return render(request, "rehab/person_record_form.html", context, status=status)

    def get(self, request, person_pk):
        person = self._person(request, person_pk)
        form = EducationCompileForm(initial={"compiled_on": timezone.localdate()})
        return self._render(request, person, form)

    def post(self, request, person_pk):
        person = self._person(request, person_pk)
        form = EducationCompileForm(request.POST)
        if form.is_valid():
            try:
                measure = services_education.education_compile(
                    actor=request.user, person=person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The dossier of education at commune is recorded."))
                return redirect(measure.get_absolute_url())
        return self._render(request, person, form, status=400)


# step -> (form, service, the status it applies to, title)
STEPS = {
    "decide": (
        EducationDecideForm,
        services_education.education_decide,
        EducationStatus.COMPILED,
        gettext_lazy("Record the decision"),
    ),
    "end": (
        EducationEndForm,
        services_education.education_end,
        EducationStatus.DECIDED,
        gettext_lazy("Record the end"),
    ),
    "withdraw": (
        EducationWithdrawForm,
        services_education.education_withdraw,
        EducationStatus.COMPILED,
        gettext_lazy("Withdraw the dossier"),
    ),
}


class EducationStepView(View):
    def _measure(self, request, pk, step):
        _require(request.user, Access.WRITE)
        if step not in STEPS:
            raise Http404
        measure = selectors.education_get(user=request.user, pk=pk, access=Access.WRITE)
        if measure.status != STEPS[step][2] or not _can_write(request.user, measure):
            raise Http404
        return measure

    def _render(self, request, measure, form, step, status=200):
        context = {"m": measure, "form": form, "title": STEPS[step][3]}
        return render(request, "rehab/education_step.html", context, status=status)

    def get(self, request, pk, step):
        measure = self._measure(request, pk, step)
        today = timezone.localdate()
        initial = {
            "decide": {"decision_date": today, "decision_body": "Chủ tịch UBND xã"},
            "end": {"ended_on": min(today, measure.planned_end_on or today)},
            "withdraw": {"withdrawn_on": today},
        }[step]
        return self._render(request, measure, STEPS[step][0](initial=initial), step)

    def post(self, request, pk, step):
        measure = self._measure(request, pk, step)
        form_class, service = STEPS[step][0], STEPS[step][1]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(actor=request.user, measure=measure, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("Education at commune has been updated."))
                return redirect(measure.get_absolute_url())
        return self._render(request, measure, form, step, status=400)
