"""Pages of the commune classification: the list of communes with proposed and decided
class (filters, sort, XLSX), a commune's page with the criteria table and its history, the
forms (decision, the commune's data, the drug-free target, the criteria) and the province's
drug-free roadmap. Out of scope: 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.exports import xlsx_response
from common.forms import apply_validation_error

from . import selectors, services
from .choices import DrugClass
from .filters import CommuneStatusFilter
from .forms import CriteriaForm, DecisionForm, TargetForm, YearDataForm

PAGE_SIZE = 100


def _require(user, access=Access.READ):
    if not selectors.status_can(user=user, access=access):
        raise Http404


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2020 <= year <= 2100 else timezone.localdate().year


def filtered_rows(*, user, params):
    """The filter and its rows: the list page, its export and the API share this."""
    filterset = CommuneStatusFilter(params, queryset=selectors.commune_list(user=user), user=user)
    if not filterset.is_valid():
        return filterset, []
    rows = selectors.status_rows(user=user, year=filterset.selected_year, communes=filterset.qs)
    return filterset, filterset.rows(rows)


class CommuneStatusListView(View):
    def get(self, request):
        _require(request.user)
        filterset, rows = filtered_rows(user=request.user, params=request.GET)
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "year": filterset.selected_year,
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "can_write": selectors.status_can(user=request.user, access=Access.WRITE),
            "counts": _counts(rows),
        }
        template = (
            "communes/partials/status_rows.html" if request.htmx else "communes/status_list.html"
        )
        return render(request, template, context)


def _counts(rows) -> list[dict]:
    proposed = dict.fromkeys(DrugClass.values, 0)
    decided = dict.fromkeys(DrugClass.values, 0)
    for row in rows:
        proposed[row.proposed] += 1
        if row.decided:
            decided[row.decided] += 1
    return [
        {"value": v, "label": label, "proposed": proposed[v], "decided": decided[v]}
        for v, label in DrugClass.choices
    ]


def _export(request, rows):
    classes = dict(DrugClass.choices)

    def met(row):
        return ", ".join(r.label for r in row.proposal.results if r.met)

    columns = [
        (_("Commune"), lambda r: r.commune.name),
        (_("Official code"), lambda r: r.commune.code),
        (_("Year"), lambda r: r.year),
        (_("Population"), lambda r: r.proposal.figures.population),
        (_("Illicit users and addicts"), lambda r: r.proposal.figures.users),
        (_("Places of drug use"), lambda r: r.proposal.figures.use_places),
        (_("Re-emerged hotspots"), lambda r: r.proposal.figures.re_emerged),
        (_("Drug arrests"), lambda r: r.proposal.figures.arrests),
        (_("Planting area (m²)"), lambda r: r.proposal.figures.planting_m2),
        (_("Plants"), lambda r: r.proposal.figures.planting_plants),
        (_("On a drug trafficking route"), lambda r: r.proposal.figures.on_drug_route),
        (_("Criteria met"), lambda r: r.proposal.met),
        (_("Criteria met (which)"), met),
        (_("Proposed class"), lambda r: str(classes[r.proposed])),
        (_("Decided class"), lambda r: str(classes[r.decided]) if r.decided else ""),
        (_("Document"), lambda r: r.decision.document_number if r.decision else ""),
        (_("Document date"), lambda r: r.decision.document_date if r.decision else None),
        (_("Deciding body"), lambda r: r.decision.deciding_body if r.decision else ""),
        (_("Drug-free target year"), lambda r: r.target.target_year if r.target else None),
    ]
    access_log_record(
        user=request.user, action=AccessAction.EXPORT, record=("commune_status", "list")
    )
    return xlsx_response(
        filename="phan-loai-xa.xlsx",
        sheet_title=str(_("Commune classification")),
        columns=columns,
        rows=rows,
        taken_by=request.user,
    )


class CommuneStatusDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        commune = selectors.commune_get(user=request.user, pk=pk)
        year = _year(request)
        row = selectors.status_row(user=request.user, commune=commune, year=year)
        province = selectors.province_of(request.user.scope_unit)
        return render(
            request,
            "communes/status_detail.html",
            {
                "commune": commune,
                "year": year,
                "years": range(timezone.localdate().year, 2019, -1),
                "row": row,
                "criteria": selectors.criteria_for(province=province, year=year),
                "decisions": selectors.decisions_of(user=request.user, commune=commune),
                "targets": selectors.targets_of(user=request.user, commune=commune),
                "year_data": selectors.year_data_of(user=request.user, commune=commune),
                "can_write": selectors.status_can(user=request.user, access=Access.WRITE),
                "can_register": selectors.target_can(user=request.user, access=Access.WRITE),
            },
        )


class _CommuneFormView(View):
    """A form on one commune that calls one service."""

    form_class = None
    title = ""
    done = ""

    def commune(self, request, pk):
        _require(request.user, Access.WRITE)
        return selectors.commune_get(user=request.user, pk=pk, access=Access.WRITE)

    def initial(self, request, commune):
        return {"year": _year(request)}

    def call(self, request, commune, data):
        raise NotImplementedError

    def _render(self, request, commune, form, status=200):
        context = {"form": form, "title": self.title, "commune": commune}
        return render(request, "communes/form.html", context, status=status)

    def get(self, request, pk):
        commune = self.commune(request, pk)
        return self._render(
            request, commune, self.form_class(initial=self.initial(request, commune))
        )

    def post(self, request, pk):
        commune = self.commune(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                result = self.call(request, commune, form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, self.done)
                year = getattr(result, "year", None) or _year(request)
                return redirect(reverse("communes:detail", args=[commune.pk]) + f"?year={year}")
        return self._render(request, commune, form, status=400)


class DecisionView(_CommuneFormView):
    form_class = DecisionForm
    title = gettext_lazy("Record the decided class")
    done = gettext_lazy("The class has been recorded.")

    def initial(self, request, commune):
        year = _year(request)
        row = selectors.status_row(user=request.user, commune=commune, year=year)
        return {"year": year, "drug_class": row.proposed, "document_date": timezone.localdate()}

    def call(self, request, commune, data):
        return services.classification_decide(actor=request.user, commune=commune, **data)


class YearDataView(_CommuneFormView):
    form_class = YearDataForm
    title = gettext_lazy("Population and drug route of the commune")
    done = gettext_lazy("The commune's data have been saved.")

    def initial(self, request, commune):
        year = _year(request)
        data = selectors.year_data_of(user=request.user, commune=commune).filter(year__lte=year)
        latest = data.first()
        initial = {"year": year}
        if latest:
            initial.update(population=latest.population, on_drug_route=latest.on_drug_route)
        return initial

    def call(self, request, commune, data):
        return services.year_data_save(actor=request.user, commune=commune, **data)


class TargetView(_CommuneFormView):
    form_class = TargetForm
    title = gettext_lazy("Register the drug-free target year")
    done = gettext_lazy("The target year has been registered.")

    def commune(self, request, pk):
        return selectors.target_commune_get(user=request.user, pk=pk)

    def initial(self, request, commune):
        return {"registered_on": timezone.localdate()}

    def call(self, request, commune, data):
        return services.target_register(actor=request.user, commune=commune, **data)


class RoadmapView(View):
    def get(self, request):
        if not selectors.target_can(user=request.user, access=Access.COUNT):
            raise Http404
        return render(
            request,
            "communes/roadmap.html",
            {
                "roadmap": selectors.roadmap(user=request.user),
                "can_read": selectors.status_can(user=request.user),
            },
        )


class CriteriaView(View):
    def _province(self, request):
        _require(request.user, Access.WRITE)
        return selectors.province_of(request.user.scope_unit)

    def _render(self, request, province, form, status=200):
        context = {
            "form": form,
            "versions": selectors.criteria_versions(province=province),
            "is_province": request.user.scope_unit_id == province.pk,
        }
        return render(request, "communes/criteria.html", context, status=status)

    def get(self, request):
        province = self._province(request)
        year = _year(request)
        current = selectors.criteria_for(province=province, year=year)
        initial = {"applies_from": year}
        if current:
            initial.update({name: getattr(current, name) for name in services.CRITERIA_FIELDS})
        return self._render(request, province, CriteriaForm(initial=initial))

    def post(self, request):
        province = self._province(request)
        form = CriteriaForm(request.POST)
        if form.is_valid():
            try:
                services.criteria_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The criteria have been saved."))
                return redirect("communes:criteria")
        return self._render(request, province, form, status=400)
