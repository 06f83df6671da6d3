"""The held-out and negation sets: the held-out score is reported, never gated on (a miss is fixed only
after the case moves to corpus.yaml); a ready plan holding a step the request ruled out fails everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import evaluate, fixed_now, load_corpus, summarize
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import CORPUS, FILES, HELDOUT, NEGATION, NOW


def test_held_out_score_is_reported(acme: Directory, capsys: pytest.CaptureFixture[str]) -> None:
    """Printed for the CI log (run with -s to see it); the set itself is checked for size and format."""
    cases = load_corpus(HELDOUT)
    assert len(cases) >= 60
    assert not {c.text for c in cases} & {c.text for c in load_corpus(CORPUS)}, "a case is in both sets"
    summary = summarize(evaluate(cases, RulesPlanner(now=fixed_now(NOW)), acme, FILES))
    with capsys.disabled():
        print(
            f"\nheld-out: {summary.matched}/{summary.total} ({summary.accuracy:.1%}), unsafe {summary.unsafe}"
        )


@pytest.mark.parametrize("path", [CORPUS, NEGATION], ids=lambda p: Path(p).name)
def test_no_ready_plan_holds_a_step_the_request_did_not_ask_for(acme: Directory, path: Path) -> None:
    """Zero unsafe ready plans on the sets the rules are developed on: a step ruled out ("but not send as"),
    or access wider than asked. The held-out set's unsafe count is reported with its score, not gated: a
    gate there would make every fresh batch that finds a miss a reason to tune on it (issue 12's method
    moves the miss into corpus.yaml first, where this gate then holds it)."""
    outcomes = evaluate(load_corpus(path), RulesPlanner(now=fixed_now(NOW)), acme, FILES)
    unsafe = [o.explain() for o in outcomes if o.unsafe]
    assert not unsafe, "\n".join(unsafe)


def test_negation_set_is_big_and_scores_at_least_85_percent(acme: Directory) -> None:
    """The negation set is part of development (the safety pass was built on it): it is gated."""
    cases = load_corpus(NEGATION)
    assert len(cases) >= 100
    summary = summarize(evaluate(cases, RulesPlanner(now=fixed_now(NOW)), acme, FILES))
    assert summary.accuracy >= 0.85, f"{summary.matched}/{summary.total}"
