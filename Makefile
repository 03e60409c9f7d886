# One Council — the two commands a newcomer needs are `make demo` and `make test`.
# Everything runs from a project virtualenv in .venv, created on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: console-assets test-prerequisites install demo test test-unit test-integration test-e2e test-reliability test-contracts lint kafka-start kafka-stop clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Start local Kafka and all three services with the demo establishment (Ctrl-C stops).
demo: $(STAMP) console-assets
	$(BIN)/onecouncil up

## Chromium and the Kafka jars for the tests: installed when missing (deploy/test/prerequisites.sh).
test-prerequisites: $(STAMP)
	PYTHON=$(BIN)/python bash deploy/test/prerequisites.sh

## The whole test suite (unit, contracts, integration, e2e) against a real Kafka; provisions
## everything it needs first (Python packages, console assets, Chromium, Kafka jars).
test: $(STAMP) console-assets test-prerequisites
	$(BIN)/python -m pytest -q --durations=25

test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit tests/contracts

test-integration: $(STAMP) test-prerequisites
	$(BIN)/python -m pytest -q tests/integration

test-e2e: $(STAMP) console-assets test-prerequisites
	$(BIN)/python -m pytest -q tests/e2e

## Fault injection (kills, broker restart, poison events, hostile API, personal data): ~8 min.
test-reliability: $(STAMP) test-prerequisites
	$(BIN)/python -m pytest -q tests/reliability

lint: $(STAMP)
	$(BIN)/ruff check shared services deploy tests
	$(BIN)/mypy

kafka-start: $(STAMP)
	$(BIN)/python -m deploy.kafka start

kafka-stop: $(STAMP)
	$(BIN)/python -m deploy.kafka stop

## The console's GOV.UK Frontend and axe-core, vendored with npm (again only when the lock file changes).
console-assets: services/console/static/vendor/.vendored
services/console/static/vendor/.vendored: deploy/console/package-lock.json deploy/console/console.scss deploy/console/vendor.sh
	bash deploy/console/vendor.sh && touch $@

clean:
	rm -rf var test-artifacts .cache/kafka-data
