"""Forms of the tips app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import AdminUnit
from common.forms import DateField

from .choices import TipChannel, TipResult
from .models import CONTENT_MAX


class TipForm(forms.Form):
    received_on = DateField(label=_("Date received"))
    channel = forms.ChoiceField(label=_("Channel"), choices=TipChannel.choices)
    content = forms.CharField(
        label=_("Content of the tip"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=CONTENT_MAX,
    )
    commune = forms.ModelChoiceField(
        label=_("Commune concerned"), queryset=AdminUnit.objects.none(), required=False
    )
    location = forms.CharField(label=_("Place concerned"), max_length=255, required=False)
    tipster_name = forms.CharField(
        label=_("Tipster's name"),
        max_length=200,
        required=False,
        help_text=_("Confidential: seen only by you and the province's designated officers."),
    )
    tipster_phone = forms.CharField(
        label=_("Tipster's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    tipster_address = forms.CharField(label=_("Tipster's address"), max_length=255, required=False)

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit to verify the tip"), queryset=None)
    routed_on = DateField(label=_("Date routed"))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.commune.name} · {obj.detected_on:%d/%m/%Y}"


class VerifyForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Verification result"),
        choices=[c for c in TipResult.choices if c[0] != TipResult.PENDING],
        widget=forms.RadioSelect,
    )
    verified_on = DateField(label=_("Verified on"))
    led_to_hotspot = forms.ModelChoiceField(
        label=_("Led to the hotspot"), queryset=None, required=False
    )
    led_to_case = CaseChoiceField(label=_("Led to the drug case"), queryset=None, required=False)
    led_to_person = forms.IntegerField(
        label=_("Led to the person (registry number)"),
        required=False,
        help_text=_("The number in the person's page address (/people/<number>/)."),
    )
    outcome_note = forms.CharField(
        label=_("What it led to"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, hotspots=None, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_to_hotspot"].queryset = hotspots
        self.fields["led_to_case"].queryset = cases


class LinkCaseForm(forms.Form):
    led_to_case = CaseChoiceField(label=_("Led to the drug case"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_to_case"].queryset = cases


class PublicTipForm(forms.Form):
    """The anonymous public form. `website` is a honeypot: hidden from people, filled by bots."""

    content = forms.CharField(
        label=_("What do you want to report?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=CONTENT_MAX,
        help_text=_("What, where, when, who (if you know). At most 4,000 characters."),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune or ward concerned"), queryset=AdminUnit.objects.none()
    )
    location = forms.CharField(label=_("Place (address, landmark)"), max_length=255, required=False)
    tipster_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    tipster_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes
