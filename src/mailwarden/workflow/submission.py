"""The use cases of a request, once for every channel: submit a previewed plan, confirm, approve or deny.

The CLI, the REST API and the pages parse what the person said, call these, and render what comes back.
Each use case refuses what the tenant's health says cannot work, decides on live facts (live_policy.py),
runs the request when nothing waits for approval, and has the recipients a finished change touched read
again (through the channel's `Refresh`, which knows where that channel keeps its directory).

A preview is never stored: a request row exists only once the requester submits (a denied plan is stored
as denied, the record of what policy refused).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Literal

from mailwarden.errors import ConfigError
from mailwarden.model.changes import Refusal
from mailwarden.model.decisions import Denied
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import Step
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance
from mailwarden.workflow.service import PlannedStep
from mailwarden.workflow.session import Session
from mailwarden.workflow.sole_admin import require_justification

__all__ = [
    "Refresh",
    "awaits_confirmation",
    "cache_refresh",
    "confirm",
    "refuse_unavailable",
    "retry",
    "submit",
    "verdict",
]

Refresh = Callable[[list[str]], Awaitable[None]]
"""Re-read these addresses into the channel's directory cache."""

Progress = Callable[[int], None]
"""Told how many more steps were recorded as a request runs."""


def cache_refresh(session: Session) -> Refresh:
    """The `Refresh` of a channel that keeps no directory of its own (the CLI): the workspace's cache."""

    async def refresh(addresses: list[str]) -> None:
        await session.workspace.refresh(session.tenant_key, session.clients, session.ctx.directory, addresses)

    return refresh


# The step fields naming the recipient whose cached record a change alters.
_TOUCHED = ("mailbox", "group", "recipient")
_FINISHED = (RequestState.COMPLETED, RequestState.PARTIALLY_FAILED)


def refuse_unavailable(session: Session, steps: Iterable[Step]) -> None:
    """Refuse, with the fix, a change the tenant's last health check says cannot work (a red capability)."""
    # Imported here: health checking (and connecting) is needed to submit, not by `plan`, which imports this.
    from mailwarden.tenants.health import capability_refusal

    for step in steps:
        refusal = capability_refusal(session.workspace, session.tenant_key, step.action)
        if refusal:
            raise ConfigError(refusal)


def awaits_confirmation(
    planned: Sequence[PlannedStep], *, only_allowed: bool = False, justification: str | None = None
) -> bool:
    """Whether submitting would leave the request for its requester to confirm: nothing denies it (or the
    requester drops what does) and something would change, or would be sent: a step taking access away is
    sent even when its (lagging) preview read says there is nothing to take away (`closes_as_read`).
    Channels ask before they submit, not after; a sole admin's missing justification is refused here, before
    they are asked to confirm."""
    blocked = [p for p in planned if isinstance(p.preview, Refusal) or isinstance(p.decision, Denied)]
    if blocked and not (only_allowed and len(blocked) < len(planned)):
        return False
    kept = [p for p in planned if p not in blocked]
    require_justification((p.decision for p in kept), justification)
    return not all(p.closes_as_read for p in kept)


async def submit(
    session: Session,
    planned: Sequence[PlannedStep],
    *,
    refresh: Refresh,
    confirm: bool,
    channel: str,
    text: str | None = None,
    justification: str | None = None,
    only_allowed: bool = False,
    progress: Progress | None = None,
) -> RequestView:
    """Store the requester's request; with `confirm` (they said yes to this preview) confirm it, decided
    again on live facts, and run it when nothing waits for approval (`progress` is told of each step
    recorded, for a channel's progress bar)."""
    refuse_unavailable(session, (p.step for p in planned))
    view = session.service.submit(
        session.tenant_key,
        session.actor,
        planned,
        channel=channel,
        text=text,
        justification=justification,
        only_allowed=only_allowed,
    )
    if confirm and view.state is RequestState.NEEDS_CONFIRMATION:
        request_id = view.request_id
        del view  # not held while it runs: a bulk request's run holds a page of its steps, no more
        return await _confirmed(session, request_id, refresh, progress)
    return view


async def confirm(
    session: Session, request_id: str, refresh: Refresh, *, progress: Progress | None = None
) -> RequestView:
    """The requester confirms a submitted request (decided again first); it then waits or runs (`progress`
    is told of each step recorded)."""
    return await _confirmed(session, request_id, refresh, progress)


async def _confirmed(
    session: Session, request_id: str, refresh: Refresh, progress: Progress | None = None
) -> RequestView:
    live = session.live
    tenant = session.tenant_key
    await live_policy.confirm(session.service, live, tenant, request_id, session.actor)
    return await _run(session, request_id, refresh, progress)


async def retry(session: Session, request_id: str, refresh: Refresh) -> RequestView:
    """Run a finished request's failed steps again, and only those, each decided again on live facts."""
    session.service.reopen_failed(session.tenant_key, request_id, session.actor)
    return await _run(session, request_id, refresh)


async def verdict(
    session: Session, request_id: str, *, approve: bool, justification: str | None, refresh: Refresh
) -> RequestView:
    """The signed-in person approves (the request runs once every step has its approval) or denies."""
    live = session.live
    tenant = session.tenant_key
    verb: Literal["approve", "deny"] = "approve" if approve else "deny"
    view = await live_policy.verdict(
        session.service, live, tenant, request_id, session.requester, verb, justification
    )
    return await _run(session, request_id, refresh) if approve else view


async def _run(
    session: Session, request_id: str, refresh: Refresh, progress: Progress | None = None
) -> RequestView:
    view = await advance(
        session.service,
        session.ctx,
        session.tenant_key,
        request_id,
        check=session.live.step_check,
        progress=progress,
    )
    if view.state in _FINISHED:
        # Every step's, read a page at a time when the view holds only the first page (a bulk request's).
        pages = [view.steps] if view.all_steps else session.service.pending_pages(request_id, every=True)
        touched = {str(s.step[f]) for page in pages for s in page for f in _TOUCHED if s.step.get(f)}
        await refresh(sorted(touched))
    return view
