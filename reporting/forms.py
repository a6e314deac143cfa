from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class PeriodYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    window = forms.ChoiceField(
        label=_("Data window"),
        choices=[
            ("decree", _("Decree 09/2019 (15/12 of the previous year to 14/06 and 14/12)")),
            ("calendar", _("Calendar (01/01 to 30/06 and 31/12)")),
        ],
        initial="decree",
    )


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = [*Report.NARRATIVE_FIELDS, *Report.HEADER_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in Report.NARRATIVE_FIELDS}


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def narrative_form(report, data=None):
    """The narrative form of the report's template: its sections with their labels."""
    form = NarrativeForm(data, instance=report)
    wanted = {s.field: s for s in report.sections}
    for name in list(form.fields):
        if name in Report.NARRATIVE_FIELDS and name not in wanted:
            del form.fields[name]
    ordered = {}
    for section in report.sections:
        field = form.fields[section.field]
        field.label = section.label
        if section.required:
            field.help_text = _("Required before submitting.")
        ordered[section.field] = field
    for name, field in form.fields.items():
        ordered.setdefault(name, field)
    form.fields = ordered
    return form


class TargetForm(forms.Form):
    code = forms.ChoiceField(label=_("Figure"))
    kind = forms.ChoiceField(label=_("Kind of target"))
    year_from = forms.IntegerField(
        label=_("Year (or first year of the plan)"), min_value=2000, max_value=2100
    )
    year_to = forms.IntegerField(
        label=_("Last year of the plan"), min_value=2000, max_value=2100, required=False
    )
    direction = forms.ChoiceField(label=_("Met when the figure is"))
    value = forms.DecimalField(label=_("Target value"), max_digits=12, decimal_places=2)
    source = forms.CharField(label=_("Set by"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        from .entered import target_choices
        from .models import TargetDirection, TargetKind

        super().__init__(*args, **kwargs)
        self.fields["code"].choices = target_choices()
        self.fields["kind"].choices = TargetKind.choices
        self.fields["direction"].choices = TargetDirection.choices


class EnteredForm(forms.Form):
    code = forms.ChoiceField(label=_("Figure"))
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    source = forms.CharField(
        label=_("Source"),
        max_length=255,
        required=False,
        help_text=_("Where the figure comes from, e.g. a register"),
    )

    def __init__(self, *args, codes=(), **kwargs):
        from .entered import ENTERED

        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(c, ENTERED[c].label) for c in codes if c in ENTERED]
