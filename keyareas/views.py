"""Pages of the key areas app: list, detail with timeline, plan and evaluations, and one form
page per write (declaring transformed asks for confirmation on its page). Out of scope: 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
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
from .choices import KeyAreaStatus
from .filters import KeyAreaFilter
from .forms import (
    CheckForm,
    EvaluationForm,
    KeyAreaForm,
    MeasureForm,
    MeasureStatusForm,
    TransformForm,
)

PAGE_SIZE = 50


def _require(user, access=Access.READ):
    if not selectors.keyarea_can(user=user, access=access):
        raise Http404


class KeyAreaListView(View):
    def get(self, request):
        _require(request.user)
        filterset = KeyAreaFilter(request.GET, queryset=selectors.keyarea_list(user=request.user))
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        if request.GET.get("format") == "xlsx":
            return _export(request, rows)
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "keyareas/keyarea_list.html",
            {
                "filter": filterset,
                "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
                "query": query.urlencode(),
                "can_write": selectors.keyarea_can(user=request.user, access=Access.WRITE),
            },
        )


def _export(request, rows):
    statuses = dict(KeyAreaStatus.choices)
    columns = [
        (_("Name of the key area"), lambda a: a.name),
        (_("Communes"), lambda a: ", ".join(c.name for c in a.communes.all())),
        (_("Designation date"), lambda a: a.designated_on),
        (_("Designation document"), lambda a: a.designation_document),
        (_("Status"), lambda a: str(statuses.get(a.status, a.status))),
        (_("Declared transformed on"), lambda a: a.transformed_on),
        (_("Times complex again"), lambda a: a.relapse_count),
    ]
    access_log_record(user=request.user, action=AccessAction.EXPORT, record=("key_area", "list"))
    return xlsx_response(
        filename="dia-ban-trong-diem.xlsx",
        sheet_title=str(_("Key areas")),
        columns=columns,
        rows=rows,
        taken_by=request.user,
    )


class KeyAreaDetailView(View):
    def get(self, request, pk):
        _require(request.user)
        area = selectors.keyarea_get(user=request.user, pk=pk)
        can_write = selectors.keyarea_writable(user=request.user, pk=pk)
        return render(
            request,
            "keyareas/keyarea_detail.html",
            {
                "area": area,
                "events": selectors.keyarea_events(key_area=area),
                "measures": selectors.keyarea_measures(key_area=area),
                "evaluations": selectors.keyarea_evaluations(key_area=area),
                "can_write": can_write,
                "being_transformed": area.status == KeyAreaStatus.DESIGNATED,
                "today": timezone.localdate(),
            },
        )


class KeyAreaCreateView(View):
    title = gettext_lazy("Designate a key area")

    def _form(self, request, data=None):
        _require(request.user, Access.WRITE)
        communes = selectors.keyarea_communes(user=request.user)
        return KeyAreaForm(data, communes=communes, initial={"designated_on": timezone.localdate()})

    def _render(self, request, form, status=200):
        context = {"form": form, "title": self.title, "area": None}
        return render(request, "keyareas/keyarea_form.html", context, status=status)

    def get(self, request):
        return self._render(request, self._form(request))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                area = services.keyarea_designate(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The key area has been designated."))
                return redirect(area)
        return self._render(request, form, status=400)


class _AreaActionView(View):
    """A form on one key area that calls one service."""

    form_class = None
    title = ""
    done = ""
    warning = ""
    submit_label = ""

    def initial(self):
        return {}

    def call(self, request, area, data):
        raise NotImplementedError

    def _area(self, request, pk):
        return selectors.keyarea_get(user=request.user, pk=pk, access=Access.WRITE)

    def _render(self, request, area, form, status=200):
        context = {
            "form": form,
            "title": self.title,
            "area": area,
            "warning": self.warning,
            "submit_label": self.submit_label,
        }
        return render(request, "keyareas/keyarea_form.html", context, status=status)

    def get(self, request, pk, **kwargs):
        area = self._area(request, pk)
        return self._render(request, area, self.form_class(initial=self.initial()))

    def post(self, request, pk, **kwargs):
        area = self._area(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.call(request, area, form.cleaned_data, **kwargs)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, self.done)
                return redirect(area)
        return self._render(request, area, form, status=400)


class MeasureAddView(_AreaActionView):
    form_class = MeasureForm
    title = gettext_lazy("Add a measure to the plan")
    done = gettext_lazy("The measure has been added.")

    def call(self, request, area, data):
        services.measure_add(actor=request.user, key_area=area, **data)


class MeasureStatusView(_AreaActionView):
    form_class = MeasureStatusForm
    title = gettext_lazy("Update the measure")
    done = gettext_lazy("The measure has been updated.")

    def initial(self):
        return {"done_on": timezone.localdate()}

    def call(self, request, area, data, measure_pk):
        measure = selectors.keyarea_measure_get(key_area=area, pk=measure_pk)
        services.measure_set_status(actor=request.user, measure=measure, **data)


class EvaluationAddView(_AreaActionView):
    form_class = EvaluationForm
    title = gettext_lazy("Record an evaluation")
    done = gettext_lazy("The evaluation has been recorded.")

    def initial(self):
        return {"evaluated_on": timezone.localdate()}

    def call(self, request, area, data):
        services.evaluation_add(actor=request.user, key_area=area, **data)


class TransformView(_AreaActionView):
    form_class = TransformForm
    title = gettext_lazy("Declare the area transformed")
    done = gettext_lazy("The key area has been declared transformed.")
    warning = gettext_lazy(
        "The area leaves the list of areas being transformed and is watched for relapse. "
        "Nothing changes until you confirm below."
    )
    submit_label = gettext_lazy("Confirm: declare the area transformed")

    def initial(self):
        return {"occurred_on": timezone.localdate()}

    def call(self, request, area, data):
        services.keyarea_transform(actor=request.user, key_area=area, **data)


class CheckView(_AreaActionView):
    form_class = CheckForm
    title = gettext_lazy("Record a watch check")
    done = gettext_lazy("The watch check has been recorded.")

    def initial(self):
        return {"checked_on": timezone.localdate(), "finding": "quiet"}

    def call(self, request, area, data):
        services.keyarea_check(actor=request.user, key_area=area, **data)
