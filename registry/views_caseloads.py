"""Caseloads: the officers of a jurisdiction with their people and open tasks, the form that
moves a whole caseload (commune leaders and provincial users), and the focused action that
changes one person's responsible officer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, services
from .forms_moves import CaseloadReassignForm, OfficerAssignForm


class CaseloadListView(View):
    template = "registry/caseloads.html"

    def _require(self, request):
        if not services.caseload_can_reassign(request.user):
            raise Http404

    def _render(self, request, form, status=200):
        context = {
            "officers": selectors.caseload_officers(user=request.user),
            "unassigned": selectors.caseload_unassigned_count(user=request.user),
            "form": form,
        }
        return render(request, self.template, context, status=status)

    def get(self, request):
        self._require(request)
        initial = {}
        if request.GET.get("from", "").isdigit():
            initial["from_officer"] = int(request.GET["from"])
        return self._render(request, CaseloadReassignForm(user=request.user, initial=initial))

    def post(self, request):
        self._require(request)
        form = CaseloadReassignForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                moved = services.caseload_reassign(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("%(people)d people and %(tasks)d open tasks moved from %(from)s to %(to)s.")
                    % {
                        "people": len(moved.people),
                        "tasks": len(moved.tasks),
                        "from": form.cleaned_data["from_officer"],
                        "to": form.cleaned_data["to_officer"],
                    },
                )
                return redirect("registry:caseloads")
        return self._render(request, form, status=400)


class OfficerAssignView(View):
    """Change one person's responsible officer (their open tasks follow)."""

    template = "registry/officer_assign_form.html"

    def _person(self, request, pk):
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def get(self, request, pk):
        person = self._person(request, pk)
        form = OfficerAssignForm(user=request.user, initial={"officer": person.responsible_officer})
        return render(request, self.template, {"person": person, "form": form})

    def post(self, request, pk):
        person = self._person(request, pk)
        form = OfficerAssignForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.person_assign_officer(
                    actor=request.user,
                    person=person,
                    officer=form.cleaned_data["officer"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The responsible officer has been changed."))
                return redirect(person)
        return render(request, self.template, {"person": person, "form": form}, status=400)
