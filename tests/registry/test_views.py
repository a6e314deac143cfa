import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLog
from registry.models import Person

from ..factories import cccd, make_person


def _queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(client_for, officer_a, units):
    client = client_for(officer_a)
    for i in range(3):
        make_person(officer_a, units["a"], full_name=f"Người Số {i}", responsible_officer=officer_a)
    few = _queries(client, "/people/")
    for i in range(3, 9):
        make_person(officer_a, units["a"], full_name=f"Người Số {i}", responsible_officer=officer_a)
    assert _queries(client, "/people/") == few


def test_search_ignores_accents_and_case(client_for, officer_a, units):
    make_person(officer_a, units["a"], full_name="Nguyễn Văn Đức")
    make_person(officer_a, units["a"], full_name="Trần Văn Dũng")
    client = client_for(officer_a)
    for q in ("nguyen van duc", "NGUYEN VAN DUC", "Nguyễn Văn Đức", "van duc", "đức"):
        page = client.get("/people/", {"q": q}).text
        assert "Nguyễn Văn Đức" in page, q
        assert "Trần Văn Dũng" not in page, q


def test_search_by_id_number_prefix(client_for, officer_a, units):
    number = cccd(1990)
    make_person(officer_a, units["a"], full_name="Có Số", national_id=number)
    page = client_for(officer_a).get("/people/", {"q": number[:8]}).text
    assert "Có Số" in page


def test_filters_and_empty_state(client_for, officer_a, units):
    make_person(officer_a, units["a"], full_name="Nghiện Một", category="addicted")
    make_person(officer_a, units["a"], full_name="Sử Dụng Hai", category="illicit_user")
    client = client_for(officer_a)
    page = client.get("/people/", {"category": "addicted"}).text
    assert "Nghiện Một" in page and "Sử Dụng Hai" not in page
    empty = client.get("/people/", {"q": "khong ai ten nay"})
    assert empty.status_code == 200
    assert 'class="empty"' in empty.text


def test_htmx_request_gets_the_table_partial(client_for, officer_a, person_a):
    response = client_for(officer_a).get("/people/", {"q": "nguyen"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert person_a.full_name in response.text


def test_pagination(client_for, officer_a, units):
    for i in range(27):
        make_person(officer_a, units["a"], full_name=f"Người {i:02d}", national_id="")
    client = client_for(officer_a)
    first = client.get("/people/").text
    second = client.get("/people/", {"page": 2}).text
    assert "Người 00" in first and "Người 26" not in first
    assert "Người 26" in second


def test_detail_view_is_logged(client_for, officer_a, person_a):
    client_for(officer_a).get(f"/people/{person_a.pk}/")
    entry = AccessLog.objects.get(action="view")
    assert entry.user == officer_a
    assert (entry.record_type, entry.record_id) == ("person", str(person_a.pk))
    assert entry.ip_address == "127.0.0.1"


def test_export_is_logged_and_marked(client_for, officer_a, person_a):
    response = client_for(officer_a).get("/people/export.xlsx", {"category": "illicit_user"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(response.streaming_content)
    entry = AccessLog.objects.get(action="export")
    assert "category=illicit_user" in entry.detail


def test_create_form_shows_field_errors_and_keeps_input(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/people/new/",
        {
            "full_name": "Võ Văn Kiệt Test",
            "sex": "M",
            "date_of_birth": "31/02/1990",
            "national_id": "0920900001",
            "residence_unit": units["a"].pk,
            "category": "illicit_user",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "date_of_birth" in form.errors
    assert "national_id" in form.errors
    assert "Võ Văn Kiệt Test" in response.text  # nothing typed is lost
    assert not Person.objects.exists()


def test_create_form_saves_and_redirects(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/people/new/",
        {
            "full_name": "Võ Văn Mới",
            "sex": "M",
            "date_of_birth": "05/09/1990",
            "national_id": cccd(1990),
            "residence_unit": units["a"].pk,
            "category": "illicit_user",
            "registered_on": "01/10/2026",
            "basis_number": "15/QĐ-CAP",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.birth_year == 1990
    assert person.events.get().basis_number == "15/QĐ-CAP"


def test_create_form_offers_only_communes_in_scope(client_for, officer_a, units):
    response = client_for(officer_a).get("/people/new/")
    choices = list(response.context["form"].fields["residence_unit"].queryset)
    assert choices == [units["a"]]
    post = client_for(officer_a).post(
        "/people/new/",
        {
            "full_name": "Ngoài Phạm Vi",
            "sex": "M",
            "birth_year": 1990,
            "residence_unit": units["b"].pk,
            "category": "illicit_user",
        },
    )
    assert post.status_code == 400 and "residence_unit" in post.context["form"].errors


def test_edit_saves_changes(client_for, officer_a, person_a, units):
    client = client_for(officer_a)
    form = client.get(f"/people/{person_a.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(address="Số 9, đường Mới", date_of_birth="", birth_year=person_a.birth_year)
    response = client.post(f"/people/{person_a.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    person_a.refresh_from_db()
    assert person_a.address == "Số 9, đường Mới"
    assert "special_management" not in form.fields  # changed only through its event


def test_dossier_pdf(client_for, officer_a, person_a):
    response = client_for(officer_a).get(f"/people/{person_a.pk}/dossier.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(action="print", record_id=str(person_a.pk)).exists()


@pytest.mark.parametrize("role", ["reader", "admin"])
def test_roles_without_person_grant_get_404(client_for, units, role, person_a):
    from ..factories import make_user

    user = make_user(f"u_{role}", role, units["province"])
    client = client_for(user)
    for url in ("/people/", "/people/new/", f"/people/{person_a.pk}/"):
        assert client.get(url).status_code == 404


def test_health_sees_only_its_sector_and_identity_fields(client_for, health, officer_a, units):
    flagged = make_person(officer_a, units["a"], full_name="Đặc Biệt", special_management=True)
    plain = make_person(officer_a, units["a"], full_name="Bình Thường", address="Số 77 bí mật")
    client = client_for(health)
    page = client.get("/people/").text
    assert "Đặc Biệt" in page and "Bình Thường" not in page
    assert client.get(f"/people/{plain.pk}/").status_code == 404
    detail = client.get(f"/people/{flagged.pk}/").text
    assert "Đặc Biệt" in detail
    assert client.get(f"/people/{flagged.pk}/dossier.pdf").status_code == 404


def test_dashboard_counts_for_reader_without_records(client_for, reader, officer_a, units):
    make_person(officer_a, units["a"], category="addicted")
    make_person(officer_a, units["a"], category="addicted")
    response = client_for(reader).get("/")
    assert response.status_code == 200
    assert response.context["figures"]["total"] == 2
    assert response.context["figures"]["addicted"] == 2
    assert "/people/" not in response.text.split("</header>")[0]
