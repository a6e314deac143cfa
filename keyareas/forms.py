from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField

from .choices import CheckFinding, EvaluationResult, MeasureStatus


class KeyAreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the key area"), max_length=200)
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several communes."),
    )
    reason = forms.CharField(
        label=_("Reason for the designation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    designated_on = DateField(label=_("Designation date"))
    designation_document = forms.CharField(label=_("Designation document"), max_length=60)

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = communes


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=255)
    owner = forms.CharField(label=_("Unit or officer in charge"), max_length=200)
    deadline = DateField(label=_("Deadline"))


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    done_on = DateField(label=_("Done on"), required=False)


class EvaluationForm(forms.Form):
    evaluated_on = DateField(label=_("Evaluation date"))
    result = forms.ChoiceField(label=_("Result"), choices=EvaluationResult.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TransformForm(forms.Form):
    occurred_on = DateField(label=_("Date declared transformed"))
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CheckForm(forms.Form):
    checked_on = DateField(label=_("Check date"))
    finding = forms.ChoiceField(
        label=_("Finding"), choices=CheckFinding.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
