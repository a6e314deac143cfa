"""/people/quality/: data quality per commune ("đúng, đủ, sạch, sống"), and for one commune
(?commune=<id>) the list of what to fix per person.

The figures are counts: every user with a grant on people sees them for the communes of their
jurisdiction. The list of people needs a grant that reaches people's records (404 otherwise),
and is logged like any list of people."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import RecordType
from areas.selectors import commune_list

from . import quality, selectors_support

PAGE_SIZE = 50


def _require(user):
    if not selectors_support.data_quality_can(user=user):
        raise Http404


def fix_page(request, *, commune, today, problem: str, page_number):
    """One page of the people to fix, each with its problems; logged."""
    if not selectors_support.data_quality_can(user=request.user, people=True):
        raise Http404
    verified_states = selectors_support.verification_states()
    choices = dict(quality.problem_choices(verified=verified_states is not None))
    if problem and problem not in choices:
        problem = ""
    rows = quality.to_fix(user=request.user, commune=commune, today=today, problem=problem)
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    for person in page.object_list:
        person.problems = [
            (key, choices[key])
            for key in quality.person_problems(person, verified_states=verified_states)
        ]
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW,
        record=(RecordType.PERSON, ""),
        detail=f"data quality, commune {commune.pk}: {page.paginator.count} to fix",
    )
    return page, choices, problem


class DataQualityView(View):
    def get(self, request):
        _require(request.user)
        today = timezone.localdate()
        table = quality.quality_table(user=request.user, today=today)
        context = {"table": table, "today": today, "can_see_people": False}
        commune_id = request.GET.get("commune", "")
        if commune_id:
            if not commune_id.isdigit():
                raise Http404
            commune = get_object_or_404(commune_list(within=request.user.scope_unit), pk=commune_id)
            page, choices, problem = fix_page(
                request,
                commune=commune,
                today=today,
                problem=request.GET.get("problem", ""),
                page_number=request.GET.get("page"),
            )
            query = request.GET.copy()
            query.pop("page", None)
            context.update(
                {
                    "commune": commune,
                    "page": page,
                    "problem": problem,
                    "problem_choices": choices,
                    "query": query.urlencode(),
                    "commune_row": next(
                        (row for row in table["rows"] if row.commune.pk == commune.pk), None
                    ),
                }
            )
        context["can_see_people"] = selectors_support.data_quality_can(
            user=request.user, people=True
        )
        return render(request, "registry/quality.html", context)
