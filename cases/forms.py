"""Forms of the cases app (dd/mm/yyyy dates; the services name the field and the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import AdminUnit
from common.forms import DateField

from .choices import (
    CaseKind,
    CaseStep,
    DrugType,
    PlantingStep,
    Ring,
    Route,
    SuspectEventKind,
    SuspectRole,
    Unit,
)

DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


class DecimalField(forms.DecimalField):
    """Takes a decimal comma (3,5) as officers type it, or a point."""

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


class CaseForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("Unique in the commune for the year of detection."),
    )
    detected_on = DateField(label=_("Detection date"))
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    kinds = forms.MultipleChoiceField(
        label=_("Kind of offence"), choices=CaseKind.choices, widget=forms.CheckboxSelectMultiple
    )
    route = forms.ChoiceField(
        label=_("Route"), choices=[("", _("No route / not known")), *Route.choices], required=False
    )
    route_verified = forms.BooleanField(
        label=_("Air or courier information verified"),
        required=False,
        help_text=_("001 requires every case by air or courier parcel to be verified."),
    )
    ring = forms.ChoiceField(label=_("Ring"), choices=Ring.choices, initial=Ring.NONE)
    is_model_trial = forms.BooleanField(label=_("Model trial (án điểm)"), required=False)
    hotspot = forms.ModelChoiceField(
        label=_("Hotspot it came from"), queryset=AdminUnit.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, communes=None, hotspots=None, with_detection=True, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes
        if hotspots is not None:
            self.fields["hotspot"].queryset = hotspots
        if not with_detection:
            del self.fields["detected_on"]


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Stage"))
    occurred_on = DateField(label=_("Date"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for a trial: the judgment and the sentences."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for a suspension or a transfer."),
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CaseStep.choices)
        self.fields["step"].choices = [(s, labels[s]) for s in steps]


class PersonPickForm(forms.Form):
    """The person picker's search text, checked as any field is (no NUL byte, which
    PostgreSQL refuses in a query; not longer than a name)."""

    pq = forms.CharField(label=_("Find the person in the registry"), max_length=120, required=False)


class SuspectForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name of an unidentified suspect"), max_length=120, required=False
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=SuspectRole.choices)
    is_ring_leader = forms.BooleanField(label=_("Ring leader"), required=False)


class SuspectEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=SuspectEventKind.choices)
    occurred_on = DateField(label=_("Date"))
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("Required for a wanted notice."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SeizureForm(forms.Form):
    drug_type = forms.ChoiceField(label=_("Drug type"), choices=DrugType.choices)
    quantity = DecimalField(
        label=_("Quantity"), max_digits=14, decimal_places=3, widget=forms.TextInput(DECIMAL)
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    seized_on = DateField(label=_("Seizure date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class SeizureCorrectForm(SeizureForm):
    """The seizure's figures as they should be, and why (kept in the case's history)."""

    seized_on = DateField(label=_("Seizure date"))
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “typed 500 g instead of 50 g”. Kept in the case's history."),
        error_messages={"required": _("Say why the seizure is corrected.")},
    )


class SeizureRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “entered twice”. Kept in the case's history."),
        error_messages={"required": _("Say why the seizure is withdrawn.")},
    )


class PlantingForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    location = forms.CharField(label=_("Location"), max_length=255)
    plant = forms.CharField(
        label=_("Plant"), max_length=120, required=False, help_text=_("e.g. cannabis, opium poppy")
    )
    area_m2 = DecimalField(
        label=_("Area (m²)"),
        max_digits=12,
        decimal_places=1,
        required=False,
        widget=forms.TextInput(DECIMAL),
    )
    plant_count = forms.IntegerField(
        label=_("Number of plants"), required=False, widget=forms.TextInput(NUMERIC)
    )
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, widget=forms.TextInput(DECIMAL)
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, widget=forms.TextInput(DECIMAL)
    )
    found_on = DateField(label=_("Date found"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, communes=None, with_found=True, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes
        if not with_found:
            del self.fields["found_on"]


class PlantingStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"))
    occurred_on = DateField(label=_("Date"))
    area_m2 = DecimalField(
        label=_("Area (m²)"),
        max_digits=12,
        decimal_places=1,
        required=False,
        widget=forms.TextInput(DECIMAL),
    )
    plant_count = forms.IntegerField(
        label=_("Number of plants"), required=False, widget=forms.TextInput(NUMERIC)
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PlantingStep.choices)
        self.fields["step"].choices = [(s, labels[s]) for s in steps]
