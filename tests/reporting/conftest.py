import pytest


@pytest.fixture(autouse=True)
def _build_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: run the build task (eager) at once
    instead of after the commit."""
    from reporting import services

    monkeypatch.setattr(services, "_after_commit", lambda callback: callback())


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """The built documents go to a temporary private storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read refusal messages by their English source; the Vietnamese catalogue
    is checked by tests/common/test_locale.py and the browser tests."""
    settings.LANGUAGE_CODE = "en"
