"""Thin Celery tasks: they call services."""

from celery import shared_task

from . import services


@shared_task(name="registry.tasks.due_reminders_record", time_limit=30 * 60)
def due_reminders_record():
    return services.due_reminders_record()
