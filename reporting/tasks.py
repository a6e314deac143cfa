"""Thin Celery tasks: they call services."""

from celery import shared_task


# acks_late (settings) + reject_on_worker_lost: a worker killed mid-build (its transaction
# rolled back, so no half report) leaves the message to be delivered again to another worker.
@shared_task(
    name="reporting.tasks.report_build",
    soft_time_limit=20 * 60,
    time_limit=25 * 60,
    acks_late=True,
    reject_on_worker_lost=True,
)
def report_build(report_id: int, actor_id: int | None = None) -> str | None:
    from django.contrib.auth import get_user_model

    from . import services

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    report = services.report_build(report_id=report_id, actor=actor)
    return report.build_state if report else None


@shared_task(name="reporting.tasks.periods_tick")
def periods_tick() -> dict:
    """Daily (Celery beat): open the period's reports for every reporting unit, remind units
    before the due date, and mark late the reports not submitted after it."""
    from . import services

    return services.periods_tick()


@shared_task(name="reporting.tasks.requeue_builds")
def requeue_builds() -> int:
    """Every few minutes (Celery beat): send again the builds lost while the broker was down."""
    from . import services

    return services.requeue_builds()
