import pytest

from accounts.models import ChangeLog, User


def _create(client, units, **extra):
    data = {
        "username": "moi",
        "first_name": "Hùng",
        "last_name": "Nguyễn Văn",
        "role": "commune_officer",
        "scope_unit": units["a"].pk,
        "password": "Mot-mat-khau-2026",
        **extra,
    }
    return client.post("/accounts/users/new/", data)


def test_administrator_creates_a_user(client_for, administrator, units, client):
    response = _create(client_for(administrator), units)
    assert response.status_code == 302
    user = User.objects.get(username="moi")
    assert user.scope_unit == units["a"] and user.check_password("Mot-mat-khau-2026")
    assert user.get_full_name() == "Nguyễn Văn Hùng"
    entry = ChangeLog.objects.get(record_type="user", action="create")
    assert "password" not in entry.after


def test_weak_password_is_refused_with_reason(client_for, administrator, units):
    response = _create(client_for(administrator), units, password="12345678")
    assert response.status_code == 400
    assert not User.objects.filter(username="moi").exists()


def test_deactivate_and_reset_password(client_for, administrator, officer_a):
    client = client_for(administrator)
    form = client.get(f"/accounts/users/{officer_a.pk}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "is_active"}
    response = client.post(f"/accounts/users/{officer_a.pk}/", data)
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    assert ChangeLog.objects.filter(action="deactivate", record_id=str(officer_a.pk)).exists()
    response = client.post(
        f"/accounts/users/{officer_a.pk}/password/",
        {"new_password1": "Mat-khau-khac-99", "new_password2": "Mat-khau-khac-99"},
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-khac-99")


def test_administrator_cannot_deactivate_self(client_for, administrator):
    client = client_for(administrator)
    form = client.get(f"/accounts/users/{administrator.pk}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "is_active"}
    response = client.post(f"/accounts/users/{administrator.pk}/", data)
    assert response.status_code == 400
    administrator.refresh_from_db()
    assert administrator.is_active


@pytest.mark.parametrize("fixture", ["officer_a", "pc04", "reader"])
def test_other_roles_cannot_manage_users(request, client_for, fixture, officer_b):
    client = client_for(request.getfixturevalue(fixture))
    assert client.get("/accounts/users/").status_code == 404
    assert client.get(f"/accounts/users/{officer_b.pk}/").status_code == 404
    assert client.get("/accounts/access-log/").status_code == 404


def test_user_list_filters(client_for, administrator, officer_a, officer_b):
    client = client_for(administrator)
    page = client.get("/accounts/users/", {"q": "officer_a"}).text
    assert "officer_a" in page and "officer_b" not in page
