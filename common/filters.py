"""Filter helpers shared by every app's FilterSet."""

import django_filters
from django import forms
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from .forms import FastSelect


class ListedModelChoiceIterator(ModelChoiceIterator):
    """The choices read with one plain query, kept for the life of the form.

    Django's iterator reads the queryset with `.iterator()`, which on PostgreSQL opens a
    server-side cursor (DECLARE, FETCH, CLOSE: extra round trips) each time the choices are
    walked. A filter's choices are a few hundred rows at most: read them once as a list
    (the field's own copy of the queryset caches them) and walk the list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        # Iterating the queryset itself (not .iterator()) fills its result cache: one query
        # per form, however many times the choices are walked.
        for obj in self.queryset:
            yield self.choice(obj)


class ListedModelChoiceField(ModelChoiceField):
    iterator = ListedModelChoiceIterator


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter for the long lists of a filter form (communes, officers): choices
    from one plain query, rendered by `FastSelect`. Validation is Django's own: the chosen
    value is looked up in the filter's queryset, anything else is an invalid choice."""

    field_class = ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A filter by a related record's id (``?person=12``), for links and the API. On a page it
    is a hidden field: an id typed by hand means nothing to a user, who picks the record
    from a list or follows a link that carries it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
