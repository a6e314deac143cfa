from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.selectors import officer_list
from areas.selectors import commune_list
from common.forms import DateField

from .choices import Category, DocumentKind
from .models import Person


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
            "special_management",
            "responsible_officer",
        ]
        widgets = {
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
            "former_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["residence_unit"].queryset = commune_list(within=user.scope_unit)
        self.fields["responsible_officer"].queryset = officer_list(user=user)
        if user.scope_unit and user.scope_unit.level == 3:
            self.fields["residence_unit"].initial = user.scope_unit.pk

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
        fields = [*PersonForm.Meta.fields, "category"]


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
