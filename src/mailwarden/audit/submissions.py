"""Who asked for exactly what: a request's submitted steps, recomputed from their pages and checked.

A request is audited as one `request.submitted` record naming its steps by count and sha256 (`steps_digest`),
followed in the same transaction by `request.steps` records holding the steps a page each (so that a bulk
request's thousands are never all in one record, nor all in memory). The chain's hashes and signed
checkpoints already cover every one of these records; this check is the second line: walking the chain,
the steps of every submission are recomputed from its pages and must give the count and digest it names,
in order of position, with no page missing, extra, repeated or out of order, and each page by the same
requester of the same tenant. It catches what a chain rewritten by the holder of the signing key (and the
witness) no longer can, as long as the rewrite left the `request.submitted` record as it was, and any page
lost or added by other means than a rewrite of the whole chain. And no request's record (its confirmation,
approvals, steps run) comes before its `request.submitted`: a request is stored in the transaction of its
submission's records, so one without is a request that was asked for unaudited, or whose submission was
removed (red team 79 F2).

Older `request.submitted` records list the steps themselves (any `after` that is not `{"steps": n,
"sha256": ...}`): there is nothing to recompute for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mailwarden.audit.records import AuditRecord, canonical_json, mask_secrets

__all__ = ["STEPS", "SUBMITTED", "SubmissionCheck", "steps_digest"]

SUBMITTED = "request.submitted"
STEPS = "request.steps"


def steps_digest(steps: Iterable[Any]) -> str:
    """The sha256 of a request's steps as submitted (each step's JSON document, in order of position): what
    its `request.submitted` record names, recomputed from its `request.steps` records by `SubmissionCheck`."""
    hashed = hashlib.sha256()
    for step in steps:
        # As its page records it: what looks secret there (a name of the tenant's) is masked.
        _add(hashed, mask_secrets("step", step)[0])
    return hashed.hexdigest()


def _add(hashed: Any, step: Any) -> None:
    hashed.update(canonical_json(step).encode())
    hashed.update(b"\n")


@dataclass
class _Open:
    """A submission whose pages are still being read."""

    submitted: AuditRecord
    count: int
    sha256: str
    hashed: Any = field(default_factory=hashlib.sha256)
    seen: int = 0
    pages: list[int] = field(default_factory=list)

    def span(self) -> str:
        seqs = [self.submitted.seq, *self.pages]
        return f"records {seqs[0]}–{seqs[-1]}" if len(seqs) > 1 else f"record {seqs[0]}"


class SubmissionCheck:
    """Feed every record in seq order with `feed`, then `finish()`; each returns (seq, reason) for the first
    problem, None while the submissions read so far hold exactly the steps they name."""

    def __init__(self) -> None:
        self._open: dict[str, _Open] = {}
        self._submitted: set[str] = set()
        self.matched = 0
        """Submissions whose steps were recomputed from their pages and gave the digest they name."""

    def feed(self, record: AuditRecord) -> tuple[int, str] | None:
        request_id = record.request_id or ""
        waiting = self._open.get(request_id)
        if record.event == STEPS:
            return self._page(record, waiting)
        if waiting is not None:
            # Anything else of the request before its last page: the pages are written in the submission's
            # transaction, right after it, so one is missing.
            return self._missing(waiting, f"record {record.seq} ({record.event}) comes first")
        if record.event == SUBMITTED:
            self._submitted.add(request_id)
        elif request_id and record.event.startswith(_AFTER_SUBMISSION) and request_id not in self._submitted:
            # A request is stored with its submission's records, in one transaction: one confirmed, approved
            # or run with none before was asked for unaudited (red team 79 F2), or its submission removed.
            return record.seq, (
                f"record {record.seq} ({record.event}) is of request {record.request_id}, but no "
                "request.submitted of it comes before: who asked for it, and for what, is not in the log"
            )
        if record.event == SUBMITTED and _names_steps(record.after):
            named = _named(record.after)
            if named is None:
                return record.seq, (
                    f"record {record.seq} names request {record.request_id}'s steps by a count and sha256 "
                    "that are not a count and a sha256: it was changed"
                )
            opened = self._open[request_id] = _Open(record, *named)
            return self._close(opened) if opened.count == 0 else None
        return None

    def finish(self) -> tuple[int, str] | None:
        for waiting in self._open.values():
            return self._missing(waiting, "the log ends first")
        return None

    def _page(self, record: AuditRecord, waiting: _Open | None) -> tuple[int, str] | None:
        rid = record.request_id
        if waiting is None:
            return record.seq, (
                f"record {record.seq} holds steps of request {rid} that no request.submitted before it is "
                "waiting for: an extra page of steps was added"
            )
        head = waiting.submitted
        if (record.tenant, record.actor) != (head.tenant, head.actor):
            return record.seq, (
                f"record {record.seq} holds steps of request {rid} recorded as {record.actor} of tenant "
                f"{record.tenant}, but {head.actor} of tenant {head.tenant} submitted it "
                f"(record {head.seq}): the page was changed or added"
            )
        steps = record.after if isinstance(record.after, list) else []
        positions = _positions(steps)
        if not positions:
            return record.seq, (
                f"record {record.seq} should hold a page of request {rid}'s steps, each with its position, "
                "and does not: it was changed"
            )
        first, expected = positions[0], waiting.seen
        if first != expected:
            what = (
                f"the steps at positions {expected}–{first - 1} are missing: a page was removed"
                if first > expected
                else f"it starts at position {first}, a position already read: a page was repeated or moved"
            )
            return record.seq, f"record {record.seq} holds request {rid}'s steps out of order: {what}"
        if positions != list(range(first, first + len(positions))):
            return record.seq, (
                f"record {record.seq} holds request {rid}'s steps at positions "
                f"{positions[0]}–{positions[-1]} not in order, one after the other: steps were moved, "
                "removed or added"
            )
        said = record.detail.get("positions")
        if said != [positions[0], positions[-1]]:
            return record.seq, (
                f"record {record.seq} says it holds positions {said} of request {rid} but holds "
                f"{positions[0]}–{positions[-1]}: it was changed"
            )
        waiting.seen += len(steps)
        waiting.pages.append(record.seq)
        if waiting.seen > waiting.count:
            return head.seq, (
                f"request {rid}'s steps in {waiting.span()} are {waiting.seen} or more, but its "
                f"request.submitted (record {head.seq}) names {waiting.count}: an extra page of steps was "
                "added"
            )
        for step in steps:
            _add(waiting.hashed, step)
        return self._close(waiting) if waiting.seen == waiting.count else None

    def _close(self, waiting: _Open) -> tuple[int, str] | None:
        head = waiting.submitted
        del self._open[head.request_id or ""]
        if waiting.hashed.hexdigest() != waiting.sha256:
            return head.seq, (
                f"request {head.request_id}'s {waiting.count} steps as recorded in {waiting.span()} do not "
                f"give the sha256 its request.submitted (record {head.seq}) names: a step was changed after "
                "it was submitted"
            )
        self.matched += 1
        return None

    def _missing(self, waiting: _Open, why: str) -> tuple[int, str]:
        head = waiting.submitted
        return head.seq, (
            f"request {head.request_id}'s request.submitted (record {head.seq}) names {waiting.count} steps, "
            f"but its pages hold {waiting.seen} when {why}: a page of steps is missing"
        )


_AFTER_SUBMISSION = ("request.", "step.", "approval.")
"""The events of a request that only ever follow its `request.submitted` (with `request.steps`, whose own
check is `_page`)."""


def _positions(steps: list[Any]) -> list[int]:
    """The position of every step of a page in order; empty when a step has none (or there is no step)."""
    positions = [s.get("position") if isinstance(s, dict) else None for s in steps]
    return [p for p in positions if type(p) is int] if all(type(p) is int for p in positions) else []


def _names_steps(after: Any) -> bool:
    """Whether a `request.submitted` names its steps by count and digest (the older form lists them)."""
    return isinstance(after, dict) and set(after) == {"steps", "sha256"}


def _named(after: Any) -> tuple[int, str] | None:
    """The count and digest a `request.submitted` names; None when they are not a count and a sha256."""
    count, digest = after["steps"], after["sha256"]
    if type(count) is not int or count < 0 or not isinstance(digest, str) or len(digest) != 64:
        return None
    return count, digest
