"""Thin Celery tasks: they call services."""

from celery import shared_task


@shared_task(name="reporting.tasks.report_build", soft_time_limit=20 * 60, time_limit=25 * 60)
def report_build(report_id: int, actor_id: int | None = None) -> str | None:
    from django.contrib.auth import get_user_model

    from . import services

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    report = services.report_build(report_id=report_id, actor=actor)
    return report.build_state if report else None
