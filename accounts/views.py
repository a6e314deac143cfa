from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login

from common.exports import label_of, xlsx_response
from common.forms import apply_validation_error

from . import selectors, services, twofactor
from .audit import access_log_record
from .choices import AccessAction
from .filters import AccessLogFilter, UserFilter
from .forms import (
    LoginForm,
    OTPCodeForm,
    OTPSetupConfirmForm,
    PasswordResetByAdminForm,
    UserCreateForm,
    UserUpdateForm,
)
from .models import AccessLog
from .twofactor import Step


def _safe_next(request, url: str | None) -> str:
    """Where to go after the code page: `url` when it is a path of this site, else the home
    page (a bare word would be taken by `redirect` for a URL name)."""
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """The password step. A user with an authenticator app goes on to the code page; a user
    whose role requires one and who has none goes to the set-up page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        step = twofactor.pending_step(self.request)
        if step == Step.VERIFY:
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('accounts:otp_verify')}?{query}")
        if step == Step.ENROL:
            messages.warning(
                self.request,
                _("Your role requires two-step login: set up an authenticator app to go on."),
            )
            return redirect("accounts:otp_setup")
        if twofactor.recommended_for(form.get_user()):
            messages.info(
                self.request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Two-step login protects your account if your password leaks."),
                    reverse("accounts:otp_setup"),
                    _("Set it up"),
                ),
            )
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["otp_device"] = selectors.otp_device_get(user=self.request.user)
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def _admin_only(request):
    if not request.user.is_administrator:
        raise Http404


class UserListView(View):
    def get(self, request):
        _admin_only(request)
        users = selectors.user_list(user=request.user)
        filterset = UserFilter(request.GET, queryset=users)
        rows = filterset.qs if filterset.is_valid() else users
        page = Paginator(rows.order_by("username"), 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "accounts/user_list.html",
            {"filter": filterset, "page": page, "query": query.urlencode()},
        )


class UserCreateView(View):
    template = "accounts/user_form.html"

    def get(self, request):
        _admin_only(request)
        return render(request, self.template, {"form": UserCreateForm(user=request.user)})

    def post(self, request):
        _admin_only(request)
        form = UserCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                account = services.user_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The user has been created."))
                return redirect("accounts:user_update", pk=account.pk)
        return render(request, self.template, {"form": form}, status=400)


class UserUpdateView(View):
    template = "accounts/user_form.html"

    def get(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = UserUpdateForm(instance=account, user=request.user)
        return render(request, self.template, self._context(form, account))

    @staticmethod
    def _context(form, account):
        return {
            "form": form,
            "account": account,
            "otp_device": selectors.otp_device_get(user=account),
        }

    def post(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = UserUpdateForm(request.POST, instance=account, user=request.user)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.user_update(actor=request.user, account=account, **fields)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("accounts:user_list")
        return render(request, self.template, self._context(form, account), status=400)


class UserPasswordResetView(View):
    template = "accounts/user_password.html"

    def get(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = PasswordResetByAdminForm(account)
        return render(request, self.template, {"form": form, "account": account})

    def post(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = PasswordResetByAdminForm(account, request.POST)
        if form.is_valid():
            services.user_set_password(
                actor=request.user, account=account, password=form.cleaned_data["new_password1"]
            )
            messages.success(request, _("The password has been reset."))
            return redirect("accounts:user_list")
        return render(request, self.template, {"form": form, "account": account}, status=400)


class AccessLogView(View):
    def get(self, request):
        _admin_only(request)
        entries = selectors.access_log_list(user=request.user)
        filterset = AccessLogFilter(request.GET, queryset=entries, request=request)
        rows = filterset.qs if filterset.is_valid() else entries.none()
        if request.GET.get("format") == "xlsx":
            access_log_record(
                user=request.user,
                action=AccessAction.EXPORT,
                record=("accesslog", ""),
                detail=request.GET.urlencode(),
            )
            columns = [
                (_("Time"), lambda e: e.at),
                (_("User"), lambda e: e.user.username if e.user else ""),
                (_("Action"), label_of(AccessLog, "action")),
                (_("Record type"), lambda e: e.record_type),
                (_("Record"), lambda e: e.record_id),
                (_("Detail"), lambda e: e.detail),
                (_("Address"), lambda e: e.ip_address or ""),
            ]
            return xlsx_response(
                filename="nhat-ky-truy-cap.xlsx",
                sheet_title=_("Access log"),
                columns=columns,
                rows=rows.iterator(chunk_size=2000),
                taken_by=request.user,
            )
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "accounts/access_log.html",
            {"filter": filterset, "page": page, "query": query.urlencode()},
        )


class UserOTPResetView(View):
    """An administrator removes a user's second factor, e.g. when the phone is lost."""

    template = "accounts/user_otp_reset.html"

    def get(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        device = selectors.otp_device_get(user=account)
        return render(request, self.template, {"account": account, "otp_device": device})

    def post(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        try:
            services.otp_device_reset(actor=request.user, account=account)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Two-step login has been reset: the user logs in with the password alone."),
            )
        return redirect("accounts:user_update", pk=account.pk)


# Two-step login: the code page after the password, and the user's own set-up page.


def _session_verified(request, device) -> None:
    """The session has passed the second step: new session key and CSRF token (as Django's
    login does), then django-otp's mark."""
    request.session.cycle_key()
    rotate_token(request)
    otp_login(request, device)
    twofactor.forget(request)


def _qr_svg(data: str) -> str:
    """A QR code as inline SVG (no image library, nothing fetched by the browser)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage)
    # The markup is qrcode's own: shapes only, no text from the user.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


class OTPVerifyView(View):
    """The second step of the login: the code from the authenticator app."""

    template = "accounts/otp_verify.html"

    def get(self, request):
        next_url = request.GET.get("next", "")
        if twofactor.pending_step(request) != Step.VERIFY:
            return redirect(_safe_next(request, next_url))
        return render(request, self.template, {"form": OTPCodeForm(), "next": next_url})

    def post(self, request):
        next_url = request.POST.get("next", "")
        if twofactor.pending_step(request) != Step.VERIFY:
            return redirect(_safe_next(request, next_url))
        form = OTPCodeForm(request.POST)
        if form.is_valid():
            device = selectors.otp_device_get(user=request.user)
            try:
                device = services.otp_code_check(
                    device=device, token=form.cleaned_data["otp_token"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                _session_verified(request, device)
                return redirect(_safe_next(request, next_url))
        return render(request, self.template, {"form": form, "next": next_url}, status=400)


def _otp_setup_page(request, *, confirm_form=None, remove_form=None, status=200):
    user = request.user
    device = selectors.otp_device_get(user=user)
    context = {
        "otp_device": device,
        "required": twofactor.required_for(user),
        "recommended": twofactor.recommended_for(user),
    }
    if device is not None:
        context["remove_form"] = remove_form or OTPCodeForm()
    else:
        pending = selectors.otp_device_get(user=user, confirmed=False)
        if pending is not None:
            secret = b32encode(pending.bin_key).decode()
            uri = pending.config_url
            context.update(
                pending=pending,
                secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
                otpauth_uri=uri,
                qr_svg=_qr_svg(uri),
                confirm_form=confirm_form or OTPSetupConfirmForm(),
            )
    return render(request, "accounts/otp_setup.html", context, status=status)


class OTPSetupView(View):
    """The user's own authenticator app: set it up (secret, otpauth:// URI and QR code, then a
    first code), see it, or remove it with a current code."""

    def get(self, request):
        return _otp_setup_page(request)


class OTPSetupStartView(View):
    def post(self, request):
        try:
            services.otp_setup_start(actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("accounts:otp_setup")


class OTPSetupConfirmView(View):
    def post(self, request):
        form = OTPSetupConfirmForm(request.POST)
        if form.is_valid():
            try:
                device = services.otp_setup_confirm(
                    actor=request.user,
                    token=form.cleaned_data["otp_token"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                _session_verified(request, device)
                messages.success(
                    request,
                    _("Two-step login is on: from now on, enter a code after your password."),
                )
                return redirect("accounts:otp_setup")
        return _otp_setup_page(request, confirm_form=form, status=400)


class OTPSetupCancelView(View):
    def post(self, request):
        services.otp_setup_cancel(actor=request.user)
        return redirect("accounts:otp_setup")


class OTPRemoveView(View):
    def post(self, request):
        form = OTPCodeForm(request.POST)
        if form.is_valid():
            try:
                services.otp_device_remove(actor=request.user, token=form.cleaned_data["otp_token"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Your authenticator app has been removed."))
                return redirect("accounts:otp_setup")
        return _otp_setup_page(request, remove_form=form, status=400)
