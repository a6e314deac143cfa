"""Running the processes of docker-compose.yml directly: each in its own process group, its
output in a log file, every wait bounded, always stopped (SIGTERM, then SIGKILL)."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from config.settings.base import BASE_DIR

REQUIRE_SERVICES = bool(os.environ.get("REQUIRE_SERVICES"))
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

START_TIMEOUT = 30  # seconds for a process to be ready
STOP_TIMEOUT = 10  # seconds for a process to exit after SIGTERM, before SIGKILL
HTTP_TIMEOUT = 10

# Variables of the developer's shell that would change what the processes do.
NOT_INHERITED = (
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CELERY_TASK_ALWAYS_EAGER",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "WEB_CONCURRENCY",
)


def require(reason: str):
    """Skip, or fail when the services are required."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES is set)", pytrace=False)
    pytest.skip(reason)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def http_get(port: int, path: str, timeout: float = HTTP_TIMEOUT) -> Response:
    """One GET to 127.0.0.1:port, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        conn.close()


class Process:
    """A command run in its own process group, its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.log_path = log
        self._log = log.open("wb")
        self.popen = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def wait_for(self, ready: Callable[[], bool], what: str, timeout: float = START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            if self.popen.poll() is not None:
                raise AssertionError(
                    f"{self.name} exited ({self.popen.returncode}) before {what}:\n{self.tail()}"
                )
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: no {what} within {timeout} s:\n{self.tail()}")

    def stop(self):
        """SIGTERM to the group (gunicorn's master and its workers), SIGKILL if it lingers."""
        if self._log.closed:
            return
        try:
            if self.popen.poll() is None:
                os.killpg(self.popen.pid, signal.SIGTERM)
                try:
                    self.popen.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                    self.popen.wait(STOP_TIMEOUT)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signal.SIGKILL)  # a child the leader left behind
        finally:
            self._log.close()


@contextlib.contextmanager
def running(name: str, args: list[str], env: dict[str, str], log: Path) -> Iterator[Process]:
    process = Process(name, args, env, log)
    try:
        yield process
    finally:
        process.stop()


@dataclass
class Web:
    port: int
    process: Process

    def get(self, path: str) -> Response:
        return http_get(self.port, path)


def answers(port: int) -> bool:
    try:
        http_get(port, "/healthz", timeout=2)
    except OSError:
        return False
    return True


def free_ports(count: int) -> list[int]:
    """Ports free on the loopback, all different (each socket is held until all are chosen)."""
    with contextlib.ExitStack() as held:
        socks = [
            held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            for _ in range(count)
        ]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]


def gunicorn(port: int) -> list[str]:
    """The `web` service's command (one worker is enough here)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--timeout=30",
        "--graceful-timeout=5",
        "--no-control-socket",  # else every gunicorn shares ~/.gunicorn/gunicorn.ctl
    ]


def celery(*args: str) -> list[str]:
    """`celery -A config ...`, as the `worker` and `beat` services run it."""
    return [sys.executable, "-m", "celery", "-A", "config", *args]
