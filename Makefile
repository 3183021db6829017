# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint typecheck unit bench docs dist clean

$(VENV)/.demo: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.demo

demo: $(VENV)/.demo
	$(PY) examples/quickstart.py --db demo.db

lint: $(VENV)/.test
	$(VENV)/bin/ruff check src tests examples benchmarks

typecheck: $(VENV)/.test
	$(VENV)/bin/mypy --strict src

unit: $(VENV)/.test
	$(VENV)/bin/pytest

test: lint typecheck unit

# The release artefacts, as CI builds and checks them (tests/packaging): sdist and wheel in dist/.
dist: $(VENV)/.test
	$(PY) -m build --outdir dist .

# The documentation site (not part of `make test`): API reference from docstrings, strict.
$(VENV)/.docs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[docs]'
	touch $@

docs: $(VENV)/.docs
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

# Benchmarks (not part of `make test`): the peers are in the bench extra.
$(VENV)/.bench: $(VENV)/.test
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) demo.db demo.db-* demo.db.blobs .mypy_cache .pytest_cache .ruff_cache site
