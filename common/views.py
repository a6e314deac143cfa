"""Health check and the error pages (Vietnamese, leaking nothing)."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .tasks import HEARTBEAT_KEY

HEALTH_TIMEOUT_SECONDS = 1.0


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means the database does not answer
        return False


def _redis_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        import redis

        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=HEALTH_TIMEOUT_SECONDS,
            socket_timeout=HEALTH_TIMEOUT_SECONDS,
        )
        return "ok" if client.ping() else "error"
    except Exception:  # noqa: BLE001
        return "error"


def _worker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        seen = cache.get(HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001
        return "unknown"
    if not seen:
        return "unknown"
    at = parse_datetime(seen)
    return "ok" if at and timezone.now() - at < timedelta(minutes=15) else "stale"


# Not inside ATOMIC_REQUESTS: opening that transaction would fail before the view could say 503.
@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    database = _database_ok()
    body = {
        "status": "ok" if database else "error",
        "database": "ok" if database else "error",
        "redis": _redis_state(),
        "worker": _worker_state(),
    }
    return JsonResponse(body, status=200 if database else 503)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processors that touch the database: the error may be the database.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render({}))
