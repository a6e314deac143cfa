import pytest


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read refusal messages by their English source."""
    settings.LANGUAGE_CODE = "en"
