# thidua: two commands on a fresh machine.
#   make run   — virtualenv, install, migrate, demo data, serve on http://127.0.0.1:8000 (SQLite)
#   make test  — virtualenv, install, whole test suite (SQLite, or PostgreSQL with DATABASE_URL)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format bench bench-documents clean browser messages

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed node_modules/.package-lock.json

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "thidua: http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

browser: install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Re-extract the Vietnamese msgids into every catalog under locale/ and recompile the .mo files
# (needs GNU gettext: apt-get install gettext). Commit both the .po and the .mo.
MESSAGE_IGNORES := --ignore ".venv/*" --ignore "node_modules/*" --ignore "tests/*" --ignore "bench/*"
messages: install
	$(PY) manage.py makemessages --all $(MESSAGE_IGNORES)
	$(PY) manage.py compilemessages --ignore ".venv/*" --ignore "node_modules/*"

# The appraisal inbox on generated data (needs DATABASE_URL: a migrated PostgreSQL database),
# then the document engine beside bare WeasyPrint (its own throwaway SQLite database).
bench: install
	$(PY) bench/inbox.py
	$(PY) bench/documents.py

bench-documents: install
	$(PY) bench/documents.py

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts db.sqlite3*
