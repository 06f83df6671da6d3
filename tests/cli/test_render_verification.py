"""A step the tenant accepted but that reads do not show yet prints as applied, saying so."""

from __future__ import annotations

import datetime as dt

import pytest

from mailwarden.actions.base import StepOutcome
from mailwarden.cli.common import console
from mailwarden.cli.render import render_outcome, render_request
from mailwarden.model.decisions import Allowed
from mailwarden.model.requests import RequestState, RequestStepView, RequestView

NOW = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)


def _view(outcome: dict[str, object]) -> RequestView:
    step = RequestStepView(
        position=0,
        step={"action": "distribution_list_membership"},
        preview={"summary": "Add Emma to marketing"},
        decision=Allowed(),
        status="applied",
        outcome=outcome,  # type: ignore[arg-type]
    )
    return RequestView(
        request_id="0123456789",
        tenant="acme",
        requester="grace@acme.com",
        channel="cli",
        kind="change",
        state=RequestState.COMPLETED,
        created=NOW,
        updated=NOW,
        steps=[step],
    )


@pytest.mark.parametrize(
    ("verification", "shows_message"), [("verifying", False), ("unverified", True), ("verified", False)]
)
def test_request_steps_say_whether_reads_show_the_write(verification: str, shows_message: bool) -> None:
    with console.capture() as captured:
        render_request(_view({"message": "not shown within 60 seconds", "verification": verification}))
    out = captured.get()
    assert "applied" in out
    assert (f"({verification})" in out) is (verification != "verified")
    assert ("not shown within 60 seconds" in out) is shows_message


def test_an_outcome_flags_an_unverified_write() -> None:
    with console.capture() as captured:
        render_outcome("add", StepOutcome(status="applied", verification="unverified", message="not shown"))
    assert "applied (unverified)" in captured.get()
