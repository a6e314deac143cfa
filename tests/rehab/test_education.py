"""Education at commune: the dossier, the decision (number, date, body) and its period from the
legal term data (3–6 months), the end, the withdrawal; a positive test during it or within a
year after it raising "determination required"; pages, API, query counts, jurisdiction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import services as registry_services
from registry.models import LegalTerm, Task
from rehab.models import EducationMeasure
from rehab.services_education import (
    education_compile,
    education_decide,
    education_end,
    education_withdraw,
)

from ..factories import make_person

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def person(officer_a, units):
    return make_person(officer_a, units["a"], full_name="Tạ Văn Giáo", category="suspected_use")


COMPILED = D(2025, 2, 3)
DECIDED = D(2025, 2, 10)


def compile_(actor, person, on=COMPILED, **kw):
    kw.setdefault("grounds", "Sử dụng trái phép chất ma túy, có nơi cư trú ổn định")
    return education_compile(actor=actor, person=person, compiled_on=on, **kw)


def decide(actor, measure, on=DECIDED, **kw):
    kw.setdefault("decision_number", "45/QĐ-UBND")
    kw.setdefault("decision_body", "Chủ tịch UBND phường Ninh Kiều")
    return education_decide(actor=actor, measure=measure, decision_date=on, **kw)


def positive(actor, person, on):
    return registry_services.drug_test_record(
        actor=actor,
        person=person,
        tested_on=on,
        method="quick",
        sample="urine",
        substances_tested=["methamphetamine"],
        result="positive",
        substances_positive=["methamphetamine"],
    )


def test_legal_term_data_is_three_to_six_months(units):
    for law in ("73/2021/QH14", "120/2025/QH15"):
        term = LegalTerm.objects.get(law=law, measure="education_at_commune")
        assert (term.default_months, term.min_months, term.max_months) == (3, 3, 6)


def test_decision_sets_the_period_from_the_legal_term(officer_a, person):
    m = decide(officer_a, compile_(officer_a, person))
    assert m.status == "decided" and m.law == "73/2021/QH14"
    assert (m.start_on, m.months, m.planned_end_on) == (D(2025, 2, 10), 3, D(2025, 5, 9))
    assert [e.status for e in m.events.all()] == ["compiled", "decided"]


def test_decision_without_number_date_body_or_out_of_range_refused(officer_a, person):
    m = compile_(officer_a, person)
    with pytest.raises(ValidationError) as exc:
        education_decide(
            actor=officer_a, measure=m, decision_number="", decision_date=None, decision_body=""
        )
    assert {"decision_number", "decision_date", "decision_body"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        decide(officer_a, m, months=9)
    assert "3–6 months" in exc.value.message_dict["months_reason"][0]
    with pytest.raises(ValidationError) as exc:
        decide(officer_a, m, on=D(2025, 1, 1))
    assert "precede the dossier" in exc.value.message_dict["decision_date"][0]
    m = decide(officer_a, m, months=9, months_reason="Tái phạm nhiều lần")
    assert m.planned_end_on == D(2025, 11, 9)


def test_one_open_measure_and_withdrawal(officer_a, person):
    m = compile_(officer_a, person)
    with pytest.raises(ValidationError) as exc:
        compile_(officer_a, person, on=D(2025, 3, 1))
    assert "already has an open" in exc.value.message_dict["compiled_on"][0]
    with pytest.raises(ValidationError) as exc:
        education_withdraw(actor=officer_a, measure=m, withdrawn_on=D(2025, 2, 5), reason="")
    assert "reason" in exc.value.message_dict
    m = education_withdraw(
        actor=officer_a, measure=m, withdrawn_on=D(2025, 2, 5), reason="Chuyển đi nơi khác"
    )
    assert m.status == "withdrawn"
    assert compile_(officer_a, person, on=D(2025, 3, 1)).status == "compiled"


def test_end_completed_on_last_day_or_early_with_reason(officer_a, person):
    m = decide(officer_a, compile_(officer_a, person))
    with pytest.raises(ValidationError) as exc:
        education_end(actor=officer_a, measure=m, ended_on=D(2025, 4, 1), status="completed")
    assert "last day (09/05/2025)" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as exc:
        education_end(actor=officer_a, measure=m, ended_on=D(2025, 4, 1), status="ended_early")
    assert "end_note" in exc.value.message_dict
    m = education_end(actor=officer_a, measure=m, ended_on=D(2025, 5, 9), status="completed")
    assert (m.status, m.ended_on) == ("completed", D(2025, 5, 9))


def test_positive_test_during_and_within_a_year_after_asks_for_determination(officer_a, person):
    m = decide(officer_a, compile_(officer_a, person))
    test = positive(officer_a, person, D(2025, 3, 1))
    task = Task.objects.get(person=person, kind="determination_required", status="open")
    assert [w.task for w in test.raised_work] == [task]
    assert "during education at commune" in task.detail
    task.status = "done"
    task.save()
    education_end(actor=officer_a, measure=m, ended_on=D(2025, 5, 9), status="completed")
    # Within a year after the last day (09/05/2025 → until 09/05/2026).
    positive(officer_a, person, D(2026, 5, 9))
    task = Task.objects.get(person=person, kind="determination_required", status="open")
    assert "within a year after" in task.detail
    task.status = "done"
    task.save()
    # After that year: nothing of ours.
    test = positive(officer_a, person, D(2026, 5, 11))
    assert test.raised_work == []


def test_no_rule_for_a_dossier_not_decided(officer_a, person):
    compile_(officer_a, person)
    assert positive(officer_a, person, D(2025, 3, 1)).raised_work == []


def test_rule_laws_are_a_setting(officer_a, person, settings):
    settings.REHAB_EDUCATION_DETERMINATION_LAWS = ["120/2025/QH15"]
    decide(officer_a, compile_(officer_a, person))
    assert positive(officer_a, person, D(2025, 3, 1)).raised_work == []


def test_other_commune_and_health_cannot_write(officer_b, health, person):
    for user in (officer_b, health):
        with pytest.raises(PermissionError):
            compile_(user, person)


def test_pages_walk_the_measure(client_for, officer_a, person):
    client = client_for(officer_a)
    bad = client.post(f"/rehab/people/{person.pk}/education/new/", {"compiled_on": "03/02/2025"})
    assert bad.status_code == 400 and "grounds" in bad.context["form"].errors
    ok = client.post(
        f"/rehab/people/{person.pk}/education/new/",
        {"compiled_on": "03/02/2025", "grounds": "Sử dụng trái phép"},
    )
    m = EducationMeasure.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/rehab/education/{m.pk}/"
    # The end form is not open before the decision.
    assert client.get(f"/rehab/education/{m.pk}/end/").status_code == 404
    ok = client.post(
        f"/rehab/education/{m.pk}/decide/",
        {
            "decision_number": "45/QĐ-UBND",
            "decision_date": "10/02/2025",
            "decision_body": "Chủ tịch UBND phường",
        },
    )
    assert ok.status_code == 302
    page = client.get(f"/rehab/education/{m.pk}/").text
    assert "45/QĐ-UBND" in page and "09/05/2025" in page
    assert f"/rehab/education/{m.pk}/" in client.get(f"/people/{person.pk}/").text
    assert "45/QĐ-UBND" in client.get("/rehab/education/", {"status": "decided"}).text


def test_api_walk_and_refusal(client_for, officer_a, person):
    client = client_for(officer_a)
    response = client.post(
        "/api/v1/education-measures/",
        {"person": person.pk, "compiled_on": "2025-02-03", "grounds": "Sử dụng"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(
        f"/api/v1/education-measures/{pk}/decide/",
        {"decision_number": "", "decision_date": "2025-02-10", "decision_body": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"decision_number", "decision_body"} <= set(response.json())
    response = client.post(
        f"/api/v1/education-measures/{pk}/decide/",
        {"decision_number": "1/QĐ", "decision_date": "2025-02-10", "decision_body": "UBND"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["planned_end_on"] == "2025-05-09"
    detail = client.get(f"/api/v1/education-measures/{pk}/").json()
    assert [e["status"] for e in detail["events"]] == ["compiled", "decided"]


@pytest.mark.parametrize("url", ["/rehab/education/", "/api/v1/education-measures/"])
def test_lists_keep_a_constant_query_count(client_for, officer_a, units, url):
    client = client_for(officer_a)
    people = [make_person(officer_a, units["a"], full_name=f"Người {i}") for i in range(6)]
    for p in people[:2]:
        decide(officer_a, compile_(officer_a, p))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for p in people[2:]:
        compile_(officer_a, p)
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)
