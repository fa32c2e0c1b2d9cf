# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CODE := bot storage handlers

.PHONY: run test install lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/enlace db upgrade
	$(BIN)/enlace load
	$(BIN)/enlace start

lint: install
	$(BIN)/ruff check $(CODE) tests bench
	$(BIN)/ruff format --check $(CODE) tests bench

typecheck: install
	$(BIN)/mypy

# One worker per core: most tests wait on loopback servers, databases and subprocesses.
unit: install
	$(BIN)/pytest -q -n auto --dist worksteal

test: lint typecheck unit

bench: install
	$(BIN)/python bench/ask_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache enlace.sqlite3*
