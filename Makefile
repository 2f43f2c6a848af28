# Every habit is one target. `make help` lists them.
SHELL := /bin/sh
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
PORT    ?= 8000
HOST    ?= 127.0.0.1
STAMP   := $(VENV)/.installed
DEV_ENV := DEBUG=1
WORKERS ?= 2

.PHONY: help setup demo run worker test test-fast lint fmt typecheck check bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@PYBIN=$$(scripts/find-python) || exit 1; echo "Creating $(VENV) with $$PYBIN"; "$$PYBIN" -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv, install dependencies and apply migrations (quick when nothing changed)
	@$(DEV_ENV) $(PY) manage.py migrate --no-input -v 0

demo: setup ## Set up, load demo data and start the app at http://$(HOST):$(PORT)
	@$(DEV_ENV) $(PY) manage.py seed_demo
	@$(MAKE) --no-print-directory run

run: setup ## Start the app (ASGI server and task worker) without demo data
	@$(DEV_ENV) $(PY) manage.py collectstatic --no-input -v 0
	@echo "Coproduce is starting at http://$(HOST):$(PORT)  (press Ctrl+C to stop)"
	@trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py db_worker --no-startup-delay >/dev/null 2>&1 & WORKER=$$!; \
	$(DEV_ENV) $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) \
		--ws websockets-sansio --ws-per-message-deflate false --ws-max-size 36000 --lifespan off

test: setup ## Run every test: those without a browser on two workers (WORKERS=N), then the browser ones
	$(PY) -m pytest -m "not browser" -n $(WORKERS)
	$(PY) -m pytest -m browser

test-fast: setup ## Run the tests without the browser ones
	$(PY) -m pytest -m "not browser" -n $(WORKERS)

lint: setup ## Ruff and djLint (lint and format check), the layer contracts and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --check
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports --no-cache
	@$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

fmt: setup ## Format the code and the templates, and apply safe lint fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat

typecheck: setup ## mypy with django-stubs
	$(VENV)/bin/mypy

check: lint typecheck test ## Lint, types, migrations check and tests

bench: setup ## Run every benchmark under bench/
	@for b in bench/*.py; do [ -e "$$b" ] || continue; case "$${b##*/}" in _*) continue;; esac; echo "== $$b"; $(PY) "$$b" || exit 1; done

clean: ## Remove the virtual environment, the demo database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
