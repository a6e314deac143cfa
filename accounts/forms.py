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
