"""Django admin for the classification criteria: administrators adjust a version's thresholds
or add one (PC04 does the same on /communes/criteria/). Every change is in the change log;
versions are never deleted (decisions keep the proposal they were made on)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction

from .models import ClassificationCriteria


class CriteriaAdminForm(forms.ModelForm):
    class Meta:
        model = ClassificationCriteria
        fields = [
            "province",
            "applies_from",
            "users_share_pct",
            "use_places",
            "arrests_share_pct",
            "planting_m2",
            "planting_plants",
            "type_1_min",
            "type_2_min",
            "source",
        ]

    def clean(self):
        data = super().clean()
        type_1, type_2 = data.get("type_1_min"), data.get("type_2_min")
        if type_1 is not None and type_2 is not None and type_2 > type_1:
            self.add_error("type_2_min", _("Type II cannot need more criteria than type I."))
        if type_1 is not None and type_1 > 5:
            self.add_error("type_1_min", _("There are 5 criteria."))
        return data


@admin.register(ClassificationCriteria)
class ClassificationCriteriaAdmin(admin.ModelAdmin):
    form = CriteriaAdminForm
    list_display = [
        "applies_from",
        "province",
        "users_share_pct",
        "use_places",
        "arrests_share_pct",
        "planting_m2",
        "planting_plants",
        "type_1_min",
        "type_2_min",
    ]
    list_filter = ["province"]

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
        before = snapshot(ClassificationCriteria.objects.get(pk=obj.pk)) if change else None
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        change_log_record(
            user=request.user,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            record=obj,
            before=before,
            after=snapshot(obj),
        )
