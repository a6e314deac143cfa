"""Django admin is for administrators only, and shows only their province's users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccessLog, Agency, ChangeLog, User
from .selectors import agency_list, user_list


def _is_admin(request) -> bool:
    return bool(getattr(request.user, "is_administrator", False) and request.user.is_staff)


admin.site.has_permission = _is_admin
admin.site.site_header = "Quản trị hệ thống"

# django-otp's device admin lists every user's device, unscoped, and shows their secrets as QR
# codes. Administrators reset a user's second factor on the user's page in the app instead.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "scope_unit", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["scope_unit", "agency"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Jurisdiction", {"fields": ("role", "scope_unit", "agency", "title", "phone")}),
    )

    def get_queryset(self, request):
        return user_list(user=request.user)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "unit", "document_code", "is_active"]
    list_filter = ["kind", "sector"]
    raw_id_fields = ["unit", "parent"]

    def get_queryset(self, request):
        return agency_list(user=request.user)


class _ReadOnlyLog(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(_ReadOnlyLog):
    list_display = ["at", "user", "action", "record_type", "record_id", "ip_address"]
    list_filter = ["action", "record_type"]

    def get_queryset(self, request):
        from .selectors import access_log_list

        return access_log_list(user=request.user)


@admin.register(ChangeLog)
class ChangeLogAdmin(_ReadOnlyLog):
    list_display = ["at", "user", "action", "record_type", "record_id"]
    list_filter = ["action", "record_type"]

    def get_queryset(self, request):
        from .selectors import change_log_list

        return change_log_list(user=request.user)
