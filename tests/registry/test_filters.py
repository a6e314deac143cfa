"""The people filter form renders its selects with FastSelect: the same page as Django's."""

from unittest import mock

import pytest
from django import forms

from common.forms import FastSelect
from registry import selectors
from registry.filters import PersonFilter


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"category": "addicted", "sex": "F", "ethnicity": "minorities", "incomplete": "true"},
        {"residence_unit": "a", "responsible_officer": "null", "custody_state": "prison"},
        {"residence_unit": "999999999", "responsible_officer": "officer", "ethnicity": "??"},
    ],
)
def test_filter_form_is_the_same_as_with_django_selects(pc04, officer_a, units, data):
    values = {"a": units["a"].pk, "officer": officer_a.pk}
    data = {key: values.get(value, value) for key, value in data.items()}

    def form_html():
        filterset = PersonFilter(data, queryset=selectors.person_list(user=pc04), user=pc04)
        filterset.is_valid()
        return "".join(str(field) for field in filterset.form)

    fast = form_html()
    with mock.patch.object(FastSelect, "render", forms.Select.render):
        django = form_html()
    assert fast == django
    assert fast.count("<select") >= 9
    assert " selected>" in fast
