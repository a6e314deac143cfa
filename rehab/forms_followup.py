"""Forms of post-rehab follow-up, voluntary-rehab registration, services reached and education
at commune (dd/mm/yyyy dates; the services name the field and the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import DateField

from .choices import (
    VOLUNTARY_FORM_CHOICES,
    EducationStatus,
    RelapseBasis,
    ServiceKind,
    SupportKind,
)


def _note():
    return forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    given_on = DateField(label=_("Date"))
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        help_text=_("The agency, organisation or person who gave it."),
    )
    note = _note()


class RelapseForm(forms.Form):
    occurred_on = DateField(label=_("Date of the relapse"))
    basis = forms.ChoiceField(label=_("Shown by"), choices=RelapseBasis.choices)
    note = _note()


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    issued_on = DateField(label=_("Date of issue"))
    signer_name = forms.CharField(label=_("Signed by"), max_length=120)
    signer_title = forms.CharField(
        label=_("Title of the signer"), max_length=120, required=False, initial="Chủ tịch UBND xã"
    )
    note = _note()


class RegistrationForm(forms.Form):
    registered_on = DateField(label=_("Date of registration"))
    form = forms.ChoiceField(label=_("Form chosen"), choices=VOLUNTARY_FORM_CHOICES)
    facility = forms.ModelChoiceField(
        label=_("Facility or provider"),
        queryset=None,
        required=False,
        help_text=_("Required for a public or private facility; none for rehab at home."),
    )
    place = forms.CharField(
        label=pgettext_lazy("place of rehab", "Where"),
        max_length=255,
        required=False,
        help_text=_("The address for rehab at home, or the place when no facility is named."),
    )
    note = _note()

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    reached_on = DateField(label=_("Date"))
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=None, required=False)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("Empty: the facility chosen above."),
    )
    note = _note()

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class EducationCompileForm(forms.Form):
    compiled_on = DateField(label=_("Dossier compiled on"))
    dossier_number = forms.CharField(label=_("Dossier number"), max_length=60, required=False)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))
    note = _note()


class EducationDecideForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = DateField(label=_("Decision date"))
    decision_body = forms.CharField(
        label=_("Deciding body"), max_length=200, initial="Chủ tịch UBND xã"
    )
    start_on = DateField(label=_("Start"), required=False, help_text=_("Empty: the decision date."))
    months = forms.IntegerField(
        label=_("Duration (months)"),
        min_value=1,
        max_value=24,
        required=False,
        help_text=_("Empty: the legal term's default."),
    )
    months_reason = forms.CharField(
        label=_("Why another duration"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the duration is outside the legal range."),
    )
    note = _note()


class EducationEndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (EducationStatus.COMPLETED.value, EducationStatus.COMPLETED.label),
            (EducationStatus.ENDED_EARLY.value, EducationStatus.ENDED_EARLY.label),
        ],
    )
    ended_on = DateField(label=_("Ended on"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    end_note = forms.CharField(
        label=_("Reason or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EducationWithdrawForm(forms.Form):
    withdrawn_on = DateField(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
