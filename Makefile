# Two entry points for a fresh machine: `make demo` and `make test`. Both build .venv themselves.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint typecheck security warm unit bench clean

# flock: two `make test` at once must not install into the same venv at the same time.
$(STAMP): pyproject.toml
	@flock .venv.lock sh -c '\
	  test -x $(BIN)/python || python3 -m venv $(VENV); \
	  $(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]" && touch $(STAMP)'

demo: $(STAMP)
	$(BIN)/mailwarden demo

# The checks use one core (ruff, mypy and bandit are one process each): beside them, on the other core,
# `warm` compiles the package and rewrites the test files' asserts, which each test worker would otherwise
# do again itself (a cold collection ~18 s of CPU, a warm one ~8 s). The tests start once both are done.
test: $(STAMP)
	@$(MAKE) --no-print-directory -j2 --output-sync=target check warm
	@$(MAKE) --no-print-directory unit

check: lint typecheck security

# bandit: a finding is fixed or marked `# nosec BXXX - why` on its line; skips live in pyproject.toml.
security: $(STAMP)
	$(BIN)/bandit -q -r src -c pyproject.toml

lint: $(STAMP)
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/ruff check src tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Nothing but the compiled files is wanted: a collection that fails fails `unit` after it, with its errors.
warm: export PYTHONDONTWRITEBYTECODE =
warm: $(STAMP)
	-@$(BIN)/pytest --collect-only -q -p no:cacheprovider >/dev/null 2>&1

# Python keeps what it compiles (in __pycache__, ignored by git) even where the environment says not to
# (PYTHONDONTWRITEBYTECODE, set in many CI images); otherwise each later process (the lag pass's workers,
# the tests' subprocesses) compiles the package and rewrites the test files' asserts once more.
unit: export PYTHONDONTWRITEBYTECODE =

# The action and workflow tests run a second time with reads lagging writes by 2 s, as Entra and
# Exchange's directory replicate (the emulator's replication_lag_seconds switch). Only the tests the lag
# reaches run again (tests/conftest.py deselects those that never ask for it, e.g. a tenant of their own).
# Under the lag, the `ctx` fixture's verification waits and `replicated()` move the emulator's clock on
# instead of sleeping (TenantClock in tests/conftest.py): this pass no longer waits out 2 s a write.
# Of the security tests, the drift and revert attacks run under the lag too
# (--replication-lag-subset selects them as -k would).
# The lagged runs are in the same session as every other test (--replication-lag-too: each such test's id
# ends in [nolag] or [lagged]), not a second session after it: that started two more workers, each
# collecting and serving an emulator again, and left a core idle while the last test of each ran.
# `pytest --replication-lag 2 tests/actions` still runs only the lagged tests of a directory.
unit: $(STAMP)
	$(BIN)/pytest -n 2 -p no:cacheprovider --durations=15 --replication-lag-too 2 \
	  --replication-lag-under tests/actions --replication-lag-under tests/workflow \
	  --replication-lag-under tests/security --replication-lag-subset "tests/security=drift or revert"

bench: $(STAMP)
	$(BIN)/python scripts/bench_listing.py

clean:
	rm -rf $(VENV) .venv.lock .mypy_cache .ruff_cache
