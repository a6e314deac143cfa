"""Tasks of the shared mechanisms."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task(name="common.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Beat schedules this; /healthz reads the time to tell whether a worker is alive."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)


@shared_task(name="common.tasks.ping", time_limit=30)
def ping():
    """Answers from a worker with what the database holds (used by health and integration
    tests)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": one == 1, "at": timezone.now().isoformat()}


@shared_task(name="common.tasks.row_count", time_limit=30)
def row_count(model_label: str) -> int:
    """How many rows the table of `model_label` ("app_label.ModelName") holds: a number, never a
    record. Lets a probe or the integration tests see that a worker reads the same, committed
    database as the web processes."""
    from django.apps import apps

    return apps.get_model(model_label)._base_manager.count()
