from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField

from .choices import DrugClass


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 2020)
        kwargs.setdefault("max_value", 2100)
        super().__init__(**kwargs)


class DecisionForm(forms.Form):
    year = YearField(label=_("Year"))
    drug_class = forms.ChoiceField(
        label=_("Decided class"), choices=DrugClass.choices, widget=forms.RadioSelect
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    document_date = DateField(label=_("Document date"))
    deciding_body = forms.CharField(label=_("Deciding body"), max_length=200)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class YearDataForm(forms.Form):
    year = YearField(label=_("Year"))
    population = forms.IntegerField(label=_("Population"), min_value=1, required=False)
    on_drug_route = forms.BooleanField(label=_("On a drug trafficking route"), required=False)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class TargetForm(forms.Form):
    target_year = YearField(label=_("Drug-free target year"))
    registered_on = DateField(label=_("Registration date"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CriteriaForm(forms.Form):
    applies_from = YearField(label=_("Applies from year"))
    users_share_pct = forms.DecimalField(
        label=_("Users and addicts, % of the population"),
        min_value=0,
        max_digits=6,
        decimal_places=3,
    )
    use_places = forms.IntegerField(label=_("Places of drug use, at least"), min_value=0)
    arrests_share_pct = forms.DecimalField(
        label=_("Drug arrests, % of the population"), min_value=0, max_digits=6, decimal_places=3
    )
    planting_m2 = forms.DecimalField(
        label=_("Planting area, m², at least"), min_value=0, max_digits=10, decimal_places=1
    )
    planting_plants = forms.IntegerField(label=_("Or number of plants, at least"), min_value=0)
    type_1_min = forms.IntegerField(label=_("Criteria met for type I, at least"), min_value=1)
    type_2_min = forms.IntegerField(label=_("Criteria met for type II, at least"), min_value=1)
    source = forms.CharField(
        label=_("Source of the thresholds"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
