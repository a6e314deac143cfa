from django.conf import settings
from django.core.checks import Error

from .choices import Role


def check_otp_required_roles(app_configs=None, **kwargs):
    """OTP_REQUIRED_ROLES names roles by code: a misspelt one would silently require nothing."""
    unknown = sorted(set(settings.OTP_REQUIRED_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            f"OTP_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
            hint=f"Use role codes among: {', '.join(Role.values)}.",
            id="accounts.E001",
        )
    ]
