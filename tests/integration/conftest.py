"""The processes of docker-compose.yml, run directly (no Docker engine needed): gunicorn with the
production settings, a Celery worker and Celery beat, against PostgreSQL (the pytest-django test
database) and Redis (REDIS_URL).

Without PostgreSQL or Redis these tests skip, saying why; with REQUIRE_SERVICES set (CI) they
fail instead. Every process runs in its own process group, is stopped in the fixture's teardown,
and every wait is bounded."""

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from config.settings.base import BASE_DIR

from .processes import (
    NOT_INHERITED,
    Process,
    Web,
    answers,
    celery,
    free_ports,
    gunicorn,
    require,
    running,
)

UNREACHABLE_DATABASE = "postgres://postgres@127.0.0.1:1/unreachable"


def _database_url(settings_dict: dict) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = settings_dict["PASSWORD"] or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(settings_dict["HOST"] or "localhost", safe="")
    port = settings_dict["PORT"] or "5432"
    name = quote(settings_dict["NAME"], safe="")
    return f"postgres://{auth}@{host}:{port}/{name}"


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        require("REDIS_URL is not set: the integration tests need Redis")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        error = exc
    else:
        return url
    require(f"Redis (REDIS_URL) does not answer: {error}")


@pytest.fixture(scope="session")
def database_url(django_db_setup) -> str:
    """The pytest-django test database, which the processes share with the tests."""
    if connection.vendor != "postgresql":
        require(f"the integration tests need PostgreSQL (DATABASE_URL), not {connection.vendor}")
    return _database_url(connection.settings_dict)


@pytest.fixture(scope="session")
def stack_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="session")
def stack_env(database_url, redis_url, stack_dir) -> dict[str, str]:
    """The environment docker-compose.yml gives web, worker and beat."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=f"integration-{uuid.uuid4().hex}",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(stack_dir / "static"),
        PRIVATE_MEDIA_ROOT=str(stack_dir / "private"),
        MEDIA_ROOT=str(stack_dir / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def static_root(stack_env) -> Path:
    env = {**stack_env, "DJANGO_SETTINGS_MODULE": "tests.integration.static_settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"collectstatic failed:\n{done.stdout}\n{done.stderr}"
    root = Path(stack_env["STATIC_ROOT"])
    assert (root / "staticfiles.json").is_file()
    return root


@dataclass
class Stack:
    web: Web
    web_without_database: Web
    worker_queue: str
    worker: Process
    beat: Process


@pytest.fixture(scope="session")
def stack(stack_env, static_root, stack_dir, redis_url) -> Iterator[Stack]:
    """Like `docker compose up`: web, worker and beat started at once, then each waited for.
    Also a second web whose database does not answer. The worker consumes a queue of its own,
    so it takes nothing from, and leaves nothing to, anyone else on the same Redis."""
    web_port, lost_port = free_ports(2)
    queue = f"integration-{uuid.uuid4().hex[:12]}"
    worker_args = celery(
        "worker",
        "--pool=solo",
        f"--queues={queue}",
        f"--hostname={queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    )
    beat_args = celery(
        "beat", "--loglevel=DEBUG", f"--schedule={stack_dir / 'celerybeat-schedule'}"
    )
    without_database = {**stack_env, "DATABASE_URL": UNREACHABLE_DATABASE}

    with contextlib.ExitStack() as processes:

        def start(name: str, args: list[str], env: dict[str, str]) -> Process:
            log = stack_dir / f"{name.replace(' ', '-')}.log"
            return processes.enter_context(running(name, args, env, log))

        web = start("gunicorn", gunicorn(web_port), stack_env)
        lost = start("gunicorn without database", gunicorn(lost_port), without_database)
        worker = start("celery worker", worker_args, stack_env)
        beat = start("celery beat", beat_args, stack_env)

        web.wait_for(lambda: answers(web_port), "answer on /healthz")
        lost.wait_for(lambda: answers(lost_port), "answer on /healthz")
        worker.wait_for(lambda: " ready." in worker.output(), "'ready.' in its log")
        yield Stack(Web(web_port, web), Web(lost_port, lost), queue, worker, beat)

    forget_queue(redis_url, queue)


def forget_queue(redis_url: str, queue: str):
    """The queue and the bindings kombu keeps for it in Redis (the name is unique to this run)."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    keys = list(client.scan_iter(match=f"*{queue}*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="session")
def celery_client(redis_url):
    """Sends tasks by name to the real worker (the tests' own app runs tasks eagerly)."""
    from celery import Celery

    app = Celery("integration-client", broker=redis_url, backend=redis_url, set_as_current=False)
    app.conf.broker_connection_retry_on_startup = True
    try:
        yield app
    finally:
        app.close()
