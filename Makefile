# thidua: two commands on a fresh machine.
#   make run   — virtualenv, install, migrate, demo data, serve on http://127.0.0.1:8000 (SQLite)
#                another address: make run PORT=8123 HOST=0.0.0.0 (e-mail links follow: SITE_URL)
#   make test  — virtualenv, install, whole test suite (SQLite, or PostgreSQL with DATABASE_URL)
#   make reset-demo — delete the SQLite demo database and uploaded files (then make run again)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format bench bench-documents bench-appraisal clean browser messages check-system reset-demo

# The system packages the app needs, named before anything fails on them (Debian/Ubuntu names).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-liberation2
check-system:
	@missing=""; \
	command -v $(PYTHON) >/dev/null 2>&1 || missing="$$missing python3 (3.11+)"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm (Node.js 18+)"; \
	for lib in pango-1.0:libpango-1.0-0 pangoft2-1.0:libpangoft2-1.0-0 \
	           harfbuzz-subset:libharfbuzz-subset0 fontconfig:fontconfig; do \
	  $(PYTHON) -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('$${lib%%:*}'))" \
	    2>/dev/null || missing="$$missing $${lib#*:}"; \
	done; \
	if ! command -v fc-list >/dev/null 2>&1 || \
	   ! fc-list : family | grep -qiE 'Liberation Serif|Tinos'; then \
	  missing="$$missing fonts-liberation2 (Times-metric font for the PDFs)"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "Missing system packages:$$missing"; \
	  echo "Install them with:  sudo apt-get install $(SYSTEM_PACKAGES) nodejs npm"; \
	  exit 1; \
	fi

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed node_modules/.package-lock.json

# Links in e-mails point at the address the server listens on (an explicit SITE_URL wins).
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: check-system install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	@echo "thidua: http://$(HOST):$(PORT)/  (Ctrl+C to stop; make reset-demo to start afresh)"
	$(PY) manage.py runserver $(HOST):$(PORT)

reset-demo:
	@if [ -n "$$DATABASE_URL" ] && [ "$${DATABASE_URL#sqlite}" = "$$DATABASE_URL" ]; then \
	  echo "DATABASE_URL points at $$DATABASE_URL: drop and recreate that database yourself."; \
	  exit 1; fi
	rm -f db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm
	rm -rf media
	@echo "Demo data deleted; make run loads it again."

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

# Every figure beside its floor (bench/run: its own two PostgreSQL databases next to
# DATABASE_URL's, Redis, gunicorn, locust; docs/performance.md), then the seed plan through the
# document engine beside bare WeasyPrint (its own throwaway SQLite database).
bench: install
	bench/run
	$(PY) bench/documents.py

bench-documents: install
	$(PY) bench/documents.py

# The appraiser's pages at 100,000 nominees beside a minimal view, issue 9's code on the same data,
# and gunicorn under wrk (needs DATABASE_URL=postgres://… migrated, and `apt-get install -y wrk`).
bench-appraisal: install
	$(PY) bench/appraisal.py

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts db.sqlite3*
