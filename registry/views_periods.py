"""Management periods on the person page, and the forms to open, extend, end and renew them.
Every page answers 404 out of scope (never 403: existence is not told)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, services
from .choices import PeriodEndReason
from .forms import PeriodEndForm, PeriodExtendForm, PeriodOpenForm, PeriodRenewForm


def periods_context(user, person, *, can_write: bool) -> dict:
    """The "Management periods" section of the person page (nothing when the grant reaches no
    period): open periods with the days left, then the past ones. One query."""
    if not selectors.period_can(user=user):
        return {"show_periods": False}
    today = timezone.localdate()
    periods = list(selectors.person_periods(user=user, person=person))
    current = [p for p in periods if p.ended_on is None]
    for period in current:
        period.days_left_value = period.days_left(today)
        period.days_overdue = -period.days_left_value
    return {
        "show_periods": True,
        "current_periods": current,
        "past_periods": [p for p in periods if p.ended_on is not None],
        "can_write_periods": can_write and selectors.period_can(user=user, access=Access.WRITE),
    }


def _person_url(person) -> str:
    return f"{person.get_absolute_url()}#periods"


class _PeriodFormView(View):
    template = "registry/period_form.html"
    form_class = None
    title = ""
    submit = ""
    done = ""

    def _person(self, request, pk):
        if not selectors.period_can(user=request.user, access=Access.WRITE):
            raise Http404
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def _period(self, request, pk, period_pk):
        self._person(request, pk)
        return selectors.period_get(
            user=request.user, pk=period_pk, person_pk=pk, access=Access.WRITE
        )

    def _render(self, request, *, person, form, period=None, status=200):
        context = {
            "person": person,
            "period": period,
            "form": form,
            "title": self.title,
            "submit": self.submit,
            "cancel_url": _person_url(person),
            **self.extra_context(),
        }
        return render(request, self.template, context, status=status)

    def extra_context(self) -> dict:
        return {}

    def initial(self, period) -> dict:
        return {}

    def call(self, request, *, person, period, data):
        raise NotImplementedError

    def handle(self, request, *, person, period=None):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.call(request, person=person, period=period, data=dict(form.cleaned_data))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, str(self.done))
                return redirect(_person_url(person))
        return self._render(request, person=person, period=period, form=form, status=400)


class PeriodCreateView(_PeriodFormView):
    form_class = PeriodOpenForm
    title = gettext_lazy("Open a management period")
    submit = gettext_lazy("Open the period")
    done = gettext_lazy("The management period has been opened.")

    def extra_context(self):
        return {"terms": selectors.legal_term_list()}

    def get(self, request, pk):
        person = self._person(request, pk)
        return self._render(request, person=person, form=self.form_class())

    def post(self, request, pk):
        return self.handle(request, person=self._person(request, pk))

    def call(self, request, *, person, period, data):
        data["law"] = data.get("law") or ""
        services.period_open(actor=request.user, person=person, **data)


class _PeriodActionView(_PeriodFormView):
    def get(self, request, pk, period_pk):
        period = self._period(request, pk, period_pk)
        form = self.form_class(initial=self.initial(period))
        return self._render(request, person=period.person, period=period, form=form)

    def post(self, request, pk, period_pk):
        period = self._period(request, pk, period_pk)
        return self.handle(request, person=period.person, period=period)


class PeriodExtendView(_PeriodActionView):
    form_class = PeriodExtendForm
    title = gettext_lazy("Extend the management period")
    submit = gettext_lazy("Extend")
    done = gettext_lazy("The management period has been extended.")

    def call(self, request, *, person, period, data):
        services.period_extend(actor=request.user, period=period, **data)


class PeriodEndView(_PeriodActionView):
    form_class = PeriodEndForm
    title = gettext_lazy("End the management period")
    submit = gettext_lazy("Record the end")
    done = gettext_lazy("The end of the management period has been recorded.")

    def initial(self, period):
        today = timezone.localdate()
        if period.current_end <= today:
            return {"ended_on": period.current_end, "end_reason": PeriodEndReason.COMPLETED}
        return {"ended_on": today, "end_reason": PeriodEndReason.ENDED_EARLY}

    def call(self, request, *, person, period, data):
        services.period_end(actor=request.user, period=period, **data)


class PeriodRenewView(_PeriodActionView):
    form_class = PeriodRenewForm
    title = gettext_lazy("Renew on a new decision")
    submit = gettext_lazy("Renew")
    done = gettext_lazy("The period has been renewed: a new period runs from the new decision.")

    def call(self, request, *, person, period, data):
        data["law"] = data.get("law") or ""
        services.period_renew(actor=request.user, period=period, **data)
