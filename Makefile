# Two entry points for a fresh machine: `make demo` and `make test`. Both build .venv themselves.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint typecheck security unit bench clean

# flock: two `make test` at once must not install into the same venv at the same time.
$(STAMP): pyproject.toml
	@flock .venv.lock sh -c '\
	  test -x $(BIN)/python || python3 -m venv $(VENV); \
	  $(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]" && touch $(STAMP)'

demo: $(STAMP)
	$(BIN)/mailwarden demo

test: check unit

check: lint typecheck security

# bandit: a finding is fixed or marked `# nosec BXXX - why` on its line; skips live in pyproject.toml.
security: $(STAMP)
	$(BIN)/bandit -q -r src -c pyproject.toml

lint: $(STAMP)
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/ruff check src tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python scripts/bench_listing.py

clean:
	rm -rf $(VENV) .venv.lock .mypy_cache .ruff_cache
