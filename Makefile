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

.PHONY: help venv deps system-deps translations theme meilisearch site demo serve test lint check pytest clean publish

help:
	@echo "make demo   install, migrate, seed, build and index the demo site, serve http://$(HOST):$(PORT)/"
	@echo "make site   rebuild (incrementally) and index the static site in var/site/"
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

# The theme's front-end (docs/theme.md): npm ci only when the lockfile is newer than
# node_modules (npm rewrites node_modules/.package-lock.json on every install).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "node and npm are required for the theme"; exit 1; }
	npm ci --include=dev --no-audit --no-fund
	touch $@

theme: node_modules/.package-lock.json
	node themes/default/build.mjs --out var/theme-build/default

# Meilisearch 1.21 from npm into var/tools/ (checked against its recorded sha256).
meilisearch:
	bash scripts/install_meilisearch.sh

# Build (incrementally) and index the static site into var/site/.
site: deps translations theme meilisearch
	$(MANAGE) build_site

publish: site
	$(MANAGE) publish_site

demo: deps system-deps translations theme meilisearch
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_site
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) seed_engagement
	$(MANAGE) process_assets
	$(MANAGE) build_site
	$(MAKE) serve

# --noreload: the auto-reloader polls every module and keeps half a core busy for nothing.
serve:
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $(wildcard themes booths/templates)

check: deps translations theme
	$(MANAGE) check --fail-level ERROR
	$(MANAGE) makemigrations --check --dry-run

pytest: deps translations theme meilisearch
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) bash scripts/test.sh

test: system-deps lint check pytest

clean:
	rm -rf $(VENV) var

.PHONY: bench
bench: deps system-deps translations theme meilisearch
	$(PY) bench/run.py
