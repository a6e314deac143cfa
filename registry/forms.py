from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.selectors import officer_list
from areas.selectors import commune_list
from common.forms import DateField

from .choices import (
    Category,
    ContactKind,
    DocumentKind,
    DrugTestMethod,
    DrugTestResult,
    DrugTestSample,
    Law,
    PeriodEndReason,
    PeriodKind,
    PostRehabBasis,
    Substance,
    TaskStatus,
)
from .forms_states import (
    PERSON_BACKGROUND_FIELDS,
    PERSON_BACKGROUND_WIDGETS,
    PERSON_FORM_GROUPS,
    person_fieldsets,
)
from .models import Person
from .validators import normalise_phone


class PersonForm(forms.ModelForm):
    date_of_birth = DateField(label=_("Date of birth"), required=False)
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        min_value=1900,
        help_text=_("Only the year, when the date of birth is unknown."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "sex",
            "date_of_birth",
            "birth_year",
            "national_id",
            "former_id",
            "residence_unit",
            "address",
            "has_stable_residence",
            "responsible_officer",
            *PERSON_BACKGROUND_FIELDS,
        ]
        widgets = {
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
            "former_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
            **PERSON_BACKGROUND_WIDGETS,
        }

    # The page shows the fields in these groups; any field not named here follows them.
    GROUPS = PERSON_FORM_GROUPS

    def fieldsets(self):
        return person_fieldsets(self)

    def clean_phone(self):
        # Stored as dialled at home ("0912345678"); the model then checks it.
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["residence_unit"].queryset = commune_list(within=user.scope_unit)
        self.fields["responsible_officer"].queryset = officer_list(user=user)
        # Permanent residence may be anywhere in the country, not only in the user's scope.
        self.fields["permanent_residence_unit"].queryset = commune_list()
        if user.scope_unit and user.scope_unit.level == 3:
            self.fields["residence_unit"].initial = user.scope_unit.pk
            # A ward officer entering a person usually manages them: offered, not imposed.
            if (
                not self.instance.pk
                and self.fields["responsible_officer"].queryset.filter(pk=user.pk).exists()
            ):
                self.fields["responsible_officer"].initial = user.pk

    def clean(self):
        data = super().clean()
        born = data.get("date_of_birth")
        if born and not data.get("birth_year"):
            data["birth_year"] = born.year
            self.instance.birth_year = born.year
        if not born and not data.get("birth_year") and "birth_year" not in self.errors:
            self.add_error("birth_year", _("Enter the date of birth or at least the birth year."))
        return data


class PersonCreateForm(PersonForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    registered_on = DateField(label=_("Registered on"), required=False)
    basis_number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    basis_date = DateField(label=_("Document date"), required=False)
    basis_body = forms.CharField(label=_("Deciding body"), required=False, max_length=200)

    class Meta(PersonForm.Meta):
        fields = [*PersonForm.Meta.fields, "special_management", "category"]


class PersonDocumentForm(forms.Form):
    """Add a photo or a scanned document. The service checks the file itself (type from its
    bytes, size, photo is an image)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("E.g. the decision's number and date. Optional."),
    )
    file = forms.FileField(
        label=_("File"),
        max_length=255,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "JPEG or PNG image, or PDF document; at most %(limit)s."
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}


class CategoryChangeForm(forms.Form):
    category = forms.ChoiceField(label=_("New category"), choices=Category.choices)
    occurred_on = DateField(label=_("From (date)"))
    basis_number = forms.CharField(label=_("Decision number"), max_length=60)
    basis_date = DateField(label=_("Decision date"), required=False)
    basis_body = forms.CharField(label=_("Deciding body"), max_length=200)
    law = forms.ChoiceField(
        label=_("Governing law"),
        choices=[("", _("By the date (automatic)")), *Law.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EventCorrectionForm(forms.Form):
    occurred_on = DateField(label=_("Correct date"))
    category = forms.ChoiceField(label=_("Correct category"), choices=Category.choices)
    basis_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    basis_date = DateField(label=_("Decision date"), required=False)
    basis_body = forms.CharField(label=_("Deciding body"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Why is the entry corrected?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SpecialManagementForm(forms.Form):
    occurred_on = DateField(label=_("Date"))
    basis_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    basis_body = forms.CharField(label=_("Source (e.g. hospital, Health list)"), required=False)
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = DateField(label=_("Deadline"))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    detail = forms.CharField(
        label=_("Detail"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officer_list(user=user)


class TaskCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(TaskStatus.DONE, _("Done")), (TaskStatus.CANCELLED, _("Cancelled"))],
    )
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))


# ---- Drug tests and contacts: the service checks the rules (dates, substances, result) ------


class DrugTestForm(forms.Form):
    tested_on = DateField(label=_("Test date"))
    method = forms.ChoiceField(
        label=_("Method"), choices=DrugTestMethod.choices, widget=forms.RadioSelect
    )
    sample = forms.ChoiceField(label=_("Sample"), choices=DrugTestSample.choices)
    substances_tested = forms.MultipleChoiceField(
        label=_("Substances tested"),
        choices=Substance.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one substance tested.")},
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=DrugTestResult.choices, widget=forms.RadioSelect
    )
    substances_positive = forms.MultipleChoiceField(
        label=_("Positive for"),
        choices=Substance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for a positive result: the substances found."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("E.g. the commune police station, at home."),
    )
    tested_by = forms.ModelChoiceField(
        label=_("Tested by"),
        queryset=None,
        required=False,
        help_text=_("Leave empty if you did the test yourself."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tested_by"].queryset = officer_list(user=user)


class ContactForm(forms.Form):
    contacted_on = DateField(label=_("Date"))
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        # A drug test is recorded with its result, on its own form.
        choices=[
            (value, label) for value, label in ContactKind.choices if value != ContactKind.TEST
        ],
        widget=forms.RadioSelect,
    )
    officer = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=None,
        required=False,
        help_text=_("Leave empty if it was you."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What was found: residence, work, family, behaviour."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_list(user=user)


# ---- Management periods ----------------------------------------------------------------------
# Field names are the services' keyword arguments, so that a refusal lands on its field.


def _text(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PeriodOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    basis = forms.ChoiceField(
        label=_("After (post-rehab management only)"),
        choices=[("", "—"), *PostRehabBasis.choices],
        required=False,
        help_text=_("What preceded post-rehab management: it sets the legal term (1 or 2 years)."),
    )
    start_on = DateField(label=_("Start"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = DateField(label=_("Decision date"))
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200)
    law = forms.ChoiceField(
        label=_("Governing law"),
        choices=[("", _("By the start date (automatic)")), *Law.choices],
        required=False,
    )
    law_reason = _text(_("Why another law"), help_text=_("Only when you choose another law."))
    months = forms.IntegerField(
        label=_("Duration (months)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Leave empty for the legal term."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    months_reason = _text(
        _("Why another duration"), help_text=_("Only for a duration outside the legal range.")
    )
    note = _text(_("Note"))


class PeriodExtendForm(forms.Form):
    extended_to = DateField(label=_("New last day"))
    extension_reason = _text(_("Reason for the extension"), required=True)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = DateField(label=_("Decision date"), required=False)
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200, required=False)


class PeriodEndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))
    # "Replaced by a new decision" is recorded by renewing the period.
    end_reason = forms.ChoiceField(
        label=_("Why it ended"),
        choices=[c for c in PeriodEndReason.choices if c[0] != PeriodEndReason.NEW_DECISION],
    )
    end_note = _text(_("Note"), help_text=_("Required for “Other”."))
    decision_number = forms.CharField(
        label=_("Document number (e.g. completion certificate)"), max_length=60, required=False
    )
    decision_date = DateField(label=_("Document date"), required=False)
    decision_body = forms.CharField(label=_("Issuing body"), max_length=200, required=False)


class PeriodRenewForm(forms.Form):
    decision_number = forms.CharField(label=_("New decision number"), max_length=60)
    decision_date = DateField(label=_("New decision date"))
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200)
    start_on = DateField(
        label=_("New period starts"),
        required=False,
        help_text=_("Leave empty to start on the decision date."),
    )
    law = forms.ChoiceField(
        label=_("Governing law"),
        choices=[("", _("By the start date (automatic)")), *Law.choices],
        required=False,
    )
    law_reason = _text(_("Why another law"), help_text=_("Only when you choose another law."))
    months = forms.IntegerField(
        label=_("Duration (months)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Leave empty for the legal term."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    months_reason = _text(
        _("Why another duration"), help_text=_("Only for a duration outside the legal range.")
    )
    note = _text(_("Note"))
