"""Celery's settings: every CELERY_* name is one Celery knows (a misspelt name is silently
ignored), and tasks run in-process exactly when no broker is configured."""

import ast
import json
import os
import subprocess
import sys

import pytest
from celery.app.defaults import DEFAULTS
from django.conf import settings

from config.settings.base import BASE_DIR

# 'task_always_eager', 'broker_url', 'beat_schedule', ...: what `namespace="CELERY"` maps to.
# DEFAULTS is already flat; `flatten(DEFAULTS)` would drop the settings whose default is a dict
# (beat_schedule, task_routes...), as if they were namespaces.
KNOWN = frozenset(DEFAULTS)
SETTINGS_DIR = BASE_DIR / "config" / "settings"


def celery_key(name: str) -> str:
    """CELERY_TASK_ALWAYS_EAGER -> task_always_eager, as `config_from_object` reads it."""
    return name.removeprefix("CELERY_").lower()


def test_the_mapping_matches_celerys_own_names():
    assert celery_key("CELERY_TASK_ALWAYS_EAGER") == "task_always_eager"
    assert {"task_always_eager", "broker_url", "result_backend", "beat_schedule"} <= KNOWN
    assert celery_key("CELERY_TASK_ALWAYS_EAGRE") not in KNOWN


def test_every_celery_setting_is_one_celery_knows():
    names = sorted(name for name in dir(settings) if name.startswith("CELERY_"))
    assert "CELERY_BROKER_URL" in names and "CELERY_BEAT_SCHEDULE" in names
    unknown = [name for name in names if celery_key(name) not in KNOWN]
    assert not unknown, f"Celery does not know these settings: {unknown}"


def test_every_settings_module_names_only_known_celery_settings():
    """Also the modules the tests do not load (local, production)."""
    assigned = set()
    for path in SETTINGS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                targets = [node.target]
            assigned |= {
                (path.name, t.id)
                for t in targets
                if isinstance(t, ast.Name) and t.id.startswith("CELERY_")
            }
    assert assigned, "no CELERY_* setting found: is the settings folder still config/settings?"
    unknown = sorted((module, name) for module, name in assigned if celery_key(name) not in KNOWN)
    assert not unknown, f"Celery does not know these settings: {unknown}"


# Evaluates a settings module in a fresh interpreter whose environment the test controls
# (and without reading a developer's .env file).
PROBE = """
import importlib, json, sys
import environ
environ.Env.read_env = staticmethod(lambda *args, **kwargs: None)
s = importlib.import_module(sys.argv[1])
print(json.dumps({
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL,
    "backend": s.CELERY_RESULT_BACKEND,
}))
"""
CONTROLLED = (
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_SETTINGS_MODULE",
)
PRODUCTION_REQUIRED = {
    "SECRET_KEY": "probe-secret",
    "DATABASE_URL": "postgres://probe@127.0.0.1:5432/probe",
    "ALLOWED_HOSTS": "probe.example",
}


def evaluate(module: str, **variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    env.update(variables)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("variables", "eager"),
    [
        ({}, True),
        ({"REDIS_URL": "", "CELERY_BROKER_URL": ""}, True),
        ({"REDIS_URL": "redis://redis:6379/0"}, False),
        ({"CELERY_BROKER_URL": "redis://broker:6379/1"}, False),
        ({"REDIS_URL": "redis://redis:6379/0", "CELERY_BROKER_URL": "redis://b:6379/1"}, False),
    ],
    ids=["nothing", "empty", "redis-url", "broker-url", "both"],
)
def test_tasks_run_in_process_exactly_when_no_broker_is_configured(variables, eager):
    result = evaluate("config.settings.base", **variables)
    assert result["eager"] is eager
    assert bool(result["broker"]) is not eager


def test_the_broker_and_results_default_to_redis_url():
    result = evaluate("config.settings.base", REDIS_URL="redis://redis:6379/0")
    assert result["broker"] == "redis://redis:6379/0"
    assert result["backend"] == "redis://redis:6379/0"


def test_production_follows_the_same_rule():
    assert evaluate("config.settings.production", **PRODUCTION_REQUIRED)["eager"] is True
    with_redis = evaluate(
        "config.settings.production", REDIS_URL="redis://redis:6379/0", **PRODUCTION_REQUIRED
    )
    assert with_redis["eager"] is False
