# Skab Sammen. `make run` starts the platform with the Gentofte demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test processes; the browser tests run in each.
TEST_WORKERS ?= 2
DEBIAN_PACKAGES := msgfmt:gettext chromium:chromium pdftotext:poppler-utils \
	libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
	/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core

.PHONY: install run test test-fast bench lint format lock messages demo signin clean

install: $(VENV)/.installed node_modules/.installed skabsammen/locale/da/LC_MESSAGES/django.mo

debian-packages:
	@scripts/ensure-debian-packages $(DEBIAN_PACKAGES)

$(VENV)/.installed: requirements.lock | debian-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

skabsammen/locale/%/LC_MESSAGES/django.mo: skabsammen/locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	cd skabsammen && ../$(BIN)/python ../manage.py compilemessages --verbosity 0

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-true} EMAIL_URL=$${EMAIL_URL:-consolemail://} \
		SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} \
		$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

signin: install
	$(BIN)/python manage.py signin_link $(EMAIL)

test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest -n $(TEST_WORKERS) -q

test-fast: install
	$(BIN)/pytest -q -m "not browser"

bench: install
	$(BIN)/python bench/run.py

# Minutes PDF/DOCX rendering and the Aarhus import (~2 min on a quiet machine).
.PHONY: bench-committees
bench-committees: install
	$(BIN)/python bench/committees.py

# 10,000 invitations to a local SMTP server by one worker, and with the worker killed midway.
.PHONY: bench-outreach
bench-outreach: install
	$(BIN)/python bench/outreach.py --term-runs 2 --kill-runs 6

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock file after changing pyproject.toml (needs the network).
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--universal --quiet -o requirements.lock

# Refresh the message catalogues after changing user-facing strings.
messages: install
	cd skabsammen && ../$(BIN)/python ../manage.py makemessages --locale da --no-obsolete \
		--ignore 'node_modules/*' --ignore '*/tests/*'
	cd skabsammen && ../$(BIN)/python ../manage.py compilemessages --verbosity 0

clean:
	rm -rf $(VENV) node_modules var/static
