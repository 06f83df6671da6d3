"""The rules planner over the whole corpus: at least 95% of requests give exactly the expected plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mailwarden.planner.evaluate import load_corpus, summarize
from tests.planner.conftest import CORPUS, Planned


def test_corpus_has_at_least_200_requests_of_every_kind() -> None:
    """The corpus is big and varied enough to mean something."""
    cases = load_corpus(CORPUS)
    kinds = {c.kind for c in cases}
    assert len(cases) >= 200
    assert len({c.text for c in cases}) == len(cases), "a request is listed twice"
    assert {"seed", "delegation_grant", "membership", "calendar", "forwarding", "read", "injection"} <= kinds


def test_rules_planner_matches_at_least_95_percent_of_the_corpus(planned: Callable[[Path], Planned]) -> None:
    """Draft + resolution give the expected status, steps and questions for >= 95% of requests."""
    outcomes = planned(CORPUS).outcomes
    summary = summarize(outcomes)
    misses = "\n".join(o.explain() for o in outcomes if not o.matched)
    assert summary.accuracy >= 0.95, f"{summary.matched}/{summary.total} matched; misses:\n{misses}"
    seeds = [o for o in outcomes if o.case.kind == "seed"]
    assert all(o.matched for o in seeds), misses


def test_no_ready_plan_leaves_out_a_named_recipient(planned: Callable[[Path], Planned]) -> None:
    """ "Add Tom to all-sales and Project Phoenix" planned for all-sales only looks done and is not: every
    coordinated object gets its step, or the request is a question."""
    outcomes = planned(CORPUS).outcomes
    omitting = [o.explain() for o in outcomes if o.omitted]
    assert not omitting, "\n".join(omitting)
    coordination = [o for o in outcomes if o.case.kind == "coordination"]
    assert len(coordination) >= 10
    assert all(o.matched for o in coordination), "\n".join(o.explain() for o in coordination if not o.matched)
