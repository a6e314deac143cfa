import io

import pytest
from django.db import connection, transaction
from openpyxl import load_workbook

from accounts.audit import access_log_record
from accounts.models import AccessLog, ChangeLog


def test_log_cannot_be_changed_or_deleted(officer_a, person_a):
    entry = access_log_record(user=officer_a, action="view", record=person_a)
    entry.detail = "sửa"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.update(action="x")


def test_database_refuses_changes_on_postgresql(officer_a, person_a):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    entry = access_log_record(user=officer_a, action="view", record=person_a)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_accesslog SET detail='x' WHERE id=%s", [entry.pk])


def test_access_log_page_filters_and_exports(client_for, administrator, officer_a, person_a):
    client_for(officer_a).get(f"/people/{person_a.pk}/")
    client = client_for(administrator)
    page = client.get("/accounts/access-log/", {"user": "officer_a", "action": "view"})
    assert page.status_code == 200
    assert [e.record_id for e in page.context["page"].object_list] == [str(person_a.pk)]
    empty = client.get("/accounts/access-log/", {"user": "nobody"})
    assert list(empty.context["page"].object_list) == []
    export = client.get("/accounts/access-log/", {"user": "officer_a", "format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "officer_a" in values
    assert AccessLog.objects.filter(user=administrator, action="export").exists()


def test_access_log_holds_no_personal_data(client_for, officer_a, person_a):
    client_for(officer_a).get("/people/", {"q": "nguyen van duc"})
    client_for(officer_a).get(f"/people/{person_a.pk}/")
    for entry in AccessLog.objects.all():
        assert "nguyen" not in entry.detail.lower()
        assert person_a.full_name not in entry.detail


def test_forwarded_address_trusted_only_behind_configured_proxies(rf, settings):
    from accounts.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # a client cannot forge its address
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.7"  # the address our one proxy saw
