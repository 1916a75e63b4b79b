# The two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export OPENLER_DATA_DIR ?= $(CURDIR)/.data

.PHONY: run test venv dev system-deps lint typecheck pytest docs clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OpenLER needs Python 3.11 or newer (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

## make run: install, migrate, seed the demo if the database is empty, serve on 127.0.0.1:8000
run: venv
	$(BIN)/openler db upgrade
	OPENLER_DEMO=true $(BIN)/openler demo --if-empty
	OPENLER_DEMO=true $(BIN)/openler serve

## make test: lint, type check, and the whole suite on SQLite and PostgreSQL, in a real browser
test: dev system-deps lint typecheck pytest

system-deps:
	@bash scripts/system-deps.sh

lint:
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest --cov=openler --cov-report=term:skip-covered -p no:cacheprovider

## docs: regenerate the settings table from the code
docs: venv
	$(BIN)/openler settings --markdown > docs/settings.md

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache .coverage
