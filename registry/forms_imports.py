"""Forms of the import of people: the upload, the column mapping and the user's choice."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from areas.choices import Level
from areas.selectors import commune_list

from .choices import Category
from .import_columns import active_columns
from .services.imports import MODES, suggested_mapping


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        max_length=255,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    default_unit = forms.ModelChoiceField(
        label=_("Commune for rows without one"),
        queryset=commune_list(),
        required=False,
        help_text=_("Lists kept by one commune often have no commune column."),
    )
    default_category = forms.ChoiceField(
        label=_("Category for rows without one"),
        choices=[("", "—"), *Category.choices],
        required=False,
        help_text=_(
            "A list of one group (e.g. “Danh sách người nghiện”) often has no category column."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_unit"].queryset = commune_list(within=user.scope_unit)
        if user.scope_unit and user.scope_unit.level == Level.COMMUNE:
            self.fields["default_unit"].initial = user.scope_unit.pk
        self.fields["file"].help_text = _(
            "An .xlsx workbook of at most %(limit)s and 50.000 rows: the template, or the list "
            "as your unit keeps it."
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}


class ImportMappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or "ignore"."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        choices = [("", _("— ignore this column —"))] + [(c.key, c.label) for c in active_columns()]
        initial = job.mapping or suggested_mapping(job.columns)
        for column in job.columns:
            index = str(column["index"])
            header = column["header"] or _("(no header)")
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"{column['letter']} · {header}",
                choices=choices,
                required=False,
                initial=initial.get(index, ""),
                help_text=", ".join(column["samples"]),
            )

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith("column_")
        }


class ImportConfirmForm(forms.Form):
    mode = forms.ChoiceField(choices=[(m, m) for m in MODES])
