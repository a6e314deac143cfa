"""Pages of the import of people from Excel: upload, column mapping, preview with every bad
row, the choice (write nothing / write the good rows), progress and result. Out of scope, or
without the right to write people, every page answers 404; only the uploader maps and
chooses. The progress polls with HTMX every second and has a refresh link without JS."""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from common.exports import XLSX_TYPE, xlsx_response
from common.forms import apply_validation_error

from . import selectors, services
from .choices import ImportStatus
from .forms_imports import ImportConfirmForm, ImportMappingForm, ImportUploadForm
from .import_files import write_template
from .models import ImportJob, Person

ISSUES_PER_PAGE = 200
RECENT_JOBS = 20


def _require_import(user) -> None:
    if not selectors.import_job_can(user=user):
        raise Http404


def issue_lines(job: ImportJob, show: str = "all") -> list[dict]:
    """One line per problem, in row order: what the preview and the report list."""
    levels = {"errors": {"error"}, "warnings": {"warning"}}.get(show, {"error", "warning"})
    return [
        {"row": row["row"], "name": row.get("name", ""), **issue}
        for row in job.report.get("rows", [])
        for issue in row["issues"]
        if issue["level"] in levels
    ]


def _log_view(request, job: ImportJob, action=AccessAction.VIEW, detail: str = "") -> None:
    """The report names people (not registered yet, or already registered): a view of it is
    a view of personal records."""
    access_log_record(
        user=request.user,
        action=action,
        record=(Person.scope_record_type, ""),
        detail=detail or f"import {job.pk}",
    )


class ImportUploadView(View):
    template = "registry/import_upload.html"

    def _render(self, request, form, status=200):
        jobs = selectors.import_job_list(user=request.user)[:RECENT_JOBS]
        return render(request, self.template, {"form": form, "jobs": jobs}, status=status)

    def get(self, request):
        _require_import(request.user)
        return self._render(request, ImportUploadForm(user=request.user))

    def post(self, request):
        _require_import(request.user)
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                job = services.import_job_create(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    default_unit=form.cleaned_data["default_unit"],
                    default_category=form.cleaned_data["default_category"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                return redirect(job)
        return self._render(request, form, status=400)


class ImportTemplateView(View):
    """The empty template with its instructions sheet (no personal data)."""

    def get(self, request):
        _require_import(request.user)
        fh = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
        write_template(fh)
        fh.seek(0)
        return FileResponse(
            fh, as_attachment=True, filename="mau-nhap-doi-tuong.xlsx", content_type=XLSX_TYPE
        )


class ImportJobDetailView(View):
    """The job's page: progress while a task works, the mapping, the preview and the choice,
    or the result. HTMX polls the progress part; once the task is done, the page reloads."""

    template = "registry/import_detail.html"

    def get(self, request, pk):
        _require_import(request.user)
        job = selectors.import_job_get(user=request.user, pk=pk)
        job = services.import_job_expire(job=job)
        if request.htmx:
            if not job.is_running:
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            return render(request, "registry/partials/import_progress.html", {"job": job})
        is_owner = job.user_id == request.user.pk
        context = {"job": job, "is_owner": is_owner}
        if job.status == ImportStatus.MAPPING and is_owner:
            context["mapping_form"] = ImportMappingForm(job=job)
        if job.report.get("rows") or "mapping_form" in context:
            _log_view(request, job)  # the report or the columns' first values name people
            show = request.GET.get("show", "all")
            lines = issue_lines(job, show)
            context.update(
                show_issues=True,
                show=show,
                issues=Paginator(lines, ISSUES_PER_PAGE).get_page(request.GET.get("page")),
                query=f"show={show}",
            )
        return render(request, self.template, context)


class ImportJobMappingView(View):
    """Say what each column holds: asked when the headers are not all known, and offered again
    from the preview."""

    template = "registry/import_mapping.html"

    def _job(self, request, pk):
        _require_import(request.user)
        job = selectors.import_job_get(user=request.user, pk=pk, own=True)
        if not job.columns or job.status not in (
            ImportStatus.MAPPING,
            ImportStatus.READY,
            ImportStatus.FAILED,
        ):
            raise Http404
        return job

    def get(self, request, pk):
        job = self._job(request, pk)
        _log_view(request, job)  # the columns' first values name people
        return render(request, self.template, {"job": job, "form": ImportMappingForm(job=job)})

    def post(self, request, pk):
        job = self._job(request, pk)
        form = ImportMappingForm(request.POST, job=job)
        if form.is_valid():
            try:
                services.import_job_map(actor=request.user, job=job, mapping=form.mapping())
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("The columns are set: the rows are checked again."))
                return redirect(job)
        return render(request, self.template, {"job": job, "form": form}, status=400)


class ImportJobConfirmView(View):
    """The user's choice: write nothing, or write exactly the good rows."""

    def post(self, request, pk):
        _require_import(request.user)
        job = selectors.import_job_get(user=request.user, pk=pk, own=True)
        form = ImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to write."))
            return redirect(job)
        try:
            services.import_job_confirm(actor=request.user, job=job, mode=form.cleaned_data["mode"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionError as exc:
            raise Http404 from exc
        return redirect(job)


class ImportJobReportView(View):
    """The problems of the preview as a workbook, to fix the file and upload it again."""

    def get(self, request, pk):
        _require_import(request.user)
        job = selectors.import_job_get(user=request.user, pk=pk)
        _log_view(request, job, AccessAction.EXPORT, f"import {job.pk} report")
        columns = [
            (_("Row"), lambda line: line["row"]),
            (_("Full name"), lambda line: line["name"]),
            (
                _("Column"),
                lambda line: " · ".join(p for p in (line["column"], line["header"]) if p),
            ),
            (_("Level"), lambda line: _("Error") if line["level"] == "error" else _("Warning")),
            (_("Problem"), lambda line: line["message"]),
        ]
        return xlsx_response(
            filename=f"bao-cao-nhap-{job.pk}.xlsx",
            sheet_title=_("Problems"),
            columns=columns,
            rows=issue_lines(job),
            taken_by=request.user,
        )
