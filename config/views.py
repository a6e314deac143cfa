"""Pages that gather several apps (config is the one place that may know them all)."""

from django.shortcuts import render
from django.utils import timezone
from django.views import View

from accounts.scoping import Access, RecordType, can
from registry.due import due_list
from registry.selectors import person_counts


class HomeView(View):
    """A dashboard of the user's scope: counts for every role, and the user's own due work
    for those who manage people."""

    def get(self, request):
        context = {"figures": person_counts(user=request.user)}
        if can(request.user, RecordType.PERSON, Access.WRITE):
            today = timezone.localdate()
            mine = due_list(user=request.user, today=today, owner=request.user)
            context["due"] = {
                "total": len(mine),
                "overdue": sum(1 for item in mine if item.state(today) == "overdue"),
                "today": sum(1 for item in mine if item.state(today) == "today"),
                "first": [(i, i.state(today)) for i in mine[:5]],
            }
        return render(request, "home.html", context)
