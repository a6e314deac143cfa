"""Post-rehab follow-up: support given during the period, a relapse raising the compulsory
dossier work, the certificate of completion (not before the last working days, once only,
completing the period); pages, API, person-page section, query counts and the jurisdiction
suite."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Task
from registry.services.periods import period_open
from rehab.models import PostRehabCertificate, PostRehabRelapse, PostRehabSupport
from rehab.services_followup import (
    certificate_earliest,
    post_rehab_certificate_issue,
    post_rehab_relapse_record,
    post_rehab_support_record,
)

from ..factories import make_person

pytestmark = pytest.mark.django_db
D = datetime.date


START = D(2025, 1, 10)


def open_post_rehab(actor, person, start_on=START, basis="voluntary_rehab"):
    return period_open(
        actor=actor,
        person=person,
        kind="post_rehab",
        basis=basis,
        start_on=start_on,
        decision_number="30/QĐ-UBND",
        decision_date=start_on,
        decision_body="UBND phường Ninh Kiều",
    )


@pytest.fixture
def period(officer_a, units):
    person = make_person(officer_a, units["a"], full_name="Phạm Văn Hậu", category="post_rehab")
    return open_post_rehab(officer_a, person)


def support(actor, period, **kw):
    kw.setdefault("kind", "job")
    kw.setdefault("given_on", D(2025, 3, 1))
    kw.setdefault("given_by", "Phòng Nội vụ – việc làm")
    return post_rehab_support_record(actor=actor, period=period, **kw)


def certificate(actor, period, **kw):
    kw.setdefault("number", "05/GCN-UBND")
    kw.setdefault("issued_on", D(2026, 1, 9))
    kw.setdefault("signer_name", "Nguyễn Văn Chủ")
    return post_rehab_certificate_issue(actor=actor, period=period, **kw)


# ---- support ------------------------------------------------------------------------------
def test_support_recorded_within_the_period(officer_a, period):
    s = support(officer_a, period, note="Làm công nhân may")
    assert s.person_id == period.person_id and s.get_kind_display() == "Job or vocational placement"


def test_support_outside_the_period_or_incomplete_refused(officer_a, period):
    with pytest.raises(ValidationError) as exc:
        support(officer_a, period, given_on=D(2024, 12, 1), kind="x", given_by=" ")
    errors = exc.value.message_dict
    assert "within the post-rehab period" in errors["given_on"][0]
    assert set(errors) >= {"kind", "given_by"}
    with pytest.raises(ValidationError) as exc:
        support(officer_a, period, given_on=D(2099, 1, 1))
    assert "future" in exc.value.message_dict["given_on"][0]


def test_user_management_period_is_not_post_rehab(officer_a, units):
    person = make_person(officer_a, units["a"], full_name="Lý Văn Quản")
    user_period = period_open(
        actor=officer_a,
        person=person,
        kind="user",
        start_on=D(2025, 2, 1),
        decision_number="1/QĐ",
        decision_date=D(2025, 2, 1),
        decision_body="UBND",
    )
    with pytest.raises(ValidationError) as exc:
        support(officer_a, user_period)
    assert "period" in exc.value.message_dict


def test_other_commune_and_health_cannot_write(officer_b, health, period):
    for user in (officer_b, health):
        with pytest.raises(PermissionError):
            support(user, period)


# ---- relapse ------------------------------------------------------------------------------
def test_relapse_raises_compulsory_dossier_work(officer_a, period):
    r = post_rehab_relapse_record(
        actor=officer_a, period=period, occurred_on=D(2025, 6, 2), basis="positive_test"
    )
    task = Task.objects.get(person=period.person, kind="compulsory_dossier_required")
    assert r.task_id == task.pk and task.status == "open"
    assert "relapse during post-rehab management on 02/06/2025" in task.title
    # A second relapse while the work is open returns the same task.
    again = post_rehab_relapse_record(
        actor=officer_a, period=period, occurred_on=D(2025, 7, 1), basis="admission"
    )
    assert again.task_id == task.pk


def test_relapse_other_needs_a_note(officer_a, period):
    with pytest.raises(ValidationError) as exc:
        post_rehab_relapse_record(
            actor=officer_a, period=period, occurred_on=D(2025, 6, 2), basis="other"
        )
    assert "note" in exc.value.message_dict
    assert not PostRehabRelapse.objects.exists()


def relapse(actor, period, on, **kw):
    kw.setdefault("basis", "positive_test")
    return post_rehab_relapse_record(actor=actor, period=period, occurred_on=on, **kw)


def test_relapse_before_the_period_or_after_its_end_refused(officer_a, period):
    with pytest.raises(ValidationError) as exc:
        relapse(officer_a, period, D(2025, 1, 9))
    assert "began on 10/01/2025" in exc.value.message_dict["occurred_on"][0]
    # The term ended on 09/01/2026 (not yet recorded): the day after is refused.
    with pytest.raises(ValidationError) as exc:
        relapse(officer_a, period, D(2026, 1, 10))
    message = exc.value.message_dict["occurred_on"][0]
    assert "Post-rehab management ended on 09/01/2026." in message
    assert "record the new positive drug test in the person's registry record" in message
    assert "addiction determination" in message
    # A period ended early: after that day too.
    from registry.services.periods import period_end

    period_end(actor=officer_a, period=period, ended_on=D(2025, 8, 1), end_reason="moved_away")
    with pytest.raises(ValidationError) as exc:
        relapse(officer_a, period, D(2025, 9, 1))
    assert "ended on 01/08/2025" in exc.value.message_dict["occurred_on"][0]
    assert relapse(officer_a, period, D(2025, 8, 1)).occurred_on == D(2025, 8, 1)
    assert PostRehabRelapse.objects.count() == 1  # the refused ones wrote nothing


def test_relapse_after_the_certificate_refused(officer_a, period):
    # Issued on 07/01/2026, the first of the term's last 3 working days (ends 09/01/2026).
    certificate(officer_a, period, issued_on=D(2026, 1, 7))
    with pytest.raises(ValidationError) as exc:
        relapse(officer_a, period, D(2026, 1, 8))
    message = exc.value.message_dict["occurred_on"][0]
    assert "ended on 07/01/2026 with the certificate of completion 05/GCN-UBND" in message
    assert "registry record" in message
    assert not PostRehabRelapse.objects.exists()
    assert not Task.objects.filter(kind="compulsory_dossier_required").exists()


def test_relapse_refusal_on_the_page_and_the_api(client_for, officer_a, period):
    certificate(officer_a, period, issued_on=D(2026, 1, 12))  # completes the period on 09/01
    client = client_for(officer_a)
    url = f"/rehab/post-rehab/{period.pk}/relapse/new/"
    bad = client.post(url, {"occurred_on": "15/01/2026", "basis": "admission", "note": "Giữ"})
    assert bad.status_code == 400
    errors = bad.context["form"].errors["occurred_on"]
    assert "ended on 09/01/2026" in errors[0] and "registry record" in errors[0]
    assert "Giữ</textarea>" in bad.text  # what was typed is kept
    response = client.post(
        "/api/v1/post-rehab-relapses/",
        {"period": period.pk, "occurred_on": "2026-01-15", "basis": "positive_test"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["occurred_on"]
    assert "ended on 09/01/2026" in response.json()["occurred_on"][0]
    assert not PostRehabRelapse.objects.exists()


# ---- certificate --------------------------------------------------------------------------
def test_certificate_window_is_the_last_three_working_days(period):
    # The term ends on Friday 09/01/2026: Wednesday 7, Thursday 8 and Friday 9.
    assert period.current_end == D(2026, 1, 9)
    assert certificate_earliest(period) == D(2026, 1, 7)


def test_certificate_refused_before_the_end_then_issued_once(officer_a, period):
    with pytest.raises(ValidationError) as exc:
        certificate(officer_a, period, issued_on=D(2026, 1, 6))
    assert "issued from 07/01/2026" in exc.value.message_dict["issued_on"][0]
    c = certificate(officer_a, period, issued_on=D(2026, 1, 7))
    assert c.signer_title == "Chủ tịch UBND xã"
    period.refresh_from_db()
    # Issued before the last day: the period is still open until its term ends.
    assert period.ended_on is None
    with pytest.raises(ValidationError) as exc:
        certificate(officer_a, period, number="06/GCN")
    assert "already issued" in exc.value.message_dict["number"][0]
    assert PostRehabCertificate.objects.count() == 1


def test_certificate_on_the_last_day_completes_the_period(officer_a, period):
    certificate(officer_a, period, issued_on=D(2026, 1, 12))
    period.refresh_from_db()
    assert (period.ended_on, period.end_reason) == (D(2026, 1, 9), "completed")


def test_certificate_refused_after_relapse_or_for_a_period_ended_otherwise(officer_a, period):
    from registry.services.periods import period_end

    post_rehab_relapse_record(
        actor=officer_a, period=period, occurred_on=D(2025, 6, 2), basis="positive_test"
    )
    with pytest.raises(ValidationError) as exc:
        certificate(officer_a, period)
    assert "relapse was recorded on 02/06/2025" in exc.value.message_dict["issued_on"][0]
    period_end(actor=officer_a, period=period, ended_on=D(2025, 8, 1), end_reason="moved_away")
    with pytest.raises(ValidationError) as exc:
        certificate(officer_a, period)
    assert "not completed" in exc.value.message_dict["issued_on"][0]


# ---- pages and API ------------------------------------------------------------------------
def test_pages_record_support_relapse_and_certificate(client_for, officer_a, period):
    client = client_for(officer_a)
    url = f"/rehab/post-rehab/{period.pk}/"
    assert client.get(url).status_code == 200
    bad = client.post(url + "support/new/", {"kind": "job", "given_on": "01/12/2024"})
    assert bad.status_code == 400 and "given_by" in bad.context["form"].errors
    ok = client.post(
        url + "support/new/", {"kind": "loan", "given_on": "01/03/2025", "given_by": "NHCSXH"}
    )
    assert ok.status_code == 302 and ok["Location"] == url
    assert PostRehabSupport.objects.get().kind == "loan"
    ok = client.post(url + "relapse/new/", {"occurred_on": "02/06/2025", "basis": "admission"})
    assert ok.status_code == 302
    page = client.get(url).text
    assert "NHCSXH" in page and "02/06/2025" in page
    person_page = client.get(f"/people/{period.person_id}/").text
    assert f"/rehab/post-rehab/{period.pk}/" in person_page


def test_page_query_count_does_not_grow(client_for, officer_a, period):
    client = client_for(officer_a)
    url = f"/rehab/post-rehab/{period.pk}/"
    support(officer_a, period)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(2, 12):
        support(officer_a, period, given_on=D(2025, 3, day), kind="counselling")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_api_create_and_refusals(client_for, officer_a, officer_b, period):
    client = client_for(officer_a)
    response = client.post(
        "/api/v1/post-rehab-supports/",
        {"period": period.pk, "kind": "study", "given_on": "2025-04-01", "given_by": "Trường nghề"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["person"] == period.person_id
    response = client.post(
        "/api/v1/post-rehab-certificates/",
        {"period": period.pk, "number": "1", "issued_on": "2025-12-01", "signer_name": "A"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "issued_on" in response.json()
    response = client.post(
        "/api/v1/post-rehab-certificates/",
        {"period": period.pk, "number": "1", "issued_on": "2026-01-08", "signer_name": "A"},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = client.post(
        "/api/v1/post-rehab-certificates/",
        {"period": period.pk, "number": "2", "issued_on": "2026-01-09", "signer_name": "A"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "number" in response.json()
    response = client.post(
        "/api/v1/post-rehab-relapses/",
        {"period": period.pk, "occurred_on": "2025-05-01", "basis": "positive_test"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["task"]
    # Another commune's officer: the period is unknown.
    response = client_for(officer_b).post(
        "/api/v1/post-rehab-supports/",
        {"period": period.pk, "kind": "study", "given_on": "2025-04-01", "given_by": "X"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "period" in response.json()


def test_api_list_query_count_does_not_grow(client_for, officer_a, period):
    client = client_for(officer_a)
    support(officer_a, period)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/post-rehab-supports/").status_code == 200
    for day in range(2, 12):
        support(officer_a, period, given_on=D(2025, 3, day))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/post-rehab-supports/").json()["count"] == 11
    assert len(many) == len(one)
