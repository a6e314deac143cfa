"""Shared fixtures. Data is made through the services, as users make it."""

import os

import pytest
from django.db import connection

from areas.loader import load_units
from areas.models import AdminUnit

from .factories import make_agency, make_person, make_user  # noqa: F401

PROVINCE = "92"
COMMUNE_A = "31135"  # Phường Ninh Kiều
COMMUNE_B = "31120"  # Phường Cái Khế


def pytest_sessionstart(session):
    if os.environ.get("REQUIRE_SERVICES") and not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        raise pytest.UsageError("REQUIRE_SERVICES is set but DATABASE_URL is not PostgreSQL.")


def pytest_collection_modifyitems(session, config, items):
    """Browser and integration tests flush the database (they need committed data), which
    drops the administrative units loaded once per session: run them last."""
    late = {"e2e", "integration"}
    items.sort(key=lambda item: any(m.name in late for m in item.iter_markers()))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo province's units, loaded once per test database."""
    with django_db_blocker.unblock():
        if os.environ.get("REQUIRE_SERVICES"):
            assert connection.vendor == "postgresql", "CI must run on PostgreSQL"
        load_units(province_codes=[PROVINCE])


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    """Tests run Celery tasks in-process, through this one fixture."""
    from config.celery_app import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _allowed_hosts(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


def _restore_migration_data():
    """Tests on a committed database (browser, integration) end with a flush that also
    empties what data migrations wrote (the legal terms): write it again when gone."""
    from importlib import import_module

    from django.apps import apps as django_apps

    from registry.models import LegalTerm

    if not LegalTerm.objects.exists():
        import_module("registry.migrations.0011_load_legal_terms").load(django_apps, None)
    if not LegalTerm.objects.filter(measure__startswith="rehab_").exists():
        import_module("registry.migrations.0017_rehab_measures").load(django_apps, None)
    if not LegalTerm.objects.filter(measure="education_at_commune").exists():
        import_module("rehab.migrations.0009_load_education_term").load(django_apps, None)
    from common.models import Holiday
    from rehab.models import StageDeadline

    if not Holiday.objects.exists():
        import_module("common.migrations.0002_load_holidays").load(django_apps, None)
    if not StageDeadline.objects.exists():
        import_module("rehab.migrations.0005_load_stage_deadlines").load(django_apps, None)
    # The national commune-classification thresholds (loads only when missing).
    import_module("communes.migrations.0002_load_criteria").load(django_apps, None)


@pytest.fixture
def migration_data(db):
    """What the data migrations wrote, written again if a committed test's flush emptied it
    (for tests that need it without the units)."""
    _restore_migration_data()


@pytest.fixture
def units(db):
    """The demo province's current communes and the pre-2025 units mapped into it."""
    if not AdminUnit.objects.filter(path=PROVINCE).exists():
        load_units(province_codes=[PROVINCE])
    _restore_migration_data()
    return {
        "province": AdminUnit.objects.get(path=PROVINCE),
        "a": AdminUnit.objects.get(path=f"{PROVINCE}.{COMMUNE_A}"),
        "b": AdminUnit.objects.get(path=f"{PROVINCE}.{COMMUNE_B}"),
    }


@pytest.fixture
def officer_a(units):
    return make_user("officer_a", "commune_officer", units["a"])


@pytest.fixture
def officer_b(units):
    return make_user("officer_b", "commune_officer", units["b"])


@pytest.fixture
def pc04(units):
    return make_user("pc04_user", "provincial_police", units["province"])


@pytest.fixture
def reader(units):
    return make_user("reader", "reader", units["province"])


@pytest.fixture
def administrator(units):
    return make_user("admin_user", "admin", units["province"], is_staff=True)


@pytest.fixture
def health(units):
    agency = make_agency("Sở Y tế", "department", "health", units["province"])
    return make_user("health_user", "department", units["province"], agency=agency)


@pytest.fixture
def person_a(officer_a, units):
    return make_person(officer_a, units["a"], full_name="Nguyễn Văn Đức", national_id="")


@pytest.fixture
def person_b(officer_b, units):
    return make_person(officer_b, units["b"], full_name="Trần Thị Bích", sex="F")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client logged in as that user."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login
