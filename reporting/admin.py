"""Django admin for the reporting periods: administrators adjust a period's window, due date
or whether the due day is on time (new years come from the Reports page). Every change is in
the change log; periods are never deleted (reports keep their period)."""

from django.contrib import admin

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction

from .models import ReportPeriod


@admin.register(ReportPeriod)
class ReportPeriodAdmin(admin.ModelAdmin):
    list_display = ["kind", "year", "starts_on", "ends_on", "due_on", "due_day_on_time"]
    list_filter = ["kind", "year"]

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = snapshot(ReportPeriod.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        change_log_record(
            user=request.user,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            record=obj,
            before=before,
            after=snapshot(obj),
        )
