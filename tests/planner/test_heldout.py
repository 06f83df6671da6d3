"""The held-out and negation sets: the held-out score is reported, never gated on (a miss is fixed only
after the case moves to corpus.yaml); a ready plan holding a step the request ruled out fails everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mailwarden.planner.evaluate import load_corpus, summarize
from tests.planner.conftest import CORPUS, HELDOUT, NEGATION, Planned


def test_held_out_score_is_reported(
    planned: Callable[[Path], Planned], capsys: pytest.CaptureFixture[str]
) -> None:
    """Printed for the CI log (run with -s to see it); the set itself is checked for size and format."""
    held_out = planned(HELDOUT)
    assert len(held_out.cases) >= 60
    # (the corpus's texts, not its plans: asking for the plans made this test plan the corpus, or sit idle
    # while another xdist worker planned it)
    corpus_texts = {c.text for c in load_corpus(CORPUS)}
    assert not {c.text for c in held_out.cases} & corpus_texts, "a case is in both sets"
    summary = summarize(held_out.outcomes)
    with capsys.disabled():
        print(
            f"\nheld-out: {summary.matched}/{summary.total} ({summary.accuracy:.1%}), unsafe {summary.unsafe}"
        )


@pytest.mark.parametrize("path", [CORPUS, NEGATION], ids=lambda p: Path(p).name)
def test_no_ready_plan_holds_a_step_the_request_did_not_ask_for(
    planned: Callable[[Path], Planned], path: Path
) -> None:
    """Zero unsafe ready plans on the sets the rules are developed on: a step ruled out ("but not send as"),
    or access wider than asked. The held-out set's unsafe count is reported with its score, not gated: a
    gate there would make every fresh batch that finds a miss a reason to tune on it (issue 12's method
    moves the miss into corpus.yaml first, where this gate then holds it)."""
    outcomes = planned(path).outcomes
    unsafe = [o.explain() for o in outcomes if o.unsafe]
    assert not unsafe, "\n".join(unsafe)


def test_negation_set_is_big_and_scores_at_least_85_percent(planned: Callable[[Path], Planned]) -> None:
    """The negation set is part of development (the safety pass was built on it): it is gated."""
    negation = planned(NEGATION)
    assert len(negation.cases) >= 100
    summary = summarize(negation.outcomes)
    assert summary.accuracy >= 0.85, f"{summary.matched}/{summary.total}"
