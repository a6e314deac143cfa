from django.contrib import admin

from .models import Facility, FacilityListPublication, StageDeadline


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    """Read-only for administrators: facilities are kept through the pages (services)."""

    list_display = ["name", "kind", "unit", "capacity", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "licence_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).readable_by(request.user)


@admin.register(FacilityListPublication)
class FacilityListPublicationAdmin(admin.ModelAdmin):
    list_display = ["facility_list", "number", "published_on", "publisher"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageDeadline)
class StageDeadlineAdmin(admin.ModelAdmin):
    """The dossier's stage deadlines per law: administrators keep them here."""

    list_display = ["law", "step", "amount", "unit", "source"]
    list_filter = ["law", "unit"]
