"""The API token endpoint, with the second step of the login.

`POST /api/v1/auth/token/` takes `username` and `password` and, when the user has set up an
authenticator app, `otp_token`: the 6-digit code it shows. Without a valid code no token is
issued; wrong codes are throttled as on the code page. A user whose role requires two-step
login (OTP_REQUIRED_ROLES) and who has not set it up gets no token.

config/urls.py routes the path to DRF's `obtain_auth_token`; `TokenObtainMiddleware` answers it
with `TokenObtainView`, and the OpenAPI schema shows this view (the extension below).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiViewExtension
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from . import services, twofactor
from .selectors import otp_device_get


class TokenObtainSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        label=_("Code"),
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=12,
        help_text=_(
            "The 6-digit code of the authenticator app; required when the user has set up "
            "two-step login."
        ),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        device = otp_device_get(user=user)
        if device is None:
            if twofactor.required_for(user):
                raise serializers.ValidationError(
                    _("Your role requires two-step login: set it up on the web site first."),
                    code="authorization",
                )
            return attrs
        code = "".join((attrs.get("otp_token") or "").split())
        if not code:
            raise serializers.ValidationError(
                {"otp_token": _("This account uses two-step login: send the 6-digit code.")},
                code="required",
            )
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise serializers.ValidationError(
                {"otp_token": _("Enter the 6 digits of the code.")}, code="invalid"
            )
        # Raises a Django ValidationError on otp_token, which DRF turns into a field error.
        services.otp_code_check(device=device, token=code)
        return attrs


class TokenObtainView(ObtainAuthToken):
    serializer_class = TokenObtainSerializer

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            serializer = self.get_serializer(data=request.data)
            if not serializer.is_valid():
                # Answered, not raised: DRF rolls the transaction back on a raised error, and
                # with it the count of wrong codes (and django-axes's count of wrong passwords).
                return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
            token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


token_obtain = TokenObtainView.as_view()


class TokenObtainSchema(OpenApiViewExtension):
    """The schema describes the token endpoint as `TokenObtainView` answers it."""

    target_class = "rest_framework.authtoken.views.ObtainAuthToken"
    priority = 1

    def view_replacement(self):
        return TokenObtainView
