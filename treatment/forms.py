"""Forms of the treatment app (dd/mm/yyyy dates; the services name the field and the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField, DateInput

from .choices import ENDING_STATUSES, Drug, PsychosisEndReason, TreatmentStatus

NATIONAL_ID_HELP = _("12 digits: the person must already be registered.")


class _FacilityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.unit.name})"


class _PersonByIdMixin(forms.Form):
    """When the form is not opened from a person's page, the person is found by citizen ID."""

    national_id = forms.CharField(
        label=_("Citizen ID (CCCD)"), max_length=12, min_length=12, help_text=NATIONAL_ID_HELP
    )

    def __init__(self, *args, with_person_field=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_person_field:
            del self.fields["national_id"]
        else:
            self.fields["national_id"].widget.attrs.update({"inputmode": "numeric"})
            self.order_fields(["national_id"])

    def clean_national_id(self):
        value = "".join(ch for ch in self.cleaned_data["national_id"] if not ch.isspace())
        if not value.isdigit():
            raise forms.ValidationError(_("A citizen ID has 12 digits."))
        return value


class EnrolForm(_PersonByIdMixin):
    facility = _FacilityChoice(label=_("Substitution-treatment site"), queryset=None)
    patient_code = forms.CharField(label=_("Patient code at the facility"), max_length=40)
    drug = forms.ChoiceField(label=_("Medicine"), choices=Drug.choices, initial=Drug.METHADONE)
    start_on = DateField(label=_("Start of treatment"))
    dose_mg = forms.DecimalField(
        label=_("Daily dose (mg)"), required=False, min_value=0, max_digits=6, decimal_places=1
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", "---------")]
        + [c for c in TreatmentStatus.choices if c[0] in ENDING_STATUSES],
    )
    occurred_on = DateField(label=_("Date"))
    to_facility = _FacilityChoice(
        label=_("Transferred to"),
        queryset=None,
        required=False,
        help_text=_("Only for a transfer: the treatment continues there from the same day."),
    )
    new_patient_code = forms.CharField(
        label=_("Patient code at the new facility"), max_length=40, required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = facilities


class DoseForm(forms.Form):
    changed_on = DateField(label=_("From"))
    dose_mg = forms.DecimalField(label=_("Daily dose (mg)"), max_digits=6, decimal_places=1)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class PostRehabForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = DateField(label=_("Decision date"))
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200)


class PsychosisForm(_PersonByIdMixin):
    diagnosed_on = DateField(label=_("Date of diagnosis"))
    facility = _FacilityChoice(label=_("Facility"), queryset=None)
    physician_name = forms.CharField(label=_("Physician"), max_length=120)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class PsychosisEndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))
    end_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "---------"), *PsychosisEndReason.choices]
    )
    end_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MonthField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%m/%Y", "%d/%m/%Y", "%Y-%m"])
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter the month as mm/yyyy, e.g. 09/2026.")}
        )
        super().__init__(**kwargs)
        self.widget = forms.TextInput(
            attrs={"placeholder": _("mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        )

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%m/%Y")
        return value


class ImportForm(forms.Form):
    facility = _FacilityChoice(label=_("Facility"), queryset=None)
    month = MonthField(label=_("Month of the list"))
    file = forms.FileField(label=_("List (.xlsx)"))

    def __init__(self, *args, facilities, with_month=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        if not with_month:
            del self.fields["month"]


class WindowForm(forms.Form):
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)
