"""docker-compose.yml and the Dockerfile stay in step with the settings: every variable the
settings read is set or documented there, and each service runs what it should. (No Docker here:
test_stack.py runs the same commands for real.)"""

import ast
import re

import pytest
import yaml

from config.settings.base import BASE_DIR

COMPOSE = BASE_DIR / "docker-compose.yml"
DOCKERFILE = BASE_DIR / "Dockerfile"
APP_SERVICES = ("migrate", "web", "worker", "beat")


def variables_the_settings_read() -> set[str]:
    """The first argument of every env(...), env.bool(...), env.db(...)... in config/settings."""
    names = set()
    for path in (BASE_DIR / "config" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
            )
            first = node.args[0]
            if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return names


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def command(service: dict) -> str:
    value = service.get("command", "")
    return " ".join(value) if isinstance(value, list) else value


def test_every_variable_the_settings_read_is_set_or_documented(compose):
    read = variables_the_settings_read()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"} <= read
    environment = compose["services"]["web"]["environment"]
    comments = "\n".join(
        line for line in COMPOSE.read_text(encoding="utf-8").splitlines() if "#" in line
    )
    missing = sorted(
        name for name in read if name not in environment and not re.search(rf"\b{name}\b", comments)
    )
    assert not missing, f"docker-compose.yml neither sets nor documents {missing}"


def test_the_app_services_run_the_production_settings_from_one_image(compose):
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "."
        assert service["image"] == services["web"]["image"]
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
        assert environment["REDIS_URL"].startswith("redis://redis:"), name
        assert "@db:5432/" in environment["DATABASE_URL"], name


def test_each_service_runs_its_process_after_the_migrations(compose):
    services = compose["services"]
    assert "manage.py migrate" in command(services["migrate"])
    assert "gunicorn config.wsgi" in " ".join(
        re.findall(r'"([^"]*)"', DOCKERFILE.read_text(encoding="utf-8").split("CMD", 1)[1])
    ), "web runs the image's CMD"
    assert command(services["worker"]).startswith("celery -A config worker")
    assert command(services["beat"]).startswith("celery -A config beat")
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]["migrate"]["condition"]
        assert after == "service_completed_successfully", name


def test_healthchecks_and_volumes(compose):
    services = compose["services"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    for name in ("db", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    assert "postgres-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    private = compose["services"]["web"]["environment"]["PRIVATE_MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert f"private-media:{private}" in services[name]["volumes"], name
    assert {"postgres-data", "private-media"} <= set(compose["volumes"])


def test_the_image_is_built_as_documented():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", text, re.M)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation2", "gettext"):
        assert package in text, package
    assert "UV_PROJECT_ENVIRONMENT=" in text
    assert "uv sync --locked" in text
    assert "compilemessages" in text
    users = re.findall(r"^USER (\S+)$", text, re.M)
    assert users and users[-1] not in {"root", "0"}, "the image runs as a non-root user"
    ignored = (BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".git", ".venv"} <= set(ignored), "secrets and local state stay out"
