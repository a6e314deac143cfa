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
