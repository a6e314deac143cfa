from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.models import AccessLog
from registry.models import Person

from ..factories import cccd, make_person


def test_anonymous_gets_401(client, db):
    response = client.get("/api/v1/persons/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_token_obtained_with_username_and_password(client, officer_a, person_a):
    response = client.post(
        "/api/v1/auth/token/", {"username": "officer_a", "password": "secret-pass-123"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    listing = client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1


def test_wrong_password_gives_no_token(client, officer_a):
    response = client.post("/api/v1/auth/token/", {"username": "officer_a", "password": "x"})
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_list_shape_and_filters(client_for, officer_a, units):
    make_person(officer_a, units["a"], full_name="Nguyễn Văn Đức", category="addicted")
    make_person(officer_a, units["a"], full_name="Lê Văn Tám", category="illicit_user")
    client = client_for(officer_a)
    body = client.get("/api/v1/persons/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    row = body["results"][0]
    assert {"id", "url", "full_name", "category", "residence_unit"} <= set(row)
    assert row["url"].endswith(f"/api/v1/persons/{row['id']}/")
    found = client.get("/api/v1/persons/", {"q": "nguyen van duc"}).json()
    assert [r["full_name"] for r in found["results"]] == ["Nguyễn Văn Đức"]
    addicted = client.get("/api/v1/persons/", {"category": "addicted"}).json()
    assert addicted["count"] == 1


def test_list_query_count_is_constant(client_for, officer_a, units):
    client = client_for(officer_a)
    make_person(officer_a, units["a"], full_name="Một", responsible_officer=officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/persons/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        make_person(officer_a, units["a"], full_name=f"Thêm {i}", responsible_officer=officer_a)
    assert count() == few


def test_create_through_api(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/api/v1/persons/",
        {
            "full_name": "Phan Văn Mới",
            "sex": "M",
            "birth_year": 1992,
            "national_id": cccd(1992),
            "residence_unit": units["a"].pk,
            "category": "suspected_use",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    person = Person.objects.get()
    assert response.json()["id"] == person.pk
    assert person.events.count() == 1 and person.created_by == officer_a


def test_bad_input_gives_json_errors_naming_fields(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/api/v1/persons/",
        {
            "full_name": "Sai Số",
            "sex": "X",
            "birth_year": 1990,
            "national_id": "092091000123",
            "residence_unit": units["a"].pk,
            "category": "illicit_user",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "sex" in response.json()
    response = client_for(officer_a).post(
        "/api/v1/persons/",
        {
            "full_name": "Sai Số",
            "sex": "M",
            "birth_year": 1990,
            "national_id": "092091000123",
            "residence_unit": units["a"].pk,
            "category": "illicit_user",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "national_id" in response.json()
    assert not Person.objects.exists()


def test_create_outside_jurisdiction_is_refused(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/api/v1/persons/",
        {
            "full_name": "Ngoài",
            "sex": "M",
            "birth_year": 1990,
            "residence_unit": units["b"].pk,
            "category": "illicit_user",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "residence_unit" in response.json()


def test_update_through_api_and_category_is_not_editable(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/"
    response = client.patch(url, {"address": "Số 5"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["address"] == "Số 5"
    response = client.patch(url, {"category": "addicted"}, content_type="application/json")
    assert response.status_code == 400 and "category" in response.json()


def test_retrieve_is_logged(client_for, officer_a, person_a):
    client_for(officer_a).get(f"/api/v1/persons/{person_a.pk}/")
    assert AccessLog.objects.filter(action="view", record_id=str(person_a.pk)).count() == 1


def test_health_api_sees_identity_fields_only(client_for, health, officer_a, units):
    make_person(officer_a, units["a"], full_name="Đặc Biệt", special_management=True)
    row = client_for(health).get("/api/v1/persons/").json()["results"][0]
    assert row["full_name"] == "Đặc Biệt"
    assert "address" not in row and "category" not in row


def test_reader_gets_no_rows(client_for, reader, person_a):
    client = client_for(reader)
    assert client.get("/api/v1/persons/").status_code == 404
    assert client.get(f"/api/v1/persons/{person_a.pk}/").status_code == 404


def test_schema_and_docs_need_login(client, client_for, officer_a):
    assert client.get("/api/v1/schema/").status_code == 401
    logged = client_for(officer_a)
    assert logged.get("/api/v1/schema/").status_code == 200
    docs = logged.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "//cdn" not in docs.text and "https://" not in docs.text
