import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ChangeLog
from hotspots.services import hotspot_create
from registry.due import due_items
from registry.models import Task
from tips import services
from tips.models import Tip, Tipster

from .helpers import DAY, TIPSTER, make_tip

pytestmark = pytest.mark.django_db


def test_receive_keeps_the_tipster_apart_and_out_of_the_change_log(officer_a, units):
    tip = make_tip(officer_a, units["a"])
    assert tip.reference.startswith("TB-") and len(tip.reference) == 11
    assert tip.result == "pending" and tip.scope_path == units["a"].path
    tipster = Tipster.objects.get(tip=tip)
    assert tipster.name == TIPSTER["tipster_name"]
    logged = " ".join(str(row.before) + str(row.after) for row in ChangeLog.objects.all())
    for value in TIPSTER.values():
        assert value not in logged
    assert [e.step for e in tip.events.all()] == ["receive"]


def test_receive_without_tipster_stores_no_identity(officer_a, units):
    tip = make_tip(officer_a, units["a"], with_tipster=False)
    assert not Tipster.objects.filter(tip=tip).exists()


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"content": "   "}, "content", "Write what the tip says."),
        ({"content": "x" * 4001}, "content", "too long"),
        ({"channel": "pigeon"}, "channel", "channel"),
        ({"tipster_phone": "12"}, "tipster_phone", "8 to 15 digits"),
    ],
)
def test_receive_refusals(officer_a, units, fields, field, reason):
    with pytest.raises(ValidationError) as exc:
        make_tip(officer_a, units["a"], **fields)
    assert reason in " ".join(exc.value.message_dict[field])
    assert not Tip.objects.exists() and not Tipster.objects.exists()


def test_receive_refuses_future_date_and_other_commune(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        make_tip(officer_a, units["b"], days_ago=-1)
    assert "future" in exc.value.message_dict["received_on"][0]
    assert "jurisdiction" in exc.value.message_dict["commune"][0]


def test_routing_raises_the_verification_task_for_the_commune_officer(
    pc04, officer_a, units, settings
):
    settings.TIPS_VERIFY_WITHIN_DAYS = 5
    tip = make_tip(pc04, units["a"])
    assert tip.scope_path == units["province"].path
    today = timezone.localdate()
    tip = services.tip_route(actor=pc04, tip=tip, unit=units["a"], routed_on=today)
    assert tip.scope_path == units["a"].path
    task = tip.task
    assert task.kind == "tip_verification" and task.owner == officer_a
    assert task.due_on == today + 5 * DAY and task.unit == units["a"]
    assert tip.reference in task.title
    for value in TIPSTER.values():
        assert value not in task.title + task.detail
    items = [i for i in due_items(user=officer_a) if i.kind == "tip_verification"]
    assert [i.key for i in items] == [f"task:{task.pk}"]
    assert items[0].owner_id == officer_a.pk


def test_routing_again_cancels_the_first_task(pc04, officer_a, officer_b, units):
    tip = make_tip(pc04, units["a"])
    today = timezone.localdate()
    first = services.tip_route(actor=pc04, tip=tip, unit=units["a"], routed_on=today).task
    with pytest.raises(ValidationError) as exc:
        services.tip_route(actor=pc04, tip=tip, unit=units["a"], routed_on=today)
    assert "already routed" in exc.value.message_dict["unit"][0]
    second = services.tip_route(actor=pc04, tip=tip, unit=units["b"], routed_on=today).task
    first.refresh_from_db()
    assert first.status == "cancelled" and second.owner == officer_b
    assert Task.objects.filter(kind="tip_verification", status="open").count() == 1


def test_routing_refusals(officer_a, units):
    tip = make_tip(officer_a, units["a"], days_ago=3)
    with pytest.raises(ValidationError) as exc:
        services.tip_route(
            actor=officer_a, tip=tip, unit=units["b"], routed_on=timezone.localdate() - 5 * DAY
        )
    errors = exc.value.message_dict
    assert "jurisdiction" in errors["unit"][0]
    assert "before the tip was received" in errors["routed_on"][0]
    assert not Task.objects.exists()


def test_route_to_a_unit_without_officer_leaves_the_task_unowned(pc04, units):
    from areas.models import AdminUnit

    other = (
        AdminUnit.objects.communes()
        .within(units["province"])
        .exclude(pk__in=[units["a"].pk, units["b"].pk])[0]
    )
    tip = make_tip(pc04, other)
    tip = services.tip_route(actor=pc04, tip=tip, unit=other, routed_on=timezone.localdate())
    assert tip.task.owner is None


def test_verification_closes_the_task_and_records_what_it_led_to(officer_a, units, person_a):
    tip = make_tip(officer_a, units["a"])
    today = timezone.localdate()
    tip = services.tip_route(actor=officer_a, tip=tip, unit=units["a"], routed_on=today)
    hotspot = hotspot_create(
        actor=officer_a,
        name="Nhà số 9 hẻm 12",
        kind="point",
        commune=units["a"],
        detected_on=today,
        activities=["use"],
    )
    tip = services.tip_verify(
        actor=officer_a,
        tip=tip,
        result="true",
        verified_on=today,
        led_to_hotspot=hotspot,
        led_to_person=person_a,
        outcome_note="Lập hồ sơ điểm",
    )
    assert tip.result == "true" and tip.led_to_hotspot == hotspot
    tip.task.refresh_from_db()
    assert tip.task.status == "done"
    with pytest.raises(ValidationError) as exc:
        services.tip_verify(actor=officer_a, tip=tip, result="false", verified_on=today)
    assert "already been verified" in exc.value.message_dict["result"][0]
    assert [e.step for e in tip.events.all()] == ["receive", "route", "verify"]


def test_verification_refusals(officer_a, officer_b, units, person_b):
    tip = make_tip(officer_a, units["a"], days_ago=2)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.tip_verify(
            actor=officer_a,
            tip=tip,
            result="pending",
            verified_on=today - 5 * DAY,
            led_to_person=person_b,
        )
    errors = exc.value.message_dict
    assert "true, false or partly true" in errors["result"][0]
    assert "before the tip was received" in errors["verified_on"][0]
    assert "jurisdiction" in errors["led_to_person"][0]
    with pytest.raises(PermissionError):
        services.tip_verify(actor=officer_b, tip=tip, result="true", verified_on=today)
    tip.refresh_from_db()
    assert tip.result == "pending"
