"""Planner fixtures: the Acme directory without a tenant, the corpus, a fixed clock, the sets planned once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import Case, Outcome, evaluate, fixed_now, load_corpus
from mailwarden.planner.rules import RulesPlanner
from tests.directory.conftest import acme_directory

HERE = Path(__file__).parent
CORPUS = HERE / "corpus.yaml"
"""The development set: the rules are tuned on it and CI gates on it."""
HELDOUT = HERE / "heldout.yaml"
"""Written before the rules changed and never tuned on; a case fixed later is moved to CORPUS first."""
NEGATION = HERE / "negation.yaml"
"""Negation, scope and corrections: no ready plan may hold a step the request ruled out."""
FILES = HERE / "files"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
"""The corpus's "now": a Monday morning; "until Friday" is 2026-03-06, through the day."""

PLANNED_SETS = pytest.mark.xdist_group("planned_sets")
"""On the tests that read `planned`: xdist (`--dist loadgroup`) runs them in one worker, so each set is
planned once a run rather than once per test (a set takes tens of seconds to plan)."""


@pytest.fixture(scope="session")
def acme() -> Directory:
    return acme_directory()


@dataclass(frozen=True)
class Planned:
    cases: tuple[Case, ...]
    outcomes: tuple[Outcome, ...]


@pytest.fixture(scope="session")
def planned(acme: Directory) -> Callable[[Path], Planned]:
    """A set's cases and the rules planner's outcome for each, planned once per process.

    Kept by the file and its contents: the sets and the planner do not change while a process runs, and a
    set edited meanwhile (a test of a test) is planned again rather than answered from before."""
    kept: dict[tuple[Path, str], Planned] = {}

    def plan(path: Path) -> Planned:
        key = (path.resolve(), hashlib.sha256(path.read_bytes()).hexdigest())
        if key not in kept:
            cases = tuple(load_corpus(path))
            outcomes = evaluate(cases, RulesPlanner(now=fixed_now(NOW)), acme, FILES)
            kept[key] = Planned(cases, tuple(outcomes))
        return kept[key]

    return plan
