# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(VENV)
PORT ?= 8000

.PHONY: run test install system-deps-run system-deps-test messages lint checks pytest smoke bench serve

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(VENV)/bin/uv sync --locked --inexact --quiet
	@touch $@

install: $(VENV)/.installed

system-deps-run:
	@scripts/system-deps run

system-deps-test:
	@scripts/system-deps test

messages: install
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv -v0; fi

## make run: install, migrate, load units and the demo province, serve on 127.0.0.1:$(PORT)
run: system-deps-run install messages
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py load_units --if-empty
	@$(PY) manage.py seed_demo
	@$(PY) manage.py demo_logins --url http://127.0.0.1:$(PORT)
	@CELERY_TASK_ALWAYS_EAGER=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: lint, checks, and the whole suite (browser tests included)
test: system-deps-test install messages lint checks pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

checks: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

pytest: install
	$(VENV)/bin/pytest -n 2 --dist loadfile -q

## make smoke: the embedded default from nothing (fresh SQLite, units, demo, /healthz)
smoke: install messages
	@scripts/smoke

## make bench: benchmarks (PostgreSQL via DATABASE_URL recommended); see bench/README.md
bench: install messages
	$(PY) bench/run.py $(BENCH_ARGS)
