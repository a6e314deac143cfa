import datetime

import pytest
from django.utils import timezone

from accounts.models import AccessLog
from hotspots.models import Hotspot

from .helpers import DAY, TO_CLEARED, make_hotspot, move

pytestmark = pytest.mark.django_db


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def test_create_form_with_typed_coordinates(client_for, officer_a, units):
    client = client_for(officer_a)
    page = client.get("/hotspots/new/")
    assert page.status_code == 200 and 'id="hotspot-map"' in page.text
    commune = units["a"]
    response = client.post(
        "/hotspots/new/",
        {
            "name": "Quán karaoke Hoa Mai",
            "kind": "risk_point",
            "is_hot": "on",
            "activities": ["use", "harbouring"],
            "commune": commune.pk,
            "address": "12 Lý Tự Trọng",
            "latitude": f"{commune.latitude + 0.002:.6f}",
            "longitude": f"{commune.longitude:.6f}",
            "description": "",
            "detected_on": _d(timezone.localdate()),
        },
    )
    hotspot = Hotspot.objects.get(name="Quán karaoke Hoa Mai")
    assert response.status_code == 302 and response["Location"] == f"/hotspots/{hotspot.pk}/"
    assert hotspot.is_hot and hotspot.activities == ["use", "harbouring"]
    assert hotspot.responsible_officer == officer_a


def test_create_form_names_field_and_reason(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/hotspots/new/",
        {
            "name": "X",
            "kind": "point",
            "activities": ["use"],
            "commune": units["a"].pk,
            "latitude": "13.75",
            "longitude": "100.5",
            "detected_on": _d(timezone.localdate()),
        },
    )
    assert response.status_code == 400
    assert "outside Vietnam" in response.text


def test_step_form_moves_and_refuses(client_for, officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"], days_ago=30)
    client = client_for(officer_a)
    page = client.get(f"/hotspots/{hotspot.pk}/step/")
    assert page.status_code == 200
    today = timezone.localdate()
    response = client.post(
        f"/hotspots/{hotspot.pk}/step/", {"step": "verify", "occurred_on": _d(today - 40 * DAY)}
    )
    assert response.status_code == 400 and "before the detection" in response.text
    response = client.post(
        f"/hotspots/{hotspot.pk}/step/", {"step": "verify", "occurred_on": _d(today - 20 * DAY)}
    )
    assert response.status_code == 302
    client.post(f"/hotspots/{hotspot.pk}/step/", {"step": "act", "occurred_on": _d(today - DAY)})
    response = client.post(
        f"/hotspots/{hotspot.pk}/step/", {"step": "clear", "occurred_on": _d(today)}
    )
    assert response.status_code == 400 and "require the document" in response.text
    response = client.post(
        f"/hotspots/{hotspot.pk}/step/",
        {
            "step": "clear",
            "occurred_on": _d(today),
            "document_number": "05/QĐ-UBND",
            "document_date": _d(today),
        },
    )
    assert response.status_code == 302
    hotspot.refresh_from_db()
    assert hotspot.status == "cleared"
    detail = client.get(f"/hotspots/{hotspot.pk}/").text
    assert "05/QĐ-UBND" in detail
    assert f"/hotspots/{hotspot.pk}/check/" in detail


def test_check_and_link_forms(client_for, officer_a, units, person_a):
    hotspot = move(officer_a, make_hotspot(officer_a, units["a"]), *TO_CLEARED)
    client = client_for(officer_a)
    response = client.post(
        f"/hotspots/{hotspot.pk}/check/",
        {"checked_on": _d(timezone.localdate()), "finding": "quiet"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/hotspots/{hotspot.pk}/people/", {"role": "user", "person": person_a.pk}
    )
    assert response.status_code == 302
    response = client.post(
        f"/hotspots/{hotspot.pk}/people/", {"role": "dealer", "description": "Nam, 30 tuổi"}
    )
    assert response.status_code == 302
    page = client.get(f"/hotspots/{hotspot.pk}/")
    assert person_a.full_name in page.text and "Nam, 30 tuổi" in page.text
    assert AccessLog.objects.filter(record_type="hotspot", record_id=str(hotspot.pk)).exists()


def test_link_person_of_other_commune_refused(client_for, officer_a, units, person_b):
    hotspot = make_hotspot(officer_a, units["a"])
    response = client_for(officer_a).post(
        f"/hotspots/{hotspot.pk}/people/", {"role": "user", "person": person_b.pk}
    )
    assert response.status_code == 400
    assert person_b.full_name not in response.text


def test_pc04_sees_linked_person_of_other_commune_only_as_outside(
    client_for, officer_a, pc04, units, person_b
):
    hotspot = make_hotspot(pc04, units["a"])
    from hotspots import services

    services.hotspot_link_person(actor=pc04, hotspot=hotspot, person=person_b, role="dealer")
    page = client_for(officer_a).get(f"/hotspots/{hotspot.pk}/").text
    assert person_b.full_name not in page
    assert f"/people/{person_b.pk}/" not in page


def test_list_filters(client_for, officer_a, units):
    plain = make_hotspot(officer_a, units["a"], name="Điểm Một", activities=["use"])
    hot = make_hotspot(officer_a, units["a"], name="Điểm Hai", activities=["dealing"], is_hot=True)
    move(officer_a, hot, *TO_CLEARED, "re_emerge")
    client = client_for(officer_a)

    def names(**params):
        page = client.get("/hotspots/", params)
        return {h.name for h in page.context["page"].object_list}

    assert names(q="diem mot") == {"Điểm Một"}
    assert names(activity="dealing") == {"Điểm Hai"}
    assert names(is_hot="true") == {"Điểm Hai"}
    assert names(re_emerged="true") == {"Điểm Hai"}
    assert names(status="detected") == {"Điểm Một"}
    assert names(commune=units["a"].pk) == {"Điểm Một", "Điểm Hai"}
    assert names(sort="name") == {"Điểm Một", "Điểm Hai"}
    htmx = client.get("/hotspots/", {"q": "hai"}, HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.text and "Điểm Hai" in htmx.text
    assert plain.pk


def _bulk(officer, commune, n):
    for i in range(n):
        hotspot = make_hotspot(officer, commune, name=f"Điểm {i}", responsible_officer=officer)
        if i % 2:
            move(officer, hotspot, *TO_CLEARED)


@pytest.mark.parametrize(
    "url",
    [
        "/hotspots/",
        "/hotspots/map/",
        "/hotspots/dashboard/",
        "/api/v1/hotspots/",
        "/api/v1/hotspots/geojson/",
    ],
)
def test_query_count_does_not_grow(client_for, officer_a, units, django_assert_num_queries, url):
    client = client_for(officer_a)
    _bulk(officer_a, units["a"], 3)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _bulk(officer_a, units["a"], 3)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_dashboard_figures_equal_list_counts(client_for, pc04, officer_a, officer_b, units):
    make_hotspot(officer_a, units["a"], days_ago=10, is_hot=True)
    move(officer_a, make_hotspot(officer_a, units["a"], days_ago=300, is_hot=True), *TO_CLEARED)
    cleared = move(officer_b, make_hotspot(officer_b, units["b"], days_ago=300), *TO_CLEARED)
    move(officer_b, cleared, "re_emerge", start_days_ago=20)
    client = client_for(pc04)
    page = client.get("/hotspots/dashboard/")
    figures = page.context["figures"]
    assert figures["new"] == 1 and figures["re_emerged"] == 1
    assert figures["overdue"] == 1 and figures["hot"] == 2 and figures["hot_cleared"] == 1
    checks = [
        (figures["new"], figures["new_query"]),
        (figures["re_emerged"], figures["re_emerged_query"]),
        (figures["overdue"], figures["overdue_query"]),
        (figures["hot"], figures["hot_query"]),
        (figures["hot_cleared"], figures["hot_cleared_query"]),
        *((s["count"], s["query"]) for s in figures["statuses"]),
    ]
    for figure, query in checks:
        listed = client.get(f"/hotspots/?{query}").context["page"].paginator.count
        assert listed == figure, query
        assert f"/hotspots/?{query}".replace("&", "&amp;") in page.text
    statuses = {s["value"]: s for s in figures["statuses"]}
    # The status at the end of the previous period comes from the events.
    assert statuses["re_emerged"]["count"] == 1 and statuses["re_emerged"]["before"] == 0
    assert statuses["cleared"]["before"] == 2


def test_dashboard_for_reader_has_figures_without_links(client_for, reader, officer_a, units):
    make_hotspot(officer_a, units["a"], days_ago=10)
    page = client_for(reader).get("/hotspots/dashboard/")
    assert page.status_code == 200
    assert page.context["figures"]["new"] == 1
    assert "/hotspots/?" not in page.text


def test_export_logs_access(client_for, officer_a, units):
    make_hotspot(officer_a, units["a"])
    response = client_for(officer_a).get("/hotspots/", {"format": "xlsx"})
    b"".join(response.streaming_content)
    assert AccessLog.objects.filter(record_type="hotspot", action="export").exists()


def test_nav_shows_hotspots(client_for, officer_a, reader):
    assert "/hotspots/" in client_for(officer_a).get("/").text
    assert "/hotspots/dashboard/" in client_for(reader).get("/").text


def test_person_page_lists_linked_hotspots_in_scope(client_for, officer_a, units, person_a):
    from hotspots import services

    hotspot = make_hotspot(officer_a, units["a"], name="Bãi cát bờ sông")
    services.hotspot_link_person(actor=officer_a, hotspot=hotspot, person=person_a, role="dealer")
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert "Bãi cát bờ sông" in page and f"/hotspots/{hotspot.pk}/" in page
