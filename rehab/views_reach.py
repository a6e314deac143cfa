"""Voluntary-rehab registrations and services reached: the forms under a person, and the list
of services reached (the dashboard's share of people reached links here). Out of scope or
without a grant, every page answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.forms import apply_validation_error
from registry import selectors as registry_selectors

from . import selectors, services_reach
from .filters_followup import ServiceFilter
from .forms_followup import RegistrationForm, ServiceForm

PAGE_SIZE = 50


class _PersonFormView(View):
    form_class = None
    title = ""
    success = ""

    def service(self, *, actor, person, **data):
        raise NotImplementedError

    def initial(self) -> dict:
        return {}

    def _person(self, request, person_pk):
        if not selectors.followup_can(user=request.user, access=Access.WRITE):
            raise Http404
        return registry_selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)

    def _form(self, request, data=None, initial=None):
        return self.form_class(
            data, initial=initial, facilities=selectors.facility_choices(user=request.user)
        )

    def _render(self, request, person, form, status=200):
        context = {"person": person, "form": form, "title": self.title}
        return render(request, "rehab/person_record_form.html", context, status=status)

    def get(self, request, person_pk):
        person = self._person(request, person_pk)
        return self._render(request, person, self._form(request, initial=self.initial()))

    def post(self, request, person_pk):
        person = self._person(request, person_pk)
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                self.service(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, str(self.success))
                return redirect(f"{person.get_absolute_url()}#rehab")
        return self._render(request, person, form, status=400)


class RegistrationCreateView(_PersonFormView):
    form_class = RegistrationForm
    title = gettext_lazy("Register for voluntary rehab")
    success = gettext_lazy("The voluntary-rehab registration has been recorded.")

    def initial(self):
        return {"registered_on": timezone.localdate()}

    def service(self, **kwargs):
        return services_reach.voluntary_registration_record(**kwargs)


class ServiceCreateView(_PersonFormView):
    form_class = ServiceForm
    title = gettext_lazy("Record a service reached")
    success = gettext_lazy("The service has been recorded.")

    def initial(self):
        return {"reached_on": timezone.localdate()}

    def service(self, **kwargs):
        return services_reach.service_reached_record(**kwargs)


class ServiceListView(View):
    def get(self, request):
        if not selectors.followup_can(user=request.user):
            raise Http404
        filterset = ServiceFilter(
            request.GET, request=request, queryset=selectors.service_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        access_log_record(
            user=request.user,
            action=AccessAction.SEARCH,
            record=("rehab_service", ""),
            detail=f"services reached: {request.GET.urlencode()}"[:500],
        )
        context = {"filter": filterset, "page": page, "query": query.urlencode()}
        if request.htmx:
            return render(request, "rehab/partials/service_rows.html", context)
        return render(request, "rehab/service_list.html", context)
