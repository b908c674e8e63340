# Corebill: `make run` serves the dashboard on SQLite; `make test` passes the whole suite.
# Both set everything up first (system libraries, virtualenv, packages, migrations).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core python3-venv
TEST_PACKAGES := $(RUN_PACKAGES) chromium
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test setup system-run system-test db-upgrade clean

# The web server and one background worker (reminders; docs/production.md runs them apart).
# The worker stops with the server (Ctrl-C, or the server exiting).
run: system-run setup db-upgrade
	@$(BIN)/huey_consumer app.jobs.tasks.huey --workers 2 --worker-type thread & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: system-test setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

db-upgrade: setup
	$(BIN)/flask db upgrade

system-run:
	@sh scripts/system-packages.sh $(RUN_PACKAGES)

system-test:
	@sh scripts/system-packages.sh $(TEST_PACKAGES)

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache
