"""/api/v1/report-periods/ and /api/v1/reports/: figures as JSON, document links, actions,
refusals as JSON naming the field."""

import pytest

from reporting.models import ReportStatus

from ..factories import make_person
from .helpers import past_period

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_the_report_life_through_the_api(client_for, officer_a, pc04, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    client = client_for(officer_a)
    assert client.get("/api/v1/report-periods/").json()["count"] >= 1
    opened = client.post(f"/api/v1/report-periods/{period.pk}/open/")
    assert opened.status_code == 201
    url = f"/api/v1/reports/{opened.json()['id']}/"
    refused = client.post(url + "submit/")
    assert refused.status_code == 400
    assert {"situation", "results", "tasks_ahead", "figures"} <= set(refused.json())
    narrative = {"situation": "Ổn định.", "results": "Tốt.", "tasks_ahead": "Rà soát."}
    assert client.patch(url, narrative, content_type=JSON).status_code == 200
    built = client.post(url + "build/").json()
    assert built["build_state"] == "done"
    data = client.get(url).json()
    assert data["figures"]["totals"]["people_total"] == 1
    assert data["pdf_url"].endswith("/download/pdf/") and data["xlsx_url"]
    assert client.post(url + "submit/").json()["status"] == ReportStatus.SUBMITTED
    frozen = client.patch(url, {"situation": "khác"}, content_type=JSON)
    assert frozen.status_code == 400 and "status" in frozen.json()

    pc = client_for(pc04)
    no_reason = pc.post(url + "return/", {"reason": ""}, content_type=JSON)
    assert no_reason.status_code == 400 and "return_reason" in no_reason.json()
    assert pc.post(url + "receive/").json()["status"] == ReportStatus.RECEIVED
    twice = pc.post(url + "receive/")
    assert twice.status_code == 400 and "status" in twice.json()


def test_reader_reads_but_does_not_act(client_for, officer_a, reader):
    period = past_period()
    client_for(officer_a).post(f"/api/v1/report-periods/{period.pk}/open/")
    client = client_for(reader)
    rows = client.get("/api/v1/reports/").json()["results"]
    assert len(rows) == 1
    assert client.post(f"/api/v1/reports/{rows[0]['id']}/submit/").status_code == 404
    assert client.post(f"/api/v1/report-periods/{period.pk}/open/").status_code == 403
