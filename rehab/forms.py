"""Forms of the rehab app (dd/mm/yyyy dates; the services name the field and the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import AdminUnit
from common.forms import DateField
from registry.choices import Law

from .choices import (
    CRITERIA,
    Degree,
    DeterminationResult,
    FacilityKind,
    FacilityList,
    FacilityMeasure,
    PlacementForm,
    PlacementOutcome,
)


class FacilityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    name = forms.CharField(label=_("Facility name"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none())
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    licence_number = forms.CharField(label=_("Licence number"), max_length=60, required=False)
    licence_date = DateField(label=_("Licence date"), required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, required=False)
    measures = forms.MultipleChoiceField(
        label=_("Measures it may perform"),
        choices=FacilityMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency of its officers"),
        queryset=None,
        required=False,
        help_text=_("The agency whose facility officers manage the learners placed here."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, kinds=(), units=None, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(FacilityKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]
        if units is not None:
            self.fields["unit"].queryset = units
        if agencies is None:
            from accounts.models import Agency

            agencies = Agency.objects.none()
        self.fields["agency"].queryset = agencies


class PublishForm(forms.Form):
    facility_list = forms.ChoiceField(label=_("List"))
    number = forms.CharField(label=_("Decision or notice number"), max_length=60)
    published_on = DateField(label=_("Date of publication"))
    publisher = forms.CharField(
        label=_("Published by"),
        max_length=200,
        required=False,
        help_text=_("The publishing agency; yours when left empty."),
    )

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(FacilityList.choices)
        self.fields["facility_list"].choices = [(k, labels[k]) for k in lists]


class DeterminationForm(forms.Form):
    number = forms.CharField(label=_("Result slip number"), max_length=60)
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=None)
    determined_on = DateField(label=_("Date of determination"))
    physician_name = forms.CharField(label=_("Physician"), max_length=120)
    physician_certificate = forms.CharField(label=_("Practising certificate number"), max_length=60)
    certificate_valid_from = DateField(label=_("Certificate valid from"))
    certificate_valid_to = DateField(
        label=_("Certificate valid until"),
        required=False,
        help_text=_("Leave empty when the certificate has no end date."),
    )
    observed_from = DateField(label=_("Observed from"))
    observed_to = DateField(label=_("Observed until"))

    recurred_within_12_months = forms.BooleanField(
        label=_("The criteria recurred within 12 months"), required=False
    )
    result = forms.ChoiceField(
        label=_("Result on the slip"),
        choices=[("", _("— computed from the criteria —")), *DeterminationResult.choices],
        required=False,
        help_text=_(
            "The result is computed from the criteria; one that contradicts them is refused."
        ),
    )
    degree = forms.ChoiceField(
        label=_("Degree"), choices=[("", "—"), *Degree.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        # The six criteria, after the period fields.
        for field, label in CRITERIA:
            self.fields[field] = forms.BooleanField(label=label, required=False)
        order = list(self.fields)
        for field, _label in CRITERIA:
            order.remove(field)
        at = order.index("recurred_within_12_months")
        self.order_fields(order[:at] + [f for f, _l in CRITERIA] + order[at:])


class PlacementOpenForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=PlacementForm.choices)
    facility = forms.ModelChoiceField(
        label=_("Facility"),
        queryset=None,
        required=False,
        help_text=_("Not needed for rehab at home."),
    )
    start_on = DateField(label=_("Start"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = DateField(label=_("Decision date"))
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200)
    months = forms.IntegerField(
        label=_("Duration (months)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Empty: the legal term for the law, form and how many times."),
    )
    months_reason = forms.CharField(
        label=_("Why another duration"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the duration is outside the legal range."),
    )
    law = forms.ChoiceField(
        label=_("Governing law"),
        choices=[("", _("— the law in force on the start date —")), *Law.choices],
        required=False,
    )
    law_reason = forms.CharField(
        label=_("Why another law"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class PlacementEndForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PlacementOutcome.choices)
    ended_on = DateField(label=_("Ended on"))
    certificate_number = forms.CharField(
        label=_("Completion certificate number"),
        max_length=60,
        required=False,
        help_text=_("On completion or early release: the basis of post-rehab management."),
    )
    end_note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PlacementAdmitForm(forms.Form):
    admitted_on = DateField(label=_("Admitted on"))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


# ---- Compulsory-rehab dossiers ----------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several scanned pages or documents at once (JPEG, PNG or PDF)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DossierCompileForm(forms.Form):
    last_violation_on = DateField(
        label=_("Date of the last violation"),
        help_text=_("A dossier may be compiled only within 3 months of it."),
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. quit voluntary rehab; used drugs during it; addicted again in post-rehab."
        ),
    )
    compiled_on = DateField(label=_("Compiled on"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    officer_name = forms.CharField(
        label=_("Officer"),
        max_length=120,
        required=False,
        help_text=_("Empty: yourself."),
    )
    high_risk = forms.BooleanField(
        label=_("Eligible for compulsory rehab and at high risk of offending"), required=False
    )
    law = forms.ChoiceField(
        label=_("Governing law"),
        choices=[("", _("— the law in force on the date of compilation —")), *Law.choices],
        required=False,
    )
    law_reason = forms.CharField(
        label=_("Why another law"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    files = MultipleFileField(label=_("Files (PDF, JPEG, PNG)"), required=False)


class DossierStageForm(forms.Form):
    """The form of one stage: only the fields that stage needs."""

    occurred_on = DateField(label=_("Date"))
    officer_name = forms.CharField(
        label=_("Officer"), max_length=120, required=False, help_text=_("Empty: yourself.")
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    asked_on = DateField(label=_("Questions received on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = DateField(label=_("Decision date"))
    court = forms.CharField(label=_("Court"), max_length=200)
    months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=120)
    months_reason = forms.CharField(
        label=_("Why another duration"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the duration is outside the legal range."),
    )
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    files = MultipleFileField(label=_("Files (PDF, JPEG, PNG)"), required=False)

    STAGE_FIELDS = {
        "court_questions": {"asked_on"},
        "decided": {"decision_number", "decision_date", "court", "months", "months_reason"},
        "enforced": {"facility"},
        "withdrawn": {"reason"},
        "rejected": {"reason"},
    }
    OPTIONAL = {"asked_on", "decision_number", "decision_date", "court", "months", "months_reason"}
    OPTIONAL |= {"facility", "reason"}

    def __init__(self, *args, stage: str, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.STAGE_FIELDS.get(stage, set())
        for name in self.OPTIONAL - keep:
            del self.fields[name]
        if "facility" in self.fields:
            self.fields["facility"].queryset = facilities
        if stage == "submitted":
            self.fields["document_number"].required = True
            self.fields["document_number"].label = _("Number of the letter to the court")
        if stage == "decided":
            # The service names every missing part of the decision at once.
            for name in ("decision_number", "decision_date", "court", "months"):
                self.fields[name].required = False
