"""Pages of the rehab app: facilities (kept by the owning sector and administrators) and the
published lists (public pages and PDFs, no login)."""

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

from areas.choices import Era
from areas.models import AdminUnit
from common.exports import xlsx_response
from common.forms import apply_validation_error
from common.pdf import pdf_response

from . import selectors, services
from .choices import KIND_LIST, LIST_SECTOR, FacilityList
from .filters import FacilityFilter
from .forms import FacilityForm, PublishForm

PAGE_SIZE = 50


def _province(code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(era=Era.CURRENT, path=code).first()
    if unit is None or "." in code:
        raise Http404
    return unit


class FacilityListView(View):
    """All facilities of the user's province, filtered; links to edit for those who keep the
    list; XLSX export with the same filters."""

    def get(self, request):
        filterset = FacilityFilter(request.GET, queryset=selectors.facility_list(user=request.user))
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        managed = set(selectors.facility_lists_managed(user=request.user))
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "managed": managed,
            "can_manage": bool(managed),
            "lists": [
                {"key": key, "label": label, "owner": LIST_SECTOR[key]}
                for key, label in FacilityList.choices
            ],
            "province": request.user.scope_unit.path.split(".")[0],
        }
        if request.htmx:
            return render(request, "rehab/partials/facility_rows.html", context)
        return render(request, "rehab/facility_list.html", context)


def _export(request, rows):
    columns = [
        (_("Facility name"), lambda f: f.name),
        (_("Kind"), lambda f: f.get_kind_display()),
        (_("Unit"), lambda f: f.unit.name),
        (_("Address"), lambda f: f.address),
        (_("Licence number"), lambda f: f.licence_number),
        (_("Licence date"), lambda f: f.licence_date),
        (_("Capacity"), lambda f: f.capacity),
        (_("Measures it may perform"), lambda f: "; ".join(f.measure_labels())),
        (_("Active"), lambda f: _("Yes") if f.is_active else _("No")),
    ]
    return xlsx_response(
        filename="co-so-cai-nghien.xlsx",
        sheet_title=str(_("Facilities")),
        columns=columns,
        rows=rows.iterator(chunk_size=500),
        taken_by=None,
    )


class _FacilityFormView(View):
    title = ""

    def _units(self, user):
        return AdminUnit.objects.current().within(user.scope_unit).order_by("level", "name")

    def _kinds(self, user):
        managed = set(selectors.facility_lists_managed(user=user))
        return [kind for kind, lst in KIND_LIST.items() if lst in managed]

    def _render(self, request, form, facility=None, status=200):
        return render(
            request,
            "rehab/facility_form.html",
            {"form": form, "facility": facility, "title": self.title},
            status=status,
        )


class FacilityCreateView(_FacilityFormView):
    title = gettext_lazy("Add a facility")

    def _form(self, request, data=None):
        if not selectors.facility_can_manage(user=request.user):
            raise Http404
        return FacilityForm(
            data,
            kinds=self._kinds(request.user),
            units=self._units(request.user),
            agencies=selectors.facility_agency_choices(user=request.user),
            initial={"is_active": True, "kind": request.GET.get("kind")},
        )

    def get(self, request):
        return self._render(request, self._form(request))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.facility_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The facility has been added."))
                return redirect("rehab:facility_list")
        return self._render(request, form, status=400)


class FacilityEditView(_FacilityFormView):
    title = gettext_lazy("Edit a facility")

    def _form(self, request, facility, data=None):
        initial = {
            field: getattr(facility, field) for field in services.FACILITY_FIELDS if field != "unit"
        }
        initial["unit"] = facility.unit_id
        initial["agency"] = facility.agency_id
        return FacilityForm(
            data,
            kinds=[k for k, lst in KIND_LIST.items() if lst == facility.facility_list],
            units=self._units(request.user),
            agencies=selectors.facility_agency_choices(user=request.user),
            initial=initial,
        )

    def get(self, request, pk):
        facility = selectors.facility_manage_get(user=request.user, pk=pk)
        return self._render(request, self._form(request, facility), facility)

    def post(self, request, pk):
        facility = selectors.facility_manage_get(user=request.user, pk=pk)
        form = self._form(request, facility, request.POST)
        if form.is_valid():
            try:
                services.facility_update(actor=request.user, facility=facility, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The facility has been saved."))
                return redirect("rehab:facility_list")
        return self._render(request, form, facility, status=400)


class PublishView(View):
    def _form(self, request, data=None):
        lists = selectors.facility_lists_managed(user=request.user)
        if not lists:
            raise Http404
        initial = {"published_on": timezone.localdate(), "facility_list": request.GET.get("list")}
        return PublishForm(data, lists=lists, initial=initial)

    def _render(self, request, form, status=200):
        return render(request, "rehab/publish_form.html", {"form": form}, status=status)

    def get(self, request):
        return self._render(request, self._form(request))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                publication = services.facility_list_publish(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The list has been published."))
                return redirect(
                    "rehab:public_list",
                    province=publication.province.path,
                    facility_list=publication.facility_list,
                )
        return self._render(request, form, status=400)


def _publication(province: str, facility_list: str):
    if facility_list not in FacilityList.values:
        raise Http404
    unit = _province(province)
    publication = selectors.publication_latest(province=province, facility_list_=facility_list)
    return unit, publication


class PublicIndexView(View):
    """Public: the lists of a province with their latest date of publication."""

    def get(self, request, province):
        unit = _province(province)
        lists = []
        for key, label in FacilityList.choices:
            lists.append(
                {
                    "key": key,
                    "label": label,
                    "publication": selectors.publication_latest(
                        province=province, facility_list_=key
                    ),
                }
            )
        return render(request, "rehab/public_index.html", {"province": unit, "lists": lists})


class PublicListView(View):
    """Public: the latest publication of one list, as published."""

    def get(self, request, province, facility_list):
        unit, publication = _publication(province, facility_list)
        context = {
            "province": unit,
            "publication": publication,
            "list_label": FacilityList(facility_list).label,
            "facility_list": facility_list,
            "pdf_url": reverse(
                "rehab:public_list_pdf",
                kwargs={"province": province, "facility_list": facility_list},
            ),
        }
        return render(request, "rehab/public_list.html", context, status=200)


class PublicListPdfView(View):
    def get(self, request, province, facility_list):
        unit, publication = _publication(province, facility_list)
        if publication is None:
            raise Http404
        return pdf_response(
            request,
            template="rehab/facility_list_pdf.html",
            context={"province": unit, "publication": publication},
            filename=f"danh-sach-{facility_list}-{publication.published_on:%Y%m%d}.pdf",
        )
