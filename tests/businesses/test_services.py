import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ChangeLog
from businesses import services
from businesses.models import Business, BusinessEvent, Inspection
from hotspots.services import hotspot_create

from .helpers import DAY, inspect, make_business

pytestmark = pytest.mark.django_db


def test_register_folds_for_search_and_sets_the_first_due_date(officer_a, units):
    business = make_business(officer_a, units["a"], days_ago=30)
    assert business.status == "open"
    assert "karaoke hoa hong" in business.search_folded
    assert "pham van luc" in business.search_folded
    assert business.inspection_due_on == business.registered_on + relativedelta(months=6)
    assert [e.step for e in business.events.all()] == ["register"]
    assert ChangeLog.objects.filter(record_type="business", record_id=str(business.pk)).exists()


def test_register_refuses_bad_input_naming_the_field(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        services.business_create(
            actor=officer_a,
            name="Quán bar X",
            kind="bar",
            owner_name="",
            commune=units["b"],
            address="1 Hùng Vương",
            owner_phone="12ab",
            licence_date=timezone.localdate() + DAY,
            latitude=13.7,
            longitude=100.5,
        )
    errors = exc.value.message_dict
    assert "jurisdiction" in errors["commune"][0]
    assert "phone" in errors["owner_phone"][0]
    assert "future" in errors["licence_date"][0]
    assert "outside Vietnam" in errors["latitude"][0]
    assert "owner_name" in errors
    assert not Business.objects.exists()


def test_inspection_with_drug_findings_flags_once_and_moves_the_due_date(officer_a, units):
    business = make_business(officer_a, units["a"])
    inspection = inspect(
        officer_a,
        business,
        days_ago=20,
        officers=[officer_a],
        drug_findings=True,
        violations=["drug_use", "guest_register"],
        penalty_measure="fine",
        penalty_amount=15_000_000,
        findings="Phát hiện 3 người sử dụng ma túy trong phòng hát",
    )
    business.refresh_from_db()
    assert business.flagged and business.flagged_on == inspection.inspected_on
    assert business.last_inspected_on == inspection.inspected_on
    assert business.inspection_due_on == inspection.inspected_on + relativedelta(months=6)
    assert list(inspection.officers.all()) == [officer_a]
    inspect(officer_a, business, days_ago=5, drug_findings=True)
    steps = list(BusinessEvent.objects.filter(business=business).values_list("step", flat=True))
    assert steps == ["register", "flag"]
    # An older inspection entered late does not move the last inspection back.
    inspect(officer_a, business, days_ago=100)
    business.refresh_from_db()
    assert business.last_inspected_on == timezone.localdate() - 5 * DAY


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"team": " "}, "team", "team"),
        ({"violations": ["smuggling"]}, "violations", "Unknown violation"),
        ({"penalty_measure": "fine"}, "penalty_amount", "needs its amount"),
        (
            {"penalty_measure": "fine", "penalty_amount": -5, "violations": ["other"]},
            "penalty_amount",
            "negative",
        ),
        (
            {"penalty_measure": "fine", "penalty_amount": 10**12, "violations": ["other"]},
            "penalty_amount",
            "check the amount",
        ),
        ({"penalty_amount": 1_000_000, "violations": ["other"]}, "penalty_measure", "fine"),
        ({"penalty_measure": "warning"}, "violations", "at least one violation"),
    ],
)
def test_inspection_refusals(officer_a, units, fields, field, reason):
    business = make_business(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        inspect(officer_a, business, **fields)
    assert reason in " ".join(exc.value.message_dict[field])
    assert not Inspection.objects.exists()
    business.refresh_from_db()
    assert business.last_inspected_on is None


def test_inspection_date_checks(officer_a, units):
    business = make_business(officer_a, units["a"], days_ago=30)
    with pytest.raises(ValidationError) as exc:
        inspect(officer_a, business, days_ago=40)
    assert "before the business entered" in exc.value.message_dict["inspected_on"][0]
    with pytest.raises(ValidationError) as exc:
        inspect(officer_a, business, days_ago=-1)
    assert "future" in exc.value.message_dict["inspected_on"][0]


def test_inspection_officers_outside_scope_refused(officer_a, officer_b, units):
    business = make_business(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        inspect(officer_a, business, officers=[officer_b])
    assert "officers" in exc.value.message_dict


def test_close_and_reopen(officer_a, units):
    business = make_business(officer_a, units["a"], days_ago=100)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.business_set_status(
            actor=officer_a, business=business, status="closed", occurred_on=today - 200 * DAY
        )
    assert "before the current status" in exc.value.message_dict["occurred_on"][0]
    services.business_set_status(
        actor=officer_a, business=business, status="closed", occurred_on=today - 10 * DAY
    )
    business.refresh_from_db()
    assert business.status == "closed"
    with pytest.raises(ValidationError) as exc:
        services.business_set_status(
            actor=officer_a, business=business, status="closed", occurred_on=today
        )
    assert "already closed" in exc.value.message_dict["status"][0]
    services.business_set_status(
        actor=officer_a, business=business, status="open", occurred_on=today
    )
    business.refresh_from_db()
    assert business.status == "open"
    assert business.inspection_due_on == today + relativedelta(months=6)


def test_link_hotspot_only_when_flagged_and_in_scope(officer_a, officer_b, units):
    business = make_business(officer_a, units["a"])
    mine = hotspot_create(
        actor=officer_a,
        name="Điểm A",
        kind="point",
        commune=units["a"],
        detected_on=timezone.localdate(),
        activities=["use"],
    )
    other = hotspot_create(
        actor=officer_b,
        name="Điểm B",
        kind="point",
        commune=units["b"],
        detected_on=timezone.localdate(),
        activities=["use"],
    )
    with pytest.raises(ValidationError) as exc:
        services.business_link_hotspot(actor=officer_a, business=business, hotspot=mine)
    assert "drugs were found" in exc.value.message_dict["hotspot"][0]
    inspect(officer_a, business, drug_findings=True)
    with pytest.raises(ValidationError) as exc:
        services.business_link_hotspot(actor=officer_a, business=business, hotspot=other)
    assert "jurisdiction" in exc.value.message_dict["hotspot"][0]
    services.business_link_hotspot(actor=officer_a, business=business, hotspot=mine)
    business.refresh_from_db()
    assert business.hotspot == mine


def test_other_commune_and_reader_cannot_write(officer_a, officer_b, reader, units):
    business = make_business(officer_a, units["a"])
    with pytest.raises(PermissionError):
        inspect(officer_b, business)
    with pytest.raises(PermissionError):
        make_business(reader, units["a"])


def test_due_list_shows_businesses_not_inspected_for_the_interval(
    officer_a, officer_b, units, settings
):
    from registry.due import due_items

    settings.BUSINESSES_INSPECT_EVERY_MONTHS = 3
    old = make_business(officer_a, units["a"], name="Nhà trọ Bình An", days_ago=200)
    recent = make_business(officer_a, units["a"], name="Quán bar Sao Đêm", days_ago=200)
    inspect(officer_a, recent, days_ago=10)
    closed = make_business(officer_a, units["a"], name="Massage Thư Giãn", days_ago=200)
    services.business_set_status(
        actor=officer_a, business=closed, status="closed", occurred_on=timezone.localdate()
    )
    make_business(officer_b, units["b"], name="Khách sạn Cái Khế", days_ago=200)
    items = [i for i in due_items(user=officer_a, state="overdue") if i.kind.startswith("bus")]
    assert [i.label for i in items] == ["Inspect the business: Nhà trọ Bình An"]
    assert items[0].url == f"/businesses/{old.pk}/"
    later = [i for i in due_items(user=officer_a) if i.key == f"business_inspection:{recent.pk}"]
    assert later and later[0].due_on == timezone.localdate() - 10 * DAY + relativedelta(months=3)
