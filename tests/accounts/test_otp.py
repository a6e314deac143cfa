"""Two-step login (django-otp TOTP): set-up, the code after the password, throttling, roles
that require it, the API and its token endpoint, and the administrator's reset."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.choices import ChangeAction
from accounts.models import ChangeLog

PASSWORD = "secret-pass-123"  # tests/factories.make_user's default
LOGIN = "/accounts/login/"
VERIFY = "/accounts/2fa/verify/"
SETUP = "/accounts/2fa/"
TOKEN = "/api/v1/auth/token/"
PERSONS_API = "/api/v1/persons/"


def code(device) -> str:
    """The code the user's app shows now. A code is accepted once per time step (django-otp
    keeps the last step used): forget it, as if the user waited for the next code."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def wrong(device) -> str:
    return f"{(int(code(device)) + 1) % 10**6:06d}"


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator app, set up through the services as the user does."""
    pending = services.otp_setup_start(actor=user)
    return services.otp_setup_confirm(actor=user, token=code(pending), name="Phone")


def password_step(client, user, next_url=None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def failures(device) -> int:
    device.refresh_from_db()
    return device.throttling_failure_count


# Set-up


def test_enrolment_shows_secret_uri_and_inline_qr_then_confirms_with_a_code(client_for, pc04):
    client = client_for(pc04)
    page = client.get(SETUP)
    assert page.status_code == 200 and page.context["otp_device"] is None
    assert "pending" not in page.context

    assert client.post("/accounts/2fa/start/").status_code == 302
    page = client.get(SETUP)
    pending = page.context["pending"]
    assert not pending.confirmed
    html = page.content.decode()
    assert page.context["secret"].replace(" ", "") in html
    assert page.context["otpauth_uri"].startswith("otpauth://totp/")
    assert "secret=" in page.context["otpauth_uri"] and "issuer=" in page.context["otpauth_uri"]
    assert "<svg" in html and "<img" not in html  # rendered on the server, nothing fetched

    # A wrong first code does not confirm it; the key stays on the page.
    response = client.post("/accounts/2fa/confirm/", {"otp_token": wrong(pending)})
    assert response.status_code == 400 and response.context["confirm_form"].errors["otp_token"]
    assert "<svg" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.confirmed

    TOTPDevice.objects.filter(pk=pending.pk).update(throttling_failure_timestamp=None)
    Token.objects.create(user=pc04)  # issued with the password alone, before the set-up
    response = client.post(
        "/accounts/2fa/confirm/", {"otp_token": code(pending), "name": "Điện thoại"}
    )
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=pc04)
    assert device.confirmed and device.name == "Điện thoại"
    assert not Token.objects.filter(user=pc04).exists()
    assert ChangeLog.objects.filter(
        action=ChangeAction.OTP_ENABLE, record_type="user", record_id=str(pc04.pk)
    ).exists()
    # The session that confirmed is verified; the page shows the device, not the key.
    assert client.get("/people/").status_code == 200
    page = client.get(SETUP)
    assert page.context["otp_device"] == device and "pending" not in page.context
    assert device.key not in page.content.decode()


def test_commune_officer_may_enrol_and_cannot_start_a_second_device(client_for, officer_a):
    enrol(officer_a)
    client = client_for(officer_a)
    client.post("/accounts/2fa/start/")
    assert TOTPDevice.objects.filter(user=officer_a).count() == 1


def test_cancel_drops_the_unfinished_set_up(client_for, officer_a):
    client = client_for(officer_a)
    client.post("/accounts/2fa/start/")
    assert TOTPDevice.objects.filter(user=officer_a, confirmed=False).exists()
    client.post("/accounts/2fa/cancel/")
    assert not TOTPDevice.objects.filter(user=officer_a).exists()


def test_removing_the_device_needs_a_current_code(client, pc04):
    device = enrol(pc04)
    password_step(client, pc04)
    client.post(VERIFY, {"otp_token": code(device)})

    response = client.post("/accounts/2fa/remove/", {"otp_token": wrong(device)})
    assert response.status_code == 400 and response.context["remove_form"].errors["otp_token"]
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/accounts/2fa/remove/", {"otp_token": code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=pc04).exists()
    assert ChangeLog.objects.filter(action=ChangeAction.OTP_REMOVE, record_id=str(pc04.pk)).exists()


# Login


def test_login_without_a_device_needs_no_code(client, officer_a):
    response = password_step(client, officer_a)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/people/").status_code == 200


def test_login_with_a_device_asks_for_the_code_before_anything_else(client, officer_a, person_a):
    device = enrol(officer_a)
    response = password_step(client, officer_a, next_url="/people/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fpeople%2F"

    # Authenticated, not verified: every page leads to the code page.
    for url in ("/", "/people/", person_a.get_absolute_url(), "/accounts/password/", SETUP):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    assert client.post("/people/new/", {}).status_code == 302
    page = client.get(VERIFY + "?next=/people/")
    assert page.status_code == 200 and "nav" not in page.context  # no section to open yet

    # A wrong code is refused, and counted.
    response = client.post(VERIFY, {"otp_token": wrong(device), "next": "/people/"})
    assert response.status_code == 400 and response.context["form"].errors["otp_token"]
    assert failures(device) == 1
    assert client.get("/people/").status_code == 302
    response = client.post(VERIFY, {"otp_token": "12ab", "next": "/people/"})
    assert response.status_code == 400 and response.context["form"].errors["otp_token"]

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    session_key = client.session.session_key
    response = client.post(VERIFY, {"otp_token": code(device), "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.session.session_key != session_key  # a new session key once verified
    assert failures(device) == 0
    assert client.get("/people/").status_code == 200
    assert client.get(person_a.get_absolute_url()).status_code == 200


def test_provincial_roles_are_reminded_to_set_it_up(client, pc04, officer_a):
    password_step(client, pc04)
    assert SETUP in client.get("/").content.decode()
    client.post("/accounts/logout/")
    password_step(client, officer_a)
    assert SETUP not in client.get("/").content.decode()


def test_the_code_page_sends_nowhere_outside_the_site(client, officer_a):
    device = enrol(officer_a)
    password_step(client, officer_a)
    response = client.post(VERIFY, {"otp_token": code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_code_page_ignores_a_next_that_is_not_a_path(client, officer_a):
    """A bare word as `next` was taken by `redirect` for a URL name: a 500."""
    device = enrol(officer_a)
    password_step(client, officer_a)
    response = client.post(VERIFY, {"otp_token": code(device), "next": "-1"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(VERIFY, {"next": "nope"})["Location"] == "/"


def test_htmx_requests_are_redirected_by_header(client, officer_a):
    enrol(officer_a)
    password_step(client, officer_a)
    response = client.get("/people/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(VERIFY)


def test_logout_stays_open_before_the_code(client, officer_a):
    enrol(officer_a)
    password_step(client, officer_a)
    client.post("/accounts/logout/")
    response = client.get("/people/")
    assert response["Location"].startswith(LOGIN)


def test_wrong_codes_are_throttled_and_the_page_says_so(client, officer_a):
    device = enrol(officer_a)
    password_step(client, officer_a)
    with translation.override("en"):
        response = client.post(VERIFY, {"otp_token": wrong(device)})
        assert failures(device) == 1
        assert "Wrong code" in response.context["form"].errors["otp_token"][0]

        # While throttled even the right code is refused, and the page says how long to wait.
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
        )
        response = client.post(VERIFY, {"otp_token": code(device)})
        assert response.status_code == 400
        message = response.context["form"].errors["otp_token"][0]
        assert "Too many wrong codes" in message and "seconds" in message
        assert message in response.content.decode()
    assert client.get("/people/").status_code == 302

    # Once the wait is over, the right code is accepted.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302
    assert client.get("/people/").status_code == 200


# Roles that require it


def test_required_roles_are_sent_to_the_set_up_page_until_enrolled(client, settings, pc04):
    settings.OTP_REQUIRED_ROLES = ["provincial_police", "admin"]
    response = password_step(client, pc04)
    assert response.status_code == 302 and response["Location"] == SETUP
    for url in ("/", "/people/", "/accounts/password/", VERIFY):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == SETUP, url
    assert client.get(PERSONS_API).status_code in (401, 403)

    client.post("/accounts/2fa/start/")
    pending = TOTPDevice.objects.get(user=pc04)
    response = client.post("/accounts/2fa/confirm/", {"otp_token": code(pending)})
    assert response.status_code == 302
    assert client.get("/people/").status_code == 200


def test_roles_not_required_log_in_as_before(client, settings, officer_a):
    settings.OTP_REQUIRED_ROLES = ["provincial_police"]
    assert password_step(client, officer_a)["Location"] == "/"
    assert client.get("/people/").status_code == 200


def test_required_role_without_device_gets_no_token_and_old_tokens_stop(client, settings, pc04):
    settings.OTP_REQUIRED_ROLES = ["provincial_police"]
    response = client.post(TOKEN, {"username": pc04.username, "password": PASSWORD})
    assert response.status_code == 400 and response.json()["non_field_errors"]
    token = Token.objects.create(user=pc04)
    response = client.get(PERSONS_API, headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 401


def test_unknown_required_role_fails_the_checks(settings):
    settings.OTP_REQUIRED_ROLES = ["provincial_polise"]
    with pytest.raises(SystemCheckError, match="provincial_polise"):
        call_command("check")


# The API


def test_unverified_session_cannot_use_the_api(client, officer_a, person_a):
    device = enrol(officer_a)
    password_step(client, officer_a)
    response = client.get(PERSONS_API)
    assert response.status_code in (401, 403)
    assert client.get(f"{PERSONS_API}{person_a.pk}/").status_code in (401, 403)
    assert client.get("/api/v1/schema/").status_code in (401, 403)

    client.post(VERIFY, {"otp_token": code(device)})
    assert client.get(PERSONS_API).json()["count"] == 1


def test_token_endpoint_asks_a_user_with_a_device_for_the_code(client, officer_a):
    device = enrol(officer_a)
    credentials = {"username": officer_a.username, "password": PASSWORD}

    response = client.post(TOKEN, credentials)
    assert response.status_code == 400 and "otp_token" in response.json()
    response = client.post(TOKEN, {**credentials, "otp_token": "abc"})
    assert response.status_code == 400 and "otp_token" in response.json()
    assert failures(device) == 0

    response = client.post(TOKEN, {**credentials, "otp_token": wrong(device)})
    assert response.status_code == 400 and "otp_token" in response.json()
    assert failures(device) == 1  # counted, although the request was refused
    # Throttled: the right code must wait too.
    response = client.post(TOKEN, {**credentials, "otp_token": code(device)})
    assert response.status_code == 400 and "otp_token" in response.json()
    assert not Token.objects.filter(user=officer_a).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(TOKEN, {**credentials, "otp_token": code(device)}, "application/json")
    assert response.status_code == 200
    key = response.json()["token"]
    client.logout()
    response = client.get(PERSONS_API, headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200


def test_token_endpoint_still_refuses_a_wrong_password(client, officer_a):
    enrol(officer_a)
    response = client.post(TOKEN, {"username": officer_a.username, "password": "nope"})
    assert response.status_code == 400 and response.json()["non_field_errors"]


def test_token_endpoint_keeps_the_count_of_wrong_passwords(client, settings, officer_a):
    """Refusals are answered, not raised, so django-axes's count survives the request."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN, {"username": officer_a.username, "password": "nope"})
    response = client.post(TOKEN, {"username": officer_a.username, "password": PASSWORD})
    assert response.status_code != 200 and "token" not in response.json()


def test_schema_documents_the_code_of_the_token_endpoint(client_for, administrator):
    schema = client_for(administrator).get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert {"username", "password", "otp_token"} <= set(fields)


# The administrator's reset


def test_administrator_resets_a_lost_device(client_for, client, administrator, officer_a):
    device = enrol(officer_a)
    Token.objects.create(user=officer_a)
    admin_client = client_for(administrator)

    page = admin_client.get(reverse("accounts:user_update", args=[officer_a.pk]))
    assert page.context["otp_device"] == device
    assert reverse("accounts:user_otp_reset", args=[officer_a.pk]) in page.content.decode()
    url = reverse("accounts:user_otp_reset", args=[officer_a.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    assert not Token.objects.filter(user=officer_a).exists()
    entry = ChangeLog.objects.get(action=ChangeAction.OTP_RESET, record_id=str(officer_a.pk))
    assert entry.user == administrator and entry.before == {"otp_device": "Phone"}

    # The user logs in with the password alone again.
    admin_client.logout()
    assert password_step(client, officer_a)["Location"] == "/"
    assert client.get("/people/").status_code == 200


def test_only_administrators_reset(client_for, officer_a, pc04):
    enrol(officer_a)
    url = reverse("accounts:user_otp_reset", args=[officer_a.pk])
    client = client_for(pc04)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=officer_a).exists()


def test_reset_of_a_user_without_device_changes_nothing(client_for, administrator, officer_a):
    response = client_for(administrator).post(
        reverse("accounts:user_otp_reset", args=[officer_a.pk])
    )
    assert response.status_code == 302
    assert not ChangeLog.objects.filter(action=ChangeAction.OTP_RESET).exists()


def test_django_admin_does_not_show_the_devices(client_for, administrator):
    enrol(administrator)
    client = client_for(administrator)
    # A session logged in with a device is verified only after the code: force it here.
    device = TOTPDevice.objects.get(user=administrator)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/otp_totp/totpdevice/").status_code == 404
