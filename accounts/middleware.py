from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired

from .audit import client_ip, current_ip


class AuditContextMiddleware:
    """Makes the client's address available to the audit log for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login (deny by default), except views marked
    `login_not_required`. The API answers 401 itself, so it is left to DRF."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
