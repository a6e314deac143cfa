import pytest


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read refusal messages by their English source; the Vietnamese catalogue
    is checked by tests/common/test_locale.py and the browser tests."""
    settings.LANGUAGE_CODE = "en"
