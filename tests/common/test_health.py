"""/healthz: anonymous, JSON, 200 while the database answers and 503 when it does not."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from common.tasks import HEARTBEAT_KEY, heartbeat

FIELDS = {"status", "database", "redis", "worker"}
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def no_redis(settings):
    settings.REDIS_URL = ""
    return settings


@pytest.fixture
def worker_settings(settings):
    """A real broker is configured (not eager), the heartbeat kept in a private cache."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "health-tests",
        }
    }
    return settings


def test_anonymous_get_answers_json_with_every_field(client, db, no_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert set(body) == FIELDS
    assert body["status"] == "ok"
    assert body["database"] == "ok"


def test_only_get_is_answered(client, db):
    assert client.post("/healthz").status_code == 405


def test_503_when_the_database_check_fails(client, db, no_redis):
    with mock.patch("common.views._database_ok", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert set(body) == FIELDS
    assert body["status"] == "error"
    assert body["database"] == "error"


def test_503_json_not_an_error_page_when_no_connection_can_be_made(client, db, no_redis):
    """Requests are atomic (ATOMIC_REQUESTS): the health check must not depend on opening that
    transaction, or a dead database gives a 500 page instead of this answer."""
    refused = OperationalError("connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error",
        "redis": "not configured",
        "worker": "in-process",
    }


def test_redis_not_configured_without_redis_url(client, db, no_redis):
    assert client.get("/healthz").json()["redis"] == "not configured"


def test_redis_error_for_an_unreachable_server_and_quickly(client, db, settings):
    settings.REDIS_URL = UNREACHABLE_REDIS
    started = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 200, "Redis down is reported, the web still answers"
    assert response.json()["redis"] == "error"
    assert time.monotonic() - started < 5


def test_worker_in_process_when_tasks_are_eager(client, db, no_redis):
    assert client.get("/healthz").json()["worker"] == "in-process"


def test_worker_unknown_until_a_heartbeat_then_ok(client, db, no_redis, worker_settings):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    assert client.get("/healthz").json()["worker"] == "unknown"
    heartbeat()
    assert client.get("/healthz").json()["worker"] == "ok"


def test_worker_stale_after_an_old_heartbeat(client, db, no_redis, worker_settings):
    from django.core.cache import cache

    cache.set(HEARTBEAT_KEY, (timezone.now() - timedelta(hours=1)).isoformat())
    assert client.get("/healthz").json()["worker"] == "stale"
