"""ListedModelChoiceFilter: the same choices, validation and markup as django-filter's
ModelChoiceFilter, read with one plain query."""

from unittest import mock

import django_filters
import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from areas.models import AdminUnit
from areas.selectors import commune_list
from common.filters import ListedModelChoiceFilter
from common.forms import FastSelect


class _ListedFilter(django_filters.FilterSet):
    unit = ListedModelChoiceFilter(
        field_name="successor", queryset=AdminUnit.objects.none(), null_label="Không có"
    )

    class Meta:
        model = AdminUnit
        fields = ["unit"]


class _DjangoFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        field_name="successor", queryset=AdminUnit.objects.none(), null_label="Không có"
    )

    class Meta:
        model = AdminUnit
        fields = ["unit"]


def _filterset(cls, units, data=None):
    filterset = cls(data, queryset=AdminUnit.objects.all())
    filterset.filters["unit"].queryset = commune_list(within=units["province"])
    return filterset


@pytest.mark.parametrize("value", [None, "a", "null", "unknown"])
def test_same_markup_as_model_choice_filter(units, value):
    data = {"unit": {"a": units["a"].pk}.get(value, value)} if value else None
    listed = _filterset(_ListedFilter, units, data)
    django = _filterset(_DjangoFilter, units, data)
    assert isinstance(listed.form.fields["unit"].widget, FastSelect)
    html = str(listed.form["unit"])
    assert html == str(django.form["unit"])
    assert html.count("<option") == commune_list(within=units["province"]).count() + 2


def test_choices_are_read_once_without_iterator(units):
    filterset = _filterset(_ListedFilter, units)
    field = filterset.form["unit"]
    with (
        mock.patch.object(QuerySet, "iterator", side_effect=AssertionError("server cursor")),
        CaptureQueriesContext(connection) as ctx,
    ):
        first, second = str(field), str(field)
    assert first == second
    assert len(ctx.captured_queries) == 1


def test_a_choice_filters_and_null_means_none(units):
    """`successor`: the pre-2025 units mapped into today's commune."""
    chosen = _filterset(_ListedFilter, units, {"unit": units["a"].pk})
    assert chosen.is_valid()
    merged = set(AdminUnit.objects.filter(successor=units["a"]))
    assert merged and set(chosen.qs) == merged
    null = _filterset(_ListedFilter, units, {"unit": "null"})
    assert null.is_valid()
    assert set(null.qs) == set(AdminUnit.objects.filter(successor__isnull=True))


def test_a_value_outside_the_choices_is_refused(units):
    """The province itself is not one of its communes: the same invalid-choice error."""
    listed = _filterset(_ListedFilter, units, {"unit": units["province"].pk})
    django = _filterset(_DjangoFilter, units, {"unit": units["province"].pk})
    assert not listed.is_valid()
    assert listed.errors["unit"] == django.errors["unit"]
    assert [e.code for e in listed.form.errors.as_data()["unit"]] == ["invalid_choice"]
    garbage = _filterset(_ListedFilter, units, {"unit": "abc"})
    assert not garbage.is_valid() and "unit" in garbage.errors
