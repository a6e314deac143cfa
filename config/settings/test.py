"""Tests: the same settings, fast hashing, eager tasks unless a test asks for a real worker."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
STORAGES["private"]["OPTIONS"]["location"] = BASE_DIR / "var" / "test-private"  # noqa: F405
AXES_FAILURE_LIMIT = 3
# Static files come from the finders; the (empty) collected root exists so that WhiteNoise
# does not warn on every test.
WHITENOISE_USE_FINDERS = True
os.makedirs(str(STATIC_ROOT), exist_ok=True)  # noqa: F405
