"""Forms for moving, caseloads and duplicates. Field names are the services' keyword
arguments, so that a refusal lands on its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import officer_list
from areas.choices import Level
from areas.selectors import commune_list
from common.forms import DateField

from . import selectors
from .choices import Category


def _text(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(forms.Form):
    moved_on = DateField(
        label=_("Date of the move"), help_text=_("The first day at the new place.")
    )
    to_unit = forms.ModelChoiceField(
        label=_("New commune (in the province)"), queryset=None, required=False
    )
    destination = forms.CharField(
        label=_("Or: place outside the province"),
        max_length=255,
        required=False,
        help_text=_("Province and address. The person then leaves this system's jurisdiction."),
    )
    address = forms.CharField(label=_("Address at the new place"), max_length=255, required=False)
    responsible_officer = forms.ModelChoiceField(
        label=_("Responsible officer in the new commune"),
        queryset=None,
        required=False,
        help_text=_("Leave empty: the new commune assigns one."),
    )
    basis_number = forms.CharField(label=_("Decision or notice number"), max_length=60)
    basis_date = DateField(label=_("Document date"), required=False)
    basis_body = forms.CharField(label=_("Issued by"), max_length=200)
    note = _text(_("Note"))

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        province = person.residence_unit.path.split(".")[0]
        communes = commune_list().filter(path__startswith=province + ".")
        if person.scope_path:  # not for a return from outside the province
            communes = communes.exclude(pk=person.residence_unit_id)
        self.fields["to_unit"].queryset = communes
        if user.scope_unit.level == Level.PROVINCE:
            self.fields["responsible_officer"].queryset = officer_list(user=user)
        else:
            # A commune's officer sees no officer of the new commune: that commune assigns one.
            del self.fields["responsible_officer"]


class OfficerAssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Responsible officer"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to leave the person without a responsible officer."),
    )
    reason = _text(_("Reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_list(user=user)


class CaseloadReassignForm(forms.Form):
    from_officer = forms.ModelChoiceField(label=_("Move the people of"), queryset=None)
    to_officer = forms.ModelChoiceField(label=_("To the officer"), queryset=None)
    unit = forms.ModelChoiceField(
        label=_("Only the people of this commune"), queryset=None, required=False
    )
    category = forms.ChoiceField(
        label=_("Only this category"),
        choices=[("", _("All categories")), *Category.choices],
        required=False,
    )
    reason = _text(
        _("Reason"), required=True, help_text=_("E.g. the officer left, the communes merged.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_officer"].queryset = selectors.caseload_officers(user=user)
        self.fields["from_officer"].label_from_instance = lambda u: f"{u} ({u.caseload})"
        self.fields["to_officer"].queryset = officer_list(user=user)
        self.fields["unit"].queryset = commune_list(within=user.scope_unit)


class MergeForm(forms.Form):
    survivor = forms.IntegerField(widget=forms.HiddenInput)
    merged = forms.IntegerField(widget=forms.HiddenInput)
    reason = _text(
        _("Reason"),
        help_text=_("Required when the two records have different citizen IDs."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked that both records are the same person"),
        error_messages={"required": _("Tick the box to confirm the merge.")},
    )
