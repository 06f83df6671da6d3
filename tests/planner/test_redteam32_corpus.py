"""Red team 32's wrong ready plans left unfixed (tests/planner/redteam32.yaml): each case is expected to fail
(strict) until it is read safely. Once one passes, take it out of the file and put it in corpus.yaml."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import Case, evaluate, fixed_now, load_corpus
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import FILES, HERE, NOW

REDTEAM32 = HERE / "redteam32.yaml"
CASES = load_corpus(REDTEAM32)


def test_every_case_is_a_safe_expected_plan() -> None:
    """Each expected plan is a ready plan with its steps, or a question with none (nothing to run)."""
    assert CASES
    for case in CASES:
        assert case.status in ("ready", "needs_clarification"), case.text
        assert bool(case.steps) == (case.status == "ready"), case.text
        assert bool(case.questions) == (case.status == "needs_clarification"), case.text


@pytest.mark.xfail(
    strict=True, reason="red team 32: a wrong ready plan from the rules planner (not fixed here)"
)
@pytest.mark.parametrize("case", CASES, ids=[c.text[:60] for c in CASES])
def test_no_wrong_ready_plan(acme: Directory, case: Case) -> None:
    [outcome] = evaluate([case], RulesPlanner(now=fixed_now(NOW)), acme, FILES)
    assert not outcome.unsafe, outcome.explain()
    assert not outcome.omitted, outcome.explain()
