# The two commands of README: `make run` (the product on its embedded defaults) and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test index clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

index: setup
	$(BIN)/advisor ingest

run: index
	$(BIN)/advisor app

test: setup
	bash scripts/test-prereqs.sh
	VENV=$(VENV) bash scripts/install-llm.sh
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .advisor
