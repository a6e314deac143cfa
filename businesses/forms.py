"""Forms of the businesses app (dd/mm/yyyy dates; the services name the field and reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import AdminUnit
from common.forms import DateField

from .choices import BusinessKind, PenaltyMeasure, ViolationKind


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of business"), choices=BusinessKind.choices)
    licence_number = forms.CharField(label=_("Licence number"), max_length=60, required=False)
    licence_date = DateField(label=_("Licence date"), required=False)
    owner_name = forms.CharField(label=_("Owner name"), max_length=200)
    owner_phone = forms.CharField(
        label=_("Owner phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    address = forms.CharField(label=_("Address"), max_length=255)
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, help_text=_("Decimal degrees, e.g. 10.0341.")
    )
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    registered_on = DateField(label=_("Date entered in the register"))

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes


class InspectionForm(forms.Form):
    inspected_on = DateField(label=_("Inspection date"))
    team = forms.CharField(
        label=_("Inspection team"),
        max_length=255,
        help_text=_("E.g. the inter-agency team of the commune (police, culture, health)."),
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Officers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    drug_findings = forms.BooleanField(label=_("Drugs or drug use found"), required=False)
    violations = forms.MultipleChoiceField(
        label=_("Violations"),
        choices=ViolationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    penalty_measure = forms.ChoiceField(
        label=_("Penalty"), choices=PenaltyMeasure.choices, required=False
    )
    penalty_amount = forms.IntegerField(
        label=_("Fine (VND)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}),
    )

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers


class StatusForm(forms.Form):
    occurred_on = DateField(label=_("Date"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class _CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.commune.name} · {obj.detected_on:%d/%m/%Y}"


class LinkCaseForm(forms.Form):
    case = _CaseChoiceField(label=_("Drug case"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class LinkHotspotForm(forms.Form):
    hotspot = forms.ModelChoiceField(label=_("Hotspot"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, hotspots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hotspot"].queryset = hotspots
