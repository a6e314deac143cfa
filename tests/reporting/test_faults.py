"""Faults: a build that dies midway leaves no half report; with the task queue (Redis) down the
web app works and says the build is queued; a PDF failure does not lose the figures."""

import datetime

import pytest
from django.utils import timezone

from reporting import documents, indicators, services, tasks
from reporting.models import BuildState, Report, ReportStatus

from .helpers import NARRATIVE, past_period

pytestmark = pytest.mark.django_db


def _draft(actor):
    report = services.report_open(actor=actor, period=past_period())
    services.report_update(actor=actor, report=report, **NARRATIVE)
    return report


def test_a_build_that_dies_midway_leaves_the_previous_figures(officer_a, monkeypatch):
    report = _draft(officer_a)
    services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    before = (report.figures, report.built_at, report.pdf_file.name)

    def dies(*args, **kwargs):
        raise MemoryError("worker out of memory")

    monkeypatch.setattr(services, "entered_for", dies)
    services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    assert report.build_state == BuildState.FAILED
    assert "MemoryError" in report.build_error
    assert (report.figures, report.built_at, report.pdf_file.name) == before
    assert report.events.filter(kind="build_failed").exists()


def test_the_failed_build_is_shown_on_the_page(client_for, officer_a, monkeypatch):
    report = _draft(officer_a)
    monkeypatch.setattr(indicators, "compute", lambda **kw: 1 / 0)
    services.report_build_request(actor=officer_a, report=report)
    page = client_for(officer_a).get(report.get_absolute_url()).text
    assert "The figures could not be built" in page and "ZeroDivisionError" in page


def test_build_task_is_redelivered_when_its_worker_dies():
    assert tasks.report_build.acks_late is True
    assert tasks.report_build.reject_on_worker_lost is True


def test_with_the_queue_down_the_page_works_and_says_queued(client_for, officer_a, monkeypatch):
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.report_build, "apply_async", down)
    report = _draft(officer_a)
    client = client_for(officer_a)
    response = client.post(f"/reports/{report.pk}/build/", follow=True)
    assert response.status_code == 200
    assert "Building is unavailable right now" in response.text
    report.refresh_from_db()
    assert report.build_state == BuildState.QUEUED and not report.built_at
    # The page and the API go on working while it is down.
    assert client.get(report.get_absolute_url()).status_code == 200
    api = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert api["build_state"] == "queued" and "unavailable" in api["build_error"]


def test_lost_builds_are_sent_again_when_the_queue_is_back(officer_a, monkeypatch):
    from kombu.exceptions import OperationalError

    real = tasks.report_build.apply_async
    monkeypatch.setattr(
        tasks.report_build, "apply_async", lambda *a, **k: (_ for _ in ()).throw(OperationalError())
    )
    report = _draft(officer_a)
    services.report_build_request(actor=officer_a, report=report)
    assert services.requeue_builds() == 0  # not stale yet
    later = timezone.now() + services.REQUEUE_AFTER + datetime.timedelta(minutes=1)
    assert services.requeue_builds(now=later) == 0  # still down: stays queued
    monkeypatch.setattr(tasks.report_build, "apply_async", real)
    assert services.requeue_builds(now=later) == 1
    report.refresh_from_db()
    assert report.build_state == BuildState.DONE and report.figures["totals"]


def test_a_pdf_failure_keeps_the_figures(officer_a, monkeypatch):
    report = _draft(officer_a)
    original = documents.render_report_pdf

    def broken(report):
        raise OSError("fonts missing")

    monkeypatch.setattr(documents, "render_report_pdf", broken)
    services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    assert report.build_state == BuildState.DONE and report.built_at
    assert "people_total" in report.figures["totals"]
    assert "could not be made (OSError)" in report.build_error
    assert not report.pdf_file
    # Submitting needs the documents: refused with the reason, nothing frozen.
    with pytest.raises(Exception) as exc:
        services.report_submit(actor=officer_a, report=report)
    assert "not submitted" in str(exc.value)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    monkeypatch.setattr(documents, "render_report_pdf", original)
    services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    assert report.pdf_file and not report.build_error


def test_requeue_is_scheduled(settings):
    tasks_ = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reporting.tasks.requeue_builds" in tasks_
