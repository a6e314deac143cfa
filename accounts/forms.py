from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from areas.choices import Era
from areas.models import AdminUnit

from .models import User
from .scoping import path_q
from .selectors import agency_list


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account has been deactivated."),
    }


class _UserFields(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "role",
            "scope_unit",
            "agency",
            "title",
            "phone",
            "email",
            "is_active",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user.scope_unit
        self.fields["scope_unit"].queryset = AdminUnit.objects.filter(
            path_q("path", scope.path), era=Era.CURRENT
        ).order_by("level", "name")
        self.fields["scope_unit"].required = True
        self.fields["role"].required = True
        self.fields["agency"].queryset = agency_list(user=user)


class UserCreateForm(_UserFields):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        min_length=8,
        help_text=_("At least 8 characters. The user can change it after logging in."),
    )

    class Meta(_UserFields.Meta):
        fields = [f for f in _UserFields.Meta.fields if f != "is_active"]


class UserUpdateForm(_UserFields):
    pass


class PasswordResetByAdminForm(SetPasswordForm):
    pass


class OTPCodeForm(forms.Form):
    """A 6-digit code from the authenticator app (spaces are ignored)."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The 6-digit code that your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_otp_token(self):
        code = "".join(self.cleaned_data["otp_token"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6 digits of the code."), code="format")
        return code


class OTPSetupConfirmForm(OTPCodeForm):
    name = forms.CharField(
        label=_("Device name"),
        max_length=64,
        required=False,
        help_text=_("To recognise it later, e.g. “Work phone”."),
    )
    field_order = ["otp_token", "name"]
