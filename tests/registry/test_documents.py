"""Files: photos and scanned decisions, stored privately and served only through scoped,
logged views, with type and size limits."""

import hashlib
import io
import pathlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from accounts.models import AccessLog, ChangeLog
from accounts.scoping import ROLE_GRANTS, Access, Grant, RecordType
from registry import services
from registry.models import PersonDocument

from ..factories import make_person, make_user

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def image_bytes(fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_document(actor, person, *, kind="decision", name="quyet-dinh.pdf", content=PDF, **kw):
    return services.person_document_add(
        actor=actor, person=person, kind=kind, upload=upload(name, content), **kw
    )


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """The private storage lives in this test's own directory (a new STORAGES value, so that
    the storage is looked up again)."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


def stored_files(root: pathlib.Path) -> list[pathlib.Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_document(client, person, *, kind, name, content, title="", content_type=None):
    data = {"kind": kind, "title": title, "file": upload(name, content, content_type or "")}
    return client.post(f"/people/{person.pk}/documents/new/", data)


# ---- upload through the page ------------------------------------------------------------


def test_upload_png_photo_through_the_page(client_for, officer_a, person_a, private_dir):
    png = image_bytes("PNG")
    response = post_document(
        client_for(officer_a), person_a, kind="photo", name="Ảnh Đức.png", content=png
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person_a.pk}/#documents"
    document = PersonDocument.objects.get(person=person_a)
    assert document.kind == "photo"
    assert document.content_type == "image/png"
    assert document.size == len(png)
    assert document.sha256 == hashlib.sha256(png).hexdigest()
    assert document.original_name == "Ảnh Đức.png"
    assert document.uploaded_by == officer_a
    # Stored under a random name in the private location: no original name, no person's name.
    files = stored_files(private_dir)
    assert len(files) == 1 and files[0].read_bytes() == png
    assert files[0] == private_dir / document.file.name
    stored = pathlib.Path(document.file.name)
    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.png", document.file.name)
    assert "anh" not in stored.name.lower() and "duc" not in stored.name.lower()
    # The change log keeps who added what.
    entry = ChangeLog.objects.get(record_type="person_document", record_id=str(document.pk))
    assert entry.user == officer_a and entry.action == "create"
    assert entry.after["person_id"] == person_a.pk
    assert entry.after["sha256"] == document.sha256


def test_upload_pdf_decision_through_the_page(client_for, officer_a, person_a, private_dir):
    response = post_document(
        client_for(officer_a),
        person_a,
        kind="decision",
        name="QĐ 15-2026.PDF",
        content=PDF,
        title="Quyết định 15/QĐ-UBND",
    )
    assert response.status_code == 302
    document = PersonDocument.objects.get(person=person_a)
    assert (document.kind, document.content_type, document.title) == (
        "decision",
        "application/pdf",
        "Quyết định 15/QĐ-UBND",
    )
    assert (private_dir / document.file.name).read_bytes() == PDF


def test_upload_jpeg_photo(officer_a, person_a):
    document = add_document(
        officer_a, person_a, kind="photo", name="a.JPG", content=image_bytes("JPEG")
    )
    assert document.content_type == "image/jpeg" and document.is_image


@pytest.mark.parametrize(
    ("kind", "name", "content", "reason"),
    [
        ("decision", "scan.pdf", EXE, "Only JPEG or PNG images and PDF documents"),
        ("other", "anh.png", b"GIF89a" + b"\x00" * 50, "Only JPEG or PNG images and PDF documents"),
        ("photo", "quyet-dinh.pdf", PDF, "A photo must be a JPEG or PNG image"),
        ("decision", "anh.pdf", "PNG", "but the file is a PNG image"),
        ("photo", "anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged or incomplete"),
        ("decision", "empty.pdf", b"", "The file is empty"),
    ],
)
def test_refused_files_name_the_field_and_the_reason(
    officer_a, person_a, private_dir, kind, name, content, reason, settings
):
    settings.LANGUAGE_CODE = "en"
    if content == "PNG":
        content = image_bytes("PNG")
    with pytest.raises(ValidationError) as caught:
        add_document(officer_a, person_a, kind=kind, name=name, content=content)
    assert list(caught.value.message_dict) == ["file"]
    assert reason in " ".join(caught.value.message_dict["file"])
    assert not PersonDocument.objects.exists()
    assert stored_files(private_dir) == []


def test_exe_renamed_pdf_is_refused_on_the_page_keeping_what_was_typed(
    client_for, officer_a, person_a, private_dir
):
    response = post_document(
        client_for(officer_a),
        person_a,
        kind="decision",
        name="quyet-dinh.pdf",
        content=EXE,
        title="Quyết định giả",
        content_type="application/pdf",
        # the browser claims a PDF: only the bytes count
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert 'value="Quyết định giả"' in response.text
    assert not PersonDocument.objects.exists()
    assert stored_files(private_dir) == []


def test_too_large_file_is_refused(client_for, officer_a, person_a, private_dir, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = post_document(
        client_for(officer_a), person_a, kind="decision", name="big.pdf", content=PDF + b" " * 100
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not PersonDocument.objects.exists()
    assert stored_files(private_dir) == []
    # Exactly at the limit is accepted.
    settings.UPLOAD_MAX_BYTES = len(PDF)
    assert add_document(officer_a, person_a).size == len(PDF)


def test_pdf_as_photo_is_refused_on_the_page(client_for, officer_a, person_a):
    response = post_document(
        client_for(officer_a), person_a, kind="photo", name="quyet-dinh.pdf", content=PDF
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not PersonDocument.objects.exists()


def test_service_refuses_actors_who_cannot_write_the_person(officer_b, reader, health, person_a):
    for actor in (officer_b, reader, health):
        with pytest.raises(PermissionError):
            add_document(actor, person_a)
    assert not PersonDocument.objects.exists()


# ---- download ---------------------------------------------------------------------------


def test_download_streams_the_file_with_safe_headers_and_logs_it(client_for, officer_a, person_a):
    document = add_document(officer_a, person_a, name="Quyết định số 15.pdf")
    response = client_for(officer_a).get(f"/people/{person_a.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    entry = AccessLog.objects.get(action="download")
    assert entry.user == officer_a
    assert (entry.record_type, entry.record_id) == ("person", str(person_a.pk))
    assert entry.detail == f"document {document.pk}"


def test_photo_is_shown_inline_but_a_pdf_never(client_for, officer_a, person_a):
    photo = add_document(officer_a, person_a, kind="photo", name="a.png", content=image_bytes())
    pdf = add_document(officer_a, person_a)
    client = client_for(officer_a)
    response = client.get(f"/people/{person_a.pk}/documents/{photo.pk}/?inline=1")
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Type"] == "image/png"
    response = client.get(f"/people/{person_a.pk}/documents/{pdf.pk}/?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_document_of_another_person_answers_404_even_when_both_are_visible(
    client_for, officer_a, pc04, person_a, person_b
):
    document_b = add_document(pc04, person_b)
    client = client_for(pc04)
    assert client.get(f"/people/{person_b.pk}/documents/{document_b.pk}/").status_code == 200
    assert client.get(f"/people/{person_a.pk}/documents/{document_b.pk}/").status_code == 404
    url = f"/api/v1/persons/{person_a.pk}/documents/{document_b.pk}/"
    assert client.get(url).status_code == 404


def test_officer_of_another_commune_gets_404_on_page_and_api(
    client_for, officer_a, officer_b, person_a
):
    document = add_document(officer_a, person_a)
    client = client_for(officer_b)
    assert client.get(f"/people/{person_a.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/people/{person_a.pk}/documents/new/").status_code == 404
    response = post_document(client, person_a, kind="decision", name="x.pdf", content=PDF)
    assert response.status_code == 404
    assert client.get(f"/api/v1/persons/{person_a.pk}/documents/").status_code == 404
    url = f"/api/v1/persons/{person_a.pk}/documents/{document.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(
        f"/api/v1/persons/{person_a.pk}/documents/",
        {"kind": "decision", "file": upload("x.pdf", PDF)},
    )
    assert response.status_code == 404
    assert PersonDocument.objects.count() == 1
    assert not AccessLog.objects.filter(user=officer_b, action="download").exists()


def test_steering_committee_reader_gets_404(client_for, officer_a, reader, person_a):
    document = add_document(officer_a, person_a)
    client = client_for(reader)
    assert client.get(f"/people/{person_a.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/people/{person_a.pk}/documents/new/").status_code == 404
    assert client.get(f"/api/v1/persons/{person_a.pk}/documents/").status_code == 404
    url = f"/api/v1/persons/{person_a.pk}/documents/{document.pk}/"
    assert client.get(url).status_code == 404


def test_identity_only_grant_sees_no_document(client_for, officer_a, health, units):
    """Health sees who a special-management person is, not their scanned decisions."""
    person = make_person(officer_a, units["a"], full_name="Lý Văn Bệnh", special_management=True)
    document = add_document(officer_a, person)
    client = client_for(health)
    page = client.get(f"/people/{person.pk}/")
    assert page.status_code == 200 and 'id="documents"' not in page.text
    assert client.get(f"/people/{person.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/v1/persons/{person.pk}/documents/").status_code == 404


def test_anonymous_is_sent_to_login(client, officer_a, person_a):
    document = add_document(officer_a, person_a)
    response = client.get(f"/people/{person_a.pk}/documents/{document.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/v1/persons/{person_a.pk}/documents/").status_code == 401


def test_files_are_not_reachable_under_media_or_static(
    client_for, officer_a, person_a, private_dir, settings
):
    document = add_document(officer_a, person_a)
    path = private_dir / document.file.name
    assert path.is_file()
    for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS):
        assert not path.resolve().is_relative_to(pathlib.Path(public).resolve())
    with pytest.raises(ValueError, match="not accessible via a URL"):
        document.file.url  # noqa: B018
    client = client_for(officer_a)
    name = document.file.name
    for url in (
        f"/media/{name}",
        f"/static/{name}",
        f"/media/{pathlib.Path(name).name}",
        f"/static/{pathlib.Path(name).name}",
        f"/{name}",
    ):
        assert client.get(url).status_code == 404, url


# ---- the person page --------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_person_page_lists_documents_shows_photos_inline_and_offers_upload(
    client_for, officer_a, person_a
):
    photo = add_document(officer_a, person_a, kind="photo", name="a.png", content=image_bytes())
    add_document(officer_a, person_a, name="quyet-dinh-15.pdf", title="Quyết định 15")
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert 'id="documents"' in page
    assert "quyet-dinh-15.pdf" in page and "Quyết định 15" in page
    assert f'src="/people/{person_a.pk}/documents/{photo.pk}/?inline=1"' in page
    assert 'enctype="multipart/form-data"' in page
    assert f'action="/people/{person_a.pk}/documents/new/"' in page


def test_person_page_query_count_does_not_grow_with_documents(client_for, officer_a, person_a):
    client = client_for(officer_a)
    for i in range(2):
        add_document(officer_a, person_a, name=f"a{i}.pdf")
    few, _ = _queries(client, f"/people/{person_a.pk}/")
    for i in range(2, 6):
        add_document(officer_a, person_a, name=f"a{i}.pdf")
    many, response = _queries(client, f"/people/{person_a.pk}/")
    assert many == few
    assert response.text.count("/documents/") >= 6


def test_read_only_grant_sees_documents_but_no_upload_form(
    client_for, officer_a, units, monkeypatch
):
    """A grant that may read but not write people gets the list, not the form."""
    person = make_person(officer_a, units["a"], full_name="Đỗ Văn Đọc")
    add_document(officer_a, person, name="doc.pdf")
    viewer = make_user("viewer", "commune_leader", units["a"])
    monkeypatch.setitem(ROLE_GRANTS, "commune_leader", {RecordType.PERSON: Grant(Access.READ)})
    client = client_for(viewer)
    page = client.get(f"/people/{person.pk}/").text
    assert "doc.pdf" in page and 'enctype="multipart/form-data"' not in page
    assert client.get(f"/people/{person.pk}/documents/new/").status_code == 404
    response = client.post(
        f"/api/v1/persons/{person.pk}/documents/",
        {"kind": "decision", "file": upload("x.pdf", PDF)},
    )
    assert response.status_code == 403
    assert PersonDocument.objects.count() == 1


# ---- API --------------------------------------------------------------------------------


def test_api_lists_and_creates_documents(client_for, officer_a, person_a, private_dir):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/documents/"
    response = client.post(
        url, {"kind": "photo", "title": "Ảnh chân dung", "file": upload("a.png", image_bytes())}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "photo" and body["content_type"] == "image/png"
    assert body["person"] == person_a.pk and body["original_name"] == "a.png"
    assert "file" not in body
    assert body["download_url"] == (
        f"http://testserver/people/{person_a.pk}/documents/{body['id']}/"
    )
    listing = client.get(url).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == body["id"]
    detail = client.get(f"{url}{body['id']}/")
    assert detail.status_code == 200 and detail.json()["title"] == "Ảnh chân dung"
    assert (
        AccessLog.objects.filter(
            user=officer_a, action="view", record_type="person", record_id=str(person_a.pk)
        ).count()
        == 2
    )
    # The download link works for the same session.
    download = client.get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


def test_api_refusals_are_json_naming_the_field(client_for, officer_a, person_a, settings):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/documents/"
    response = client.post(url, {"kind": "decision", "file": upload("scan.pdf", EXE)})
    assert response.status_code == 400 and list(response.json()) == ["file"]
    response = client.post(url, {"kind": "photo", "file": upload("qd.pdf", PDF)})
    assert response.status_code == 400 and list(response.json()) == ["file"]
    settings.UPLOAD_MAX_BYTES = 10
    response = client.post(url, {"kind": "decision", "file": upload("qd.pdf", PDF)})
    assert response.status_code == 400 and list(response.json()) == ["file"]
    response = client.post(url, {"kind": "selfie", "title": "x"})
    assert response.status_code == 400 and set(response.json()) == {"kind", "file"}
    assert not PersonDocument.objects.exists()


def test_api_list_query_count_does_not_grow(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/documents/"
    for i in range(2):
        add_document(officer_a, person_a, name=f"a{i}.pdf")
    few, _ = _queries(client, url)
    for i in range(2, 6):
        add_document(officer_a, person_a, name=f"a{i}.pdf")
    many, response = _queries(client, url)
    assert many == few and response.json()["count"] == 6
