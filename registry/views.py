from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, can, grant_for
from common.exports import label_of, xlsx_response
from common.forms import apply_validation_error
from common.pdf import pdf_response

from . import selectors, selectors_support, services
from .filters import PersonFilter
from .forms import PersonCreateForm, PersonDocumentForm, PersonForm
from .models import Person, PersonEvent
from .sections import person_sections
from .views_checks import checks_context
from .views_duplicates import CONFIRM_FIELD, entry_duplicates
from .views_moves import moves_context, person_elsewhere
from .views_periods import periods_context
from .views_states import background_export_columns, states_context, with_prior_records
from .views_supporters import supporters_context

PAGE_SIZE = 25
# The management dossier PDF prints the latest this many drug tests and contacts.
DOSSIER_LATEST = 30


def _require(user, access: Access):
    """Users with no row grant on people get 404 on every person page (deny by default)."""
    if not can(user, Person.scope_record_type, access):
        raise Http404


class PersonListView(View):
    def get(self, request):
        _require(request.user, Access.READ)
        people = selectors.person_list(user=request.user)
        filterset = PersonFilter(request.GET, queryset=people, request=request)
        rows = filterset.qs if filterset.is_valid() else people.none()
        if not filterset.form.data.get("ordering"):
            rows = rows.order_by("full_name_folded", "id")
        rows = rows.annotate(
            has_overdue_work=selectors.person_overdue_exists(
                user=request.user, today=timezone.localdate()
            )
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        if filterset.form.data.get("q"):
            access_log_record(
                user=request.user,
                action=AccessAction.SEARCH,
                record=(Person.scope_record_type, ""),
                detail=f"{page.paginator.count} results",
            )
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_write": can(request.user, Person.scope_record_type, Access.WRITE),
        }
        template = (
            "registry/partials/person_table.html" if request.htmx else "registry/person_list.html"
        )
        return render(request, template, context)


class PersonExportView(View):
    def get(self, request):
        _require(request.user, Access.READ)
        people = selectors.person_list(user=request.user)
        filterset = PersonFilter(request.GET, queryset=people, request=request)
        rows = filterset.qs if filterset.is_valid() else people.none()
        access_log_record(
            user=request.user,
            action=AccessAction.EXPORT,
            record=(Person.scope_record_type, ""),
            detail=request.GET.urlencode(),
        )
        yes = _("Yes")
        columns = [
            (_("ID"), lambda p: p.pk),
            (_("Full name"), lambda p: p.full_name),
            (_("Sex"), label_of(Person, "sex")),
            (_("Birth year"), lambda p: p.birth_year),
            (_("Date of birth"), lambda p: p.date_of_birth),
            (_("Citizen ID (CCCD)"), lambda p: p.national_id),
            (_("Commune of residence"), lambda p: p.residence_unit.name),
            (_("Address"), lambda p: p.address),
            (_("Category"), label_of(Person, "category")),
            (_("Special management"), lambda p: yes if p.special_management else ""),
            (_("Responsible officer"), lambda p: str(p.responsible_officer or "")),
            *background_export_columns(),
        ]
        rows = with_prior_records(rows, user=request.user)
        return xlsx_response(
            filename="danh-sach-doi-tuong.xlsx",
            sheet_title=_("People"),
            columns=columns,
            rows=rows.order_by("full_name_folded", "id").iterator(chunk_size=2000),
            taken_by=request.user,
        )


class PersonDetailView(View):
    def get(self, request, pk):
        try:
            person = selectors.person_get(user=request.user, pk=pk)
        except Http404:
            # A merged record, or a person who moved away from the user's unit (views_moves).
            return person_elsewhere(request, pk)
        access_log_record(user=request.user, action=AccessAction.VIEW, record=person)
        grant = grant_for(request.user, Person.scope_record_type)
        events = list(
            selectors.person_events(user=request.user, person=person).select_related("corrects")
        )
        can_write = (
            selectors.person_list(user=request.user, access=Access.WRITE)
            .filter(pk=person.pk)
            .exists()
        )
        context = {
            "person": person,
            "events": events,
            "corrected_ids": {e.corrects_id for e in events if e.corrects_id},
            "correctable_kinds": PersonEvent.CATEGORY_KINDS,
            "open_tasks": selectors.task_list(user=request.user).open().filter(person=person),
            "today": timezone.localdate(),
            "identity_only": grant.fields == "identity",
            "can_write": can_write,
            **_documents_context(request.user, person),
            **checks_context(request.user, person),
            **periods_context(request.user, person, can_write=can_write),
            **moves_context(request.user, person, can_write=can_write),
            **supporters_context(request.user, person, can_write=can_write),
            **states_context(request.user, person, can_write=can_write),
            "extra_sections": person_sections(
                user=request.user, person=person, can_write=can_write
            ),
        }
        return render(request, "registry/person_detail.html", context)


class PersonDossierPdfView(View):
    def get(self, request, pk):
        person = selectors.person_get(user=request.user, pk=pk)
        if grant_for(request.user, Person.scope_record_type).fields != "full":
            raise Http404
        access_log_record(user=request.user, action=AccessAction.PRINT, record=person)
        events = selectors.person_events(user=request.user, person=person)
        user = request.user
        # One query per section; one row more than shown says whether older ones were left out.
        tests = list(
            selectors.person_drug_tests(user=user, person=person, limit=DOSSIER_LATEST + 1)
        )
        contacts = list(
            selectors.person_contacts(
                user=user, person=person, limit=DOSSIER_LATEST + 1, include_tests=False
            )
        )
        return pdf_response(
            request,
            template="registry/dossier_pdf.html",
            context={
                "person": person,
                "events": events,
                "taken_by": user,
                "prior_records": selectors.person_prior_records(
                    user=user, person=person
                ).standing(),
                "periods": selectors.person_periods(user=user, person=person),
                "drug_tests": tests[:DOSSIER_LATEST],
                "drug_tests_more": len(tests) > DOSSIER_LATEST,
                "contacts": contacts[:DOSSIER_LATEST],
                "contacts_more": len(contacts) > DOSSIER_LATEST,
                "latest": DOSSIER_LATEST,
                "supporters": selectors_support.person_supporters(user=user, person=person),
            },
            filename=f"ho-so-{person.pk}.pdf",
        )


class PersonCreateView(View):
    template = "registry/person_form.html"

    def get(self, request):
        _require(request.user, Access.WRITE)
        form = PersonCreateForm(user=request.user)
        return render(request, self.template, {"form": form})

    def post(self, request):
        _require(request.user, Access.WRITE)
        form = PersonCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            confirmed = bool(request.POST.get(CONFIRM_FIELD))
            # Same name and birth year: warn with the candidates before saving (views_duplicates).
            if duplicates := entry_duplicates(user=request.user, data=data, confirmed=confirmed):
                context = {"form": form, "duplicates": duplicates}
                return render(request, self.template, context, status=409)
            try:
                person = services.person_create(actor=request.user, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The person has been registered."))
                return redirect(person)
        return render(request, self.template, {"form": form}, status=400)


class PersonUpdateView(View):
    template = "registry/person_form.html"

    def _person(self, request, pk):
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def get(self, request, pk):
        person = self._person(request, pk)
        form = PersonForm(instance=person, user=request.user)
        return render(request, self.template, {"form": form, "person": person})

    def post(self, request, pk):
        person = self._person(request, pk)
        form = PersonForm(request.POST, instance=person, user=request.user)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                person = services.person_update(actor=request.user, person=person, **fields)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(person)
        return render(request, self.template, {"form": form, "person": person}, status=400)


# ---- Files: photos and scanned decisions ----------------------------------------------------


def _documents_context(user, person) -> dict:
    """The "Documents" section of the person page (nothing when the grant reaches no file)."""
    if not selectors.person_document_can(user=user):
        return {"show_documents": False}
    can_add = selectors.person_document_can(user=user, access=Access.WRITE)
    return {
        "show_documents": True,
        "documents": selectors.person_document_list(user=user, person=person),
        "can_add_document": can_add,
        "document_form": PersonDocumentForm() if can_add else None,
    }


def _document_file_response(document, *, inline: bool) -> FileResponse:
    """The stored file, under its original name and its checked type, never cached and
    never sniffed into something else by the browser."""
    response = FileResponse(
        document.file.storage.open(document.file.name, "rb"),
        as_attachment=not inline,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class PersonDocumentCreateView(View):
    """Add a photo or scanned document. The person page carries the same form; a refused
    file comes back here with the reasons, keeping the kind and title typed."""

    template = "registry/person_document_form.html"

    def _person(self, request, pk):
        if not selectors.person_document_can(user=request.user, access=Access.WRITE):
            raise Http404
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def get(self, request, pk):
        person = self._person(request, pk)
        return render(request, self.template, {"person": person, "form": PersonDocumentForm()})

    def post(self, request, pk):
        person = self._person(request, pk)
        form = PersonDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.person_document_add(
                    actor=request.user,
                    person=person,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The document has been added."))
                return redirect(f"{person.get_absolute_url()}#documents")
        return render(request, self.template, {"person": person, "form": form}, status=400)


class PersonDocumentDownloadView(View):
    """A person's file, only through the scoped selector (404 out of scope or when the
    document is another person's), logged as a download. `?inline=1` shows an image in the
    page instead of saving it."""

    def get(self, request, pk, doc_pk):
        document = selectors.person_document_get(user=request.user, pk=doc_pk, person_pk=pk)
        inline = request.GET.get("inline") == "1" and document.is_image
        response = _document_file_response(document, inline=inline)
        access_log_record(
            user=request.user,
            action=AccessAction.DOWNLOAD,
            record=(Person.scope_record_type, str(document.person_id)),
            detail=f"document {document.pk}{' (inline)' if inline else ''}",
        )
        return response
