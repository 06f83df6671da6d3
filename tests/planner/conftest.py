"""Planner fixtures: the Acme directory without a tenant, the corpus, a fixed clock, the sets planned once."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner.compose import draft_status, resolve_draft, step_json
from mailwarden.planner.evaluate import Case, Outcome, evaluate, fixed_now, load_corpus
from mailwarden.planner.rules import RulesPlanner
from tests.directory.conftest import acme_directory

# (the class tests' shared assertions: a failure there shows the values compared, as in a test module)
pytest.register_assert_rewrite("tests.planner.cases")

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


@pytest.fixture(scope="session")
def acme() -> Directory:
    return acme_directory()


@dataclass(frozen=True)
class Planned:
    cases: tuple[Case, ...]
    outcomes: tuple[Outcome, ...]


@pytest.fixture(scope="session")
def planned(acme: Directory, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Planned]:
    """A set's cases and the rules planner's outcome for each, planned once per test run.

    Kept by the file and its contents, in this run's temporary folder: under xdist the folder all workers
    share (the pattern xdist documents for session fixtures run once), a lock making the second worker
    wait for the first's plan rather than plan the set again. The run's code does not change while it runs,
    and a set edited meanwhile is planned again rather than answered from before."""
    run = tmp_path_factory.getbasetemp()
    folder = (run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run) / "planned-sets"
    folder.mkdir(exist_ok=True)
    kept: dict[str, Planned] = {}

    def plan(path: Path) -> Planned:
        key = f"{path.name}-{hashlib.sha256(path.read_bytes()).hexdigest()}"
        if key not in kept:
            with open(folder / f"{key}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                done = folder / f"{key}.pickle"
                if done.exists():
                    # (written by this run's own tests, in its own folder)
                    kept[key] = pickle.loads(done.read_bytes())
                else:
                    cases = tuple(load_corpus(path))
                    outcomes = evaluate(cases, RulesPlanner(now=fixed_now(NOW)), acme, FILES)
                    kept[key] = Planned(cases, tuple(outcomes))
                    done.write_bytes(pickle.dumps(kept[key]))
        return kept[key]

    return plan


def plan_of(acme: Directory, text: str, requester: str) -> tuple[str, list[dict[str, Any]], set[str]]:
    """What `text` asked by `requester` plans at NOW: the status, the steps as plan JSON, and what the
    questions are about (the class tests' view of a plan)."""
    status, steps, about = plan_in_order(acme, text, requester)
    return status, steps, set(about)


def plan_in_order(acme: Directory, text: str, requester: str) -> tuple[str, list[dict[str, Any]], list[str]]:
    """`plan_of` with what the questions are about as a list, in the order the plan asks them (a subject
    asked twice is there twice)."""
    me = resolve(acme, requester)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=me, directory=acme)
    resolved = resolve_draft(draft, acme, me)
    status, _ = draft_status(draft, resolved)
    return status, [step_json(s) for s in resolved.steps], [q.about for q in resolved.questions]
