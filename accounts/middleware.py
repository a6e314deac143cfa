from urllib.parse import urlencode

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.authtoken.views import obtain_auth_token

from . import twofactor
from .api import token_obtain
from .audit import client_ip, current_ip


class AuditContextMiddleware:
    """Makes the client's address available to the audit log for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login (deny by default), except views marked
    `login_not_required`. The API answers 401 itself, so it is left to DRF."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class TwoFactorMiddleware:
    """A session that still owes its second step reaches only the page of that step: the code
    page when the user has an authenticator app (then the page asked for), the set-up page when
    the role requires one and the user has none (accounts/twofactor.py). Public pages stay
    public; the API is left to its authentication classes (accounts/authentication.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/") or not getattr(view_func, "login_required", True):
            return None
        step = twofactor.pending_step(request)
        if step is None or request.resolver_match.view_name in twofactor.OPEN_DURING[step]:
            return None
        if step == twofactor.Step.VERIFY:
            target = reverse("accounts:otp_verify")
            if request.method == "GET":
                target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        else:
            target = reverse("accounts:otp_setup")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)


class TokenObtainMiddleware:
    """`POST /api/v1/auth/token/` is routed (config/urls.py) to DRF's `obtain_auth_token`,
    which knows only the password. It is answered here by `accounts.api.TokenObtainView`, which
    also asks for the code of a user with an authenticator app. Last in MIDDLEWARE, so that
    every other middleware has seen the request first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is obtain_auth_token:
            return token_obtain(request, *view_args, **view_kwargs)
        return None
