"""collectstatic for the integration tests: the production settings and the same manifest, without
WhiteNoise's gzip and brotli copies of every asset (about 40 s; the Docker image pays that once,
at build). gunicorn then serves these files with the unchanged production settings."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
