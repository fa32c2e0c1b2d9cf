# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CODE := bot storage handlers

.PHONY: run test install lint typecheck unit bench clean

# uv installs the project in ~4 s where pip took ~20 s (a third of a fresh clone's `make test`). Bytecode is
# compiled here, libraries and project alike: where PYTHONDONTWRITEBYTECODE is set (this machine sets it),
# every process would otherwise compile what it imports again (1.9 s to import the app instead of 0.8 s).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'
	$(BIN)/python -m compileall -q $(CODE)
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

# One worker per core and one more, which runs while the others wait on a process or a slow fake (2 cores:
# 69 s with three workers, 76 s with two, 71 s and timing failures with four); work stealing for the long tests.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$((n + 1)))
unit: install
	$(BIN)/pytest -q -n $(WORKERS) --dist worksteal

# After ruff (a second), mypy runs beside pytest rather than before it: it is single-threaded and takes
# ~10 s on a fresh clone's cold cache, while the other core would idle. Each one's output is printed whole.
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target typecheck unit

bench: install
	$(BIN)/python bench/ask_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache enlace.sqlite3*
