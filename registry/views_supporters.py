"""Who helps each person: the "Who helps" section of the person page, and the forms to assign
a supporter and to end an assignment. Out of scope, or without a grant that reaches them,
every page answers 404 (never 403: existence is not told)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, selectors_support, services
from .forms_support import SupporterEndForm, SupporterForm


def supporters_context(user, person, *, can_write: bool) -> dict:
    """The "Who helps" section of the person page (nothing when the grant reaches no
    supporter): current assignments first, then past ones. One query."""
    if not selectors_support.supporter_can(user=user):
        return {"show_supporters": False}
    rows = selectors_support.person_supporters(user=user, person=person)
    return {
        "show_supporters": True,
        "current_supporters": [s for s in rows if s.is_active],
        "past_supporters": [s for s in rows if not s.is_active],
        "can_write_supporters": can_write
        and selectors_support.supporter_can(user=user, access=Access.WRITE),
    }


def _section_url(person) -> str:
    return f"{person.get_absolute_url()}#supporters"


class _SupporterFormView(View):
    template = "registry/supporter_form.html"
    title = ""
    submit = ""

    def _person(self, request, pk):
        if not selectors_support.supporter_can(user=request.user, access=Access.WRITE):
            raise Http404
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, *, person, form, supporter=None, status=200):
        context = {
            "person": person,
            "supporter": supporter,
            "form": form,
            "title": self.title,
            "submit": self.submit,
            "cancel_url": _section_url(person),
        }
        return render(request, self.template, context, status=status)


class SupporterCreateView(_SupporterFormView):
    title = gettext_lazy("Assign a supporter")
    submit = gettext_lazy("Assign")

    def get(self, request, pk):
        person = self._person(request, pk)
        form = SupporterForm(user=request.user, initial={"start_on": timezone.localdate()})
        return self._render(request, person=person, form=form)

    def post(self, request, pk):
        person = self._person(request, pk)
        form = SupporterForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.supporter_assign(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The supporter has been assigned."))
                return redirect(_section_url(person))
        return self._render(request, person=person, form=form, status=400)


class SupporterEndView(_SupporterFormView):
    title = gettext_lazy("End a supporter's assignment")
    submit = gettext_lazy("End the assignment")

    def _supporter(self, request, pk, supporter_pk):
        person = self._person(request, pk)
        supporter = selectors_support.supporter_get(
            user=request.user, pk=supporter_pk, person_pk=person.pk, access=Access.WRITE
        )
        return person, supporter

    def get(self, request, pk, supporter_pk):
        person, supporter = self._supporter(request, pk, supporter_pk)
        form = SupporterEndForm(initial={"ended_on": timezone.localdate()})
        return self._render(request, person=person, form=form, supporter=supporter)

    def post(self, request, pk, supporter_pk):
        person, supporter = self._supporter(request, pk, supporter_pk)
        form = SupporterEndForm(request.POST)
        if form.is_valid():
            try:
                services.supporter_end(actor=request.user, supporter=supporter, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The assignment has ended."))
                return redirect(_section_url(person))
        return self._render(request, person=person, form=form, supporter=supporter, status=400)
