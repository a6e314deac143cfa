"""What is due ("Việc cần làm") and tasks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.scoping import Access, can
from accounts.selectors import officer_list
from common.forms import apply_validation_error

from . import selectors, services
from .due import STATES, DueSequence, due_counts
from .forms import TaskCloseForm, TaskForm
from .models import Person


def _require(user, access=Access.READ):
    if not can(user, Person.scope_record_type, access):
        raise Http404


class DueListView(View):
    """One list per officer, most urgent first; supervisors see every officer in scope."""

    def get(self, request):
        _require(request.user)
        today = timezone.localdate()
        officers = officer_list(user=request.user)
        who = request.GET.get("who", "me")
        owner = None
        if who == "me":
            owner = request.user
        elif who.isdigit():
            owner = officers.filter(pk=who).first()
            if owner is None:
                raise Http404
        state = request.GET.get("state", "")
        state = state if state in STATES else ""
        counts = due_counts(user=request.user, today=today, owner=owner)
        items = DueSequence(user=request.user, today=today, owner=owner, state=state, counts=counts)
        page = Paginator(items, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        rows = [(item, item.state(today), item.days_left(today)) for item in page.object_list]
        return render(
            request,
            "registry/due_list.html",
            {
                "page": page,
                "rows": rows,
                "counts": counts,
                "state": state,
                "who": who,
                "officers": officers,
                "query": query.urlencode(),
                "can_write": can(request.user, Person.scope_record_type, Access.WRITE),
            },
        )


class TaskDetailView(View):
    def get(self, request, pk):
        task = selectors.task_get(user=request.user, pk=pk)
        return render(request, "registry/task_detail.html", self._context(request, task))

    def _context(self, request, task, form=None):
        can_close = (
            task.status == "open"
            and can(request.user, Person.scope_record_type, Access.WRITE)
            and request.user.scope_unit.contains(task.unit)
        )
        return {"task": task, "form": form or TaskCloseForm(), "can_close": can_close}

    def post(self, request, pk):
        task = selectors.task_get(user=request.user, pk=pk, access=Access.WRITE)
        form = TaskCloseForm(request.POST)
        if form.is_valid():
            try:
                services.task_close(
                    actor=request.user,
                    task=task,
                    result=form.cleaned_data["result"],
                    status=form.cleaned_data["status"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The task has been closed."))
                return redirect("registry:due_list")
        context = self._context(request, task, form)
        return render(request, "registry/task_detail.html", context, status=400)


class TaskCreateView(View):
    """Assign a task, about a person (?person=<id>) or about the unit."""

    def _person(self, request):
        pk = request.GET.get("person") or request.POST.get("person")
        if not pk:
            return None
        if not str(pk).isdigit():
            raise Http404
        return selectors.person_get(user=request.user, pk=pk, access=Access.WRITE)

    def get(self, request):
        _require(request.user, Access.WRITE)
        person = self._person(request)
        initial = {"owner": person.responsible_officer_id} if person else {}
        form = TaskForm(user=request.user, initial=initial)
        return render(request, "registry/task_form.html", {"form": form, "person": person})

    def post(self, request):
        _require(request.user, Access.WRITE)
        person = self._person(request)
        form = TaskForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                task = services.task_create(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The task has been assigned."))
                return redirect("registry:task_detail", pk=task.pk)
        context = {"form": form, "person": person}
        return render(request, "registry/task_form.html", context, status=400)
