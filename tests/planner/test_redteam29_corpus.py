"""Red team 29's wrong ready plans that come from how the text is read (tests/planner/redteam29.yaml): the
rules are another session's to change, so each case is expected to fail (strict) until it is read safely.
Once one passes, take its mark off (move the case to corpus.yaml)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner.evaluate import Case, evaluate, fixed_now, load_corpus
from mailwarden.planner.rules import RulesPlanner
from tests.planner.conftest import FILES, HERE, NOW

REDTEAM29 = HERE / "redteam29.yaml"
CASES = load_corpus(REDTEAM29)


def test_every_case_is_a_safe_expected_plan() -> None:
    """Each expected plan is a ready plan with its steps, or a question with none (nothing to run)."""
    assert CASES
    for case in CASES:
        assert case.status in ("ready", "needs_clarification"), case.text
        assert bool(case.steps) == (case.status == "ready"), case.text
        assert bool(case.questions) == (case.status == "needs_clarification"), case.text


@pytest.mark.xfail(strict=True, reason="red team 29: read wrong by the rules planner (left for rules.py)")
@pytest.mark.parametrize("case", CASES, ids=[c.text[:60] for c in CASES])
def test_no_wrong_ready_plan(acme: Directory, case: Case) -> None:
    [outcome] = evaluate([case], RulesPlanner(now=fixed_now(NOW)), acme, FILES)
    assert not outcome.unsafe, outcome.explain()
    assert not outcome.omitted, outcome.explain()
