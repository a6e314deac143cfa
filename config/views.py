"""Pages that gather several apps (config is the one place that may know them all)."""

from django.shortcuts import render
from django.views import View

from registry.selectors import person_counts


class HomeView(View):
    """A dashboard of the user's scope: counts only, so every role may see it."""

    def get(self, request):
        return render(request, "home.html", {"figures": person_counts(user=request.user)})
