"""The production stack run for real: gunicorn (config.settings.production), a Celery worker and
Celery beat, PostgreSQL and Redis. conftest.py starts them; processes.py says how they are run
and stopped."""

import json
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache.backends.redis import RedisCache

from common.tasks import HEARTBEAT_KEY

from .processes import ON_POSTGRES, REQUIRE_SERVICES

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not ON_POSTGRES and not REQUIRE_SERVICES,
        reason="the integration tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]

TASK_TIMEOUT = 20


def health(web) -> dict:
    response = web.get("/healthz")
    assert response.headers["Content-Type"] == "application/json", response.text
    return {"http": response.status, **json.loads(response.body)}


def test_beat_starts_with_the_heartbeat_scheduled(stack):
    beat = stack.beat
    try:
        beat.wait_for(lambda: "Current schedule:" in beat.output(), "schedule in its log")
        schedule = beat.output().split("Current schedule:", 1)[1]
        assert "record-heartbeat common.tasks.heartbeat()" in schedule, beat.tail()
        assert "<crontab: */5 * * * *" in schedule, beat.tail()
        assert beat.popen.poll() is None, f"beat stopped:\n{beat.tail()}"
    finally:
        beat.stop()  # briefly: it would send the heartbeat to the shared queue at */5


def test_healthz_answers_database_and_redis_ok(stack):
    body = health(stack.web)
    assert body["http"] == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["redis"] == "ok"
    assert body["worker"] in {"ok", "unknown", "stale"}, "with a broker, tasks are not in-process"


def test_healthz_says_503_when_the_database_does_not_answer(stack):
    body = health(stack.web_without_database)
    assert body["http"] == 503
    assert body["status"] == "error"
    assert body["database"] == "error"
    assert body["redis"] == "ok"


def test_an_anonymous_page_redirects_to_the_login(stack):
    response = stack.web.get("/people/")
    assert response.status == 302
    assert response.headers["Location"] == "/accounts/login/?next=/people/"


def test_the_login_page_is_served_with_its_hashed_css(stack):
    page = stack.web.get("/accounts/login/")
    assert page.status == 200, page.text[:2000]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    stylesheets = re.findall(r'href="(/static/[^"?#]+\.css)"', page.text)
    assert stylesheets, "the login page links no stylesheet"
    for href in stylesheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"{href} is not the manifest's name"
        css = stack.web.get(href)
        assert css.status == 200, href
        assert css.headers["Content-Type"].startswith("text/css"), href
        assert css.body.strip(), href
        # WhiteNoise lets browsers keep hashed files for good.
        assert "immutable" in css.headers.get("Cache-Control", ""), href


def test_the_unhashed_static_name_is_served_too(stack, static_root):
    response = stack.web.get("/static/css/app.css")
    assert response.status == 200
    assert response.body == (static_root / "css" / "app.css").read_bytes()


# The worker reads the database through its own connection: the rows must be committed.
@pytest.mark.django_db(transaction=True)
def test_a_worker_answers_from_the_same_database(stack, celery_client):
    Group.objects.bulk_create(Group(name=f"integration-{i}") for i in range(3))
    expected = Group.objects.count()

    pong = celery_client.send_task("common.tasks.ping", queue=stack.worker_queue)
    assert pong.get(timeout=TASK_TIMEOUT)["database"] is True

    counted = celery_client.send_task(
        "common.tasks.row_count", args=["auth.Group"], queue=stack.worker_queue
    )
    assert counted.get(timeout=TASK_TIMEOUT) == expected >= 3
    for result in (pong, counted):
        result.forget()


def test_a_heartbeat_through_the_worker_makes_healthz_report_the_worker_ok(
    stack, celery_client, redis_url
):
    # The cache web and worker share (production CACHES: RedisCache at REDIS_URL).
    RedisCache(redis_url, {}).delete(HEARTBEAT_KEY)
    assert health(stack.web)["worker"] == "unknown"

    celery_client.send_task("common.tasks.heartbeat", queue=stack.worker_queue)
    deadline = time.monotonic() + TASK_TIMEOUT
    while (state := health(stack.web)["worker"]) != "ok" and time.monotonic() < deadline:
        time.sleep(0.3)
    assert state == "ok", stack.worker.tail()
