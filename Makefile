# Two commands matter: `make run` (the site on SQLite with demo content) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/activate ## Create the virtual environment and install the site
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/activate ## Install the site, the test tools and axe-core
	$(BIN)/pip install --quiet -e ".[test]"
	npm ci --no-audit --no-fund --silent

run: install ## Set up SQLite, load demo content and staff, serve on http://127.0.0.1:8000/
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) load_demo_content
	$(MANAGE) runserver 127.0.0.1:8000

test: install-test ## Run the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test ## Check style with ruff
	$(BIN)/ruff check .

migrations-check: install ## Fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

stack: install ## Production stack on this machine: Varnish, 2 gunicorn nodes, task worker, PostgreSQL, Redis
	bash deploy/services.sh
	$(PY) deploy/stack.py $(STACK_ARGS)

bench: install-test ## Run the benchmarks (see benchmarks/README.md)
	$(PY) benchmarks/run.py

.PHONY: help install install-test run stack test lint migrations-check bench
