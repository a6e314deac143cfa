import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from accounts.models import ChangeLog
from hotspots import selectors, services
from hotspots.choices import HotspotStatus, HotspotStep
from hotspots.models import Hotspot, HotspotEvent, status_from_events
from registry.due import due_list

from .helpers import DAY, TO_CLEARED, make_hotspot, move

pytestmark = pytest.mark.django_db


def _status_matches_events(hotspot):
    steps = HotspotEvent.objects.filter(hotspot=hotspot).order_by("occurred_on", "id")
    return status_from_events(steps.values_list("step", flat=True)) == hotspot.status


def test_create_records_detection_event_and_change_log(officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"], is_hot=True)
    assert hotspot.status == HotspotStatus.DETECTED
    assert hotspot.scope_path == units["a"].path
    assert hotspot.activities == ["use", "dealing"]
    assert hotspot.search_folded.startswith("bai dat trong hem 5")
    event = HotspotEvent.objects.get(hotspot=hotspot)
    assert event.step == HotspotStep.DETECT and event.officer == officer_a
    assert ChangeLog.objects.filter(record_type="hotspot", record_id=str(hotspot.pk)).exists()
    assert _status_matches_events(hotspot)


def test_create_refuses_commune_outside_scope_and_no_activity(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        make_hotspot(officer_a, units["b"], activities=[])
    assert "commune" in exc.value.message_dict
    assert "activities" in exc.value.message_dict


def test_reader_cannot_write(reader, units):
    with pytest.raises(PermissionError):
        make_hotspot(reader, units["a"])


def test_coordinates_outside_vietnam_refused(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        make_hotspot(officer_a, units["a"], latitude=13.75, longitude=100.5)  # Bangkok
    assert "outside Vietnam" in exc.value.message_dict["latitude"][0]


def test_coordinates_too_far_from_commune_refused(officer_a, units):
    commune = units["a"]
    assert commune.latitude is not None
    with pytest.raises(ValidationError) as exc:
        make_hotspot(
            officer_a, commune, latitude=commune.latitude + 0.5, longitude=commune.longitude
        )
    assert "km from the centre" in exc.value.message_dict["latitude"][0]
    near = make_hotspot(
        officer_a, commune, latitude=commune.latitude + 0.01, longitude=commune.longitude
    )
    assert near.latitude == pytest.approx(commune.latitude + 0.01)


@override_settings(HOTSPOTS_MAX_DISTANCE_KM=100)
def test_distance_is_configurable(officer_a, units):
    commune = units["a"]
    make_hotspot(officer_a, commune, latitude=commune.latitude + 0.5, longitude=commune.longitude)


def test_half_coordinates_refused(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        make_hotspot(officer_a, units["a"], latitude=10.03)
    assert "longitude" in exc.value.message_dict


def test_full_lifecycle_keeps_status_equal_to_events(officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"], days_ago=800)
    move(
        officer_a,
        hotspot,
        *TO_CLEARED,
        HotspotStep.WATCH,
        start_days_ago=700,
        every=10,
    )
    assert hotspot.status == HotspotStatus.WATCHED
    assert hotspot.watch_until is not None
    services.hotspot_transition(
        actor=officer_a,
        hotspot=hotspot,
        step=HotspotStep.CLOSE,
        occurred_on=hotspot.watch_until,
    )
    hotspot.refresh_from_db()
    assert hotspot.status == HotspotStatus.CLOSED
    assert _status_matches_events(hotspot)


def test_illegal_transition_refused_with_reason(officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.CLEAR,
            occurred_on=timezone.localdate(),
            document_number="1",
            document_date=timezone.localdate(),
        )
    assert "cannot go through" in exc.value.message_dict["step"][0]


def test_clearing_requires_document(officer_a, units):
    hotspot = move(
        officer_a, make_hotspot(officer_a, units["a"]), HotspotStep.VERIFY, HotspotStep.ACT
    )
    with pytest.raises(ValidationError) as exc:
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.CLEAR,
            occurred_on=timezone.localdate(),
        )
    assert {"document_number", "document_date"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.NEUTRALISE,
            occurred_on=timezone.localdate(),
        )


def test_date_before_previous_step_or_detection_refused(officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"], days_ago=100)
    with pytest.raises(ValidationError) as exc:
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.VERIFY,
            occurred_on=timezone.localdate() - 150 * DAY,
        )
    assert "before the detection" in exc.value.message_dict["occurred_on"][0]
    services.hotspot_transition(
        actor=officer_a,
        hotspot=hotspot,
        step=HotspotStep.VERIFY,
        occurred_on=timezone.localdate() - 50 * DAY,
    )
    with pytest.raises(ValidationError) as exc:
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.ACT,
            occurred_on=timezone.localdate() - 60 * DAY,
        )
    assert "previous step" in exc.value.message_dict["occurred_on"][0]
    with pytest.raises(ValidationError):
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.ACT,
            occurred_on=timezone.localdate() + DAY,
        )


def test_closing_before_watch_period_ends_refused(officer_a, units):
    hotspot = move(officer_a, make_hotspot(officer_a, units["a"]), *TO_CLEARED, HotspotStep.WATCH)
    with pytest.raises(ValidationError) as exc:
        services.hotspot_transition(
            actor=officer_a,
            hotspot=hotspot,
            step=HotspotStep.CLOSE,
            occurred_on=timezone.localdate(),
        )
    assert "watch period" in exc.value.message_dict["occurred_on"][0]


def test_re_emergence_reopens_and_is_counted(officer_a, units):
    hotspot = move(officer_a, make_hotspot(officer_a, units["a"]), *TO_CLEARED)
    move(
        officer_a,
        hotspot,
        HotspotStep.RE_EMERGE,
        HotspotStep.ACT,
        HotspotStep.CLEAR,
        start_days_ago=100,
    )
    move(officer_a, hotspot, HotspotStep.RE_EMERGE, start_days_ago=50)
    assert hotspot.status == HotspotStatus.RE_EMERGED
    assert hotspot.re_emerged_count == 2
    assert hotspot.last_checked_on is None
    assert _status_matches_events(hotspot)


def test_watch_check_due_and_overdue_on_due_list(officer_a, units):
    hotspot = move(
        officer_a, make_hotspot(officer_a, units["a"], responsible_officer=officer_a), *TO_CLEARED
    )
    # Cleared 140 days ago: the check fell due 110 days ago.
    items = [i for i in due_list(user=officer_a) if i.kind == "hotspot_watch_check"]
    assert len(items) == 1
    assert items[0].state(timezone.localdate()) == "overdue"
    assert items[0].url == hotspot.get_absolute_url()
    assert [i for i in due_list(user=officer_a, owner=officer_a) if i.kind == "hotspot_watch_check"]
    services.hotspot_check(
        actor=officer_a, hotspot=hotspot, checked_on=timezone.localdate(), finding="quiet"
    )
    items = [i for i in due_list(user=officer_a) if i.kind == "hotspot_watch_check"]
    assert items[0].state(timezone.localdate()) == "later"


def test_watch_check_of_other_commune_not_on_due_list(officer_a, officer_b, units):
    move(officer_b, make_hotspot(officer_b, units["b"]), *TO_CLEARED)
    assert not [i for i in due_list(user=officer_a) if i.kind == "hotspot_watch_check"]


def test_check_finding_re_emerged_reopens(officer_a, units):
    hotspot = move(officer_a, make_hotspot(officer_a, units["a"]), *TO_CLEARED)
    services.hotspot_check(
        actor=officer_a, hotspot=hotspot, checked_on=timezone.localdate(), finding="re_emerged"
    )
    hotspot.refresh_from_db()
    assert hotspot.status == HotspotStatus.RE_EMERGED and hotspot.re_emerged_count == 1
    assert not selectors.hotspot_check_due(user=officer_a).exists()


def test_check_refused_when_not_watched(officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"])
    with pytest.raises(ValidationError):
        services.hotspot_check(
            actor=officer_a, hotspot=hotspot, checked_on=timezone.localdate(), finding="quiet"
        )


def test_link_person_in_scope_or_description(officer_a, units, person_a, person_b):
    hotspot = make_hotspot(officer_a, units["a"])
    services.hotspot_link_person(actor=officer_a, hotspot=hotspot, person=person_a, role="user")
    services.hotspot_link_person(
        actor=officer_a, hotspot=hotspot, description="Nam, khoảng 30 tuổi, xăm tay", role="dealer"
    )
    with pytest.raises(ValidationError) as exc:
        services.hotspot_link_person(actor=officer_a, hotspot=hotspot, person=person_b, role="user")
    assert "person" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.hotspot_link_person(actor=officer_a, hotspot=hotspot, role="user")
    assert "description" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.hotspot_link_person(actor=officer_a, hotspot=hotspot, person=person_a, role="user")
    people = selectors.hotspot_people(user=officer_a, hotspot=hotspot)
    assert len(people) == 2 and people[0]["visible"]


def test_update_changes_fields_not_status(officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"])
    services.hotspot_update(
        actor=officer_a, hotspot=hotspot, name="Quán cà phê X", activities=["harbouring"]
    )
    hotspot.refresh_from_db()
    assert hotspot.name == "Quán cà phê X" and hotspot.activities == ["harbouring"]
    with pytest.raises(ValidationError):
        services.hotspot_update(actor=officer_a, hotspot=hotspot, status="closed")


def test_other_commune_officer_cannot_transition(officer_b, officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"])
    with pytest.raises(PermissionError):
        services.hotspot_transition(
            actor=officer_b, hotspot=hotspot, step="verify", occurred_on=timezone.localdate()
        )
    assert Hotspot.objects.get(pk=hotspot.pk).status == "detected"


@override_settings(HOTSPOTS_WATCH_MONTHS=3)
def test_watch_period_is_configurable(officer_a, units):
    hotspot = move(officer_a, make_hotspot(officer_a, units["a"]), *TO_CLEARED, HotspotStep.WATCH)
    watch = HotspotEvent.objects.get(hotspot=hotspot, step=HotspotStep.WATCH).occurred_on
    assert (hotspot.watch_until - watch).days in range(89, 93)


@override_settings(HOTSPOTS_CHECK_EVERY_DAYS=365)
def test_check_interval_is_configurable(officer_a, units):
    move(officer_a, make_hotspot(officer_a, units["a"]), *TO_CLEARED)
    items = [i for i in due_list(user=officer_a) if i.kind == "hotspot_watch_check"]
    assert items[0].state(timezone.localdate()) == "later"
