from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from common.exports import xlsx_response
from common.forms import apply_validation_error

from . import selectors, services
from .audit import access_log_record
from .choices import AccessAction
from .filters import AccessLogFilter, UserFilter
from .forms import LoginForm, PasswordResetByAdminForm, UserCreateForm, UserUpdateForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def _admin_only(request):
    if not request.user.is_administrator:
        raise Http404


class UserListView(View):
    def get(self, request):
        _admin_only(request)
        users = selectors.user_list(user=request.user)
        filterset = UserFilter(request.GET, queryset=users)
        rows = filterset.qs if filterset.is_valid() else users
        page = Paginator(rows.order_by("username"), 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "accounts/user_list.html",
            {"filter": filterset, "page": page, "query": query.urlencode()},
        )


class UserCreateView(View):
    template = "accounts/user_form.html"

    def get(self, request):
        _admin_only(request)
        return render(request, self.template, {"form": UserCreateForm(user=request.user)})

    def post(self, request):
        _admin_only(request)
        form = UserCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                account = services.user_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The user has been created."))
                return redirect("accounts:user_update", pk=account.pk)
        return render(request, self.template, {"form": form}, status=400)


class UserUpdateView(View):
    template = "accounts/user_form.html"

    def get(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = UserUpdateForm(instance=account, user=request.user)
        return render(request, self.template, {"form": form, "account": account})

    def post(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = UserUpdateForm(request.POST, instance=account, user=request.user)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.user_update(actor=request.user, account=account, **fields)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("accounts:user_list")
        return render(request, self.template, {"form": form, "account": account}, status=400)


class UserPasswordResetView(View):
    template = "accounts/user_password.html"

    def get(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = PasswordResetByAdminForm(account)
        return render(request, self.template, {"form": form, "account": account})

    def post(self, request, pk):
        _admin_only(request)
        account = selectors.user_get(user=request.user, pk=pk)
        form = PasswordResetByAdminForm(account, request.POST)
        if form.is_valid():
            services.user_set_password(
                actor=request.user, account=account, password=form.cleaned_data["new_password1"]
            )
            messages.success(request, _("The password has been reset."))
            return redirect("accounts:user_list")
        return render(request, self.template, {"form": form, "account": account}, status=400)


class AccessLogView(View):
    def get(self, request):
        _admin_only(request)
        entries = selectors.access_log_list(user=request.user)
        filterset = AccessLogFilter(request.GET, queryset=entries, request=request)
        rows = filterset.qs if filterset.is_valid() else entries.none()
        if request.GET.get("format") == "xlsx":
            access_log_record(
                user=request.user,
                action=AccessAction.EXPORT,
                record=("accesslog", ""),
                detail=request.GET.urlencode(),
            )
            columns = [
                (_("Time"), lambda e: e.at),
                (_("User"), lambda e: e.user.username if e.user else ""),
                (_("Action"), lambda e: e.get_action_display()),
                (_("Record type"), lambda e: e.record_type),
                (_("Record"), lambda e: e.record_id),
                (_("Detail"), lambda e: e.detail),
                (_("Address"), lambda e: e.ip_address or ""),
            ]
            return xlsx_response(
                filename="nhat-ky-truy-cap.xlsx",
                sheet_title=_("Access log"),
                columns=columns,
                rows=rows.iterator(chunk_size=2000),
                taken_by=request.user,
            )
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "accounts/access_log.html",
            {"filter": filterset, "page": page, "query": query.urlencode()},
        )
