"""Post-rehab follow-up pages: one page per post-rehab management period (support given,
relapses, the certificate of completion) and the forms to record each. Out of scope, without a
grant, or for a period that is not post-rehab management, every page answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from registry import selectors as registry_selectors

from . import selectors, services_followup
from .forms_followup import CertificateForm, RelapseForm, SupportForm


def _can_write(user, period) -> bool:
    return selectors.followup_can(user=user, access=Access.WRITE) and (
        registry_selectors.person_list(user=user, access=Access.WRITE)
        .filter(pk=period.person_id)
        .exists()
    )


class FollowupDetailView(View):
    def get(self, request, pk):
        period = selectors.post_rehab_period_get(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=period.person,
            detail=f"post-rehab follow-up {period.pk}",
        )
        context = {
            "period": period,
            **selectors.period_followup(user=request.user, period=period),
            "can_write": _can_write(request.user, period),
            "earliest": services_followup.certificate_earliest(period),
            "today": timezone.localdate(),
        }
        return render(request, "rehab/followup_detail.html", context)


class _FollowupFormView(View):
    form_class = None
    title = ""
    success = ""

    def service(self, *, actor, period, **data):
        raise NotImplementedError

    def initial(self, period) -> dict:
        return {}

    def _period(self, request, pk):
        period = selectors.post_rehab_period_get(user=request.user, pk=pk, access=Access.WRITE)
        if not _can_write(request.user, period):
            raise Http404
        return period

    def _render(self, request, period, form, status=200):
        context = {"period": period, "form": form, "title": self.title}
        return render(request, "rehab/followup_form.html", context, status=status)

    def get(self, request, pk):
        period = self._period(request, pk)
        return self._render(request, period, self.form_class(initial=self.initial(period)))

    def post(self, request, pk):
        period = self._period(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.service(actor=request.user, period=period, **form.cleaned_data)
            except ValidationError as exc:
                from common.forms import apply_validation_error

                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, str(self.success))
                return redirect("rehab:followup_detail", pk=period.pk)
        return self._render(request, period, form, status=400)


class SupportCreateView(_FollowupFormView):
    form_class = SupportForm
    title = gettext_lazy("Record support given")
    success = gettext_lazy("The support has been recorded.")

    def initial(self, period):
        return {"given_on": min(timezone.localdate(), period.ended_on or period.current_end)}

    def service(self, **kwargs):
        return services_followup.post_rehab_support_record(**kwargs)


class RelapseCreateView(_FollowupFormView):
    form_class = RelapseForm
    title = gettext_lazy("Record a relapse")
    success = gettext_lazy(
        "The relapse has been recorded; the due list asks for a compulsory-rehab dossier."
    )

    def initial(self, period):
        return {"occurred_on": min(timezone.localdate(), period.ended_on or period.current_end)}

    def service(self, **kwargs):
        return services_followup.post_rehab_relapse_record(**kwargs)


class CertificateCreateView(_FollowupFormView):
    form_class = CertificateForm
    title = gettext_lazy("Issue the certificate of completion")
    success = gettext_lazy("The certificate of completion has been recorded.")

    def initial(self, period):
        return {"issued_on": timezone.localdate(), "signer_title": "Chủ tịch UBND xã"}

    def service(self, **kwargs):
        return services_followup.post_rehab_certificate_issue(**kwargs)
