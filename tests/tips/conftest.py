import pytest


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read refusal messages by their English source; the Vietnamese catalogue
    is checked by tests/common/test_locale.py and the browser tests."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The public form's counters live in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
