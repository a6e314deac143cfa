"""The API's authentication (REST_FRAMEWORK settings): DRF's token and session classes, less
the users whose two-step login is pending (accounts/twofactor.py).

- A session that has passed the password but not the code (or that must still set up an
  authenticator app) is not authenticated for the API: 401, as if anonymous.
- A token is issued only after the code (accounts/api.py), so a token holder has passed both
  steps; but a user whose role requires two-step login and who has no device is refused.

This module must not import rest_framework.views (DRF reads these classes while defining
APIView)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import twofactor
from .selectors import otp_device_exists


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        if twofactor.pending_step(request._request) is not None:
            return None
        return super().authenticate(request)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if twofactor.required_for(user) and not otp_device_exists(user=user):
            raise exceptions.AuthenticationFailed(
                _("Your role requires two-step login: set it up on the web site first.")
            )
        return user, token
