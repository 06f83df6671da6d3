"""Taking back a write the check refused after the tenant took it (`actions.base.refused_after`).

A live run's take-back follows its write after the verify wait; a takeover's follows a kill: the dead run's
write (a take-back it marked, `TAKING_BACK`; a write left `applying` whose re-read refuses it; one recorded
applied and "verifying" between the re-check's two refusing reads) is taken back by whichever run takes the
step over. Whatever was decided on the grant since the write was sent, in the wait or while the dead run's
lease ran out, is the access wanted now. Every take-back asks `leave_to_later` before its undo is sent, and
records the same marks and outcomes (this module), so that no door into the take-back skips the check
(sec69: of the takeover's three, two did).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from mailwarden.actions.base import StepOutcome
from mailwarden.directory.snapshot import Directory
from mailwarden.model.changes import Change
from mailwarden.model.requests import RequestStepView, RequestView
from mailwarden.workflow.grant_records import APPLIED_AT, SENT_AT, utc
from mailwarden.workflow.service import (
    LEFT_TO_LATER,
    REFUSED_NOW,
    TAKING_BACK,
    Actor,
    ClaimLost,
    RequestService,
)
from mailwarden.workflow.superseded import LaterStep, later_step

__all__ = [
    "LeftToLater",
    "kept_or_taken",
    "leave_to_later",
    "taking_back_mark",
    "verifying_still",
]


_CLAIM_TRIES = 3
"""How often a take-back decides again after losing a claim (`ClaimLost`): the step it claimed is then
applied, so a second try claims nothing; more are a fault, raised."""


class LeftToLater(Exception):
    """Raised by a take-back's `on_taking_back` when the write was left to a later decision and recorded so
    (`leave_to_later`): it stops `refused_after` before the undo is sent."""


def verifying_still(step: RequestStepView) -> bool:
    """Whether `step` was recorded applied and "verifying" by a run that died before its verification
    ended: no read of that run's re-check is on the record, so its write is verified again (red team 67 F8),
    alone (executor) or in bulk (bulk_run)."""
    return step.status == "applied" and (step.outcome or {}).get("verification") == "verifying"


def taking_back_mark(message: str, reason: str | None, made: Change, sent: str | None) -> dict[str, Any]:
    """The `applying` mark of a take-back, recorded and flagged before its undo is sent (red team 64 F5): why
    the check refuses the write, the change to take back, what it found before (the mark's audit record says
    it, as a live run's mark always did), and when the write went out (should the undo fail, the write stays
    dated as it was). Every path that marks a take-back (live, takeover, bulk) records this one shape."""
    return {
        "message": message,
        "before": made.before,
        REFUSED_NOW: reason,
        TAKING_BACK: True,
        "change": made.model_dump(mode="json"),
        **({SENT_AT: sent} if sent else {}),
    }


def kept_or_taken(message: str, made: Change, done: StepOutcome, sent: str | None) -> dict[str, Any]:
    """The outcome of a write verified again or taken back (`done`): refused when the undo took it back;
    applied when the write stays (verified, refused but not only taking away, or its undo failed), with the
    change its undo and end take back, dated at its send."""
    outcome: dict[str, Any] = {"message": message}
    if done.refused_now is not None:
        outcome[REFUSED_NOW] = done.refused_now
    if done.status == "applied":
        outcome |= {
            "before": made.before,
            "after": done.after,
            "verification": done.verification,
            "change": made.model_dump(mode="json"),
            **({APPLIED_AT: sent} if sent else {}),
        }
    return outcome


@dataclass(frozen=True)
class _Left:
    why: str
    later: LaterStep


def _left(
    service: RequestService, directory: Directory, view: RequestView, step: RequestStepView, sent: str | None
) -> _Left | None:
    """Whether the write of `step`, sent at `sent`, is now left to a later decision, and why: the last
    decision on its grant since the write was sent, one that holds what the write made (`later_step`'s
    `holding_at`). A request that found the access there for a while (recorded "already", with an end)
    decided it too: it was approved for it until its end (red team 67 F4).

    Only since the write: a decision older than it was overridden by it, whatever kind of request made it
    (an undo included: asked since its approval, a removal made before its write was taken for the decision
    that kept the add the check refused, for good; red team 69 F3). Not knowing when it was sent, since it
    could be sent: its request's last approval (or filing)."""
    newer = later_step(
        service,
        directory,
        view,
        step.step,
        since=_parsed(sent) or _sendable(view),
        preview=step.preview,
        found_for_a_while=True,
        holding_at=service.clock(),
    )
    if newer is None:
        return None
    end = newer.step.get("expires")
    until = f" until its end ({end})" if isinstance(end, str) else ""
    return _Left(
        f"Request {newer.request_id} changed this access through mailwarden after this step's write was "
        f"sent, so the write was not taken back (superseded): that request decided it{until}.",
        newer,
    )


def _sendable(view: RequestView) -> dt.datetime:
    approved = [a.time for a in view.approvals if a.verdict == "approve"]
    return utc(max([view.created, *approved]))


def leave_to_later(
    service: RequestService,
    directory: Directory,
    view: RequestView,
    step: RequestStepView,
    actor: Actor,
    *,
    made: Change,
    reason: str,
    shown: str,
    sent: str | None,
    flagged: bool,
) -> bool:
    """Asked by every take-back before its undo is sent: is this write now left to a later decision (a
    request that gave the access again, approved on the tenant as it then was; a time-bound request that
    found it there, its end still ahead), one that asked at least what the write made (`_left`)? Sent
    regardless, the undo took that away (sec65's caveat). If so, recorded refused, naming that decision,
    and True; nothing is sent.

    `reason`: why the check refuses the write (`shown`: as the requester may read it). `flagged`: tell the
    admins the write is kept (a marked take-back told them it was being taken back). A later request
    that found the access "already" with an end takes the write over until its end
    (`_given_until_its_end`)."""
    # A claim another take-back made first rolls this record back: decided again, the claimed step is then
    # applied (a later decision with nothing more to claim), or gone (taken back).
    for _ in range(_CLAIM_TRIES):
        left = _left(service, directory, view, step, sent)
        if left is None:
            return False
        outcome = {
            "message": f"{left.why} The check had refused the write: {shown}",
            REFUSED_NOW: reason,
            LEFT_TO_LATER: True,
        }
        claimed = _given_until_its_end(service, left.later, made, view, actor)
        also, told = claimed if claimed is not None else (None, [])
        try:
            service.record_step(
                view, step.position, "refused", outcome, actor, also=also, flagged=flagged, told=told
            )
        except ClaimLost:
            continue
        return True
    raise ClaimLost(f"step {step.position} of {view.request_id}: its later request kept being claimed")


def _given_until_its_end(
    service: RequestService, later: LaterStep, made: Change, view: RequestView, actor: Actor
) -> tuple[Callable[[Session], None], list[dict[str, Any]]] | None:
    """For a take-back left to a later time-bound request that found the access there (`already`): that
    step recorded applied with the change the left write made, and audited, in the transaction that leaves
    it, so its end is due and takes the access away then. Left "already", nothing ended it (only an applied
    step's end is due): access the check refused, given until an end, kept for good (red team 67 F4)."""
    if later.status != "already" or not later.step.get("expires"):
        return None
    outcome = {
        **(later.outcome or {}),
        "message": f"{made.summary} (found given by the write of request {view.request_id}, which the check "
        "had refused and which was left to this request: it is this request's until its end)",
        "before": made.before,
        "after": made.after,
        "change": made.model_dump(mode="json"),
    }
    claim, entry = service.claim_left_write(
        view.tenant, later.request_id, later.position, later.step, outcome, actor, left_by=view.request_id
    )
    return claim, [entry]


def _parsed(at: str | None) -> dt.datetime | None:
    if isinstance(at, str):
        with contextlib.suppress(ValueError):
            return utc(dt.datetime.fromisoformat(at))
    return None
