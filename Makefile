# The two commands: `make demo` and `make test`. Everything they need is installed from
# here into .venv/ and var/; nothing has to be installed by hand first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# CI and `make test` use the machine's PostgreSQL when it is there; SQLite is exercised too.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/expo

.PHONY: help venv deps system-deps translations demo serve test lint check pytest clean

help:
	@echo "make demo   install, migrate, seed the demo exhibition, serve http://$(HOST):$(PORT)/admin/"
	@echo "make test   install test tools, start PostgreSQL if present, lint, check, run all tests"
	@echo "make lint   ruff lint + format check"
	@echo "make clean  remove .venv and var (the local database and media)"

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $@

venv deps: $(VENV)/.installed

# ffmpeg: demo video and (later) video derivatives. Optional: a system check warns without it.
system-deps:
	@bash scripts/system_deps.sh

translations: deps
	$(MANAGE) compile_translations

demo: deps system-deps translations
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_site
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MAKE) serve

serve:
	$(MANAGE) runserver $(HOST):$(PORT)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $(wildcard themes booths/templates)

check: deps translations
	$(MANAGE) check --fail-level ERROR
	$(MANAGE) makemigrations --check --dry-run

pytest: deps translations
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) bash scripts/test.sh

test: system-deps lint check pytest

clean:
	rm -rf $(VENV) var

.PHONY: bench
bench: deps translations
	$(PY) bench/run.py
