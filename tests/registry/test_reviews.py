"""Review campaigns ("đợt tổng rà soát"): opened and closed by the province only, one item per
person in scope, exact progress per commune, the commune's work list with a quick confirm (with
and without HTMX), the due list, the API, and the refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLog, ChangeLog
from registry import services
from registry.due import due_list
from registry.models import ReviewCampaign, ReviewItem

from ..factories import make_person, make_user


def today() -> datetime.date:
    """The local date when the test runs, not when the module was imported: a run that
    crosses midnight in Asia/Ho_Chi_Minh sees the new day."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)
API = "/api/v1/review-campaigns/"


def open_campaign(actor, *, categories=("illicit_user", "addicted"), **fields):
    data = {"name": "Tổng rà soát 2026", "deadline": today() + 10 * DAY, "categories": categories}
    data.update(fields)
    return services.review_campaign_open(actor=actor, **data)


def review(actor, campaign, person, outcome="confirmed", **fields):
    return services.review_record(
        actor=actor, campaign=campaign, person=person, outcome=outcome, **fields
    )


def item_of(campaign, person) -> ReviewItem:
    return ReviewItem.objects.get(campaign=campaign, person=person)


@pytest.fixture
def people(officer_a, officer_b, units):
    """Two people in commune A, one in B in scope; one suspected person in A out of scope."""
    return {
        "a1": make_person(
            officer_a, units["a"], full_name="Nguyễn Văn An", responsible_officer=officer_a
        ),
        "a2": make_person(
            officer_a, units["a"], full_name="Lê Thị Bình", sex="F", category="addicted"
        ),
        "b1": make_person(officer_b, units["b"], full_name="Trần Văn Cường"),
        "a_out": make_person(
            officer_a, units["a"], full_name="Phạm Văn Dũng", category="suspected_use"
        ),
    }


@pytest.fixture
def campaign(pc04, people):
    return open_campaign(pc04)


# ---- opening and closing ---------------------------------------------------------------------


def test_province_opens_a_campaign_with_one_item_per_person_in_scope(pc04, people, units):
    campaign = open_campaign(pc04, name="  Tổng   rà soát đợt 1 ", basis_number="45/KH-CAT")
    assert campaign.item_count == 3
    assert campaign.name == "Tổng rà soát đợt 1"
    assert (campaign.unit, campaign.scope_path, campaign.opened_by) == (
        units["province"],
        "92",
        pc04,
    )
    items = {i.person_id: i for i in ReviewItem.objects.filter(campaign=campaign)}
    assert set(items) == {people["a1"].pk, people["a2"].pk, people["b1"].pk}
    assert items[people["a2"].pk].category == "addicted"
    assert all(i.is_pending for i in items.values())
    log = ChangeLog.objects.get(record_type="review_campaign", record_id=str(campaign.pk))
    assert log.after["item_count"] == 3


def test_opening_includes_only_people_in_scope_of_the_categories_not_merged(
    pc04, officer_a, people, units
):
    from areas.models import AdminUnit

    other = AdminUnit.objects.create(
        level=1, code="93", name="Tỉnh Khác", short_name="Khác", kind="Tỉnh", path="93"
    )
    other_commune = AdminUnit.objects.create(
        level=3,
        code="93001",
        name="Xã Khác",
        short_name="Khác",
        kind="Xã",
        parent=other,
        path="93.93001",
    )
    other_pc04 = make_user("pc04_other", "provincial_police", other)
    elsewhere = make_person(
        make_user("officer_other", "commune_officer", other_commune),
        other_commune,
        full_name="Võ Văn Xa",
        category="addicted",
    )
    duplicate = make_person(officer_a, units["a"], full_name="Nguyễn Văn An", national_id="")
    services.person_merge(actor=pc04, survivor=people["a1"], merged=duplicate)
    in_scope = {people["a1"].pk, people["a2"].pk, people["b1"].pk}

    campaign = open_campaign(pc04)
    assert campaign.item_count == 3
    rows = ReviewItem.objects.filter(campaign=campaign)
    assert {i.person_id for i in rows} == in_scope
    assert [(i.outcome, i.corrections, i.note, i.reviewed_on) for i in rows] == [
        ("", [], "", None)
    ] * 3
    only_addicted = open_campaign(pc04, categories=["addicted"])
    assert only_addicted.item_count == 1
    assert [(i.person_id, i.category) for i in only_addicted.items.all()] == [
        (people["a2"].pk, "addicted")
    ]
    theirs = open_campaign(other_pc04, categories=["addicted", "illicit_user"])
    assert theirs.item_count == 1
    assert list(theirs.items.values_list("person_id", flat=True)) == [elsewhere.pk]


def test_opening_costs_the_same_queries_for_3_or_30_people(
    pc04, officer_a, units, django_assert_num_queries
):
    for index in range(3):
        make_person(officer_a, units["a"], full_name=f"Người Thứ {index}")
    with CaptureQueriesContext(connection) as small:
        assert open_campaign(pc04, name="Ba người").item_count == 3
    for index in range(3, 30):
        make_person(officer_a, units["a"], full_name=f"Người Thứ {index}")
    with django_assert_num_queries(len(small.captured_queries)):
        assert open_campaign(pc04, name="Ba mươi người").item_count == 30


def test_administrator_may_open_a_campaign(administrator, people):
    assert open_campaign(administrator).item_count == 3


def test_commune_officer_and_reader_cannot_open_or_close(
    client_for, officer_a, reader, pc04, people
):
    for user in (officer_a, reader):
        with pytest.raises(PermissionError):
            open_campaign(user)
    assert not ReviewCampaign.objects.exists()
    client = client_for(officer_a)
    assert client.get("/people/reviews/new/").status_code == 403
    response = client.post(
        "/people/reviews/new/",
        {"name": "X", "deadline": (today() + DAY).strftime("%d/%m/%Y"), "categories": ["addicted"]},
    )
    assert response.status_code == 403
    response = client.post(
        API,
        {"name": "X", "deadline": str(today() + DAY), "categories": ["addicted"]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not ReviewCampaign.objects.exists()
    campaign = open_campaign(pc04)
    with pytest.raises(PermissionError):
        services.review_campaign_close(actor=officer_a, campaign=campaign)
    assert client.post(f"/people/reviews/{campaign.pk}/close/", {}).status_code == 403
    assert client.post(f"{API}{campaign.pk}/close/", {}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.is_open


def test_opening_refuses_bad_input(pc04, people):
    with pytest.raises(ValidationError) as info:
        open_campaign(pc04, name=" ", deadline=today() - DAY, categories=[])
    assert {"name", "deadline", "categories"} <= set(info.value.message_dict)
    with pytest.raises(ValidationError) as info:
        open_campaign(pc04, categories=["addicted", "dealer"])
    assert "categories" in info.value.message_dict
    assert not ReviewCampaign.objects.exists() and not ReviewItem.objects.exists()


def test_open_form_keeps_input_and_names_the_field(client_for, pc04, people):
    client = client_for(pc04)
    assert client.get("/people/reviews/new/").status_code == 200
    response = client.post(
        "/people/reviews/new/",
        {"name": "Rà soát quý IV", "deadline": "31/02/2026", "categories": []},
    )
    assert response.status_code == 400
    assert {"deadline", "categories"} <= set(response.context["form"].errors)
    assert 'value="Rà soát quý IV"' in response.text
    response = client.post(
        "/people/reviews/new/",
        {
            "name": "Rà soát quý IV",
            "deadline": (today() + 5 * DAY).strftime("%d/%m/%Y"),
            "categories": ["illicit_user", "addicted"],
        },
    )
    campaign = ReviewCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/people/reviews/{campaign.pk}/"
    assert campaign.items.count() == 3


def test_closed_campaign_takes_no_more_reviews(pc04, officer_a, campaign, people):
    review(officer_a, campaign, people["a1"])
    services.review_campaign_close(actor=pc04, campaign=campaign, note="Hết hạn")
    campaign.refresh_from_db()
    assert campaign.status == "closed" and campaign.closed_by == pc04
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["a2"])
    assert "outcome" in info.value.message_dict
    assert item_of(campaign, people["a2"]).is_pending
    with pytest.raises(ValidationError):
        services.review_campaign_close(actor=pc04, campaign=campaign)


# ---- reviewing -------------------------------------------------------------------------------


def test_outcomes_and_their_rules(officer_a, campaign, people):
    item = review(officer_a, campaign, people["a1"])
    assert (item.outcome, item.reviewed_by, item.reviewed_on) == ("confirmed", officer_a, today())
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["a2"], outcome="corrected")
    assert "corrections" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["a2"], outcome="not_found", note=" ")
    assert "note" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["a2"], corrections=["national_id"])
    assert "corrections" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["a2"], reviewed_on=today() + DAY)
    assert "reviewed_on" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["a2"], outcome="lost")
    assert "outcome" in info.value.message_dict
    assert item_of(campaign, people["a2"]).is_pending
    item = review(
        officer_a,
        campaign,
        people["a2"],
        outcome="corrected",
        corrections=["residence", "national_id", "residence"],
        note="Sửa địa chỉ",
    )
    assert item.corrections == ["national_id", "residence"]


def test_review_again_keeps_the_previous_outcome_in_the_change_log(officer_a, campaign, people):
    item = review(officer_a, campaign, people["a1"])
    review(officer_a, campaign, people["a1"], outcome="not_found", note="Đã chuyển đi Cần Thơ")
    item.refresh_from_db()
    assert item.outcome == "not_found"
    logs = ChangeLog.objects.filter(record_type="review_item", record_id=str(item.pk))
    changes = [(log.before.get("outcome"), log.after.get("outcome")) for log in logs]
    assert ("", "confirmed") in changes and ("confirmed", "not_found") in changes


def test_a_person_outside_the_campaign_cannot_be_reviewed(officer_a, campaign, people, units):
    newcomer = make_person(officer_a, units["a"], full_name="Võ Văn Mới")
    for person in (people["a_out"], newcomer):
        with pytest.raises(ValidationError) as info:
            review(officer_a, campaign, person)
        assert "person" in info.value.message_dict
    assert not ReviewItem.objects.filter(person__in=[people["a_out"], newcomer]).exists()


def test_another_communes_person_cannot_be_reviewed(officer_a, campaign, people):
    # The same answer as for a person outside the campaign: nothing is told.
    with pytest.raises(ValidationError) as info:
        review(officer_a, campaign, people["b1"])
    assert "person" in info.value.message_dict
    assert item_of(campaign, people["b1"]).is_pending


# ---- progress --------------------------------------------------------------------------------


def test_progress_per_commune_is_exact(pc04, officer_a, officer_b, campaign, people, units):
    review(officer_a, campaign, people["a1"])
    review(officer_a, campaign, people["a2"], outcome="not_found", note="Không có mặt")
    from registry.selectors_support import review_progress

    progress = review_progress(user=pc04, campaign=campaign, today=today())
    rows = {row["commune"].pk: row for row in progress["rows"]}
    a, b = rows[units["a"].pk], rows[units["b"].pk]
    assert (a["total"], a["reviewed"], a["confirmed"], a["not_found"], a["percent"]) == (
        2,
        2,
        1,
        1,
        100.0,
    )
    assert (b["total"], b["reviewed"], b["pending"], b["percent"], b["overdue"]) == (
        1,
        0,
        1,
        0.0,
        0,
    )
    # Every commune of the province is listed, those with nobody in scope too.
    assert len(rows) > 2 and all(r["percent"] is None for k, r in rows.items() if not r["total"])
    total = progress["total"]
    assert (total["total"], total["reviewed"], total["percent"]) == (3, 2, 66.7)
    # After the deadline, what is left is overdue.
    late = review_progress(user=pc04, campaign=campaign, today=campaign.deadline + DAY)
    late_rows = {row["commune"].pk: row for row in late["rows"]}
    assert late_rows[units["b"].pk]["overdue"] == 1 and late_rows[units["a"].pk]["overdue"] == 0
    # A commune sees its own row only.
    mine = review_progress(user=officer_b, campaign=campaign, today=today())
    assert [r["commune"].pk for r in mine["rows"]] == [units["b"].pk]


def test_campaign_pages_show_progress(client_for, pc04, officer_a, campaign, people, units):
    ReviewCampaign.objects.filter(pk=campaign.pk).update(deadline=today() - DAY)
    listing = client_for(pc04).get("/people/reviews/")
    assert listing.status_code == 200 and "Tổng rà soát 2026" in listing.text
    page = client_for(pc04).get(f"/people/reviews/{campaign.pk}/")
    assert page.status_code == 200
    rows = {row["commune"].pk: row for row in page.context["progress"]["rows"]}
    assert rows[units["b"].pk]["overdue"] == 1
    assert page.context["can_manage"] is True
    officer_page = client_for(officer_a).get(f"/people/reviews/{campaign.pk}/")
    assert [r["commune"].pk for r in officer_page.context["progress"]["rows"]] == [units["a"].pk]
    assert officer_page.context["can_manage"] is False


def test_progress_page_query_count_is_constant(client_for, pc04, officer_a, units, people):
    campaign = open_campaign(pc04)
    client = client_for(pc04)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/people/reviews/{campaign.pk}/").status_code == 200
            assert client.get(f"{API}{campaign.pk}/progress/").status_code == 200
            assert client.get("/people/reviews/").status_code == 200
            assert client.get(API).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        make_person(officer_a, units["a"], full_name=f"Người {i}", national_id="")
    campaign = open_campaign(pc04)
    assert campaign.item_count == 8
    assert count() == few


# ---- the work list ---------------------------------------------------------------------------


def test_work_list_shows_the_communes_unreviewed_people(client_for, officer_a, campaign, people):
    review(officer_a, campaign, people["a2"])
    client = client_for(officer_a)
    page = client.get(f"/people/reviews/{campaign.pk}/people/")
    assert page.status_code == 200
    names = [i.person.full_name for i in page.context["page"].object_list]
    assert names == ["Nguyễn Văn An"]
    everyone = client.get(f"/people/reviews/{campaign.pk}/people/", {"outcome": ""})
    assert len(everyone.context["page"].object_list) == 2
    assert "Trần Văn Cường" not in everyone.text
    confirmed = client.get(f"/people/reviews/{campaign.pk}/people/", {"outcome": "confirmed"})
    assert [i.person_id for i in confirmed.context["page"].object_list] == [people["a2"].pk]
    assert AccessLog.objects.filter(detail__startswith=f"review {campaign.pk} work list").exists()


def test_quick_confirm_without_javascript(client_for, officer_a, campaign, people):
    item = item_of(campaign, people["a1"])
    back = f"/people/reviews/{campaign.pk}/people/?outcome=pending"
    response = client_for(officer_a).post(
        f"/people/reviews/{campaign.pk}/people/{item.pk}/confirm/", {"next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    item.refresh_from_db()
    assert item.outcome == "confirmed" and item.reviewed_by == officer_a
    # An address elsewhere is not followed.
    response = client_for(officer_a).post(
        f"/people/reviews/{campaign.pk}/people/{item.pk}/confirm/",
        {"next": "https://example.com/"},
    )
    assert response["Location"].startswith(f"/people/reviews/{campaign.pk}/people/")


def test_quick_confirm_ignores_a_next_that_is_not_a_path(client_for, officer_a, campaign, people):
    """A bare word or a number as `next` was taken by `redirect` for a URL name: a 500."""
    item = item_of(campaign, people["a1"])
    url = f"/people/reviews/{campaign.pk}/people/{item.pk}/confirm/"
    for junk in ("-1", "x" * 300, "person_list"):
        response = client_for(officer_a).post(url, {"next": junk})
        assert response.status_code == 302, junk
        assert response["Location"].startswith(f"/people/reviews/{campaign.pk}/people/"), junk


def test_quick_confirm_with_htmx_returns_the_row(client_for, officer_a, pc04, campaign, people):
    item = item_of(campaign, people["a1"])
    url = f"/people/reviews/{campaign.pk}/people/{item.pk}/confirm/"
    response = client_for(officer_a).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="review-item-{item.pk}"' in response.text
    assert "<html" not in response.text
    assert response.context["item"].outcome == "confirmed"
    services.review_campaign_close(actor=pc04, campaign=campaign)
    other = item_of(campaign, people["a2"])
    response = client_for(officer_a).post(
        f"/people/reviews/{campaign.pk}/people/{other.pk}/confirm/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.context["error"]
    other.refresh_from_db()
    assert other.is_pending


def test_review_form_names_the_field_and_keeps_input(client_for, officer_a, campaign, people):
    item = item_of(campaign, people["a1"])
    url = f"/people/reviews/{campaign.pk}/people/{item.pk}/"
    client = client_for(officer_a)
    page = client.get(url)
    assert page.status_code == 200 and "Nguyễn Văn An" in page.text
    assert AccessLog.objects.filter(record_id=str(people["a1"].pk), action="view").exists()
    response = client.post(
        url,
        {"outcome": "not_found", "note": "", "reviewed_on": today().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 400 and "note" in response.context["form"].errors
    response = client.post(
        url,
        {
            "outcome": "corrected",
            "corrections": [],
            "note": "Đã sửa số CCCD",
            "reviewed_on": today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 400 and "corrections" in response.context["form"].errors
    assert "Đã sửa số CCCD" in response.text
    response = client.post(
        url,
        {
            "outcome": "corrected",
            "corrections": ["national_id"],
            "note": "Đã sửa số CCCD",
            "reviewed_on": today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.outcome, item.corrections) == ("corrected", ["national_id"])


def test_work_list_query_count_is_constant(client_for, officer_a, pc04, units):
    client = client_for(officer_a)

    def count(campaign):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/people/reviews/{campaign.pk}/people/").status_code == 200
            assert client.get(f"{API}{campaign.pk}/items/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        make_person(
            officer_a,
            units["a"],
            full_name=f"Người {i}",
            national_id="",
            responsible_officer=officer_a,
        )
    few = count(open_campaign(pc04))
    for i in range(4):
        make_person(officer_a, units["a"], full_name=f"Người thêm {i}", national_id="")
    assert count(open_campaign(pc04)) == few


# ---- the due list ----------------------------------------------------------------------------


def test_unreviewed_people_are_on_the_due_list(officer_a, officer_b, campaign, people, units):
    items = [i for i in due_list(user=officer_a, owner=None) if i.kind == "review_pending"]
    assert len(items) == 1
    item = items[0]
    assert item.due_on == campaign.deadline and item.unit_name == units["a"].name
    assert "2" in item.label and f"/people/reviews/{campaign.pk}/people/" in item.url
    # An officer's own list counts the people they are responsible for.
    mine = [i for i in due_list(user=officer_a, owner=officer_a) if i.kind == "review_pending"]
    assert len(mine) == 1 and "1" in mine[0].label
    review(officer_a, campaign, people["a1"])
    review(officer_a, campaign, people["a2"])
    assert not [i for i in due_list(user=officer_a) if i.kind == "review_pending"]
    assert [i.unit_name for i in due_list(user=officer_b) if i.kind == "review_pending"] == [
        units["b"].name
    ]


def test_due_provider_query_count_is_constant(officer_a, pc04, units):
    from registry.due_reviews import review_pending

    def count():
        with CaptureQueriesContext(connection) as ctx:
            list(review_pending(user=officer_a, today=today(), owner=None))
        return len(ctx.captured_queries)

    make_person(officer_a, units["a"], full_name="Một", national_id="")
    open_campaign(pc04)
    few = count()
    for i in range(4):
        make_person(officer_a, units["a"], full_name=f"Người {i}", national_id="")
    open_campaign(pc04)
    open_campaign(pc04)
    assert count() == few


# ---- API -------------------------------------------------------------------------------------


def test_api_open_list_progress_items_review_and_close(client_for, pc04, officer_a, people):
    province = client_for(pc04)
    response = province.post(
        API,
        {
            "name": "Rà soát API",
            "deadline": str(today() + 7 * DAY),
            "categories": ["illicit_user", "addicted"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["progress"]["total"] == 3 and body["status"] == "open"
    campaign_id = body["id"]
    bad = province.post(
        API,
        {"name": "X", "deadline": str(today() - DAY), "categories": []},
        content_type="application/json",
    )
    assert bad.status_code == 400 and {"deadline", "categories"} <= set(bad.json())

    commune = client_for(officer_a)
    listing = commune.get(API).json()
    assert listing["results"][0]["progress"]["total"] == 2
    items = commune.get(f"{API}{campaign_id}/items/", {"outcome": "pending"}).json()
    assert items["count"] == 2
    item_id = next(r["id"] for r in items["results"] if r["person"] == people["a1"].pk)
    response = commune.post(
        f"{API}{campaign_id}/items/{item_id}/review/",
        {"outcome": "corrected", "corrections": []},
        content_type="application/json",
    )
    assert response.status_code == 400 and "corrections" in response.json()
    response = commune.post(
        f"{API}{campaign_id}/items/{item_id}/review/",
        {"outcome": "corrected", "corrections": ["officer"], "note": "Đổi cán bộ"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["outcome"] == "corrected"
    progress = commune.get(f"{API}{campaign_id}/progress/").json()
    assert progress["total"]["corrected"] == 1 and len(progress["communes"]) == 1

    province = client_for(pc04)  # one test client: log in again as the province
    closed = province.post(
        f"{API}{campaign_id}/close/", {"note": "Xong"}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    commune = client_for(officer_a)
    response = commune.post(
        f"{API}{campaign_id}/items/{item_id}/review/",
        {"outcome": "confirmed"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "outcome" in response.json()


def test_api_item_of_another_campaign_or_commune_is_404(
    client_for, pc04, officer_a, campaign, people
):
    other = open_campaign(pc04, name="Đợt khác")
    client = client_for(officer_a)
    item = item_of(campaign, people["a1"])
    assert client.get(f"{API}{campaign.pk}/items/{item.pk}/").status_code == 200
    assert client.get(f"{API}{other.pk}/items/{item.pk}/").status_code == 404
    response = client.post(
        f"{API}{other.pk}/items/{item.pk}/review/",
        {"outcome": "confirmed"},
        content_type="application/json",
    )
    assert response.status_code == 404
    b_item = item_of(campaign, people["b1"])
    assert client.get(f"{API}{campaign.pk}/items/{b_item.pk}/").status_code == 404
    response = client.post(
        f"{API}{campaign.pk}/items/{b_item.pk}/review/",
        {"outcome": "confirmed"},
        content_type="application/json",
    )
    assert response.status_code == 404
    b_item.refresh_from_db()
    assert b_item.is_pending


def test_reader_sees_campaign_figures_but_no_person(client_for, reader, campaign):
    client = client_for(reader)
    assert client.get("/people/reviews/").status_code == 200
    page = client.get(f"/people/reviews/{campaign.pk}/")
    assert page.status_code == 200 and page.context["can_see_people"] is False
    assert client.get(f"/people/reviews/{campaign.pk}/people/").status_code == 404
    assert client.get(f"{API}{campaign.pk}/").json()["progress"]["total"] == 3
    assert client.get(f"{API}{campaign.pk}/items/").status_code == 404


def test_user_without_scope_sees_no_campaign(client_for, units, campaign):
    stray = make_user("stray", "commune_officer", None)
    client = client_for(stray)
    assert client.get("/people/reviews/").status_code == 404
    assert client.get(f"{API}{campaign.pk}/").status_code == 404


def test_another_provinces_campaign_is_not_seen(client_for, pc04, officer_a, units):
    from areas.models import AdminUnit

    other = AdminUnit.objects.create(
        level=1, code="93", name="Tỉnh Khác", short_name="Khác", kind="Tỉnh", path="93"
    )
    campaign = ReviewCampaign.objects.create(
        name="Rà soát tỉnh khác",
        unit=other,
        scope_path="93",
        categories=["addicted"],
        deadline=today() + DAY,
    )
    for user in (pc04, officer_a):
        client = client_for(user)
        assert "Rà soát tỉnh khác" not in client.get("/people/reviews/").text
        assert client.get(f"/people/reviews/{campaign.pk}/").status_code == 404
        assert client.get(f"{API}{campaign.pk}/").status_code == 404
        assert client.get(f"{API}{campaign.pk}/items/").status_code == 404
    with pytest.raises(PermissionError):
        services.review_campaign_close(actor=pc04, campaign=campaign)
