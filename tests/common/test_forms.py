"""FastSelect renders exactly what Django's Select renders, without its per-option templates."""

import datetime
from unittest import mock

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from common.forms import FastSelect, YesNoAllWidget

GROUPED = [
    ("", "---------"),
    ("Cần Thơ", [(1, "Ninh Kiều"), (2, "Cái Khế")]),
    ("Khác", [("x", "Một"), ("y", "Hai")]),
    (3, "Ngoài nhóm"),
]

CASES = {
    "selected value": ([("a", "A"), ("b", "B"), ("c", "C")], "b", None),
    "none selected": ([("a", "A"), ("b", "B")], None, None),
    "value not among the choices": ([("a", "A"), ("b", "B")], "z", None),
    "empty label selected": ([("", "---------"), ("a", "A")], "", None),
    "empty label, nothing chosen": ([("", "---------"), ("a", "A")], None, None),
    "escaping": (
        [('<&"v', '<b>Tom & "Jerry"</b>'), ("'q'", "it's")],
        '<&"v',
        {"data-x": '<&">', "title": "it's"},
    ),
    "safe label is not escaped": ([("a", mark_safe("<b>A</b>")), ("b", "<b>B</b>")], "a", None),
    "integer values, int given": ([(1, "Một"), (2, "Hai"), (10, "Mười")], 2, None),
    "integer values, str given": ([(1, "Một"), (2, "Hai"), (10, "Mười")], "10", None),
    "None value is the empty option": ([(None, "Không"), (1, "Một")], None, None),
    "lazy labels": ([("m", gettext_lazy("Male")), ("f", gettext_lazy("Female"))], "f", None),
    "the same value twice: only the first is selected": (
        [("a", "A1"), ("a", "A2"), ("b", "B")],
        "a",
        None,
    ),
    "optgroups": (GROUPED, 2, None),
    "optgroups, selected outside a group": (GROUPED, 3, None),
    "several attributes": (
        [("a", "A"), ("b", "B")],
        "a",
        {
            "id": "id_commune",
            "class": "wide",
            "required": True,
            "disabled": False,
            "data-n": 5,
            "aria-label": gettext_lazy("Commune"),
        },
    ),
    "no choices": ([], None, {"id": "id_empty"}),
    # Not plain enough for the string builder: Django renders these (same output).
    "integer labels (localised by the template)": ([("a", 1234), ("b", 5678)], "a", None),
    "date labels": ([("a", datetime.date(2026, 7, 1))], "a", None),
}


@pytest.mark.parametrize(("choices", "value", "attrs"), CASES.values(), ids=CASES.keys())
def test_fast_select_renders_what_select_renders(choices, value, attrs):
    expected = forms.Select(choices=choices).render("f", value, attrs=attrs)
    assert FastSelect(choices=choices).render("f", value, attrs=attrs) == expected


def test_widget_attrs_and_render_attrs_are_merged_like_select():
    choices = [("a", "A"), ("b", "B")]
    base = {"class": "narrow", "data-a": "1"}
    expected = forms.Select(attrs=base, choices=choices).render("f", "b", attrs={"id": "id_f"})
    rendered = FastSelect(attrs=base, choices=choices).render("f", "b", attrs={"id": "id_f"})
    assert rendered == expected


def test_name_is_escaped_like_select():
    choices = [("a", "A")]
    expected = forms.Select(choices=choices).render('f"<', "a")
    assert FastSelect(choices=choices).render('f"<', "a") == expected


class _Form(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A & B"), ("b", "B")],
        required=False,
        widget=forms.Select,
        help_text="Chọn một",
    )
    fast = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A & B"), ("b", "B")],
        required=False,
        widget=FastSelect,
        help_text="Chọn một",
    )


@pytest.mark.parametrize("data", [None, {"plain": "b", "fast": "b"}, {"plain": "z", "fast": "z"}])
def test_bound_field_output_is_the_same(data):
    """Through a form: the id, help text reference and the error state come from the form."""
    form = _Form(data)
    if data:
        form.is_valid()
    plain = str(form["plain"]).replace("plain", "NAME")
    fast = str(form["fast"]).replace("fast", "NAME")
    assert fast == plain


def test_plain_choices_skip_the_templates():
    choices = [(i, f"Xã {i}") for i in range(300)]
    with mock.patch.object(forms.Select, "_render", side_effect=AssertionError("template")):
        html = FastSelect(choices=choices).render("f", 7, attrs={"id": "id_f"})
    assert html.count("<option") == 300
    assert '<option value="7" selected>Xã 7</option>' in html


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (FastSelect(choices=[("a", 1234)]), "a"),  # a number label: the template localises it
        (FastSelect(attrs={"data-f": lambda: "x"}, choices=[("a", "A")]), "a"),  # called
    ],
)
def test_anything_unusual_goes_through_the_template(widget, value):
    with mock.patch.object(
        forms.Select, "_render", autospec=True, return_value="template"
    ) as render:
        assert widget.render("f", value) == "template"
    render.assert_called_once()


def test_several_selected_values_are_left_to_django():
    widget = FastSelect(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    widget.allow_multiple_selected = True
    expected = forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]).render(
        "f", ["a", "c"]
    )
    assert widget.render("f", ["a", "c"]) == expected
    assert widget.render("f", ["a", "c"]).count("selected") == 2


class _DjangoYesNo(forms.Select):
    """YesNoAllWidget as it was, on Django's Select."""

    value_from_datadict = YesNoAllWidget.value_from_datadict
    format_value = YesNoAllWidget.format_value

    def __init__(self, attrs=None):
        super().__init__(attrs, YesNoAllWidget().choices)


@pytest.mark.parametrize("value", [None, True, False, "true", "false", "junk"])
def test_yes_no_all_widget_renders_what_select_renders(value):
    expected = _DjangoYesNo().render("special", value, attrs={"id": "id_special"})
    assert YesNoAllWidget().render("special", value, attrs={"id": "id_special"}) == expected
