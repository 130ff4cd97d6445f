# jvtracker: `make run` serves the map on http://127.0.0.1:8000; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# GIS libraries GeoDjango needs, SpatiaLite for the embedded default, gdal-bin for ogrinfo;
# libicu-dev, pkg-config and g++ build PyICU (FollowTheMoney needs it; PyPI has no wheel);
# gettext: msgfmt compiles the translations (compilemessages), xgettext/msgmerge update them.
SYSTEM_PACKAGES := gdal-bin libgdal32 libgeos-c1v5 libproj25 libsqlite3-mod-spatialite python3-venv binutils \
	libicu-dev pkg-config g++ gettext
PYTEST_ARGS ?=

.PHONY: help
help:
	@echo "make run      install what is missing, migrate, load data, serve http://$(HOST):$(PORT)"
	@echo "make test     run the test suite (DATABASE_URL picks PostGIS; default SpatiaLite)"
	@echo "make lint     ruff check and format check"
	@echo "make lock     compile requirements*.txt into the hashed requirements*.lock (after editing them)"
	@echo "make makemessages  update the translation catalogs (ko, zh_Hans) after marking strings"
	@echo "make worker   Celery worker and beat against CELERY_BROKER_URL"
	@echo "make bench    benchmarks against PostGIS (BENCH_DATABASE_URL)"
	@echo "make backup / make restore BACKUP=path"

.PHONY: system-deps
system-deps:
	@bash scripts/install_system_deps.sh $(SYSTEM_PACKAGES)

$(PY):
	@bash scripts/make_venv.sh $(VENV)

# The venv installs the lock (every package pinned, with hashes), never requirements*.txt directly.
$(VENV)/.installed: requirements.lock requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@touch $@

# requirements*.txt changed but `make lock` was not run: stop rather than install an old lock.
.PHONY: lock-check
lock-check:
	@bash scripts/lock.sh --check

# The map's front-end libraries (package.json, pinned with integrity hashes in package-lock.json),
# served from node_modules (STATICFILES_DIRS). Node/npm come from Debian when missing.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/install_system_deps.sh nodejs npm
	npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

.PHONY: venv
venv: system-deps lock-check $(VENV)/.installed node_modules/.installed messages

# The translations (locale/ and projects/locale/, .po in the repository) compiled into the .mo files
# Django reads; .mo files are not committed. msgfmt skips nothing, but the catalogs are small (<1 s).
.PHONY: messages
messages: | $(PY)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=staticfiles -v 0

# After marking new strings: update both catalogs (ko, zh_Hans), then translate the new entries.
.PHONY: makemessages
makemessages: | $(PY)
	bash scripts/makemessages.sh root
	bash scripts/makemessages.sh app

# After editing requirements*.txt: compile requirements*.lock (pinned, hashed) and commit them.
# Existing pins are kept where they still fit; `make lock LOCK_ARGS=--upgrade` takes the newest.
UV_VERSION := $(shell sed -n 's/^uv==//p' requirements-dev.txt)
LOCK_ARGS ?=
.PHONY: lock
lock: | $(PY)
	@$(VENV)/bin/uv --version 2>/dev/null | grep -qxF "uv $(UV_VERSION)" \
		|| $(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	bash scripts/lock.sh $(VENV)/bin/uv $(LOCK_ARGS)

.PHONY: setup
setup: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_geo
	$(MANAGE) load_demo
	$(MANAGE) load_reference

.PHONY: run
run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: test
test: venv
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

.PHONY: lint
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

.PHONY: worker
worker: venv
	$(VENV)/bin/celery -A jvtracker worker --beat --loglevel=INFO --concurrency=2

.PHONY: bench
bench: venv
	$(PY) -m bench

.PHONY: backup
backup: venv
	$(MANAGE) backup $(if $(BACKUP),--output $(BACKUP),)

.PHONY: restore
restore: venv
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/jvtracker-....tar.gz"; exit 2; }
	$(MANAGE) restore $(BACKUP)
