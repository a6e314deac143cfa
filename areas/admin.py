from django.contrib import admin

from .models import AdminUnit


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "era", "path", "successor"]
    list_filter = ["era", "level"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent", "successor"]
