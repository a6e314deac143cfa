from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and access")

    def ready(self):
        from django.core import checks

        from . import api  # noqa: F401  (the token endpoint's schema extension)
        from .checks import check_otp_required_roles

        checks.register(check_otp_required_roles)
