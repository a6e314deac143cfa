"""Forms for who helps each person and review campaigns. Field names are the services' keyword
arguments, so that a refusal lands on its field; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import officer_list
from common.forms import DateField

from . import selectors_support
from .choices import Category, ReviewCorrection, ReviewOutcome, SupporterKind, SupporterRole


def _text(label, *, required=False, help_text="", rows=2):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SupporterForm(forms.Form):
    """Assign a supporter. Without JavaScript every field shows; each says for which kind of
    supporter it is."""

    kind = forms.ChoiceField(
        label=_("Who supports"), choices=SupporterKind.choices, widget=forms.RadioSelect
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *SupporterRole.choices])
    agency = forms.ModelChoiceField(
        label=_("Agency or organisation"),
        queryset=None,
        required=False,
        help_text=_("For an agency or mass organisation (or where another person works)."),
    )
    user = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=None,
        required=False,
        help_text=_("For an officer: the management team leader is a police officer."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("For a family member or another person; for an agency, its contact person."),
    )
    relationship = forms.CharField(
        label=_("Relationship"),
        max_length=60,
        required=False,
        help_text=_("For a family member: mother, father, wife, brother…"),
    )
    phone = forms.CharField(
        label=_("Contact phone"),
        max_length=20,
        required=False,
        help_text=_("Required for a family member."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    start_on = DateField(label=_("From"))
    basis_number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        required=False,
        help_text=_("The decision that names the management team, if any."),
    )
    basis_date = DateField(label=_("Decision date"), required=False)
    note = _text(_("Note"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors_support.supporter_agency_choices(user=user)
        self.fields["user"].queryset = officer_list(user=user)


class SupporterEndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))
    end_reason = _text(_("Why it ended"), required=True)


class ReviewCampaignForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("E.g. “Tổng rà soát 6 tháng đầu năm 2027”."),
    )
    deadline = DateField(label=_("Deadline"))
    categories = forms.MultipleChoiceField(
        label=_("Categories in scope"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one category.")},
    )
    basis_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("The plan or instruction that orders the review, if any."),
    )
    note = _text(_("Note"))


class ReviewCampaignCloseForm(forms.Form):
    note = _text(_("Closing note"))


class ReviewItemForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    corrections = forms.MultipleChoiceField(
        label=_("What was corrected"),
        choices=ReviewCorrection.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for a corrected record. Correct the record itself on the person page."),
    )
    note = _text(
        _("Note"),
        help_text=_("Required when the person no longer lives here or was not found."),
        rows=3,
    )
    reviewed_on = DateField(label=_("Reviewed on"))
