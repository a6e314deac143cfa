# syntax=docker/dockerfile:1
# The production image. web (gunicorn), worker and beat (Celery) and the one-shot migrate all
# run it, with different commands: see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/data/private \
    MEDIA_ROOT=/data/media

# Pango and fonts for the PDF reports (WeasyPrint); gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*

# The same uv as the Makefile.
RUN pip install "uv==0.13.8"

WORKDIR /app

# The locked dependencies first, without the dev group: this layer changes only with uv.lock.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .

# Translations and static files are built into the image (the production settings need their
# variables to load; nothing here touches a database).
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 ALLOWED_HOSTS=localhost \
    sh -c "python manage.py compilemessages -v0 && python manage.py collectstatic --no-input -v0"

# Run as a user that can write only its data folders (volumes in docker-compose.yml).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /data/private /data/media \
    && chown -R app:app /data \
    && chmod 700 /data/private
USER app

EXPOSE 8000
# The access log leaves out query strings (%(U)s is the path only): searches may hold names.
CMD ["gunicorn", "config.wsgi", \
     "--bind=0.0.0.0:8000", \
     "--worker-tmp-dir=/dev/shm", \
     "--timeout=60", \
     "--graceful-timeout=30", \
     "--no-control-socket", \
     "--access-logfile=-", \
     "--access-logformat=%(h)s %(t)s \"%(m)s %(U)s %(H)s\" %(s)s %(B)s %(M)sms"]
