"""Thin Celery tasks: they call services."""

from celery import shared_task

from . import services


@shared_task(name="registry.tasks.due_reminders_record", time_limit=30 * 60)
def due_reminders_record():
    return services.due_reminders_record()


# Imports of people (services/imports.py). Each service takes the job under a row lock and acts
# only from the status it expects, so a redelivered task (acks_late) does nothing twice; a
# failure, the soft time limit included, leaves the job failed with the reason.
@shared_task(name="registry.tasks.import_job_check", soft_time_limit=20 * 60, time_limit=25 * 60)
def import_job_check(job_id: int) -> str | None:
    job = services.import_job_check(job_id=job_id)
    return job.status if job else None


@shared_task(name="registry.tasks.import_job_write", soft_time_limit=50 * 60, time_limit=55 * 60)
def import_job_write(job_id: int) -> str | None:
    job = services.import_job_write(job_id=job_id)
    return job.status if job else None
