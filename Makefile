# Self-documenting: `make` or `make help` lists the targets with their `##` text.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
RAW ?= raw
OUT ?= normalized
INTERIM := $(OUT)/_interim
CODE := $(shell find pipeline schemas -name '*.py') pyproject.toml
DOCUMENTS := $(wildcard $(RAW)/*.txt) $(wildcard $(RAW)/*.pdf) $(wildcard $(RAW)/manifest.csv)
STAGE = $(BIN)/python -m pipeline

.PHONY: help venv all extract parse normalize validate write audit report test bench bench-icdar clean

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

venv: $(INSTALLED) ## create .venv and install the project (editable, with test dependencies)

all: $(INSTALLED) ## set up and run every stage (audit included) on raw/ into normalized/
	$(STAGE) run --raw $(RAW) --out $(OUT)

# One file target per stage, each reading what the stage before it persisted.
$(INTERIM)/tables.parquet: $(DOCUMENTS) $(CODE) | $(INSTALLED)
	$(STAGE) extract --raw $(RAW) --out $(OUT)
$(INTERIM)/cells.parquet: $(INTERIM)/tables.parquet
	$(STAGE) parse --out $(OUT)
$(INTERIM)/cell_lineage.parquet: $(INTERIM)/cells.parquet
	$(STAGE) normalize --out $(OUT)
$(INTERIM)/validated/documents.parquet: $(INTERIM)/cell_lineage.parquet
	$(STAGE) validate --out $(OUT)
$(OUT)/documents.parquet: $(INTERIM)/validated/documents.parquet
	$(STAGE) write --out $(OUT)
$(OUT)/claims.parquet: $(OUT)/documents.parquet $(wildcard pipeline/claims/*.py)
	$(STAGE) audit --raw $(RAW) --out $(OUT)
$(OUT)/datapackage.json $(OUT)/report.html &: $(OUT)/claims.parquet
	$(STAGE) report --out $(OUT)

extract: $(INTERIM)/tables.parquet ## stage 1: find tables, inventory documents
parse: $(INTERIM)/cells.parquet ## stage 2: rebuild each table's grid of raw cells
normalize: $(INTERIM)/cell_lineage.parquet ## stage 3: typed tidy tables from the table specs
validate: $(INTERIM)/validated/documents.parquet ## stage 4: check every table against its Pandera schema
write: $(OUT)/documents.parquet ## stage 5: write validated tables as Parquet
audit: $(OUT)/claims.parquet ## stage 6: check the papers' prose claims against their tables
report: $(OUT)/datapackage.json ## stage 7: data dictionary, Data Package descriptor and HTML report

test: $(INSTALLED) ## set up (the venv, and Chromium for the report's browser test) and run the test suite
	bash tools/ensure-browser.sh
	$(BIN)/python -m pytest

bench: $(INSTALLED) ## time and measure each stage (raw/, 1,000 copies), the corpus path (1,000 generated documents) and the PDF reader
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/corpus.py --docs 1000
	$(BIN)/python bench/pdf.py

BENCH_VENV := .venv-bench
ICDAR ?= ../shared/data/icdar2013-eu

$(BENCH_VENV)/.installed: pyproject.toml bench/requirements-peers.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e . -r bench/requirements-peers.txt
	touch $@

bench-icdar: $(BENCH_VENV)/.installed ## ICDAR 2013 structure and detection: our reader beside pdfplumber and camelot (own venv, .venv-bench)
	$(BENCH_VENV)/bin/python bench/icdar2013.py --data $(ICDAR)

clean: ## remove outputs and intermediate tables (keeps .venv)
	rm -rf $(INTERIM) $(OUT)/_rejected $(OUT)/auto $(OUT)/*.parquet $(OUT)/DATA_DICTIONARY.md $(OUT)/datapackage.json $(OUT)/report.html
