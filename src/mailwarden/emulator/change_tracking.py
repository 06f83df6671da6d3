"""Change tracking for Graph delta queries: an update sequence number (USN) per directory object.

Graph's `/users/delta` and `/groups/delta` hand out state tokens and later return only what changed since
one. The emulator gets there without trusting every writer to journal: on the first request of a delta
round it compares a fingerprint of each user and group (everything Graph shows of it, whichever API wrote
it: Graph, Exchange cmdlets, or a test editing the state) with the fingerprint it saw last, and gives each
changed object the next USN. A state token is a USN; a round returns the objects whose USN lies between
the token and the USN at the round's start. Deleted objects leave a tombstone with their USN, and each
membership or ownership change of a group leaves a link record, so `members@delta` and `owners@delta`
carry only what changed. The log lives in the persisted state, so every emulator process over the same
folder honours every token; old history is trimmed, and a token older than what is kept is refused, as
Graph refuses an expired one.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from mailwarden.emulator.state import Recipient, TenantState

ObjectKind = Literal["user", "group"]
Relation = Literal["members", "owners"]
MAX_LINKS = 50_000
"""Link records kept; a token from before the oldest kept record must resynchronise."""


class TrackedObject(BaseModel):
    kind: ObjectKind
    fingerprint: str
    usn: int
    created_usn: int
    recycle_bin: bool = False
    """Deleting it moves it to the recycle bin (users, Microsoft 365 groups); lists are deleted for good."""
    members: list[str] = Field(default_factory=list)
    owners: list[str] = Field(default_factory=list)


class Tombstone(BaseModel):
    kind: ObjectKind
    usn: int
    reason: Literal["changed", "deleted"]


class LinkChange(BaseModel):
    usn: int
    group: str
    relation: Relation
    target: str
    added: bool


class ChangeLog(BaseModel):
    """The persisted change-tracking state of one tenant."""

    epoch: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    """Changes with a new tenant (or a reset one); a token of another epoch is refused."""
    usn: int = 0
    floor: int = 0
    """Tokens at or below this USN are too old: history before it has been trimmed."""
    objects: dict[str, TrackedObject] = Field(default_factory=dict)
    removed: dict[str, Tombstone] = Field(default_factory=dict)
    links: list[LinkChange] = Field(default_factory=list)


def _kind(r: Recipient) -> ObjectKind | None:
    if r.is_user:
        return "user"
    if r.is_group:
        return "group"
    return None


def _fingerprint(r: Recipient) -> str:
    # What Graph shows of the object: a change elsewhere (forwarding, mailbox permissions) is not a change
    # of the directory object and does not appear in a delta round.
    shown: tuple[object, ...] = (
        r.kind,
        r.display_name,
        r.alias,
        r.primary_smtp,
        tuple(r.email_addresses),
        r.user_principal_name,
        r.given_name,
        r.surname,
        r.department,
        r.job_title,
        r.manager_id,
        r.account_enabled,
        r.description,
        r.member_join_restriction if r.kind == "GroupMailbox" else None,
        tuple(r.members),
        tuple(r.owners),
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=10).hexdigest()


def scan(state: TenantState) -> ChangeLog:
    """Give every user and group that changed since the last scan the next USN; returns the log.

    Every change to the state is marked (that is how it gets persisted), so with no mark since the last
    scan there is nothing to compare."""
    log = state.data.change_log
    if state.scanned_generation == state.generation:
        return log
    seen: set[str] = set()
    changed = False
    for rid, r in state.recipients.items():
        kind = _kind(r)
        if kind is None:
            continue
        seen.add(rid)
        fingerprint = _fingerprint(r)
        tracked = log.objects.get(rid)
        if tracked is not None and tracked.fingerprint == fingerprint:
            continue
        log.usn += 1
        changed = True
        if tracked is not None and kind == "group":
            relations: tuple[tuple[Relation, list[str], list[str]], ...] = (
                ("members", tracked.members, r.members),
                ("owners", tracked.owners, r.owners),
            )
            for relation, before, after in relations:
                gone, new = set(before) - set(after), set(after) - set(before)
                log.links += [
                    LinkChange(usn=log.usn, group=rid, relation=relation, target=t, added=t in new)
                    for t in sorted(gone | new)
                ]
        log.objects[rid] = TrackedObject(
            kind=kind,
            fingerprint=fingerprint,
            usn=log.usn,
            created_usn=tracked.created_usn if tracked is not None else log.usn,
            recycle_bin=kind == "user" or r.kind == "GroupMailbox",
            members=list(r.members) if kind == "group" else [],
            owners=list(r.owners) if kind == "group" else [],
        )
        log.removed.pop(rid, None)
    for rid in [rid for rid in log.objects if rid not in seen]:
        gone_object = log.objects.pop(rid)
        log.usn += 1
        changed = True
        log.removed[rid] = Tombstone(
            kind=gone_object.kind, usn=log.usn, reason="changed" if gone_object.recycle_bin else "deleted"
        )
    if changed:
        _trim(log)
        state.mark_dirty()
    state.scanned_generation = state.generation
    return log


def _trim(log: ChangeLog) -> None:
    if len(log.links) <= MAX_LINKS:
        return
    cut = len(log.links) - MAX_LINKS
    log.floor = max(log.floor, log.links[cut - 1].usn)
    log.links = [link for link in log.links if link.usn > log.floor]
    log.removed = {rid: t for rid, t in log.removed.items() if t.usn > log.floor}
