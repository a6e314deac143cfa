"""Form helpers shared by every app: dd/mm/yyyy date inputs that work on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a date as dd/mm/yyyy, e.g. 05/09/1990.")}
        )
        super().__init__(**kwargs)


def apply_validation_error(form, exc) -> None:
    """Show a service's ValidationError on the form: each message on its field when the form
    has that field, otherwise at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class YesNoAllWidget(forms.Select):
    """A yes/no filter whose empty choice reads "All" (django-filter's says "Unknown")."""

    def __init__(self, attrs=None):
        choices = (("", _("All")), ("true", _("Yes")), ("false", _("No")))
        super().__init__(attrs, choices)

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return {"true": True, "false": False, "True": True, "False": False}.get(value)

    def format_value(self, value):
        return {True: ["true"], False: ["false"], "true": ["true"], "false": ["false"]}.get(
            value, [""]
        )
