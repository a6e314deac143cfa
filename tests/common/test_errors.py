from unittest import mock

from django.test import Client


def test_404_page_is_vietnamese_chrome_and_leaks_nothing(client_for, officer_a, person_b):
    response = client_for(officer_a).get(f"/people/{person_b.pk}/")
    assert response.status_code == 404
    assert person_b.full_name not in response.text
    assert "Traceback" not in response.text
    assert '<html lang="vi">' in response.text


def test_500_page_leaks_nothing(officer_a, person_a):
    client = Client(raise_request_exception=False)
    client.force_login(officer_a, backend="django.contrib.auth.backends.ModelBackend")
    secret = "Bí mật: " + person_a.full_name
    with mock.patch("registry.views.selectors.person_get", side_effect=RuntimeError(secret)):
        response = client.get(f"/people/{person_a.pk}/")
    assert response.status_code == 500
    assert secret not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_logs_withhold_exception_messages():
    import logging

    from common.logging import RedactingFormatter

    formatter = RedactingFormatter("%(message)s")
    number = "".join(["0920", "90000123"])
    try:
        raise ValueError(f"Key (national_id)=({number}) already exists")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    text = formatter.format(record)
    assert number not in text
    assert "ValueError" in text and "test_errors.py" in text
