# orgburo: `make demo` sets everything up and serves the demo; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Development and test runs use the development settings; production sets its own ORGBURO_* variables.
export ORGBURO_DEBUG ?= 1

.PHONY: screenshots demo test lint contracts types migrations test-sqlite test-postgres test-browser test-fuzz bench openapi messages clean browser fonts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# A TrueType font with Cyrillic for paper ballots (PDF); Debian's DejaVu, if no font is there.
fonts:
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq fonts-dejavu-core >/dev/null; fi; }

demo: $(STAMP) fonts
	$(BIN)/orgburo demo --scale gubernia $(DEMO_ARGS)

test: lint contracts types migrations test-sqlite test-postgres test-browser test-fuzz

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The layers of docs/architecture.md, as import-linter contracts in pyproject.toml.
contracts: $(STAMP)
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

migrations: $(STAMP)
	ORGBURO_DATABASE_URL=sqlite:///:memory: $(BIN)/orgburo makemigrations --check --dry-run

test-sqlite: $(STAMP) fonts
	ORGBURO_DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -m "not browser and not fuzz" -q

test-postgres: $(STAMP) fonts
	$(BIN)/python tests/pgcluster.py -- $(BIN)/pytest -m "not browser and not pure and not fuzz" -q

test-browser: $(STAMP) browser
	ORGBURO_DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -m browser -q

# Schemathesis against the live test server, as three personas (tests/test_api_fuzz.py).
test-fuzz: $(STAMP)
	ORGBURO_DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -m fuzz -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The pages in docs/screenshots/, in both languages, from a fresh demo in its own database.
screenshots: $(STAMP) browser fonts
	ORGBURO_DATABASE_URL=sqlite:///$(CURDIR)/var/screenshots.sqlite3 $(BIN)/orgburo screenshots --out docs/screenshots

openapi: $(STAMP)
	$(BIN)/orgburo export_openapi openapi.json

# Refresh the Russian catalogue after changing user-facing strings (needs gettext), then translate
# the new entries in the .po file and run this again to compile the .mo that is committed.
messages: $(STAMP)
	cd src/orgburo && PYTHONPATH=$(CURDIR)/src DJANGO_SETTINGS_MODULE=orgburo.settings \
	  $(CURDIR)/$(BIN)/django-admin makemessages -l ru -i "migrations/*"
	msgfmt -c --statistics -o src/orgburo/locale/ru/LC_MESSAGES/django.mo src/orgburo/locale/ru/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
