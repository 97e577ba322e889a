# wijkwijzer: `make run` and `make test` are the two commands; everything else is what they use.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
RASA_VENV := .venv-rasa
BIN := $(VENV)/bin
SPEC := ../shared/spec
export PYTHONHASHSEED := 0

.PHONY: setup venv rasa-venv db content nlu-train run test test-fast bench lint format i18n clean

setup: venv rasa-venv db content nlu-train ## idempotent; starts nothing

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/pip install -q -e '.[dev]' 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -c "import bot, telegram, sqlalchemy, lingua" 
	touch $@

rasa-venv: $(RASA_VENV)/.installed
$(RASA_VENV)/.installed: nlu/requirements-rasa.txt nlu/constraints-rasa.txt
	$(PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --upgrade pip wheel 'setuptools>=70.3,<70.4' 2>&1 | grep -v "is ignored" || true
	# rasa and rasa-sdk declare Python <3.11; their dependencies install cleanly on 3.11 (see nlu/README.md).
	$(RASA_VENV)/bin/pip install -q --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2 2>&1 | grep -v "is ignored" || true
	$(RASA_VENV)/bin/pip install -q -r nlu/requirements-rasa.txt -c nlu/constraints-rasa.txt 2>&1 | grep -v "is ignored" || true
	$(RASA_VENV)/bin/python -c "import rasa, tensorflow"
	touch $@

db: venv
	$(BIN)/wijkwijzer db upgrade

content: db
	$(BIN)/wijkwijzer content import content/

nlu-train: venv rasa-venv
	$(BIN)/wijkwijzer nlu train

run: setup
	$(BIN)/wijkwijzer run

test: setup
	bash scripts/ensure-postgres.sh
	$(BIN)/pytest

test-fast: venv
	$(BIN)/pytest -m "not nlu and not postgres"

bench: setup
	bash scripts/ensure-postgres.sh
	$(BIN)/python -m benchmarks

lint: venv
	$(BIN)/ruff check bot tests scripts benchmarks
	$(BIN)/ruff format --check bot tests scripts benchmarks
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format bot tests scripts benchmarks
	$(BIN)/ruff check --fix bot tests scripts benchmarks

i18n: venv ## extract UI strings into bot/locale and add new ones (untranslated) to every language
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -w 100 \
		--project wijkwijzer --copyright-holder "wijkwijzer contributors" -o bot/locale/wijkwijzer.pot .
	$(BIN)/pybabel update -i bot/locale/wijkwijzer.pot -d bot/locale -D wijkwijzer \
		--no-fuzzy-matching --ignore-obsolete -w 100

clean:
	rm -rf $(VENV) $(RASA_VENV) var nlu/models
