"""Form helpers shared by every app: dd/mm/yyyy date inputs that work on a phone, and a
select that renders long option lists without one template render per option."""

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
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


class FastSelect(forms.Select):
    """A `forms.Select` whose markup is built as one string instead of one template render
    per option: byte for byte what `forms.Select` renders with Django's own templates, at a
    fraction of the cost (the people list's commune and officer filters hold hundreds of
    options; Django renders each through `select_option.html` and `attrs.html`).

    The options are still computed by Django (`get_context` → `optgroups` → `create_option`:
    the selected choice, optgroups, ids); only the template rendering is replaced. Anything
    else — several selected values, another template or renderer, a value, label or
    attribute whose template output depends on more than `str` and escaping (numbers and
    dates are localised, callables are called) — is rendered by Django as usual."""

    _PLAIN_VALUES = (str, int, ModelChoiceIteratorValue)
    _PLAIN_TEXT = (str, Promise)

    def render(self, name, value, attrs=None, renderer=None):
        renderer = renderer or get_default_renderer()
        if (
            self.allow_multiple_selected
            or type(renderer) is not DjangoTemplates
            or self.template_name != forms.Select.template_name
            or self.option_template_name != forms.Select.option_template_name
        ):
            return super().render(name, value, attrs, renderer)
        context = self.get_context(name, value, attrs)
        html = self._select_html(context["widget"])
        if html is None:
            return self._render(self.template_name, context, renderer)
        return mark_safe(html)  # noqa: S308 - every part below is escaped as the template does

    @classmethod
    def _select_html(cls, widget) -> str | None:
        """select.html, select_option.html and attrs.html written out; None when a part is
        not plain enough to be sure of the template's output."""
        attrs = cls._attrs_html(widget["attrs"])
        if attrs is None or not isinstance(widget["name"], str):
            return None
        out = ['<select name="', conditional_escape(widget["name"]), '"', attrs, ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name is not None and not isinstance(group_name, cls._PLAIN_TEXT):
                return None
            if group_name:
                out += ['\n  <optgroup label="', conditional_escape(group_name), '">']
            for option in options:
                value, label = option["value"], option["label"]
                if not isinstance(value, cls._PLAIN_VALUES) or not isinstance(
                    label, cls._PLAIN_TEXT
                ):
                    return None
                option_attrs = cls._attrs_html(option["attrs"])
                if option_attrs is None:
                    return None
                out += [
                    '\n  <option value="',
                    cls._formatted(value),
                    '"',
                    option_attrs,
                    ">",
                    conditional_escape(label),
                    "</option>\n",
                ]
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)

    @classmethod
    def _attrs_html(cls, attrs) -> str | None:
        out = []
        for name, value in attrs.items():
            if value is False:
                continue
            if not isinstance(name, str):
                return None
            if value is True:
                out += [" ", conditional_escape(name)]
            elif isinstance(value, (*cls._PLAIN_VALUES, Promise)):
                out += [" ", conditional_escape(name), '="', cls._formatted(value), '"']
            else:
                return None
        return "".join(out)

    @staticmethod
    def _formatted(value) -> str:
        """`{{ value|stringformat:'s' }}` ('%s' % value, the same as str() for these types),
        escaped unless the value was safe."""
        text = str(value)
        return text if isinstance(value, SafeData) else escape(text)


class YesNoAllWidget(FastSelect):
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
