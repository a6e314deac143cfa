"""Pages and API of the commune classification: filters, sort, export, the criteria table,
the forms (with their refusals), the roadmap, the criteria page, the dashboard's link and
constant query counts."""

import io

from openpyxl import load_workbook

from communes.models import ClassificationCriteria, CommuneClassification, DrugFreeTarget

from .helpers import decide, make_type_1, today


def _names(response) -> list[str]:
    return [row["commune"] for row in response.json()["results"]]


def test_list_filters_and_sort_by_class(client_for, officer_a, pc04, units):
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    decide(pc04, units["a"], "type_2")  # differs from the proposal (type I)
    decide(pc04, units["b"], "drug_free")  # as proposed
    client = client_for(pc04)
    api = "/api/v1/commune-status/"
    assert _names(client.get(api, {"proposed": "type_1"})) == [units["a"].name]
    assert _names(client.get(api, {"differs": "true"})) == [units["a"].name]
    assert _names(client.get(api, {"decided": "drug_free"})) == [units["b"].name]
    undecided = client.get(api, {"decided": "none", "page_size": 500}).json()
    assert units["a"].name not in [r["commune"] for r in undecided["results"]]
    first = client.get(api, {"sort": "proposed"}).json()["results"][0]
    assert first["commune"] == units["a"].name and first["criteria_met"] == 4
    assert client.get(api, {"sort": "bogus"}).status_code == 400
    page = client.get("/communes/", {"differs": "true"})
    assert page.status_code == 200
    assert units["a"].name in page.text and units["b"].name not in page.text
    partial = client.get("/communes/", {"proposed": "type_1"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.text and units["a"].name in partial.text


def test_export_carries_figures_and_both_classes(client_for, officer_a, pc04, units):
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    decide(pc04, units["a"], "type_1", number="77/QĐ-UBND")
    response = client_for(pc04).get("/communes/", {"proposed": "type_1", "format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [r for r in book.active.iter_rows(values_only=True) if any(r)]
    row = next(r for r in rows if r[0] == units["a"].name)
    assert "77/QĐ-UBND" in row and "Type I" in row and 1000 in row and 6 in row


def test_detail_shows_the_criteria_table(client_for, officer_a, pc04, units):
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    page = client_for(officer_a).get(f"/communes/{units['a'].pk}/").text
    assert 'data-criterion="users"' in page and "6 / 1,000 = 0.600 %" in page
    assert 'data-criterion="route"' in page
    assert "Type I" in page


def test_province_records_a_decision_through_the_form(client_for, pc04, units):
    client = client_for(pc04)
    url = f"/communes/{units['a'].pk}/decide/"
    form = client.get(url)
    assert form.status_code == 200 and 'name="drug_class"' in form.text
    bad = client.post(url, {"year": today().year, "drug_class": "type_3"})
    assert bad.status_code == 400 and "document_number" in bad.text
    ok = client.post(
        url,
        {
            "year": today().year,
            "drug_class": "type_3",
            "document_number": "20/QĐ-UBND",
            "document_date": today().strftime("%d/%m/%Y"),
            "deciding_body": "UBND tỉnh",
        },
    )
    assert ok.status_code == 302
    decision = CommuneClassification.objects.get(commune=units["a"])
    assert decision.drug_class == "type_3" and decision.proposed_class == "drug_free"


def test_commune_registers_its_target_through_the_form(client_for, officer_a, units):
    client = client_for(officer_a)
    url = f"/communes/{units['a'].pk}/target/"
    response = client.post(
        url, {"target_year": 2028, "registered_on": today().strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    assert DrugFreeTarget.objects.get(commune=units["a"]).target_year == 2028
    assert client.post(url, {"target_year": 1990}).status_code == 400


def test_year_data_form(client_for, pc04, units):
    client = client_for(pc04)
    url = f"/communes/{units['a'].pk}/data/"
    response = client.post(url, {"year": today().year, "population": 5000, "on_drug_route": "on"})
    assert response.status_code == 302
    page = client.get(f"/communes/{units['a'].pk}/").text
    assert "0 / 5,000" in page


def test_criteria_page_saves_a_province_version(client_for, pc04, officer_a, units):
    client = client_for(pc04)
    assert client.get("/communes/criteria/").status_code == 200
    data = {
        "applies_from": today().year,
        "users_share_pct": "0.4",
        "use_places": 3,
        "arrests_share_pct": "0.1",
        "planting_m2": "750",
        "planting_plants": 3000,
        "type_1_min": 3,
        "type_2_min": 4,
    }
    refused = client.post("/communes/criteria/", data)
    assert refused.status_code == 400 and "type II" in refused.text
    data["type_2_min"] = 1
    assert client.post("/communes/criteria/", data).status_code == 302
    own = ClassificationCriteria.objects.get(province=units["province"])
    assert own.use_places == 3 and own.updated_by == pc04


def test_roadmap_page(client_for, officer_a, pc04, units):
    client_for(officer_a).post(
        f"/communes/{units['a'].pk}/target/",
        {"target_year": 2027, "registered_on": today().strftime("%d/%m/%Y")},
    )
    page = client_for(pc04).get("/communes/roadmap/")
    assert page.status_code == 200
    assert 'id="roadmap-table"' in page.text and "2030" in page.text


def test_dashboard_links_to_the_classification_with_counts(client_for, pc04, units):
    decide(pc04, units["a"], "type_1")
    decide(pc04, units["b"], "type_1")
    page = client_for(pc04).get("/hotspots/dashboard/")
    assert page.status_code == 200
    assert 'id="commune-classes"' in page.text
    assert f"/communes/?year={today().year}&amp;decided=type_1" in page.text
    assert f"/communes/?year={today().year}&amp;decided=none" in page.text
    assert 'id="drug-free-share"' in page.text


def test_list_and_api_cost_the_same_queries_for_more_decisions(
    client_for, officer_a, officer_b, pc04, units
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(pc04)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    decide(pc04, units["a"], "type_2")
    few = (count("/communes/"), count("/api/v1/commune-status/"))
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    make_type_1(officer=officer_b, pc04=pc04, commune=units["b"])
    decide(pc04, units["b"], "type_1")
    decide(pc04, units["a"], "type_1")
    assert (count("/communes/"), count("/api/v1/commune-status/")) == few


def test_year_filter_reads_that_year(client_for, pc04, units):
    decide(pc04, units["a"], "type_2", year=today().year - 1)
    client = client_for(pc04)
    api = "/api/v1/commune-status/"
    last_year = client.get(api, {"year": today().year - 1, "decided": "type_2"}).json()
    assert [r["commune"] for r in last_year["results"]] == [units["a"].name]
    assert last_year["results"][0]["year"] == today().year - 1
    assert client.get(api, {"decided": "type_2"}).json()["count"] == 0
    detail = client.get(f"{api}{units['a'].pk}/", {"year": today().year - 1}).json()
    assert detail["decided_class"] == "type_2"


def test_administrator_adjusts_the_criteria_in_django_admin(client_for, administrator, pc04):
    from accounts.models import ChangeLog

    criteria = ClassificationCriteria.objects.get(province__isnull=True)
    client = client_for(administrator)
    url = f"/django-admin/communes/classificationcriteria/{criteria.pk}/change/"
    assert client.get("/django-admin/communes/classificationcriteria/").status_code == 200
    data = {
        "applies_from": 2025,
        "users_share_pct": "0.5",
        "use_places": 3,
        "arrests_share_pct": "0.1",
        "planting_m2": "750",
        "planting_plants": 3000,
        "type_1_min": 3,
        "type_2_min": 4,
        "source": "QĐ 28/2025",
    }
    assert client.post(url, data).status_code == 200  # refused: type II > type I
    data["type_2_min"] = 1
    assert client.post(url, data).status_code == 302
    criteria.refresh_from_db()
    assert criteria.use_places == 3
    assert ChangeLog.objects.filter(record_id=str(criteria.pk)).exists()
    # Not for PC04 (no staff access).
    assert client_for(pc04).get(url).status_code == 302


def test_filters_by_former_district_and_key_area(client_for, pc04, units):
    from areas.choices import Era, Level
    from areas.models import AdminUnit
    from tests.keyareas.helpers import make_area

    api = "/api/v1/commune-status/"
    client = client_for(pc04)
    district = AdminUnit.objects.filter(
        era=Era.LEGACY, level=Level.DISTRICT, children__successor=units["a"]
    ).first()
    assert district is not None
    rows = client.get(api, {"former_district": district.pk, "page_size": 500}).json()
    names = [r["commune"] for r in rows["results"]]
    assert units["a"].name in names and 0 < len(names) < 20
    assert all(
        AdminUnit.objects.filter(successor_id=r["id"], parent=district).exists()
        for r in rows["results"]
    )
    area = make_area(pc04, [units["b"]], name="Khu bến xe")
    assert _names(client.get(api, {"key_area": area.pk})) == [units["b"].name]
    page = client.get("/communes/", {"key_area": area.pk}).text
    assert units["b"].name in page and 'name="former_district"' in page
