"""Forms of post-rehab follow-up, voluntary-rehab registration, services reached and education
at commune (dd/mm/yyyy dates; the services name the field and the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField

from .choices import RelapseBasis, SupportKind


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
