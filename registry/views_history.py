"""Pages that append to a person's history: category changes, corrections, special
management."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, services
from .forms import CategoryChangeForm, EventCorrectionForm, SpecialManagementForm


class _PersonActionView(View):
    """A form about one person, for users who may write the person (404 otherwise)."""

    template = ""
    form_class = None

    def person(self, request, pk):
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def initial(self, person, **kwargs):
        return {"occurred_on": timezone.localdate()}

    def context(self, request, person, form, **extra):
        return {"person": person, "form": form, **extra}

    def get(self, request, pk, **kwargs):
        person = self.person(request, pk)
        form = self.form_class(initial=self.initial(person, **kwargs))
        return render(request, self.template, self.context(request, person, form, **kwargs))

    def post(self, request, pk, **kwargs):
        person = self.person(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(request, person, form.cleaned_data, **kwargs)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                return redirect(person)
        context = self.context(request, person, form, **kwargs)
        return render(request, self.template, context, status=400)


class CategoryChangeView(_PersonActionView):
    template = "registry/category_form.html"
    form_class = CategoryChangeForm

    def act(self, request, person, data):
        services.person_change_category(actor=request.user, person=person, **data)
        messages.success(request, _("The category has been changed."))


class EventCorrectionView(_PersonActionView):
    template = "registry/event_correction_form.html"
    form_class = EventCorrectionForm

    def _event(self, request, person, event_pk):
        return selectors.person_event_get(user=request.user, person=person, pk=event_pk)

    def initial(self, person, event_pk=None):
        event = selectors.person_event_get(user=self.request.user, person=person, pk=event_pk)
        return {
            "occurred_on": event.occurred_on,
            "category": event.category_after,
            "basis_number": event.basis_number,
            "basis_date": event.basis_date,
            "basis_body": event.basis_body,
        }

    def context(self, request, person, form, event_pk=None):
        event = self._event(request, person, event_pk)
        return {"person": person, "form": form, "event": event}

    def act(self, request, person, data, event_pk=None):
        event = self._event(request, person, event_pk)
        services.person_correct_event(
            actor=request.user,
            event=event,
            reason=data["reason"],
            occurred_on=data["occurred_on"],
            category=data["category"],
            basis_number=data["basis_number"],
            basis_date=data["basis_date"],
            basis_body=data["basis_body"],
        )
        messages.success(request, _("The entry has been corrected."))


class SpecialManagementView(_PersonActionView):
    template = "registry/special_form.html"
    form_class = SpecialManagementForm

    def act(self, request, person, data):
        services.person_set_special_management(
            actor=request.user, person=person, on=not person.special_management, **data
        )
        messages.success(request, _("Special management has been updated."))
