"""A wrong seizure is corrected with a reason, or withdrawn when it was entered by mistake:
history instead of overwrites. The old figures stay in the case's timeline; a withdrawn
seizure stays on the case, struck out, and no total, dashboard, report or API list counts it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ChangeLog
from cases import services
from cases.models import Seizure, SeizureChange
from reporting.indicators import compute

from ..factories import make_user
from ..reporting.helpers import past_period, ready_report, submitted_report
from .helpers import ago, make_case

pytestmark = pytest.mark.django_db
API = "/api/v1/drug-cases/"


def _errors(exc) -> dict:
    return exc.value.message_dict


def _seizure(actor, case, quantity="500", unit="g", drug="heroin", **extra):
    return services.seizure_add(
        actor=actor, case=case, drug_type=drug, quantity=quantity, unit=unit, **extra
    )


def _correct(actor, seizure, **changes):
    values = {
        "drug_type": seizure.drug_type,
        "quantity": seizure.quantity,
        "unit": seizure.unit,
        "seized_on": seizure.seized_on,
        "note": seizure.note,
        "reason": "Nhập nhầm 500 g, đúng là 50 g",
        **changes,
    }
    return services.seizure_correct(actor=actor, seizure=seizure, **values)


# ---- services ---------------------------------------------------------------------------


def test_correction_keeps_old_and_new_figures_reason_and_change_log(officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    seizure = _seizure(officer_a, case, note="Gói nilon")
    change = _correct(officer_a, seizure, quantity="50", seized_on=ago(28))
    seizure.refresh_from_db()
    assert seizure.quantity == Decimal(50) and seizure.seized_on == ago(28)
    assert change.kind == "corrected" and change.author == officer_a
    assert change.before == {
        "drug_type": "heroin",
        "quantity": "500",
        "unit": "g",
        "seized_on": ago(30).isoformat(),
        "note": "Gói nilon",
    }
    assert change.after["quantity"] == "50" and change.after["seized_on"] == ago(28).isoformat()
    assert change.reason == "Nhập nhầm 500 g, đúng là 50 g"
    assert change.differences == [
        ("Quantity", "500 g", "50 g"),
        ("Seizure date", f"{ago(30):%d/%m/%Y}", f"{ago(28):%d/%m/%Y}"),
    ]
    log = ChangeLog.objects.get(record_type="seizure", record_id=str(seizure.pk), action="update")
    assert log.before == {"quantity": "500.000", "seized_on": ago(30).isoformat()}
    assert log.after == {"quantity": "50", "seized_on": ago(28).isoformat()}
    assert ChangeLog.objects.filter(record_type="seizurechange", action="create").count() == 1
    # A second correction keeps the first one.
    second = _correct(officer_a, seizure, drug_type="cannabis", quantity="1.5", unit="kg", note="")
    assert [c.after["quantity"] for c in SeizureChange.objects.order_by("id")] == ["50", "1.5"]
    assert second.differences == [
        ("Drug type", "Heroin", "Cannabis"),
        ("Quantity", "50 g", "1.5 kg"),
        ("Note", "Gói nilon", "—"),
    ]


def test_correction_refuses_empty_reason_no_change_and_implausible_figures(officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    seizure = _seizure(officer_a, case)
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, quantity="50", reason="  ")
    assert "Say why" in _errors(exc)["reason"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, quantity="500.000")
    assert "Nothing has changed" in _errors(exc)["quantity"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, quantity="50000", unit="kg")
    assert "plausible maximum" in _errors(exc)["quantity"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, unit="tablets")
    assert "not in tablets" in _errors(exc)["unit"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, seized_on=ago(31))
    assert "before the detection" in _errors(exc)["seized_on"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, seized_on=ago(-1))
    assert "future" in _errors(exc)["seized_on"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, seized_on=None)
    assert "seized_on" in _errors(exc)
    seizure.refresh_from_db()
    assert seizure.quantity == 500 and seizure.unit == "g" and seizure.seized_on == ago(30)
    assert not SeizureChange.objects.exists()


def test_withdrawal_keeps_the_row_with_reason_and_refuses_twice(officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    seizure = _seizure(officer_a, case)
    with pytest.raises(ValidationError) as exc:
        services.seizure_remove(actor=officer_a, seizure=seizure, reason="")
    assert "Say why" in _errors(exc)["reason"][0]
    change = services.seizure_remove(actor=officer_a, seizure=seizure, reason="Nhập trùng hai lần")
    seizure.refresh_from_db()
    assert seizure.is_removed and seizure.removed_by == officer_a
    assert seizure.removed_reason == "Nhập trùng hai lần"
    assert change.kind == "removed" and change.before["quantity"] == "500" and change.after == {}
    log = ChangeLog.objects.get(record_type="seizure", record_id=str(seizure.pk), action="update")
    assert log.before["removed_at"] is None and log.after["removed_reason"] == "Nhập trùng hai lần"
    with pytest.raises(ValidationError) as exc:
        services.seizure_remove(actor=officer_a, seizure=seizure, reason="Lần nữa")
    assert "already been withdrawn" in _errors(exc)["reason"][0]
    with pytest.raises(ValidationError) as exc:
        _correct(officer_a, seizure, quantity="50")
    assert "already been withdrawn" in _errors(exc)["reason"][0]
    assert Seizure.objects.count() == 1


def test_only_writers_of_the_case_correct_or_withdraw(officer_a, officer_b, reader, units):
    seizure = _seizure(officer_a, make_case(officer_a, units["a"]))
    for actor in (officer_b, reader):
        with pytest.raises(PermissionError):
            _correct(actor, seizure, quantity="50")
        with pytest.raises(PermissionError):
            services.seizure_remove(actor=actor, seizure=seizure, reason="x")
    seizure.refresh_from_db()
    assert seizure.quantity == 500 and not seizure.is_removed


# ---- counts: case totals, dashboard, reports --------------------------------------------


def test_withdrawn_seizures_count_nowhere(client_for, officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=10)
    kept = _seizure(officer_a, case, quantity="2", unit="kg")
    twice = _seizure(officer_a, case, quantity="2", unit="kg")
    meth = _seizure(officer_a, case, drug="meth", quantity="30", unit="g")
    services.seizure_remove(actor=officer_a, seizure=twice, reason="Nhập trùng")
    services.seizure_remove(actor=officer_a, seizure=meth, reason="Nhầm vụ án")
    _correct(officer_a, kept, quantity="1.5", unit="kg", reason="Cân lại")
    client = client_for(officer_a)

    page = client.get(f"/cases/{case.pk}/")
    totals = [(t["drug_type"], t["unit"], t["total"]) for t in page.context["totals"]]
    assert totals == [("heroin", "g", 1500)]

    seized = client.get("/hotspots/dashboard/").context["figures"]["cases"]["seizures"]
    assert [(z["drug_type"], z["total"]) for z in seized] == [("heroin", 1500)]
    # The dashboard's link lists the cases it counts: none for the withdrawn meth.
    rows = client.get(f"/cases/?seized_type=meth&seized_from={ago(30):%Y-%m-%d}").context["page"]
    assert rows.paginator.count == 0

    figures = compute(unit=units["province"], start=ago(60), end=ago(0))["totals"]
    assert figures["seized_heroin_g"] == 1500 and figures.get("seized_meth_g", 0) == 0

    detail = client.get(f"{API}{case.pk}/").json()
    assert [s["id"] for s in detail["seizures"]] == [kept.pk]
    assert detail["seizure_totals"] == [{"drug_type": "heroin", "unit": "g", "total": 1500}]
    assert {s["id"] for s in detail["removed_seizures"]} == {twice.pk, meth.pk}
    assert [c["kind"] for c in detail["seizure_changes"]] == ["removed", "removed", "corrected"]


@pytest.fixture
def _reports(monkeypatch, settings, tmp_path):
    """As tests/reporting/conftest.py: the build runs at once (the test transaction never
    commits) and its documents go to a temporary private storage."""
    from reporting import services as reporting_services

    monkeypatch.setattr(reporting_services, "_after_commit", lambda callback: callback())
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def _inside(period, days_after_start=5) -> int:
    """days_ago of a day inside the period's window."""
    return (ago(0) - period.starts_on).days - days_after_start


def test_reports_show_the_corrected_figure_and_submitted_ones_list_the_correction(
    _reports, client_for, officer_a, pc04, units
):
    period = past_period()
    case = make_case(officer_a, units["a"], days_ago=_inside(period))
    wrong = _seizure(officer_a, case, quantity="500")
    twice = _seizure(officer_a, case, quantity="20")
    submitted = submitted_report(officer_a, period)
    assert submitted.figures["totals"]["seized_heroin_g"] == 520

    _correct(officer_a, wrong, quantity="50")
    services.seizure_remove(actor=officer_a, seizure=twice, reason="Nhập trùng")

    # The submitted report is unchanged; its corrections page shows the new figure.
    submitted.refresh_from_db()
    assert submitted.figures["totals"]["seized_heroin_g"] == 520
    rows = client_for(officer_a).get(f"/reports/{submitted.pk}/corrections/").context["rows"]
    assert {r["indicator"].code: (r["then"], r["now"]) for r in rows}["seized_heroin_g"] == (
        520,
        50,
    )
    # A report built now counts the corrected figure only.
    province = ready_report(pc04, period)
    assert province.figures["totals"]["seized_heroin_g"] == 50


# ---- pages ------------------------------------------------------------------------------


def test_case_page_offers_correct_and_withdraw_and_shows_history(client_for, officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    wrong = _seizure(officer_a, case, quantity="500")
    twice = _seizure(officer_a, case, quantity="20")
    client = client_for(officer_a)
    page = client.get(f"/cases/{case.pk}/").text
    assert f"/cases/{case.pk}/seizures/{wrong.pk}/correct/" in page
    assert f"/cases/{case.pk}/seizures/{twice.pk}/withdraw/" in page

    form = client.get(f"/cases/{case.pk}/seizures/{wrong.pk}/correct/")
    assert form.status_code == 200
    assert form.context["form"].initial["quantity"] == 500
    # Refused without the reason: nothing saved, what was typed kept.
    data = {
        "drug_type": "heroin",
        "quantity": "50",
        "unit": "g",
        "seized_on": f"{ago(30):%d/%m/%Y}",
    }
    refused = client.post(f"/cases/{case.pk}/seizures/{wrong.pk}/correct/", data)
    assert refused.status_code == 400 and "reason" in refused.context["form"].errors
    assert refused.context["form"]["quantity"].value() == "50"
    # Refused when nothing changes.
    same = {**data, "quantity": "500", "reason": "Kiểm tra lại"}
    refused = client.post(f"/cases/{case.pk}/seizures/{wrong.pk}/correct/", same)
    assert refused.status_code == 400 and "quantity" in refused.context["form"].errors
    done = client.post(
        f"/cases/{case.pk}/seizures/{wrong.pk}/correct/", {**data, "reason": "Nhập nhầm"}
    )
    assert done.status_code == 302 and done.url == f"/cases/{case.pk}/#seizures"
    wrong.refresh_from_db()
    assert wrong.quantity == 50

    # The withdrawal page is a confirmation: nothing changes on GET, nor without a reason.
    confirm = client.get(f"/cases/{case.pk}/seizures/{twice.pk}/withdraw/")
    assert confirm.status_code == 200 and "confirm" in confirm.text.lower()
    refused = client.post(f"/cases/{case.pk}/seizures/{twice.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 400 and "reason" in refused.context["form"].errors
    twice.refresh_from_db()
    assert not twice.is_removed
    done = client.post(
        f"/cases/{case.pk}/seizures/{twice.pk}/withdraw/", {"reason": "Nhập trùng hai lần"}
    )
    assert done.status_code == 302
    twice.refresh_from_db()
    assert twice.is_removed

    page = client.get(f"/cases/{case.pk}/")
    text = page.text
    # The withdrawn row stays, struck out with its reason, without actions.
    assert "Nhập trùng hai lần" in text and 'class="removed"' in text
    assert f"/cases/{case.pk}/seizures/{twice.pk}/correct/" not in text
    assert [(t["drug_type"], t["total"]) for t in page.context["totals"]] == [("heroin", 50)]
    # The timeline tells both: old → new, reason, who, when.
    changes = [row["change"] for row in page.context["timeline"] if "change" in row]
    assert [c.kind for c in changes] == ["corrected", "removed"]
    assert changes[0].before_text == f"Heroin 500 g, {ago(30):%d/%m/%Y}"
    assert changes[0].differences == [("Quantity", "500 g", "50 g")]
    assert "Quantity: <del>500 g</del> → 50 g" in text
    assert "Nhập nhầm" in text and str(officer_a) in text
    # A withdrawn seizure has no correct or withdraw page.
    for action in ("correct", "withdraw"):
        url = f"/cases/{case.pk}/seizures/{twice.pk}/{action}/"
        assert client.get(url).status_code == 404


def test_case_page_queries_do_not_grow_with_corrections(client_for, officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    first = _seizure(officer_a, case)
    _correct(officer_a, first, quantity="50")
    client = client_for(officer_a)
    client.get(f"/cases/{case.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/cases/{case.pk}/")
    for n in range(2, 7):
        seizure = _seizure(officer_a, case, quantity=str(n * 100))
        _correct(officer_a, seizure, quantity=str(n), reason=f"Sửa lần {n}")
        services.seizure_remove(actor=officer_a, seizure=_seizure(officer_a, case), reason="Trùng")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/cases/{case.pk}/")
    assert len(many) == len(few)


def test_other_commune_reader_and_other_case_get_404(
    client_for, officer_a, officer_b, reader, units
):
    case = make_case(officer_a, units["a"], days_ago=30)
    seizure = _seizure(officer_a, case)
    other = make_case(officer_a, units["a"], number="02", days_ago=20)
    leader_b = make_user("leader_b", "commune_leader", units["b"])
    data = {"drug_type": "heroin", "quantity": "5", "unit": "g", "seized_on": "01/01/2026"}
    for user in (officer_b, leader_b, reader):
        client = client_for(user)
        for action in ("correct", "withdraw"):
            url = f"/cases/{case.pk}/seizures/{seizure.pk}/{action}/"
            assert client.get(url).status_code == 404, (user, action)
            assert client.post(url, {**data, "reason": "x"}).status_code == 404, (user, action)
    # Officer A's own case with a seizure of another case: 404 too.
    client = client_for(officer_a)
    assert client.get(f"/cases/{other.pk}/seizures/{seizure.pk}/correct/").status_code == 404
    seizure.refresh_from_db()
    assert seizure.quantity == 500 and not seizure.is_removed


# ---- API --------------------------------------------------------------------------------


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_api_correct_and_withdraw_with_refusals_naming_the_field(client_for, officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    wrong = _seizure(officer_a, case)
    twice = _seizure(officer_a, case, quantity="20")
    client = client_for(officer_a)
    url = f"{API}{case.pk}/seizures/{wrong.pk}/correct/"
    body = {"drug_type": "heroin", "quantity": "50", "unit": "g", "seized_on": str(ago(30))}
    refused = _post(client, url, body)
    assert refused.status_code == 400 and "reason" in refused.json()
    refused = _post(client, url, {**body, "quantity": "50000", "unit": "kg", "reason": "x"})
    assert refused.status_code == 400 and "quantity" in refused.json()
    refused = _post(client, url, {**body, "seized_on": str(ago(40)), "reason": "x"})
    assert refused.status_code == 400 and "seized_on" in refused.json()
    assert not SeizureChange.objects.exists()
    done = _post(client, url, {**body, "reason": "Nhập nhầm"})
    assert done.status_code == 200
    assert done.json()["seizure_totals"] == [{"drug_type": "heroin", "unit": "g", "total": 70}]
    change = done.json()["seizure_changes"][0]
    assert change["before"]["quantity"] == "500" and change["after"]["quantity"] == "50"
    assert change["reason"] == "Nhập nhầm" and change["author"] == str(officer_a)

    url = f"{API}{case.pk}/seizures/{twice.pk}/withdraw/"
    refused = _post(client, url, {})
    assert refused.status_code == 400 and "reason" in refused.json()
    done = _post(client, url, {"reason": "Nhập trùng"})
    assert done.status_code == 200
    body = done.json()
    assert [s["id"] for s in body["seizures"]] == [wrong.pk]
    assert body["removed_seizures"][0]["removed_reason"] == "Nhập trùng"
    assert _post(client, url, {"reason": "Lần nữa"}).status_code == 404


def test_api_out_of_scope_answers_404(client_for, officer_a, officer_b, reader, units):
    case = make_case(officer_a, units["a"], days_ago=30)
    seizure = _seizure(officer_a, case)
    body = {"drug_type": "heroin", "quantity": "5", "unit": "g", "seized_on": str(ago(30))}
    for user in (officer_b, reader):
        client = client_for(user)
        base = f"{API}{case.pk}/seizures/{seizure.pk}/"
        assert _post(client, base + "correct/", {**body, "reason": "x"}).status_code == 404
        assert _post(client, base + "withdraw/", {"reason": "x"}).status_code == 404
    seizure.refresh_from_db()
    assert seizure.quantity == 500 and not seizure.is_removed
