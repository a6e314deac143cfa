"""Forms for the rest of the person record: the background fields of the person form and its
groups, custody, the population-database check, the prior record, and the export of changes
for the national database. Field names are the services' keyword arguments, so that a
refusal lands on its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField

from .choices import CustodyState, PriorRecordKind, VerificationState

# Added to PersonForm.Meta.fields (forms.py); person_create/person_update take them.
PERSON_BACKGROUND_FIELDS = [
    "aliases",
    "ethnicity",
    "phone",
    "permanent_residence_unit",
    "permanent_address",
    "education_level",
    "occupation",
]
PERSON_BACKGROUND_WIDGETS = {
    "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "maxlength": 20}),
    "aliases": forms.TextInput(attrs={"autocomplete": "off"}),
}

PERSON_FORM_GROUPS = (
    (
        _("Identity"),
        (
            "full_name",
            "aliases",
            "sex",
            "date_of_birth",
            "birth_year",
            "national_id",
            "former_id",
            "ethnicity",
            "phone",
        ),
    ),
    (
        _("Residence"),
        (
            "residence_unit",
            "address",
            "has_stable_residence",
            "permanent_residence_unit",
            "permanent_address",
        ),
    ),
    (_("Background"), ("education_level", "occupation")),
    (
        _("Management"),
        (
            "category",
            "registered_on",
            "basis_number",
            "basis_date",
            "basis_body",
            "special_management",
            "responsible_officer",
        ),
    ),
)


def person_fieldsets(form) -> list[tuple[str, list]]:
    """The form's visible fields in its GROUPS, in order; fields no group names (added by
    another form or feature) follow in a last group without a title, so none is lost."""
    placed, sets = set(), []
    for label, names in form.GROUPS:
        placed.update(names)
        fields = [form[n] for n in names if n in form.fields and not form[n].is_hidden]
        if fields:
            sets.append((label, fields))
    rest = [field for field in form.visible_fields() if field.name not in placed]
    if rest:
        sets.append(("", rest))
    return sets


def _note(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CustodyForm(forms.Form):
    state = forms.ChoiceField(label=_("Where the person is"), choices=CustodyState.choices)
    since = DateField(label=_("Since"))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("The prison, detention centre, school or facility. Not needed at home."),
    )
    basis_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    basis_date = DateField(label=_("Document date"), required=False)
    basis_body = forms.CharField(
        label=_("Issuing body (e.g. court, police)"), max_length=200, required=False
    )
    note = _note(_("Note"))


class VerificationForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Result"), choices=VerificationState.choices, widget=forms.RadioSelect
    )
    checked_on = DateField(
        label=_("Date of the check or update"),
        required=False,
        help_text=_("Leave empty for “not verified”."),
    )
    reason = _note(
        _("Reason or note"), help_text=_("Required when the record does not match: what differs.")
    )


class PriorRecordForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PriorRecordKind.choices, widget=forms.RadioSelect
    )
    drug_related = forms.BooleanField(label=_("Drug-related"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = _note(
        _("Offence and outcome"),
        required=True,
        help_text=_("E.g. the offence, the sentence or penalty."),
    )
    reference = forms.CharField(
        label=_("Judgment or decision"),
        max_length=200,
        required=False,
        help_text=_("Its number, date and the court or body that issued it, if known."),
    )


class PriorRecordVoidForm(forms.Form):
    reason = _note(_("Why is the entry wrong?"), required=True)


class NationalDbChangesForm(forms.Form):
    since = DateField(
        label=_("Changed since"),
        help_text=_(
            "People whose record changed on or after this day and were not updated "
            "into the national population database since."
        ),
    )
