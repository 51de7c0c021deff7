# Two commands matter: `make chat` and `make test`. Each does whatever set-up is missing first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3

.PHONY: setup train chat voice serve web test test-unit bench lint clean

setup:
	@scripts/bootstrap.sh 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)

train: setup
	@$(BIN)/compassion train >/dev/null

chat: train
	@$(BIN)/compassion chat

# Talk by microphone (push-to-talk; `$(BIN)/compassion voice --hands-free` listens all the time).
voice: train
	@$(BIN)/compassion voice

# The HTTP API and REST channel on 127.0.0.1:5005; prints a token for the API unless COMPASSION_AUTH_TOKEN is set.
serve: train
	@$(BIN)/compassion serve

# The calm local web page at http://127.0.0.1:5005/app/: starts the server and opens your browser.
web: train
	@$(BIN)/compassion web

test: train
	@$(BIN)/python -m pytest

# The tests that need no trained model (content, lexicon, text boundary, stores, parsers...): under a minute.
test-unit: setup
	@$(BIN)/python -m pytest -q -m "not model"

bench: train
	@$(BIN)/compassion bench

# Style and likely bugs (ruff), types (mypy), then Rasa's check of the training data and domain.
lint: setup
	@$(BIN)/ruff check assistant actions tests
	@$(BIN)/mypy
	@$(BIN)/rasa data validate --fail-on-warnings -d domain.yml --data data/nlu data/rules data/stories

clean:
	rm -rf models build .rasa results
