# Two commands: `make run` (the demo on http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(PY) app.py demo

# The suite runs on SQLite; with TEST_DATABASE_URL set everything that touches a database runs
# again on PostgreSQL (tests/unit holds pure rules only: once is enough).
test: $(VENV)/.installed
	$(PY) -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL =="; \
		SNOUT_TEST_DATABASE=postgres $(PY) -m pytest tests/integration tests/e2e; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(VENV)/.installed
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) *.sqlite3 .pytest_cache
