"""Drug tests and contacts: the "Tests and contacts" section of the person page and its two
forms. Out of scope, or without a grant that reaches them, every page answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, services
from .choices import DrugTestMethod, DrugTestSample
from .forms import ContactForm, DrugTestForm


def checks_context(user, person) -> dict:
    """The "Tests and contacts" section of the person page (nothing when the grant reaches
    no test or contact): the contact log, tests included, newest first."""
    if not selectors.person_check_can(user=user):
        return {"show_checks": False}
    return {
        "show_checks": True,
        "checks": selectors.person_contacts(user=user, person=person),
        "can_record_checks": selectors.person_check_can(user=user, access=Access.WRITE),
    }


class _PersonCheckCreateView(View):
    template = ""
    form_class = None

    def _person(self, request, pk):
        if not selectors.person_check_can(user=request.user, access=Access.WRITE):
            raise Http404
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def initial(self) -> dict:
        return {}

    def record(self, *, actor, person, data):
        raise NotImplementedError

    def announce(self, request, record) -> None:
        raise NotImplementedError

    def _render(self, request, person, form, status=200):
        return render(request, self.template, {"person": person, "form": form}, status=status)

    def get(self, request, pk):
        person = self._person(request, pk)
        form = self.form_class(user=request.user, initial=self.initial())
        return self._render(request, person, form)

    def post(self, request, pk):
        person = self._person(request, pk)
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                record = self.record(actor=request.user, person=person, data=form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                self.announce(request, record)
                return redirect(f"{person.get_absolute_url()}#checks")
        return self._render(request, person, form, status=400)


class DrugTestCreateView(_PersonCheckCreateView):
    """Record a drug test. The page then says which due work the result raised."""

    template = "registry/drugtest_form.html"
    form_class = DrugTestForm

    def initial(self):
        return {
            "tested_on": timezone.localdate(),
            "method": DrugTestMethod.QUICK,
            "sample": DrugTestSample.URINE,
        }

    def record(self, *, actor, person, data):
        return services.drug_test_record(actor=actor, person=person, **data)

    def announce(self, request, test):
        messages.success(request, _("The drug test has been recorded."))
        for work in test.raised_work:
            values = {"title": work.task.title, "date": f"{work.task.due_on:%d/%m/%Y}"}
            if work.new:
                messages.warning(
                    request, _("Due work raised: %(title)s (deadline %(date)s).") % values
                )
            else:
                messages.info(
                    request, _("Due work already open: %(title)s (deadline %(date)s).") % values
                )


class ContactCreateView(_PersonCheckCreateView):
    """Record a home visit, a phone call or a talk at the office."""

    template = "registry/contact_form.html"
    form_class = ContactForm

    def initial(self):
        return {"contacted_on": timezone.localdate()}

    def record(self, *, actor, person, data):
        return services.contact_record(actor=actor, person=person, **data)

    def announce(self, request, contact):
        messages.success(request, _("The contact has been recorded."))
