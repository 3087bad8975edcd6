# motcua: `make demo` to try it, `make test` to check it. Works on a fresh Debian with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: runtime (gettext for translations; pango and fonts with Vietnamese glyphs for
# WeasyPrint PDFs) and test (a real browser for journeys; pdftotext and zbarimg to read PDFs back).
SYSTEM_RUNTIME := gettext fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
SYSTEM_TEST := chromium poppler-utils zbar-tools

.PHONY: install system system-test axe demo serve seed test test-fast lint format openapi messages clean trial trial-down trial-status

$(VENV)/.installed: requirements/dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

install: system $(VENV)/.installed

system:
	@missing=""; for p in $(SYSTEM_RUNTIME); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

system-test:
	@missing=""; for p in $(SYSTEM_TEST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

# axe-core (accessibility rules, pinned in package-lock.json) for the browser tests, from the npm registry;
# installed only when missing (`rm -rf node_modules` to refresh after a version bump). Test-only: never served.
axe:
	@test -f node_modules/axe-core/axe.min.js || { \
	  command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }; \
	  npm ci --no-audit --no-fund; }

seed: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

demo: seed serve

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

test: install system-test axe
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy motcua config

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

openapi: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --file openapi.yaml --validate

# The production set-up on this machine (PostgreSQL, Redis, S3 endpoint, 2 gunicorn workers, Celery
# worker and beat): docs/operator.md "Trial". Needs PostgreSQL and Redis running on 127.0.0.1.
trial: install
	deploy/trial.sh up

trial-down:
	deploy/trial.sh down

trial-status:
	deploy/trial.sh status

messages: install
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=var
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf var/motcua.sqlite3* var/test-media
