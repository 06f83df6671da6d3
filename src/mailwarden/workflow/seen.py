"""A request as one who may see it reads it (`seen_by`), in every channel: the API and pages
(api/operations.py), the CLI (cli/requests_cmd.py). Who may see it at all is the service's
(workflow/service.py)."""

from __future__ import annotations

from typing import Protocol

from mailwarden.model.decisions import ApprovalRequired
from mailwarden.model.requests import TEXT_WITHHELD, RequestStepView, RequestView

__all__ = ["Viewer", "seen_by"]


class Viewer(Protocol):
    """Who reads: a signed-in person (api/auth.Principal) or the CLI's actor (workflow/service.Actor)."""

    @property
    def actor_id(self) -> str: ...

    @property
    def address(self) -> str: ...

    @property
    def is_admin(self) -> bool: ...


_NOT_YOURS = (
    "Another step of this request, decided by someone else: only the requester, its approvers and admins "
    "see what it changes."
)


def _decides(step: RequestStepView, who: Viewer) -> bool:
    return isinstance(step.decision, ApprovalRequired) and who.address in step.decision.approvers


def _outline(step: RequestStepView) -> RequestStepView:
    """What an approver of another step is shown of this one: that it exists, its kind, who decides it."""
    decision = step.decision
    if isinstance(decision, ApprovalRequired):
        decision = ApprovalRequired(approvers=decision.approvers)
    else:
        decision = type(decision)()
    return RequestStepView(
        position=step.position,
        step={"action": step.step.get("action"), "change": step.step.get("change")},
        preview={"summary": _NOT_YOURS, "redacted": True},
        decision=decision,
        status=step.status,
        expires=step.expires,
    )


def seen_by(who: Viewer, view: RequestView) -> RequestView:
    """The request as `who` may read it. The requester and admins read every step. Anyone else sees it as
    the approver of some of its steps (workflow/service.py lets no one else see it): those steps in full, the
    others in outline only. A stored preview is redacted for the requester alone (workflow/redact.py), and
    an approver of one step may not read the resource another step changes (who holds Send As on a mailbox,
    where it forwards, who is on a list), nor its outcome."""
    # The requester by object id: whoever holds the address they filed under now is a stranger to it.
    if who.is_admin or view.is_requester(who.actor_id, who.address):
        return view
    # The request's own words name every step's target: only an approver of all of them reads them
    # (RequestView.reads_text), and other approvers' comments likewise; the justification, what an
    # approver needs, is kept.
    # Who is signed in as `who.address` holds it: it is not the requester's (red team 84 F1).
    text = view.text if not view.text or view.reads_text(who.address, who.actor_id) else TEXT_WITHHELD
    return view.model_copy(
        update={
            "text": text,
            "steps": [s if _decides(s, who) else _outline(s) for s in view.steps],
            "later_problems": [s if _decides(s, who) else _outline(s) for s in view.later_problems],
            **view.comments_for(who.address, who.actor_id),
        }
    )
