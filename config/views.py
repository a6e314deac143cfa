"""Pages that gather several apps (config is the one place that may know them all)."""

from django.shortcuts import render
from django.utils import timezone
from django.views import View

from accounts.scoping import Access, RecordType, can
from registry.due import due_counts, due_items
from registry.selectors import person_counts


class HomeView(View):
    """A dashboard of the user's scope: counts for every role, and the user's own due work
    for those who manage people."""

    def get(self, request):
        context = {"figures": person_counts(user=request.user)}
        if can(request.user, RecordType.PERSON, Access.WRITE):
            today = timezone.localdate()
            counts = due_counts(user=request.user, today=today, owner=request.user)
            first = due_items(user=request.user, today=today, owner=request.user, limit=5)
            context["due"] = {
                "total": sum(counts.values()),
                "overdue": counts["overdue"],
                "today": counts["today"],
                "first": [(i, i.state(today)) for i in first],
            }
        return render(request, "home.html", context)
