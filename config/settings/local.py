"""The embedded default: SQLite (or DATABASE_URL), tasks in-process unless a broker is set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
# The development server serves static files itself (WhiteNoise from the finders).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
