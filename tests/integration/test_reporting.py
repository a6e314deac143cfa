"""A report built for real: the build task sent through Redis to a Celery worker process
(config.settings.production), which reads and writes the same PostgreSQL database; the figures
it stores equal the ones computed here, and its documents are written."""

import time

import pytest
from django.utils import timezone

from areas.models import AdminUnit
from reporting import indicators, services
from reporting.models import BuildState, Report

from ..factories import make_person, make_user
from ..reporting.helpers import NARRATIVE, past_period
from .processes import ON_POSTGRES, REQUIRE_SERVICES

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not ON_POSTGRES and not REQUIRE_SERVICES,
        reason="the integration tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]

BUILD_TIMEOUT = 60


def _wait_built(pk: int) -> Report:
    deadline = time.monotonic() + BUILD_TIMEOUT
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=pk)
        if report.build_state in (BuildState.DONE, BuildState.FAILED):
            return report
        time.sleep(0.3)
    raise AssertionError(f"report {pk}: not built within {BUILD_TIMEOUT} s")


# The worker reads the database through its own connection: the rows must be committed.
@pytest.mark.django_db(transaction=True)
def test_a_report_is_built_by_a_real_worker_through_redis(stack, celery_client, units):
    officer = make_user("integration_officer", "commune_officer", units["a"])
    for n in range(3):
        make_person(officer, units["a"], full_name=f"Người Thử {n}", category="addicted")
    period = past_period()
    report = services.report_open(actor=officer, period=period)
    services.report_update(actor=officer, report=report, **NARRATIVE)
    Report.objects.filter(pk=report.pk).update(build_state=BuildState.QUEUED)

    sent = celery_client.send_task(
        "reporting.tasks.report_build", args=[report.pk, officer.pk], queue=stack.worker_queue
    )
    assert sent.get(timeout=BUILD_TIMEOUT) == "done", stack.worker.tail()
    sent.forget()
    built = _wait_built(report.pk)
    assert built.build_state == BuildState.DONE, built.build_error
    assert built.pdf_file.name.endswith(".pdf") and built.xlsx_file.name.endswith(".xlsx")
    unit = AdminUnit.objects.get(pk=units["a"].pk)
    end = min(period.ends_on, timezone.localdate())
    here = indicators.compute(unit=unit, start=period.starts_on, end=end)["totals"]
    assert {k: built.figures["totals"].get(k) for k in here} == here
    assert built.events.filter(kind="built", actor=officer).exists()
