"""Compulsory-rehab dossiers: the list (filters, sort, pages, XLSX, the count of people at
high risk), the detail with its stages and files, the forms to compile a dossier and to record
each stage, and the logged download of a file. Out of scope, or without a grant, every page
answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access
from common.exports import xlsx_response
from common.forms import apply_validation_error
from registry import selectors as registry_selectors

from . import selectors, services_dossiers
from .choices import CLOSED_STAGES, NEXT_STAGES, DossierStage, FacilityKind
from .filters import DossierFilter
from .forms import DossierCompileForm, DossierStageForm
from .models import REHAB_DOSSIER

PAGE_SIZE = 50


def _require(user, access=Access.READ):
    if not selectors.dossier_can(user=user, access=access):
        raise Http404


def _can_write(user, dossier) -> bool:
    return selectors.dossier_can(user=user, access=Access.WRITE) and (
        registry_selectors.person_list(user=user, access=Access.WRITE)
        .filter(pk=dossier.person_id)
        .exists()
    )


class DossierListView(View):
    def get(self, request):
        _require(request.user)
        filterset = DossierFilter(
            request.GET, request=request, queryset=selectors.dossier_list(user=request.user)
        )
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        access_log_record(
            user=request.user,
            action=AccessAction.EXPORT
            if request.GET.get("format") == "xlsx"
            else AccessAction.SEARCH,
            record=(REHAB_DOSSIER, ""),
            detail=f"dossiers: {request.GET.urlencode()}"[:500],
        )
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        today = timezone.localdate()
        figures = rows.order_by().aggregate(
            high_risk=Count("pk", filter=Q(high_risk=True)),
            overdue=Count(
                "pk",
                filter=Q(next_due_on__lt=today) & ~Q(stage__in=CLOSED_STAGES),
            ),
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "figures": figures,
            "today": today,
        }
        if request.htmx:
            return render(request, "rehab/partials/dossier_rows.html", context)
        return render(request, "rehab/dossier_list.html", context)


def _export(request, rows):
    columns = [
        (_("Full name"), lambda d: d.person.full_name),
        (_("Birth year"), lambda d: d.person.birth_year),
        (_("Citizen ID"), lambda d: d.person.national_id),
        (_("Commune"), lambda d: d.person.residence_unit.name),
        (_("Adult or minor"), lambda d: _("Minor") if d.is_minor else _("Adult")),
        (_("Governing law"), lambda d: d.law),
        (_("Last violation"), lambda d: d.last_violation_on),
        (_("Compiled on"), lambda d: d.compiled_on),
        (_("Stage"), lambda d: d.get_stage_display()),
        (_("Since"), lambda d: d.stage_on),
        (_("Next step"), lambda d: d.get_next_step_display() if d.next_step else ""),
        (_("Due"), lambda d: d.next_due_on),
        (_("Decision number"), lambda d: d.decision_number),
        (_("Duration (months)"), lambda d: d.months),
        (_("At high risk of offending"), lambda d: _("Yes") if d.high_risk else ""),
    ]
    return xlsx_response(
        filename="ho-so-cai-nghien-bat-buoc.xlsx",
        sheet_title=str(_("Compulsory-rehab dossiers")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=request.user,
    )


class DossierDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        dossier = selectors.dossier_get(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=dossier.person,
            detail=f"rehab dossier {dossier.pk}",
        )
        can_write = _can_write(request.user, dossier)
        next_stages = [DossierStage(s) for s in NEXT_STAGES[DossierStage(dossier.stage)]]
        context = {
            "d": dossier,
            "events": selectors.dossier_events(dossier=dossier),
            "can_write": can_write,
            "next_stages": next_stages if can_write else [],
            "today": timezone.localdate(),
        }
        return render(request, "rehab/dossier_detail.html", context)


class DossierCreateView(View):
    template = "rehab/dossier_form.html"

    def _person(self, request, person_pk):
        _require(request.user, Access.WRITE)
        return registry_selectors.person_get(user=request.user, pk=person_pk, access=Access.WRITE)

    def get(self, request, person_pk):
        person = self._person(request, person_pk)
        form = DossierCompileForm(initial={"compiled_on": timezone.localdate()})
        return render(request, self.template, {"person": person, "form": form})

    def post(self, request, person_pk):
        person = self._person(request, person_pk)
        form = DossierCompileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                dossier = services_dossiers.dossier_compile(
                    actor=request.user, person=person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The dossier has been compiled."))
                return redirect(dossier.get_absolute_url())
        return render(request, self.template, {"person": person, "form": form}, status=400)


def _stage_facilities(user, dossier):
    kinds = [FacilityKind.PUBLIC_REHAB]
    if dossier.is_minor:
        kinds.append(FacilityKind.REFORM_SCHOOL)
    return selectors.facility_choices(user=user).filter(kind__in=kinds)


class DossierStageView(View):
    template = "rehab/dossier_stage.html"

    def _dossier(self, request, pk, stage):
        _require(request.user, Access.WRITE)
        dossier = selectors.dossier_get(user=request.user, pk=pk, access=Access.WRITE)
        if stage not in NEXT_STAGES[DossierStage(dossier.stage)]:
            raise Http404
        return dossier

    def _form(self, request, dossier, stage, data=None, files=None, initial=None):
        return DossierStageForm(
            data,
            files,
            stage=stage,
            facilities=_stage_facilities(request.user, dossier),
            initial=initial,
        )

    def _render(self, request, dossier, stage, form, status=200):
        context = {"d": dossier, "stage": DossierStage(stage), "form": form}
        return render(request, self.template, context, status=status)

    def get(self, request, pk, stage):
        dossier = self._dossier(request, pk, stage)
        today = timezone.localdate()
        initial = {"occurred_on": today}
        if stage == DossierStage.DECIDED:
            initial["decision_date"] = today
        form = self._form(request, dossier, stage, initial=initial)
        return self._render(request, dossier, stage, form)

    def post(self, request, pk, stage):
        dossier = self._dossier(request, pk, stage)
        form = self._form(request, dossier, stage, request.POST, request.FILES)
        if form.is_valid():
            try:
                services_dossiers.dossier_stage(
                    actor=request.user, dossier=dossier, stage=stage, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(
                    request,
                    _("Recorded: %(stage)s.") % {"stage": DossierStage(stage).label},
                )
                return redirect(dossier.get_absolute_url())
        return self._render(request, dossier, stage, form, status=400)


class DossierHighRiskView(View):
    """POST: flag or unflag the person as at high risk of offending."""

    def post(self, request, pk):
        _require(request.user, Access.WRITE)
        dossier = selectors.dossier_get(user=request.user, pk=pk, access=Access.WRITE)
        try:
            services_dossiers.dossier_set_high_risk(
                actor=request.user, dossier=dossier, high_risk=request.POST.get("high_risk") == "1"
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        messages.success(request, _("The flag has been saved."))
        return redirect(dossier.get_absolute_url())


class DossierFileView(View):
    """A file of a dossier, only through the scoped dossier (404 out of scope or when the file
    is another dossier's), logged as a download of the person's record."""

    def get(self, request, pk, file_pk):
        _require(request.user)
        found = selectors.dossier_file_get(user=request.user, pk=pk, file_pk=file_pk)
        inline = request.GET.get("inline") == "1" and found.is_image
        response = FileResponse(
            found.file.storage.open(found.file.name, "rb"),
            as_attachment=not inline,
            filename=found.original_name,
            content_type=found.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        dossier = found.event.dossier
        access_log_record(
            user=request.user,
            action=AccessAction.DOWNLOAD,
            record=dossier.person,
            detail=f"rehab dossier {dossier.pk} file {found.pk}",
        )
        return response
