"""The request lifecycle in the store: submit, confirm, approve, deny, cancel, expire, execution records.

Every move follows a row of the transition table (transitions.py: state, action -> next states, who).
Rules kept here, whoever calls (CLI, API, scheduler): only the requester confirms (a confirmation is not
an approval); a requester never approves or denies their own request, whatever their role; only a person
named as an approver of a step still waiting for approval may approve it; one approval per step suffices,
one denial ends the request. State changes are conditional updates, so two processes cannot both move a
request, and only the holder of the execution lease runs its steps. Every transition is audited.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, String, bindparam, exists, func, insert, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session, aliased

from mailwarden.audit import AuditLog
from mailwarden.audit.records import mask_secrets, refuse_secret_text
from mailwarden.audit.submissions import STEPS, SUBMITTED, steps_digest
from mailwarden.errors import InvalidTransition, NotPermitted, RequestNotFound
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.decisions import ApprovalRequired, Decision, Denied
from mailwarden.model.requests import (
    WITH_IDS,
    Approval,
    HeldDenial,
    RequestState,
    RequestStepView,
    RequestView,
)
from mailwarden.model.steps import Step
from mailwarden.notifications.config import deadline_grace
from mailwarden.notifications.events import Event
from mailwarden.notifications.outbox import announce, queue_in
from mailwarden.store.db import Store
from mailwarden.store.tables import ApprovalRow, RecipientAddressRow, RecipientRow, RequestRow, RequestStepRow
from mailwarden.workflow.as_read import closes_as_read
from mailwarden.workflow.binding import ENDS
from mailwarden.workflow.decision_sql import step_approvers
from mailwarden.workflow.ended_grant import why_not_run
from mailwarden.workflow.grant_records import APPLIED_AT, DRIFT_SCAN_REQUESTER, NOT_SENT, SENT_AT, tried_write
from mailwarden.workflow.sole_admin import (
    NO_SECOND_ADMIN,
    SOLE_ADMIN_POLICY,
    require_justification,
    sole_admin,
)
from mailwarden.workflow.transitions import roles_of, sources, who_may

__all__ = [
    "ANSWER_LOST",
    "APPLIED_AT",
    "DENY_HELD",
    "DRIFT_SCAN_REQUESTER",
    "LEFT_TO_LATER",
    "READ_AS_ALREADY",
    "REFUSED_NOW",
    "SCHEDULER",
    "Actor",
    "ClaimLost",
    "PlannedStep",
    "RequestService",
    "sent_by",
]

DENY_HELD = "approval.deny_held"
"""Audited: an admin's denial of a drift revert was recorded but held for a second admin
(workflow/live_policy.py); the request's views list it (`RequestView.held_denials`)."""

_DECISION: TypeAdapter[Decision] = TypeAdapter(Decision)
APPROVAL_TTL = dt.timedelta(days=7)
EXECUTION_LEASE = dt.timedelta(minutes=10)
RECORD_CHUNK = 500
"""Step outcomes recorded per transaction (record_steps)."""
RUN_CHUNK = 500
"""Steps a run loads from the store at once (steps_to_run): its memory is this many steps', however many
the request has."""
PROBLEMS = ("failed", "refused", "drifted")
"""The statuses of a step that did not go as asked."""
PROBLEMS_SHOWN = 20
"""How many of them after its first page a view holding only that page names (the rest are counted)."""
S = RequestState


@dataclass(frozen=True)
class Actor:
    """Who does something to a request: a recipient of the tenant (or the scheduler), and whether an admin."""

    actor_id: str
    address: str
    is_admin: bool = False


SCHEDULER = Actor(actor_id="scheduler", address="scheduler", is_admin=False)


class ClaimLost(Exception):
    """Raised inside a record's transaction by `claim_left_write`'s claim when the step it claims is no
    longer "already" (another take-back claimed it first): the record and the claim's audit entry are
    rolled back together, and the take-back decides again (red team 69 F2)."""


@dataclass(frozen=True)
class PlannedStep:
    """A step as submitted: what it is, what preflight showed, what policy decided."""

    step: Step
    preview: Preflight
    decision: Decision
    ids: dict[str, Any] | None = None
    """The directory object ids of the recipients the step names, as previewed (workflow/binding.py): stored
    with the preview, so the step runs on these objects or not at all. None: bound to nothing (by address)."""
    ends: int | None = None
    """Of an expiry's step: the position of the parent request's step whose grant it ends, stored with the
    preview (workflow/ended_grant.py `ENDS`), so the end is tied to that step only."""

    @property
    def closes_as_read(self) -> bool:
        return closes_as_read(self.step, self.preview)


READ_AS_ALREADY = "read_as_already"
REFUSED_NOW = "refused_now"
"""On a step's outcome: why the check, read again after the tenant took its write, refuses it now (sec56)."""
LEFT_TO_LATER = "left_to_later"
"""On a refused step's outcome (with `REFUSED_NOW`): the write the check refused after the tenant took it was
not taken back, being the access a later request decided since it was sent (workflow/take_back.py): it stays
in the tenant, that request's."""
TAKING_BACK = "taking_back"
"""On an `applying` step's outcome (with `REFUSED_NOW` and the change its write made): the write the check
refused after the tenant took it is being taken back, recorded and flagged before the undo is sent; a run
that takes the step over sends the undo and records its outcome (red team 64 F5)."""
"""Set in an `applying` step's outcome whose write was sent though the read before it said "already": a run
that takes the step over sends the write again, and records it applied as marked when the tenant says it is
so (the dead run's write, or nothing to do: a read, which lags, cannot tell), never "already" (sec39)."""

ANSWER_LOST = "answer_lost"
"""Set in the `applying` mark of a failed step put back to run (reopen_failed): its write was sent by a run
that lived and recorded it failed, with no answer that it landed (all may have been lost); the records of
the retry say so (`sent_by`)."""


TAKEN_OVER = (
    "A later request extended this access and took its end over after this step failed, so it was not "
    "retried (superseded): that request decided it."
)


def sent_by(mark: dict[str, Any] | None) -> str:
    """Who sent the write of an `applying` step that a run settles: what its records say."""
    if (mark or {}).get(ANSWER_LOST):
        return "an earlier run recorded as failed (its answer may have been lost)"
    return "a run that stopped before recording it"


Tell = Event | Callable[[RequestView], Event | None] | None
"""What a transition tells: an event, or a choice made on the request as moved (None: nothing)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _preview_json(
    preview: Preflight, ids: dict[str, Any] | None = None, ends: int | None = None
) -> dict[str, Any]:
    kind = "refusal" if isinstance(preview, Refusal) else "change"
    return {
        "kind": kind,
        **preview.model_dump(mode="json"),
        **({"ids": ids} if ids else {}),
        **({ENDS: ends} if ends is not None else {}),
    }


class RequestService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        *,
        clock: Callable[[], dt.datetime] = _now,
        approval_ttl: dt.timedelta = APPROVAL_TTL,
        lease: dt.timedelta = EXECUTION_LEASE,
    ) -> None:
        self.store = store
        self.audit = audit
        self.clock = clock
        self.approval_ttl = approval_ttl
        self.lease = lease
        self.run_chunk = RUN_CHUNK

    # ---- submit ----------------------------------------------------------------------------------
    def submit(
        self,
        tenant: str,
        requester: Actor,
        steps: Sequence[PlannedStep],
        *,
        channel: str = "cli",
        text: str | None = None,
        justification: str | None = None,
        kind: Literal["change", "undo", "expiry"] = "change",
        parent_request_id: str | None = None,
        only_allowed: bool = False,
        request_id: str | None = None,
        confirmed: bool = False,
    ) -> RequestView:
        """Store a request. A refused or denied step denies the whole request: nothing is half-applied,
        unless the requester said explicitly (`only_allowed`) to submit the other steps and drop those: the
        dropped steps stay on the request (status "dropped", with the reason) and in its audit record.
        A caller that must never file one request twice gives its `request_id`: a second submit with it
        fails on the key (IntegrityError), in the same transaction. `confirmed`: stored approved, its
        confirmation audited, for a requester whose request needs no one's approval and is never left
        waiting for a confirmation of its own (the scheduler's expiries: red team 56 F4)."""
        if not steps:
            raise NotPermitted("A request needs at least one step.")
        # Typed text shaped like a secret is refused before anything is written. An expiry's and an undo's
        # steps are no one's typed text: the system builds them from the tenant's objects as they are now
        # (an address its holder may have made token-shaped), and a take-back is never refused for a name
        # (red team 81 F1): the audit log masks what looks secret in them instead.
        for planned in steps if kind == "change" else ():
            refuse_secret_text(f"{planned.step.action} step", planned.step.model_dump(mode="json"))
        now = self.clock()
        request_id = request_id or str(uuid.uuid4())
        blocked = {
            i: p
            for i, p in enumerate(steps)
            if isinstance(p.preview, Refusal) or isinstance(p.decision, Denied)
        }
        dropping = only_allowed and bool(blocked) and len(blocked) < len(steps)
        kept = [p for i, p in enumerate(steps) if i not in blocked] if dropping else list(steps)
        require_justification((p.decision for p in kept), justification)
        nothing_to_do = all(p.closes_as_read for p in kept)
        denied = bool(blocked) and not dropping
        if confirmed and any(p.decision.outcome == "approval_required" for p in kept):
            raise NotPermitted(
                "A request that needs an approval is confirmed by its requester, not filed so."
            )
        waits = S.APPROVED if confirmed else S.NEEDS_CONFIRMATION
        state = S.DENIED if denied else (S.COMPLETED if nothing_to_do else waits)
        filing: dict[str, Any] = {
            "request_id": request_id,
            "requester": requester.address,
            "channel": channel,
            "kind": kind,
            "text": text,
            "justification": justification,
            "created": now,
            "updated": now,
            "parent_request_id": parent_request_id,
        }
        # The request as filed, what its audit records say of it (the view returned is read back).
        filed = RequestView(
            **filing,
            requester_id=requester.actor_id,
            tenant=tenant,
            state=state,
            step_count=len(steps),
            status_counts={},
        )
        # Core inserts a page at a time, in this one transaction: a bulk request's thousands of steps
        # are never all ORM objects (nor all row dicts, nor all views) at once. The view returned is
        # built from what was inserted, not read back, and holds the first page (`first_page`).
        decided: dict[int, tuple[Decision, dict[str, Any], Decision]] = {}  # most share their decision

        def stored() -> Iterator[tuple[dict[str, Any], RequestStepView]]:
            """Every step's row and view, in order of position (twice: to audit, then to insert)."""
            for position, planned in enumerate(steps):
                already = planned.closes_as_read
                dropped = dropping and position in blocked
                known = decided.get(id(planned.decision))
                if known is None:
                    dumped = planned.decision.model_dump(mode="json")
                    # kept alive, so its id is not reused; the view's decision as read back would be
                    known = decided[id(planned.decision)] = (
                        planned.decision,
                        dumped,
                        _DECISION.validate_python(dumped),
                    )
                expires = getattr(planned.step, "expires", None)
                row = {
                    "request_id": request_id,
                    "position": position,
                    "step": planned.step.model_dump(mode="json"),
                    "preview": _preview_json(planned.preview, planned.ids, planned.ends),
                    "decision": known[1],
                    "status": "dropped" if dropped else "already" if already else "pending",
                    "outcome": None,
                    "expires": expires,
                    "reverted_by": None,
                }
                yield (
                    row,
                    RequestStepView.model_construct(
                        position=position,
                        step=row["step"],
                        preview=row["preview"],
                        decision=known[2],
                        status=row["status"],
                        outcome=None,
                        expires=expires.astimezone(dt.UTC) if expires is not None else None,
                        reverted_by=None,
                    ),
                )

        read: list[RequestView] = []

        def write(session: Session) -> None:
            """The request's rows, in the transaction of its audit records: a request is never stored
            without the record of who asked for it (red team 79 F2: one stored when the append failed ran
            unaudited), nor the records kept without the request."""
            head = RequestRow(
                **filing,
                tenant_key=tenant,
                requester_id=requester.actor_id,
                state=state.value,
                approval_deadline=None,
                lease_until=None,
            )
            session.add(head)
            session.flush()
            first: list[RequestStepView] = []
            rows: list[dict[str, Any]] = []
            for row, step_view in stored():
                rows.append(row)
                if len(first) < self.run_chunk:
                    first.append(step_view)
                if len(rows) == RECORD_CHUNK or row["position"] == len(steps) - 1:
                    session.execute(insert(_STEPS), rows)
                    rows = []
            session.expire(head)  # its dates as the store keeps them
            read.append(_view(session, head, first=0).model_copy(update={"steps": first}))

        reasons = [_blocked_reason(p) for p in blocked.values()]
        dropped_detail = [
            {"position": i, "action": p.step.action, "reason": _blocked_reason(p)} for i, p in blocked.items()
        ]
        four_eyes = {"four_eyes": NO_SECOND_ADMIN} if sole_admin(p.decision for p in steps) else {}
        settled: list[tuple[Actor, str, dict[str, Any] | None]] = []  # recorded with the submission
        if state is S.DENIED:
            settled.append((SCHEDULER, "request.denied", {"reasons": reasons, "by": "policy"}))
        elif state is S.APPROVED:
            settled.append((requester, "request.confirmed", None))
        self._audit_submitted(
            filed,
            requester,
            {"only_allowed": True, "dropped": dropped_detail} if dropping else None,
            lambda: (step_view for _, step_view in stored()),
            four_eyes,
            then=[self._audit_entry(filed, e, who, detail=d, four_eyes=four_eyes) for who, e, d in settled],
            write=write,
        )
        return read[0]

    def _audit_submitted(
        self,
        view: RequestView,
        requester: Actor,
        detail: dict[str, Any] | None,
        every: Callable[[], Iterator[RequestStepView]],
        four_eyes: dict[str, str],
        *,
        then: Sequence[dict[str, Any]],
        write: Callable[[Session], None],
    ) -> None:
        """Who asked for exactly what: `request.submitted` names the steps by their count and digest
        (steps_digest), and `request.steps` records, a page of steps each, hold every step as submitted, all
        appended in one transaction with the records `then` (its denial or confirmation at filing) and the
        request's rows (`write`). A page at a time, so that a bulk request's thousands of steps are never
        all in the log's memory (one record listing them all was several copies of every step); `every()`
        gives them, in order, each time it is called."""
        digest = steps_digest(s.model_dump(mode="json", context={WITH_IDS: True}) for s in every())

        def entries() -> Iterator[dict[str, Any]]:
            yield self._audit_entry(
                view,
                SUBMITTED,
                requester,
                after={"steps": view.step_count, "sha256": digest},
                detail=detail,
                four_eyes=four_eyes,
            )
            pending = every()
            while page := list(itertools.islice(pending, RECORD_CHUNK)):
                yield self._audit_entry(
                    view,
                    STEPS,
                    requester,
                    after=[s.model_dump(mode="json", context={WITH_IDS: True}) for s in page],
                    detail={"positions": [page[0].position, page[-1].position]},
                    four_eyes=four_eyes,
                )
            yield from then

        self.audit.append_many(
            entries(), checkpoint=view.state is not S.EXECUTING, with_records=write, returned=False
        )

    # ---- people act on it ------------------------------------------------------------------------
    def confirm(
        self, tenant: str, request_id: str, actor: Actor, *, read: RequestView | None = None
    ) -> RequestView:
        """The requester confirms the preview; allowed steps then need no approval. `read`: the request as
        the caller has just read it (its steps unchanged since), so that they are not read again."""
        same = read is not None and (read.tenant, read.request_id) == (tenant, request_id)
        view = read if read is not None and same else self.get(tenant, request_id)
        if not roles_of(view, actor, self.requester_id(request_id)) & who_may("confirm"):
            raise NotPermitted("Only the requester confirms a request; approvers approve it instead.")

        # A `read` without all its steps (a bulk request's head): the decisions alone, read from the store.
        def decisions() -> Iterator[Decision]:
            if view.all_steps:
                return (s.decision for s in view.steps)
            return self._decisions_of(request_id)

        # One walk of the steps for both (a bulk request's pages are read once, not once per question).
        on_sole_admin: list[Decision] = []
        needs_approval = False
        for decision in decisions():
            needs_approval = needs_approval or decision.outcome == "approval_required"
            if not on_sole_admin and sole_admin([decision]):
                on_sole_admin.append(decision)
        # Decided again before confirming, a step may now rest on the sole-admin rule (a second admin left).
        require_justification(on_sole_admin, view.justification)
        target = S.PENDING_APPROVAL if needs_approval else S.APPROVED
        deadline = self.clock() + self.approval_ttl if needs_approval else None
        tell = Event.WAITING if target is S.PENDING_APPROVAL else None
        self._move(
            request_id, sources("confirm", target), target, "confirmed", tell=tell, approval_deadline=deadline
        )
        # The request as moved, with the steps just read: confirming changes no step (a bulk request's
        # thousands are not read again).
        view = self._head(tenant, request_id).model_copy(update={"steps": view.steps})
        self._audit(view, "request.confirmed", actor)
        return view

    def approve(
        self, tenant: str, request_id: str, actor: Actor, justification: str | None = None
    ) -> RequestView:
        return self._verdict(tenant, request_id, actor, "approve", justification)

    def deny(
        self, tenant: str, request_id: str, actor: Actor, justification: str | None = None
    ) -> RequestView:
        return self._verdict(tenant, request_id, actor, "deny", justification)

    def _verdict(
        self,
        tenant: str,
        request_id: str,
        actor: Actor,
        verdict: Literal["approve", "deny"],
        justification: str | None,
    ) -> RequestView:
        self.expire_stale(tenant)
        view = self.get(tenant, request_id)
        if actor.actor_id == self.requester_id(request_id):
            raise NotPermitted(
                "A requester never approves or denies their own request; another approver must."
            )
        if view.state is not S.PENDING_APPROVAL:
            raise InvalidTransition(
                request_id, view.state.value, "approved" if verdict == "approve" else "denied"
            )
        if actor.address not in view.pending_approvers():
            raise NotPermitted(
                f"{actor.address} is not an approver of request {request_id!r}; "
                f"its approvers are {', '.join(view.pending_approvers()) or 'none'}."
            )
        refuse_secret_text("justification", justification)
        with self.store.session() as session:
            session.add(
                ApprovalRow(
                    request_id=request_id,
                    approver_id=actor.actor_id,
                    approver=actor.address,
                    verdict=verdict,
                    justification=justification,
                    time=self.clock(),
                )
            )
        if verdict == "deny":
            self._move(request_id, sources("deny", S.DENIED), S.DENIED, "denied", tell=Event.DENIED)
            view = self.get(tenant, request_id)
            self._audit(view, "approval.denied", actor, detail={"justification": justification})
            return view
        view = self.get(tenant, request_id)
        self._audit(view, "approval.granted", actor, detail={"justification": justification})
        if not view.awaits_approval():
            self._move(
                request_id, sources("approve", S.APPROVED), S.APPROVED, "approved", tell=Event.APPROVED
            )
            view = self.get(tenant, request_id)
        return view

    # ---- decided again on live facts (live_policy.py) --------------------------------------------------
    def restate(
        self, tenant: str, request_id: str, decisions: dict[int, Decision], actor: Actor, when: str
    ) -> RequestView:
        """Replace steps' stored decisions with ones made again (more lenient, or other approvers). A request
        still waiting tells the approvers it waits on now, in the same transaction: one it waits on only
        since was never told (red team 37); one told already is not told twice (the outbox's key)."""
        before = self.get(tenant, request_id)
        told = False
        with self.store.session() as session:
            for position, decision in decisions.items():
                session.execute(
                    update(RequestStepRow)
                    .where(RequestStepRow.request_id == request_id, RequestStepRow.position == position)
                    .values(decision=decision.model_dump(mode="json"))
                )
            if before.state is S.PENDING_APPROVAL:
                now_waiting = _view(session, self._row_of(session, request_id))
                told = bool(queue_in(session, now_waiting, Event.WAITING, now=self.clock()))
        if told:
            announce(self.store, tenant)
        view = self.get(tenant, request_id)
        self._audit(
            view,
            "request.redecided",
            actor,
            before={p: before.every_step()[p].decision.model_dump(mode="json") for p in decisions},
            after={p: d.model_dump(mode="json") for p, d in decisions.items()},
            detail={"when": when},
        )
        return view

    def stop(
        self,
        tenant: str,
        request_id: str,
        states: set[RequestState],
        reasons: list[str],
        actor: Actor,
        when: str,
    ) -> RequestView:
        """End a request that the policy, decided again on live facts, no longer lets go on."""
        self._move(request_id, states & sources("stop", S.DENIED), S.DENIED, "stopped", tell=Event.DENIED)
        view = self.get(tenant, request_id)
        self._audit(view, "request.denied", actor, detail={"by": "policy", "when": when, "reasons": reasons})
        return view

    def cancel(self, tenant: str, request_id: str, actor: Actor) -> RequestView:
        view = self.get(tenant, request_id)
        if not roles_of(view, actor, self.requester_id(request_id)) & who_may("cancel"):
            raise NotPermitted("Only the requester (or an admin) cancels a request.")
        if view.requester == DRIFT_SCAN_REQUESTER and view.state in sources("cancel", S.CANCELLED):
            # Red team 42: cancelling a drift revert keeps the outside change as a denial does, so it takes
            # the denial's path, where its maker (or, while he is not known, any one admin) never keeps it
            # alone (live_policy.verdict); this service has no live view of who made it or who decides.
            reason = (
                "A drift revert is not cancelled: cancelling it keeps the change made outside mailwarden, "
                "which its maker (or, while who made it is not known, one admin) never does alone. Deny it "
                "instead (a denial that needs a second admin waits for one), or approve it."
            )
            self._audit(view, "request.cancel_refused", actor, detail={"reason": reason})
            raise NotPermitted(reason)
        self._move(request_id, sources("cancel", S.CANCELLED), S.CANCELLED, "cancelled")
        view = self.get(tenant, request_id)
        self._audit(view, "request.cancelled", actor)
        return view

    def expire_stale(self, tenant: str) -> list[str]:
        """Requests whose approval deadline passed (and the tenant's escalation grace, if it escalates)
        become expired; returns their ids."""
        now = self.clock() - deadline_grace(self.store, tenant)
        with self.store.session() as session:
            ids = list(
                session.scalars(
                    select(RequestRow.request_id).where(
                        RequestRow.tenant_key == tenant,
                        RequestRow.state == S.PENDING_APPROVAL.value,
                        RequestRow.approval_deadline < now,
                    )
                )
            )
        expired = []
        for request_id in ids:
            if self._try_move(request_id, sources("expire", S.EXPIRED), S.EXPIRED, tell=Event.EXPIRED):
                expired.append(request_id)
                view = self.get(tenant, request_id)
                self._audit(view, "request.expired", SCHEDULER)
        return expired

    # ---- execution bookkeeping (the executor calls these) -----------------------------------------
    def claim(self, tenant: str, request_id: str) -> RequestView | None:
        """Take the execution lease: an approved request, or one whose previous run died. None if taken."""
        now = self.clock()
        with self.store.session() as session:
            result = session.execute(
                update(RequestRow)
                .where(
                    RequestRow.request_id == request_id,
                    RequestRow.tenant_key == tenant,
                    or_(
                        RequestRow.state == S.APPROVED.value,
                        (RequestRow.state == S.EXECUTING.value) & (RequestRow.lease_until < now),
                    ),
                )
                .values(state=S.EXECUTING.value, lease_until=now + self.lease, updated=now)
            )
            claimed = bool(getattr(result, "rowcount", 0))
        # Without its steps: a run reads them a page at a time (steps_to_run), so a bulk request's
        # thousands of steps are never all in memory at once.
        return self._head(tenant, request_id) if claimed else None

    def steps_to_run(self, request_id: str, after: int) -> list[RequestStepView]:
        """The next `run_chunk` steps still to run (pending, or `applying` or applied and still "verifying"
        when a run died), after position `after`, in order: a run pages through its request's steps instead
        of loading them all. A write left "verifying" is verified again: its re-check may have refused it
        once, and no other run reads it again (red team 67 F8)."""
        with self.store.session() as session:
            rows = session.scalars(
                select(RequestStepRow)
                .where(
                    RequestStepRow.request_id == request_id,
                    RequestStepRow.position > after,
                    or_(
                        RequestStepRow.status.in_(("pending", "applying")),
                        (RequestStepRow.status == "applied")
                        & (RequestStepRow.outcome["verification"].as_string() == "verifying"),
                    ),
                )
                .order_by(RequestStepRow.position)
                .limit(self.run_chunk)
            ).all()
            return _step_views(rows)

    def pending_pages(self, request_id: str, *, every: bool = False) -> Iterator[list[RequestStepView]]:
        """The request's pending steps (`every`: all its steps), `run_chunk` at a time in order of position:
        what a bulk request's confirmation walks instead of loading its thousands of steps at once."""
        after = -1
        while True:
            with self.store.session() as session:
                query = select(RequestStepRow).where(
                    RequestStepRow.request_id == request_id, RequestStepRow.position > after
                )
                if not every:
                    query = query.where(RequestStepRow.status == "pending")
                rows = session.scalars(query.order_by(RequestStepRow.position).limit(self.run_chunk)).all()
                page = _step_views(rows)
            if not page:
                return
            yield page
            after = page[-1].position

    def _decisions_of(self, request_id: str) -> Iterator[Decision]:
        """The decision of every step of the request, in order of position, read from the store `run_chunk`
        at a time as stored text: a bulk request's steps mostly share one decision, so each distinct one is
        decoded and validated once (not every step's step, preview and outcome with it, as `pending_pages`
        decodes them)."""
        known: dict[str, Decision] = {}
        after = -1
        while True:
            with self.store.session() as session:
                rows = session.execute(
                    select(RequestStepRow.position, sql_cast(RequestStepRow.decision, String))
                    .where(RequestStepRow.request_id == request_id, RequestStepRow.position > after)
                    .order_by(RequestStepRow.position)
                    .limit(self.run_chunk)
                ).all()
            if not rows:
                return
            for _, text in rows:
                found = known.get(text)
                if found is None:
                    found = known[text] = _DECISION.validate_python(json.loads(text))  # as `_step_views` does
                yield found
            after = rows[-1][0]

    def head(self, tenant: str, request_id: str) -> RequestView:
        """The request without its steps (its state, dates and approvals): pending_pages reads them."""
        return self._head(tenant, request_id)

    def steps_at(self, request_id: str, positions: Sequence[int]) -> list[RequestStepView]:
        """The steps at `positions` (a chunk of them: the caller pages), in order of position."""
        with self.store.session() as session:
            rows = session.scalars(
                select(RequestStepRow)
                .where(RequestStepRow.request_id == request_id, RequestStepRow.position.in_(positions))
                .order_by(RequestStepRow.position)
            ).all()
            return _step_views(rows)

    def renew_lease(self, request_id: str, held: dt.datetime) -> dt.datetime | None:
        """Extend the lease a run holds (`held`, its current end) by the lease's length; None when the run no
        longer holds it (it ran out and another run took the request over, or the request finished)."""
        with self.store.session() as session:
            result = session.execute(
                update(RequestRow)
                .where(
                    RequestRow.request_id == request_id,
                    RequestRow.state == S.EXECUTING.value,
                    RequestRow.lease_until == held,
                )
                .values(lease_until=self.clock() + self.lease)
            )
            if not getattr(result, "rowcount", 0):
                return None
            return session.scalar(select(RequestRow.lease_until).where(RequestRow.request_id == request_id))

    def claim_ending(self, request_id: str) -> dt.datetime | None:
        """Take the lease on ending the time-bound steps of a finished request: one sweep at a time ends
        them (the worker's and a command's catch-up may run at once). Its end, or None when another sweep
        holds it. A request still running is not taken: its lease is its run's, and its ends wait."""
        now = self.clock()
        until = now + self.lease
        with self.store.session() as session:
            result = session.execute(
                update(RequestRow)
                .where(
                    RequestRow.request_id == request_id,
                    RequestRow.state.not_in((S.APPROVED.value, S.EXECUTING.value)),
                    or_(RequestRow.lease_until.is_(None), RequestRow.lease_until < now),
                )
                .values(lease_until=until)
            )
            return until if getattr(result, "rowcount", 0) else None

    def release_ending(self, request_id: str, held: dt.datetime) -> None:
        """Give back the lease `claim_ending` gave (`held`), unless it ran out and was taken since."""
        with self.store.session() as session:
            session.execute(
                update(RequestRow)
                .where(
                    RequestRow.request_id == request_id,
                    RequestRow.state.not_in((S.APPROVED.value, S.EXECUTING.value)),
                    RequestRow.lease_until == held,
                )
                .values(lease_until=None)
            )

    def lease_until(self, request_id: str) -> dt.datetime | None:
        """Until when the run executing the request owns it (None when none does)."""
        with self.store.session() as session:
            return session.scalar(select(RequestRow.lease_until).where(RequestRow.request_id == request_id))

    def begin_step(
        self,
        view: RequestView,
        position: int,
        intended: Change,
        actor: Actor,
        *,
        read_as_already: bool = False,
        sent_at: str | None = None,
    ) -> None:
        """Mark a step `applying` with the change it is about to make, before the write is sent.

        A run that dies after its write landed but before `record_step` leaves this mark behind, so the
        next run knows the write may be its own: a tenant found as asked is then recorded `applied` (and
        its expiry and undo take it back), never `already` (which nothing ever takes back).
        `read_as_already`: the write is sent though the (lagging) read said the tenant is as asked, so a
        next run cannot tell from a read whether it landed, and sends it again (`READ_AS_ALREADY`).
        `sent_at`: when the write was first sent (`SENT_AT`), what a run that settles it records it applied
        at.
        """
        self.begin_steps(
            view,
            [(position, intended)],
            actor,
            read_as_already=(position,) if read_as_already else (),
            sent_at={position: sent_at} if sent_at else None,
        )

    def record_step(
        self,
        view: RequestView,
        position: int,
        status: str,
        outcome: dict[str, Any],
        actor: Actor,
        *,
        also: Callable[[Session], None] | None = None,
        flagged: bool = False,
        told: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Record what running a step did (its final status and outcome), audited as `step.<status>`;
        `also` writes more in the same transaction (an extension moves the old grant's end), `told` the audit
        records of what it writes (`claim_left_write`); `flagged`, as `record_steps` takes it."""
        self.record_steps(view, [(position, status, outcome)], actor, also=also, flagged=flagged, told=told)

    def begin_steps(
        self,
        view: RequestView,
        intended: Sequence[tuple[int, Change]],
        actor: Actor,
        *,
        asked: Mapping[int, dict[str, Any]] | None = None,
        read_as_already: Collection[int] = (),
        unsent: Collection[int] = (),
        sent_at: Mapping[int, str] | None = None,
    ) -> None:
        """`begin_step` for many steps, in one transaction (all marked before any of their writes is sent);
        `asked` as `record_steps` takes it; `read_as_already`, the positions `begin_step` says of; `unsent`,
        the positions marked `NOT_SENT` until `mark_sent` (a bulk run's, whose sends come later); `sent_at`,
        a dead run's `SENT_AT` by position, kept on the new mark: what a decision made since the write was
        sent is measured from is the first send, not a takeover's (red team 53)."""
        first = sent_at or {}
        self.record_steps(
            view,
            [
                (
                    position,
                    "applying",
                    {
                        **_applying(change, read_as_already=position in read_as_already),
                        **({NOT_SENT: True} if position in unsent else {}),
                        **({SENT_AT: first[position]} if position in first else {}),
                    },
                )
                for position, change in intended
            ],
            actor,
            asked=asked,
        )

    def mark_sent(self, request_id: str, positions: Collection[int], at: str) -> None:
        """Take `NOT_SENT` off the `applying` marks of the steps at `positions`, with `SENT_AT` `at`: their
        write goes on the wire now. A dead run's `SENT_AT`, kept on a takeover's mark until then, gives way:
        the write this run sends may be what lands, after a request that decided the grant since the first
        send (red team 56 F3). One transaction, right before the send; not audited (the mark is a run's
        bookkeeping, as `applying` is: the step's records say the rest)."""
        with self.store.session() as session:
            rows = session.execute(
                select(RequestStepRow.position, RequestStepRow.outcome).where(
                    RequestStepRow.request_id == request_id,
                    RequestStepRow.position.in_(list(positions)),
                    RequestStepRow.status == "applying",
                )
            ).all()
            for position, outcome in rows:
                kept = {k: v for k, v in (outcome or {}).items() if k != NOT_SENT}
                session.execute(
                    update(RequestStepRow)
                    .where(RequestStepRow.request_id == request_id, RequestStepRow.position == position)
                    .values(outcome={**kept, SENT_AT: at})
                )

    def record_steps(
        self,
        view: RequestView,
        outcomes: Sequence[tuple[int, str, dict[str, Any]]],
        actor: Actor,
        *,
        also: Callable[[Session], None] | None = None,
        each: Callable[[Sequence[tuple[int, str, dict[str, Any]]]], Callable[[Session], None] | None]
        | None = None,
        asked: Mapping[int, dict[str, Any]] | None = None,
        flagged: bool = False,
        told: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Record many steps' outcomes (position, status, outcome), a few hundred to a transaction and an
        audit append: each step still has its own row and its own `step.<status>` record. `asked`: what the
        steps ask (their `step` documents as loaded from the store, by position) when the caller holds them
        (a bulk run does), so that they are not read and decoded from the store again for their records.

        In chunks so that recording a bulk run's thousands of outcomes holds a chunk's rows and audit
        records in memory, not all of them; a run that dies between chunks left the rest as they were
        (pending or `applying`), which the next run settles as it settles any step it finds so.

        `also` writes more in the last chunk's transaction, and `told` (audit entries, `_audit_entry`'s) says
        so in it; `each`, given a chunk's outcomes, what more that
        chunk's transaction writes (a bulk expiry's grants tied to the ends recorded in it). `each` is asked
        before the transaction opens, so what it reads from the store is not read under the write lock.

        `flagged`: a step whose outcome carries `REFUSED_NOW` (the check refused, after the write, what the
        tenant took) is also audited `step.refused_after_write` for an admin, `kept` when the write was
        left in the tenant (recorded applied), not taken back. In the record's transaction: flagged in a
        second write, a run killed between the two left the step settled and no admin told (red team 60
        F5)."""
        if not outcomes:
            return  # nothing to record (and no need to ask the store about four eyes)
        # Once: it is about every step of the request (asked of the store when the view has no steps).
        four_eyes = self._four_eyes_for(view)
        for start in range(0, len(outcomes), RECORD_CHUNK):
            chunk = outcomes[start : start + RECORD_CHUNK]
            last = start + RECORD_CHUNK >= len(outcomes)
            writes = [w for w in (each(chunk) if each is not None else None, also if last else None) if w]
            self._record_chunk(
                view,
                chunk,
                actor,
                four_eyes,
                checkpoint=last and view.state is not S.EXECUTING,
                also=_all_of(writes) if writes else None,
                asked=asked,
                flagged=flagged,
                told=told if last else (),
            )

    def _record_chunk(
        self,
        view: RequestView,
        outcomes: Sequence[tuple[int, str, dict[str, Any]]],
        actor: Actor,
        four_eyes: dict[str, str],
        *,
        checkpoint: bool,
        also: Callable[[Session], None] | None = None,
        asked: Mapping[int, dict[str, Any]] | None = None,
        flagged: bool = False,
        told: Sequence[dict[str, Any]] = (),
    ) -> None:
        now = self.clock().isoformat()
        rows = [
            {
                "request": view.request_id,
                "at": position,
                "new_status": status,
                "new_outcome": {APPLIED_AT: now, **outcome} if status in ("applied", "already") else outcome,
            }
            for position, status, outcome in outcomes
        ]

        def write_steps(session: Session) -> None:
            # One statement for the chunk (executemany), not one compiled UPDATE per step.
            session.connection().execute(_STEP_OUTCOME, rows)
            if also is not None:
                also(session)

        if asked is not None and all(position in asked for position, _, _ in outcomes):
            pass  # the caller's, as loaded from the store
        elif view.all_steps:
            asked = {position: view.steps[position].step for position, _, _ in outcomes}
        else:
            asked = self._step_bodies(view.request_id, [position for position, _, _ in outcomes])
        entries = []
        for position, status, outcome in outcomes:
            step = asked[position]
            entries.append(
                self._audit_entry(
                    view,
                    f"step.{status}",
                    actor,
                    action=str(step.get("action")),
                    target=_target(step),
                    before=outcome.get("before"),
                    after=outcome.get("after"),
                    detail={"position": position, "message": outcome.get("message")},
                    four_eyes=four_eyes,
                )
            )
            refused_now = outcome.get(REFUSED_NOW) if flagged else None
            if isinstance(refused_now, str):
                entries.append(
                    self._audit_entry(
                        view,
                        "step.refused_after_write",
                        actor,
                        action=str(step.get("action")),
                        target=_target(step),
                        detail={
                            "position": position,
                            "reason": refused_now,
                            # Left to a later request's decision (take_back.py), the write stays too.
                            "kept": status == "applied" or bool(outcome.get(LEFT_TO_LATER)),
                            # Which request holds it now, and until when (red team 69 F4).
                            **({"message": outcome.get("message")} if outcome.get(LEFT_TO_LATER) else {}),
                        },
                        four_eyes=four_eyes,
                    )
                )
        entries.extend(told)
        # The rows and their records in one transaction: a step recorded with no record of it would be a
        # change in the tenant the signed log never tells (the next run finds it settled and moves on).
        self.audit.append_many(entries, checkpoint=checkpoint, with_records=write_steps, returned=False)

    def _step_bodies(self, request_id: str, positions: Sequence[int]) -> dict[int, dict[str, Any]]:
        """What the steps at `positions` ask (their `step` documents), by position."""
        if not positions:
            return {}
        with self.store.session() as session:
            rows = session.execute(
                select(RequestStepRow.position, RequestStepRow.step).where(
                    RequestStepRow.request_id == request_id, RequestStepRow.position.in_(positions)
                )
            ).all()
        return {int(position): step for position, step in rows}

    def _four_eyes_for(self, view: RequestView) -> dict[str, str]:
        """`_four_eyes` of the view's steps when it holds them all, else asked of the store (a view holding
        none or only its first steps would leave a sole admin's record without its four-eyes note)."""
        return _four_eyes(view) if view.all_steps else self._four_eyes_of(view.request_id)

    def _four_eyes_of(self, request_id: str) -> dict[str, str]:
        """`_four_eyes` of a request whose steps are not loaded: only the decisions that name the sole-admin
        policy are read (none, in a tenant with a second admin), and only until one decides it."""
        with self.store.session() as session:
            named = session.scalars(
                select(RequestStepRow.decision)
                .where(
                    RequestStepRow.request_id == request_id,
                    sql_cast(RequestStepRow.decision, String).contains(
                        f'"{SOLE_ADMIN_POLICY}"', autoescape=True
                    ),
                )
                .execution_options(yield_per=self.run_chunk)
            )
            if sole_admin(_DECISION.validate_python(raw) for raw in named):
                return {"four_eyes": NO_SECOND_ADMIN}
        return {}

    def finish(self, tenant: str, request_id: str, actor: Actor) -> RequestView:
        # Counted in the database, and the approvals looked up there: the request with every step is
        # loaded once, as it ends (a bulk request's thousands of steps were loaded three times).
        with self.store.session() as session:
            self._row(session, tenant, request_id)
            counted = session.execute(
                select(RequestStepRow.status, func.count())
                .where(RequestStepRow.request_id == request_id)
                .group_by(RequestStepRow.status)
            ).all()
            statuses: dict[str, int] = dict(counted)
            waited = session.scalar(select(exists().where(ApprovalRow.request_id == request_id)))
        bad = sum(n for s, n in statuses.items() if s in ("failed", "drifted", "refused"))
        ran = sum(n for s, n in statuses.items() if s != "dropped")  # dropped by the requester: no failure
        final = S.COMPLETED if bad == 0 else (S.FAILED if bad == ran else S.PARTIALLY_FAILED)
        # One who waited for approvers is not watching when it runs: they are told how it ended. (No
        # approval is added once it runs: an approval needs the request pending.)
        told = (Event.COMPLETED if final is S.COMPLETED else Event.FAILED) if waited else None
        self._move(request_id, sources("finish", final), final, "finished", tell=told, lease_until=None)
        view = self.first_page(tenant, request_id)
        self._audit(view, "request.finished", actor, detail={"state": final.value})
        return view

    def reopen_failed(self, tenant: str, request_id: str, actor: Actor) -> RequestView:
        """Put a finished request's failed steps back to run, and nothing else: the steps applied, already
        so, refused or drifted keep their outcome, so a run after this one sends only the failed steps'
        writes (decided again on live facts first, as every step is). The requester or an admin may."""
        view = self.get(tenant, request_id, viewer=actor)
        if not (actor.is_admin or actor.actor_id == self.requester_id(request_id)):
            raise NotPermitted(f"Only the requester or an admin may retry request {request_id!r}.")
        steps = [s for s in view.every_step() if s.status == "failed"]
        failed = [s.position for s in steps]
        if view.state not in (S.FAILED, S.PARTIALLY_FAILED) or not failed:
            raise NotPermitted(f"Request {request_id!r} has no failed steps to retry ({view.state.value}).")
        # A failed end whose grant a later end took back (or whose end was taken off) is not run again: it
        # would take away what was given since the grant ended (red team 51).
        for s in steps:
            ended = why_not_run(self.store, view, s.step, s.preview)
            if ended is not None:
                raise NotPermitted(f"Request {request_id!r} is not retried: {ended}")
        # A step whose write was sent but whose every answer was lost may have been carried out: it goes back
        # as a dead run's write does (`applying`, with the change it was sent to make), so the retry records
        # a grant the tenant shows as this request's change, with its end and undo, never "already" (red
        # team 47). One whose end ran since is not: what it may have written was taken back, and it is
        # refused as past its end.
        sent = {
            s.position: s.outcome or {} for s in steps if tried_write(s.outcome) and s.reverted_by is None
        }
        # One whose end a later extension took over (its step asked for an end it no longer has) is closed:
        # what it may have written is that request's grant now, and recorded as this one's, applied at the
        # retry, its undo or end would take the access the later decision gave (red team 48).
        taken_over = [
            s.position for s in steps if s.position in sent and s.step.get("expires") and s.expires is None
        ]
        for position in taken_over:
            del sent[position]
        self._move(request_id, {S.FAILED, S.PARTIALLY_FAILED}, S.APPROVED, "retried")
        with self.store.session() as session:
            session.execute(
                update(RequestStepRow)
                .where(
                    RequestStepRow.request_id == request_id,
                    RequestStepRow.position.in_([p for p in failed if p not in sent and p not in taken_over]),
                )
                .values(status="pending", outcome=None)
            )
            session.execute(
                update(RequestStepRow)
                .where(RequestStepRow.request_id == request_id, RequestStepRow.position.in_(taken_over))
                .values(status="refused", outcome={"message": TAKEN_OVER})
            )
            for position, outcome in sent.items():
                change = Change.model_validate(outcome["change"])
                session.execute(
                    update(RequestStepRow)
                    .where(RequestStepRow.request_id == request_id, RequestStepRow.position == position)
                    .values(
                        status="applying",
                        outcome={
                            **_applying(change, read_as_already=bool(outcome.get(READ_AS_ALREADY))),
                            ANSWER_LOST: True,
                            **({SENT_AT: outcome[SENT_AT]} if outcome.get(SENT_AT) else {}),
                        },
                    )
                )
        view = self.get(tenant, request_id)
        self._audit(view, "request.retried", actor, detail={"positions": failed, "sent_before": sorted(sent)})
        return view

    def due_expiries(self, tenant: str) -> list[tuple[RequestView, RequestStepView]]:
        """Applied time-bound steps whose expiry has come and that nothing has reverted yet, and failed ones
        whose write was tried: a write whose every answer was lost may have landed, and a failed step would
        otherwise never end (red team 45). Ending one that never landed takes away nothing of its own, but
        may take what another admin gave since (toward less access; audited)."""
        now = self.clock()
        with self.store.session() as session:
            rows = session.execute(
                select(RequestStepRow.request_id, RequestStepRow.position)
                .join(RequestRow, RequestRow.request_id == RequestStepRow.request_id)
                .where(
                    RequestRow.tenant_key == tenant,
                    RequestStepRow.expires.is_not(None),
                    RequestStepRow.expires <= now,
                    RequestStepRow.status.in_(("applied", "failed")),
                    RequestStepRow.reverted_by.is_(None),
                )
            ).all()
        out = []
        views: dict[str, RequestView] = {}  # read once per request, however many of its steps are due
        for request_id, position in rows:
            view = views.get(request_id) or views.setdefault(request_id, self.get(tenant, request_id))
            step = view.every_step()[position]
            if step.status == "failed" and not tried_write(step.outcome):
                # Failed before any write was tried (its read or decision failed): nothing of its own can be
                # in the tenant; ending it would only take away what someone else gave since (red team 47).
                continue
            out.append((view, step))
        return out

    def mark_reverted(self, request_id: str, position: int, by_request_id: str) -> None:
        """Mark a step taken back by `by_request_id`, unless an end was recorded for it first (the executor
        marks an expiry's grant as it records the end: the first end is the grant's)."""
        with self.store.session() as session:
            session.execute(
                update(RequestStepRow)
                .where(
                    RequestStepRow.request_id == request_id,
                    RequestStepRow.position == position,
                    RequestStepRow.reverted_by.is_(None),
                )
                .values(reverted_by=by_request_id)
            )

    def claim_left_write(
        self,
        tenant: str,
        request_id: str,
        position: int,
        step: dict[str, Any],
        outcome: dict[str, Any],
        actor: Actor,
        *,
        left_by: str,
    ) -> tuple[Callable[[Session], None], dict[str, Any]]:
        """A found-"already" step of request `request_id` recorded applied with `outcome` (the change of a
        write request `left_by` left to it: workflow/take_back.py), and the audit record of that, to write in
        the transaction of `left_by`'s record (`record_step`'s `also` and `told`). Rewritten with no record of
        its own, the log never said that this request now holds the access, until its end, nor why (sec69).
        Only a step still "already" is claimed: one claimed first by another take-back raises `ClaimLost`
        in the transaction, which rolls back the record and the audit entry with it. Appended anyway, the
        signed log said this request held a write its step does not hold (red team 69 F2). In the
        transaction, under the audit log's lock, the UPDATE's row count says whether this one claimed."""

        def claim(session: Session) -> None:
            result = session.execute(
                update(RequestStepRow)
                .where(
                    RequestStepRow.request_id == request_id,
                    RequestStepRow.position == position,
                    RequestStepRow.status == "already",
                )
                .values(status="applied", outcome=outcome)
            )
            if getattr(result, "rowcount", 0) != 1:
                raise ClaimLost(f"step {position} of {request_id} was claimed by another take-back")

        entry = self._audit_entry(
            self._head(tenant, request_id),
            "step.claimed_left_write",
            actor,
            action=str(step.get("action")),
            target=_target(step),
            before=outcome.get("before"),
            after=outcome.get("after"),
            detail={
                "position": position,
                "message": outcome.get("message"),
                "left_by": left_by,
                "expires": step.get("expires"),
            },
        )
        return claim, entry

    def clear_expiry(
        self, view: RequestView, position: int, step: dict[str, Any], reason: str, refused_by: str
    ) -> None:
        """Take an expiry the scheduler refused off its step, so it is never due again, and say so
        (`expiry.refused`: the step, its end, why, and the denied request `refused_by` filed for it) in the
        same transaction: the access stays, and `overdue_ends` lists it until it is taken back (red team 82
        F6: it dropped out of the listing, which then said every ended access was taken back)."""
        self._take_off_expiry(view, position, step, "expiry.refused", reason, refused_by=refused_by)

    def leave_expiry(self, view: RequestView, position: int, step: dict[str, Any], reason: str) -> None:
        """Take off the step's expiry, which the scheduler cannot run nor name an end of (its stored step no
        longer validates), and tell the admins (`expiry.left_for_admin`, naming the request and step) in
        the same transaction: the access stays until an admin ends it. Taken off with no record of it, the
        grant was kept for good and nobody heard (red team 60 F4)."""
        self._take_off_expiry(view, position, step, "expiry.left_for_admin", reason)

    def _take_off_expiry(
        self, view: RequestView, position: int, step: dict[str, Any], event: str, reason: str, **detail: str
    ) -> None:
        def clear(session: Session) -> None:
            # The refused end stays a state of its step, with why (masked as the audit record keeps it),
            # for the overdue listing's one query (workflow/overdue.py `refused_ends`).
            session.execute(
                update(RequestStepRow)
                .where(RequestStepRow.request_id == view.request_id, RequestStepRow.position == position)
                .values(
                    expires=None,
                    refused_end=func.coalesce(RequestStepRow.expires, self.clock()),
                    refused_reason=mask_secrets("reason", reason)[0],
                )
            )

        entry = self._audit_entry(
            view,
            event,
            SCHEDULER,
            action=str(step.get("action")),
            target=_target(step),
            detail={"position": position, "reason": reason, "expires": step.get("expires"), **detail},
        )
        self.audit.append_many([entry], checkpoint=True, with_records=clear, returned=False)

    # ---- reading ---------------------------------------------------------------------------------
    def first_page(self, tenant: str, request_id: str) -> RequestView:
        """The request as a run hands it back: every step when they fit in a page (`run_chunk`), else the
        first page, the counts of every status and the first steps after it that did not go as asked, so a
        bulk run never ends holding its thousands of steps (the view says so in `steps_note`; `get` reads
        them all)."""
        with self.store.session() as session:
            return _view(session, self._row(session, tenant, request_id), first=self.run_chunk)

    def get(self, tenant: str, request_id: str, viewer: Actor | None = None) -> RequestView:
        """The request; RequestNotFound when absent, in another tenant, or not the viewer's to see."""
        with self.store.session() as session:
            row = self._row(session, tenant, request_id)
            view = _view(session, row)
        if viewer is not None and not _visible(view, row.requester_id, viewer):
            raise RequestNotFound(request_id)
        if view.state is S.PENDING_APPROVAL and view.requester == DRIFT_SCAN_REQUESTER:
            view = view.model_copy(update={"held_denials": self.held_denials(view)})
        return view

    def held_denials(self, view: RequestView) -> list[HeldDenial]:
        """The denials of the drift revert `view` recorded but held for a second admin (`DENY_HELD`), each
        admin's latest, in the order given: what its page, `requests show` and its notices say."""
        latest: dict[str, HeldDenial] = {}
        for record in self.audit.records(tenant=view.tenant, request_id=view.request_id, event=DENY_HELD):
            because = record.detail.get("because") or record.detail.get("reason") or ""
            justification = record.detail.get("justification")
            latest.pop(record.actor, None)
            latest[record.actor] = HeldDenial(
                admin=record.actor,
                because=str(because),
                justification=str(justification) if justification else None,
                time=record.time,
            )
        return list(latest.values())

    def list(
        self,
        tenant: str,
        *,
        viewer: Actor | None = None,
        state: RequestState | None = None,
        requester_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[RequestView]:
        """Newest first; an employee sees their own requests and those naming them as an approver (the same
        rule as `_visible`, asked of the database, so only the page asked for is loaded with its steps)."""
        with self.store.session() as session:
            query = select(RequestRow).where(RequestRow.tenant_key == tenant)
            if state is not None:
                query = query.where(RequestRow.state == state.value)
            if requester_id is not None:
                query = query.where(RequestRow.requester_id == requester_id)
            if viewer is not None and not viewer.is_admin:
                query = query.where(
                    or_(
                        RequestRow.requester_id == viewer.actor_id,
                        _names_as_approver(session, viewer.address),
                    )
                )
            query = (
                query.order_by(RequestRow.created.desc(), RequestRow.request_id).limit(limit).offset(offset)
            )
            rows = session.scalars(query).all()
            views = [(r.requester_id, _view(session, r)) for r in rows]
        # the database chose; the rule in Python still has the last word (deny by default)
        return [v for rid, v in views if viewer is None or _visible(v, rid, viewer)]

    def resolve_id(self, tenant: str, prefix: str, viewer: Actor | None = None) -> str:
        """A full request id from an unambiguous prefix (people type the first 8 characters).

        With `viewer`, a request they may not see is 'not found' under the prefix they typed: naming the
        full id would hand it to someone who only guessed its first characters."""
        prefix = prefix.strip().lower()
        with self.store.session() as session:
            ids = session.scalars(
                select(RequestRow.request_id).where(
                    RequestRow.tenant_key == tenant, RequestRow.request_id.startswith(prefix, autoescape=True)
                )
            ).all()
        if len(ids) != 1 or len(prefix) < 4:
            raise RequestNotFound(prefix)
        if viewer is not None:
            try:
                self.get(tenant, ids[0], viewer=viewer)
            except RequestNotFound:
                raise RequestNotFound(prefix) from None
        return ids[0]

    # ---- internals -------------------------------------------------------------------------------
    def _head(self, tenant: str, request_id: str) -> RequestView:
        """The request without its steps (its state, dates and approvals)."""
        with self.store.session() as session:
            return _view(session, self._row(session, tenant, request_id), first=0)

    def state_of(self, tenant: str, request_id: str) -> RequestState:
        """The request's state alone (RequestNotFound as `get`), without loading its steps."""
        with self.store.session() as session:
            return RequestState(self._row(session, tenant, request_id).state)

    def requester_id(self, request_id: str) -> str:
        """The object id of who filed the request (addresses change; this does not)."""
        with self.store.session() as session:
            row = session.get(RequestRow, request_id)
            if row is None:
                raise RequestNotFound(request_id)
            return row.requester_id

    @staticmethod
    def _row(session: Session, tenant: str, request_id: str) -> RequestRow:
        row = session.get(RequestRow, request_id)
        if row is None or row.tenant_key != tenant:
            raise RequestNotFound(request_id)
        return row

    def _try_move(
        self,
        request_id: str,
        sources: set[RequestState],
        target: RequestState,
        *,
        tell: Tell = None,
        **values: Any,
    ) -> bool:
        """Move the request if it is in one of `sources`; with `tell`, the news of the move is queued in the
        same transaction (a transactional outbox: the change and its message are kept together or not at
        all), and the senders are woken once both are committed."""
        tenant: str | None = None
        with self.store.session() as session:
            result = session.execute(
                update(RequestRow)
                .where(RequestRow.request_id == request_id, RequestRow.state.in_([s.value for s in sources]))
                .values(state=target.value, updated=self.clock(), **values)
            )
            if not getattr(result, "rowcount", 0):
                return False
            if tell is not None:
                view = _view(session, self._row_of(session, request_id))
                event = tell(view) if callable(tell) else tell
                if event is not None and queue_in(session, view, event, now=self.clock()):
                    tenant = view.tenant
        if tenant is not None:
            announce(self.store, tenant)
        return True

    @staticmethod
    def _row_of(session: Session, request_id: str) -> RequestRow:
        row = session.get(RequestRow, request_id)
        if row is None:
            raise RequestNotFound(request_id)
        return row

    def _move(
        self,
        request_id: str,
        sources: set[RequestState],
        target: RequestState,
        verb: str,
        *,
        tell: Tell = None,
        **values: Any,
    ) -> None:
        if not self._try_move(request_id, sources, target, tell=tell, **values):
            with self.store.session() as session:
                row = session.get(RequestRow, request_id)
                state = row.state if row is not None else "unknown"
            raise InvalidTransition(request_id, state, verb)

    def note(self, view: RequestView, event: str, actor: Actor, detail: dict[str, Any]) -> None:
        """Audit what an actor did on `view` that moves nothing (a drift revert's denial held for a second
        admin: live_policy.py), under the request's id, as its transitions are."""
        self._audit(view, event, actor, detail=detail)

    def _audit(
        self,
        view: RequestView,
        event: str,
        actor: Actor,
        *,
        action: str | None = None,
        target: str | None = None,
        before: Any = None,
        after: Any = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        entry = self._audit_entry(
            view, event, actor, action=action, target=target, before=before, after=after, detail=detail
        )
        # A request at rest: sign and witness the head.
        self.audit.append(**entry, checkpoint=view.state is not S.EXECUTING)

    def _audit_entry(
        self,
        view: RequestView,
        event: str,
        actor: Actor,
        *,
        action: str | None = None,
        target: str | None = None,
        before: Any = None,
        after: Any = None,
        detail: dict[str, Any] | None = None,
        four_eyes: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        if four_eyes is None:
            four_eyes = self._four_eyes_for(view)
        return {
            "tenant": view.tenant,
            "event": event,
            "actor": actor.address,
            "channel": view.channel,
            # By object id: the holder of the address filed under acts on someone else's request.
            "on_behalf_of": view.requester if actor.actor_id != view.asked_by else None,
            "request_id": view.request_id,
            "action": action,
            "target": target,
            "before": before,
            "after": after,
            "detail": {"state": view.state.value, **four_eyes, **(detail or {})},
            "now": self.clock(),
        }


_STEPS = RequestStepRow.__table__
_STEP_OUTCOME = (
    update(_STEPS)
    .where(_STEPS.c.request_id == bindparam("request"), _STEPS.c.position == bindparam("at"))
    .values(status=bindparam("new_status"), outcome=bindparam("new_outcome"))
)


def _applying(intended: Change, *, read_as_already: bool = False) -> dict[str, Any]:
    return {
        "message": intended.summary,
        "before": intended.before,
        "after": intended.after,
        "change": intended.model_dump(mode="json"),
        **({READ_AS_ALREADY: True} if read_as_already else {}),
    }


def _blocked_reason(planned: PlannedStep) -> str:
    return planned.preview.reason if isinstance(planned.preview, Refusal) else planned.decision.reason


def _four_eyes(view: RequestView) -> dict[str, str]:
    """What every audit record of a request run by a sole admin says about it."""
    return {"four_eyes": NO_SECOND_ADMIN} if sole_admin(s.decision for s in view.every_step()) else {}


def _all_of(writes: Sequence[Callable[[Session], None]]) -> Callable[[Session], None]:
    """One writer for a transaction that runs `writes` in order."""

    def write(session: Session) -> None:
        for w in writes:
            w(session)

    return write


def _target(step: dict[str, Any]) -> str | None:
    for key in ("mailbox", "group", "recipient", "owner"):
        if step.get(key):
            return str(step[key])
    return None


def _names_as_approver(session: Session, address: str) -> ColumnElement[bool]:
    """Some step of the request needs approval and names `address` among its approvers."""
    named = step_approvers(session.get_bind().dialect.name)
    return exists(
        select(RequestStepRow.position)
        .select_from(RequestStepRow)
        .join(named, named.c.value == address)
        .where(
            RequestStepRow.request_id == RequestRow.request_id,
            RequestStepRow.decision["outcome"].as_string() == "approval_required",
        )
    )


def _visible(view: RequestView, requester_id: str, viewer: Actor) -> bool:
    if viewer.is_admin or viewer.actor_id == requester_id:
        return True
    return any(
        viewer.address in s.decision.approvers
        for s in view.every_step()
        if isinstance(s.decision, ApprovalRequired)
    )


@dataclass(frozen=True)
class _Requester:
    """Who filed a request, as the store's copy of the directory holds them now (by object id)."""

    addresses: frozenset[str]
    """Every address the copy gives them (lower case): the address table holds each address once, for whoever
    was read last, so none of these is another recipient's in the copy."""
    now: str | None
    """Their primary address, where their news goes; None when gone, or when in doubt."""
    in_doubt: bool = False
    """The copy's row of them names as primary an address it gives someone else (or no one): the row is
    older than the address's move (red team 84 F1: Ava's sign-in read her row alone; Tom's named hers)."""


def _requester(session: Session, row: RequestRow) -> _Requester:
    """Who filed `row`, by object id (the address filed under may be someone else's now: red team 79), in one
    query: their row of the copy, each address the copy gives them, and whether the copy holds anyone.
    Their primary address is where they are only while the copy gives it to them (red team 84 F1). A copy
    that holds someone but not them: gone. A store the tenant's directory was never read into knows only
    the address filed under."""
    anyone = aliased(RecipientRow)
    found = session.execute(
        select(
            RecipientRow.primary_address,
            RecipientAddressRow.address,
            exists().where(anyone.tenant_key == row.tenant_key).label("copied"),
        )
        .select_from(RequestRow)
        .outerjoin(
            RecipientRow,
            (RecipientRow.tenant_key == RequestRow.tenant_key)
            & (RecipientRow.recipient_id == RequestRow.requester_id),
        )
        .outerjoin(
            RecipientAddressRow,
            (RecipientAddressRow.tenant_key == RecipientRow.tenant_key)
            & (RecipientAddressRow.recipient_id == RecipientRow.recipient_id),
        )
        .where(RequestRow.request_id == row.request_id)
    ).all()
    primary = found[0].primary_address if found else None
    if primary is None:
        if found and found[0].copied:
            return _Requester(frozenset(), None)
        return _Requester(frozenset({row.requester.casefold()}), row.requester)
    addresses = frozenset(f.address.casefold() for f in found if f.address)
    if primary.casefold() in addresses:
        return _Requester(addresses, primary)
    return _Requester(addresses, None, in_doubt=True)


def _view(session: Session, row: RequestRow, *, first: int | None = None) -> RequestView:
    """The request with every step, or with only its `first` steps (0: none), counted in the store then."""
    query = select(RequestStepRow).where(RequestStepRow.request_id == row.request_id)
    steps = session.scalars(query.order_by(RequestStepRow.position).limit(first)).all()
    counted: dict[str, Any] = {}
    if first is not None:
        statuses = session.execute(
            select(RequestStepRow.status, func.count())
            .where(RequestStepRow.request_id == row.request_id)
            .group_by(RequestStepRow.status)
        ).all()
        status_counts: dict[str, int] = dict(statuses)
        counted = {"step_count": sum(status_counts.values()), "status_counts": status_counts}
        if first and counted["step_count"] > first:
            later = session.scalars(
                query.where(RequestStepRow.position >= first, RequestStepRow.status.in_(PROBLEMS))
                .order_by(RequestStepRow.position)
                .limit(PROBLEMS_SHOWN)
            ).all()
            counted["later_problems"] = _step_views(later)
    approvals = session.scalars(
        select(ApprovalRow).where(ApprovalRow.request_id == row.request_id).order_by(ApprovalRow.approval_id)
    ).all()
    requester = _requester(session, row)
    return RequestView(
        request_id=row.request_id,
        tenant=row.tenant_key,
        requester=row.requester,
        requester_id=row.requester_id,
        requester_addresses=requester.addresses,
        requester_now=requester.now,
        requester_in_doubt=requester.in_doubt,
        channel=row.channel,
        kind=row.kind,  # type: ignore[arg-type]
        text=row.text,
        justification=row.justification,
        state=RequestState(row.state),
        created=row.created,
        updated=row.updated,
        approval_deadline=row.approval_deadline,
        parent_request_id=row.parent_request_id,
        steps=_step_views(steps),
        **counted,
        approvals=[
            Approval(approver=a.approver, verdict=a.verdict, justification=a.justification, time=a.time)  # type: ignore[arg-type]
            for a in approvals
        ],
    )


def _step_views(rows: Sequence[RequestStepRow]) -> list[RequestStepView]:
    # The steps of a bulk request mostly share one decision: validated once each (decisions are frozen).
    decisions: dict[str, Decision] = {}

    def decision_of(raw: dict[str, Any]) -> Decision:
        key = repr(raw)
        found = decisions.get(key)
        if found is None:
            found = decisions[key] = _DECISION.validate_python(raw)
        return found

    # Constructed, not validated: the rows were validated when they were written (a request's steps were
    # walked value by value on every load, and a bulk run loads thousands).
    return [
        RequestStepView.model_construct(
            position=s.position,
            step=s.step,
            preview=s.preview,
            decision=decision_of(s.decision),
            status=s.status,
            outcome=s.outcome,
            expires=s.expires,
            reverted_by=s.reverted_by,
        )
        for s in rows
    ]
