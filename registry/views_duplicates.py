"""Duplicates: the warning at entry (same name and birth year), the province's list of
possible duplicates, and the merge with its confirmation page."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.forms import apply_validation_error

from . import selectors, services
from .forms_moves import MergeForm
from .models import Person

GROUPS_PER_PAGE = 20
CONFIRM_FIELD = "confirm_duplicate"


def entry_duplicates(*, user, data: dict, confirmed: bool) -> dict | None:
    """At entry, before saving: the people with the same folded name and birth year. Those
    the user may see are listed (the same commune first), the others only counted. None when
    there are none, or when the user chose to save anyway."""
    if confirmed:
        return None
    born = data.get("date_of_birth")
    birth_year = data.get("birth_year") or (born.year if born else None)
    visible, elsewhere = selectors.person_duplicate_candidates(
        user=user, full_name=data.get("full_name") or "", birth_year=birth_year
    )
    if not visible and not elsewhere:
        return None
    unit = data.get("residence_unit")
    unit_pk = getattr(unit, "pk", unit)
    visible.sort(key=lambda p: (p.residence_unit_id != unit_pk, p.pk))
    access_log_record(
        user=user,
        action=AccessAction.SEARCH,
        record=(Person.scope_record_type, ""),
        detail=f"duplicate check at entry: {len(visible)} shown, {elsewhere} elsewhere",
    )
    return {
        "candidates": visible,
        "elsewhere": elsewhere,
        "unit_pk": unit_pk,
        "confirm_field": CONFIRM_FIELD,
    }


class DuplicateListView(View):
    """Groups of people with the same folded name and birth year in the province."""

    def get(self, request):
        if not services.person_can_merge(request.user):
            raise Http404
        groups = selectors.person_duplicate_groups(user=request.user)
        page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
        keys = list(page.object_list)
        members = defaultdict(list)
        for person in selectors.person_duplicate_members(user=request.user, groups=keys):
            members[(person.full_name_folded, person.birth_year)].append(person)
        rows = []
        for key in keys:
            people = members[(key["full_name_folded"], key["birth_year"])]
            ids = {p.national_id for p in people if p.national_id}
            rows.append({"people": people, "size": key["size"], "different_ids": len(ids) > 1})
        return render(
            request, "registry/duplicate_list.html", {"page": page, "rows": rows, "query": ""}
        )


class MergeView(View):
    """GET: the two records side by side, with what each holds, and the confirmation form.
    POST: the merge. Nothing is changed before the confirmation."""

    template = "registry/merge_confirm.html"

    def _pair(self, request, data):
        if not services.person_can_merge(request.user):
            raise Http404
        try:
            survivor_pk, merged_pk = int(data.get("survivor")), int(data.get("merged"))
        except (TypeError, ValueError) as exc:
            raise Http404 from exc
        survivor = selectors.person_get(user=request.user, pk=survivor_pk, access=Access.WRITE)
        merged = selectors.person_get(user=request.user, pk=merged_pk, access=Access.WRITE)
        return survivor, merged

    def _render(self, request, survivor, merged, form, status=200):
        context = {
            "survivor": survivor,
            "merged": merged,
            "form": form,
            "survivor_counts": selectors.person_history_counts(person=survivor),
            "merged_counts": selectors.person_history_counts(person=merged),
            "different_ids": bool(
                survivor.national_id
                and merged.national_id
                and survivor.national_id != merged.national_id
            ),
        }
        return render(request, self.template, context, status=status)

    def get(self, request):
        survivor, merged = self._pair(request, request.GET)
        if survivor.pk == merged.pk:
            messages.error(request, _("Choose two different records."))
            return redirect("registry:duplicate_list")
        for person in (survivor, merged):
            access_log_record(
                user=request.user, action=AccessAction.VIEW, record=person, detail="merge review"
            )
        form = MergeForm(initial={"survivor": survivor.pk, "merged": merged.pk})
        return self._render(request, survivor, merged, form)

    def post(self, request):
        survivor, merged = self._pair(request, request.POST)
        form = MergeForm(request.POST)
        if form.is_valid():
            try:
                services.person_merge(
                    actor=request.user,
                    survivor=survivor,
                    merged=merged,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("Record #%(merged)s has been merged into this one.") % {"merged": merged.pk},
                )
                return redirect(survivor)
        return self._render(request, survivor, merged, form, status=400)
