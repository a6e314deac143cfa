"""Forms of the hotspots app (dd/mm/yyyy dates; the services name the field and the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import AdminUnit
from common.forms import DateField

from .choices import Activity, CheckFinding, HotspotKind, HotspotStep, PersonRole


class HotspotForm(forms.Form):
    name = forms.CharField(label=_("Name of the place"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HotspotKind.choices)
    is_hot = forms.BooleanField(label=_("Hot spot (điểm nóng)"), required=False)
    activities = forms.MultipleChoiceField(
        label=_("Activities"), choices=Activity.choices, widget=forms.CheckboxSelectMultiple
    )
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        help_text=_("Decimal degrees, e.g. 10.0341; or pick the point on the map."),
    )
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    detected_on = DateField(label=_("Detection date"))

    def __init__(self, *args, communes=None, with_detection=True, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes
        if not with_detection:
            del self.fields["detected_on"]


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"))
    occurred_on = DateField(label=_("Date"))
    unit = forms.ModelChoiceField(
        label=_("Acting unit"), queryset=AdminUnit.objects.none(), required=False
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("Required for clearing and neutralising."),
    )
    document_date = DateField(label=_("Document date"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, steps=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(HotspotStep.choices)
        self.fields["step"].choices = [(s, labels[s]) for s in steps]
        if units is not None:
            self.fields["unit"].queryset = units


class CheckForm(forms.Form):
    checked_on = DateField(label=_("Check date"))
    finding = forms.ChoiceField(
        label=_("Finding"), choices=CheckFinding.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class LinkPersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)
    person = forms.IntegerField(
        label=_("Person (registry number)"),
        required=False,
        help_text=_("The number in the person's page address (/people/<number>/)."),
    )
    description = forms.CharField(
        label=_("Or describe an unidentified person"), max_length=255, required=False
    )
