# The whole set-up is two commands:
#   make run    serve the portal on SQLite at http://127.0.0.1:8000 with the seed plan loaded
#   make test   install what the tests need and run the whole suite
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
# The suite runs in this many processes (pytest-xdist), one per core by default.
TEST_WORKERS ?= auto
BIN := $(VENV)/bin

.PHONY: run test lint check-python backup restore

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CSP Portal needs Python 3.11 or newer; set PYTHON=python3.11 or similar.")'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit --quiet --recursive accounts actionplan datastore demo figure_text partners periods performance spreadsheets web csp_portal --exclude '*/tests/*'

test: $(VENV)/.installed node_modules/.package-lock.json lint
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest --numprocesses $(TEST_WORKERS) --dist loadfile

# Backups work the same on SQLite and PostgreSQL (whatever DATABASE_URL points at).
#   make backup                      writes backups/csp-portal-<date-time>.json
#   make restore BACKUP=file.json    into an empty database (add REPLACE=1 to empty it first)
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup_data --output backups/csp-portal-$$(date +%Y%m%d-%H%M%S).json

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/file.json"; exit 2; }
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py restore_data "$(BACKUP)" $(if $(REPLACE),--replace,)
