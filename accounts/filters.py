import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput

from .choices import AccessAction, Role
from .models import AccessLog, User


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )


class AccessLogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("User"), field_name="user__username")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessAction.choices)
    record_type = django_filters.CharFilter(label=_("Record type"))
    record_id = django_filters.CharFilter(label=_("Record"))
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=DateInput,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=DateInput,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    class Meta:
        model = AccessLog
        fields = ["user", "action", "record_type", "record_id", "since", "until"]
