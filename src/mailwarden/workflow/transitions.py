"""The request lifecycle as one table: in which state which action leads where, and who may take it.

The service (service.py) moves a request only along a row of this table, and the channels ask it which
actions a person has on a request (`available`) to decide which buttons and commands to offer, rather than
restating the lifecycle. A row names every state the action may lead to: confirming leads to approval or
straight to approved, an approval leaves the request pending until every step has one.

    needs_confirmation ─confirm─► pending_approval ─approve─► approved ─run─► executing ─finish─► completed
         │ cancel/stop             │ deny/expire/stop/cancel  │ cancel                  partially_failed
         ▼                         ▼                          ▼                         failed
    cancelled/denied       denied/expired/cancelled        cancelled
    completed, partially_failed ─undo─► (a new request reverting it)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from mailwarden.model.requests import RequestState, RequestView

__all__ = ["TABLE", "Role", "Transition", "available", "roles_of", "sources", "transition", "who_may"]


class Actor(Protocol):
    """Who acts (service.Actor has these)."""

    @property
    def actor_id(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def is_admin(self) -> bool: ...


S = RequestState


class Role(StrEnum):
    REQUESTER = "requester"
    """Who filed the request."""
    APPROVER = "approver"
    """A person named as an approver of a step still waiting, who is not its requester."""
    ADMIN = "admin"
    SYSTEM = "system"
    """mailwarden itself: the executor, the scheduler, the policy decided again on live facts."""


@dataclass(frozen=True)
class Transition:
    source: RequestState
    action: str
    targets: frozenset[RequestState]
    """Where the action may lead; empty for an action that files a new request (undo)."""
    who: frozenset[Role]


def _t(source: RequestState, action: str, targets: set[RequestState], *who: Role) -> Transition:
    return Transition(source, action, frozenset(targets), frozenset(who))


R, A, ADM, SYS = Role.REQUESTER, Role.APPROVER, Role.ADMIN, Role.SYSTEM
_DONE = {S.COMPLETED, S.PARTIALLY_FAILED, S.FAILED}

TABLE: tuple[Transition, ...] = (
    _t(S.NEEDS_CONFIRMATION, "confirm", {S.PENDING_APPROVAL, S.APPROVED}, R),
    _t(S.NEEDS_CONFIRMATION, "cancel", {S.CANCELLED}, R, ADM),
    _t(S.NEEDS_CONFIRMATION, "stop", {S.DENIED}, SYS),
    _t(S.PENDING_APPROVAL, "approve", {S.PENDING_APPROVAL, S.APPROVED}, A),
    _t(S.PENDING_APPROVAL, "deny", {S.DENIED}, A),
    _t(S.PENDING_APPROVAL, "cancel", {S.CANCELLED}, R, ADM),
    _t(S.PENDING_APPROVAL, "expire", {S.EXPIRED}, SYS),
    _t(S.PENDING_APPROVAL, "stop", {S.DENIED}, SYS),
    _t(S.APPROVED, "cancel", {S.CANCELLED}, R, ADM),
    _t(S.APPROVED, "run", {S.EXECUTING}, SYS),
    _t(S.EXECUTING, "run", {S.EXECUTING}, SYS),  # a run that died: the next takes over its lease
    _t(S.EXECUTING, "finish", _DONE, SYS),
    _t(S.COMPLETED, "undo", set(), R, ADM),
    _t(S.PARTIALLY_FAILED, "undo", set(), R, ADM),
)
_BY_KEY = {(t.source, t.action): t for t in TABLE}


def transition(state: RequestState, action: str) -> Transition | None:
    """The row for `action` in `state`, or None when the lifecycle has no such move."""
    return _BY_KEY.get((state, action))


def sources(action: str, target: RequestState) -> set[RequestState]:
    """The states from which `action` may lead to `target` (the guard of the service's conditional update)."""
    return {t.source for t in TABLE if t.action == action and target in t.targets}


def who_may(action: str) -> frozenset[Role]:
    """Who may take `action` in some state (a person who may not is refused whatever the state)."""
    return frozenset(role for t in TABLE if t.action == action for role in t.who)


def roles_of(view: RequestView, viewer: Actor, requester_id: str | None = None) -> set[Role]:
    """What `viewer` is to the request: its requester (by object id when known), an approver it waits on
    (never its own requester), an admin."""
    known = requester_id or view.requester_id  # the view's, as the store reads it back
    mine = viewer.actor_id == known if known else viewer.address == view.requester
    roles = {Role.REQUESTER} if mine else set()
    if not mine and view.state is S.PENDING_APPROVAL and viewer.address in view.pending_approvers():
        roles.add(Role.APPROVER)
    if viewer.is_admin:
        roles.add(Role.ADMIN)
    return roles


def available(view: RequestView, viewer: Actor, requester_id: str | None = None) -> set[str]:
    """The actions `viewer` may take on the request now: what the pages offer as buttons."""
    roles = roles_of(view, viewer, requester_id)
    actions = {t.action for t in TABLE if t.source is view.state and t.who & roles}
    if "undo" in actions and not any(s.status == "applied" and not s.reverted_by for s in view.every_step()):
        actions.discard("undo")  # nothing it changed is left to take back
    return actions
