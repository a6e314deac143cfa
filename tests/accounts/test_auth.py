import pytest
from django.conf import settings
from django.urls import reverse


def test_login_page_is_public_and_everything_else_needs_login(client, db):
    assert client.get("/accounts/login/").status_code == 200
    for url in ("/", "/people/", "/accounts/users/", "/accounts/access-log/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_login_and_logout(client, officer_a):
    response = client.post(
        "/accounts/login/", {"username": "officer_a", "password": "secret-pass-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_shows_error(client, officer_a):
    response = client.post("/accounts/login/", {"username": "officer_a", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_lockout_after_repeated_failures(client, officer_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "officer_a", "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": "officer_a", "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert client.get("/").status_code == 302  # still not logged in


def test_inactive_user_cannot_log_in(client, officer_a):
    officer_a.is_active = False
    officer_a.save()
    client.post("/accounts/login/", {"username": "officer_a", "password": "secret-pass-123"})
    assert client.get("/").status_code == 302


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60


def test_password_change(client_for, officer_a):
    client = client_for(officer_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-moi-2026")


@pytest.mark.parametrize("url", ["/django-admin/"])
def test_django_admin_only_for_administrators(client_for, officer_a, administrator, url):
    officer_a.is_staff = True
    officer_a.save()
    assert client_for(officer_a).get(url).status_code == 302
    assert client_for(administrator).get(url).status_code == 200
