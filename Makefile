# motcua: `make run` serves the app on SQLite with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint bench openapi system-deps test-system-deps migrate demo worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt -c constraints.txt
	touch $@

system-deps:
	scripts/install-system-deps.sh runtime

test-system-deps:
	scripts/install-system-deps.sh test

var:
	mkdir -p var

run: system-deps $(VENV)/.runtime | var
	scripts/run.sh

# The suite in two passes: everything but the browser tests on both cores (pytest-xdist, one
# database per worker), then the browser tests one at a time (each serves the app live).
# `make test PYTEST_ARGS=path/or/-k` runs just that, in one pass.
test: test-system-deps $(VENV)/.dev | var
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/python -m pytest -n 2 -m "not browser"
	$(BIN)/python -m pytest -m browser
else
	$(BIN)/python -m pytest $(PYTEST_ARGS)
endif

lint: $(VENV)/.dev | var
	$(BIN)/ruff check motcua bench tests scripts
	$(BIN)/ruff format --check motcua bench tests scripts conftest.py manage.py
	$(BIN)/mypy motcua
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=motcua.config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=motcua.config.settings.test $(BIN)/python manage.py export_openapi --check

openapi: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=motcua.config.settings.test $(BIN)/python manage.py export_openapi

bench: $(VENV)/.dev | var
	$(BIN)/python bench/run.py
	cd bench && ../$(BIN)/python catalog.py
	$(BIN)/python bench/counter.py
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/signing.py
	BENCH_KEEP=1 $(BIN)/python bench/reports.py
	$(BIN)/python bench/facts_intake.py
	$(BIN)/python bench/leaders.py
	$(BIN)/python bench/partitions.py

migrate: $(VENV)/.runtime | var
	$(BIN)/python manage.py migrate

demo: migrate
	$(BIN)/python manage.py load_demo

worker: $(VENV)/.runtime
	$(BIN)/python manage.py run_worker

clean:
	rm -rf $(VENV) var
