"""Django admin for the registry: administrators only (see accounts/admin.py)."""

from django.contrib import admin

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction

from .models import LegalTerm


@admin.register(LegalTerm)
class LegalTermAdmin(admin.ModelAdmin):
    """The durations of the measures, per law: data the province keeps, not code. Rows are
    never deleted (periods keep the term they followed); every change is in the change log."""

    list_display = [
        "measure",
        "law",
        "from_occurrence",
        "default_months",
        "min_months",
        "max_months",
        "due_days_before_end",
        "updated_at",
    ]
    list_filter = ["law", "measure"]
    readonly_fields = ["updated_at"]

    # The site lets in administrators only (accounts/admin.py); they keep the terms without a
    # per-model Django permission, which no role here is given.
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
        before = snapshot(LegalTerm.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        change_log_record(
            user=request.user,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            record=("legal_term", str(obj.pk)),
            before=before,
            after=snapshot(obj),
        )
