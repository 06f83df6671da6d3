"""Which people's own mailboxes a scan reads for Full Access, Send As and calendar permissions.

Reading every person's mailbox on every scan costs two cmdlets (Get-MailboxPermission,
Get-RecipientPermission) and a Graph request per person: on a 20,000-person tenant, 40,000 cmdlets, over
13 minutes of Exchange's 3,000-a-minute budget, every hour. So a scan reads, besides every shared and room
mailbox:

    told       the people the tenant's audit log (audit_source.py) says someone changed a permission,
               Send As or a calendar share of since the last scan (looking back AUDIT_LOOKBACK, since
               records arrive late), and those mailwarden itself changed: a handful, read at once
    sweep      a rolling slice of everyone else, never-read first, then the longest unread: as many as
               keep every person re-read within `period` (a week by default: ~120 people an hour on
               20,000, 240 cmdlets), the fallback for when auditing is off, not readable, or lags

Trade-off: with the audit log readable, a change on a person's mailbox is found by the next scan, as one
on a shared mailbox is; without it (or before its record arrives), within `period`, at a cost that does
not grow with how often scans run. The sweep's first pass is the people's baseline: what it finds on a
mailbox never read before is recorded as found there (origin "discovery"), not as drift, unless the audit
log names that very change made while mailwarden watched (the tenant's first scan on), then or when its
record arrives within AUDIT_LOOKBACK of that read. Each read is remembered in the baseline as a marker
fact (kind "mailbox_read", `since` = when), which orders the sweep; shared and room mailboxes are marked
too, so one turned into a person's mailbox is not taken for never read.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mailwarden.directory.identify import identify
from mailwarden.directory.snapshot import Directory
from mailwarden.drift.audit_source import AuditRecord
from mailwarden.drift.facts import StepEffect

__all__ = ["AUDIT_LOOKBACK", "READ_MARK", "SWEEP_PERIOD", "PeopleToRead", "mark_key", "people_to_read"]

SWEEP_PERIOD = dt.timedelta(days=7)
AUDIT_LOOKBACK = dt.timedelta(hours=3)
"""How far back a scan asks the audit log which mailboxes changed: Microsoft's records typically arrive 60
to 90 minutes late, so a record of a change before the last scan may be new since."""
READ_MARK = "mailbox_read"
# The cmdlets that change what is read only on a chosen person's mailbox.
_PERSONAL = frozenset(
    op.lower()
    for op in (
        "Add-MailboxPermission",
        "Remove-MailboxPermission",
        "Add-RecipientPermission",
        "Remove-RecipientPermission",
        "Add-MailboxFolderPermission",
        "Set-MailboxFolderPermission",
        "Remove-MailboxFolderPermission",
    )
)
_PERSONAL_KINDS = frozenset({"full_access", "send_as", "calendar"})


def mark_key(person_id: str) -> str:
    return f"{READ_MARK}:{person_id}:-"


@dataclass(frozen=True)
class PeopleToRead:
    told: frozenset[str]
    """Named by the audit log or changed by mailwarden."""
    swept: tuple[str, ...]
    never_read: frozenset[str]
    """Of both, those never read before: what is found there is their baseline, not drift."""

    @property
    def all(self) -> frozenset[str]:
        return self.told | frozenset(self.swept)


def _named(directory: Directory, records: Iterable[AuditRecord], people: frozenset[str]) -> set[str]:
    out: set[str] = set()
    for record in records:
        if record.operation.lower() not in _PERSONAL:
            continue
        target = (record.parameters.get("Identity") or record.object_id).split(":", 1)[0].strip()
        if target.lower() in people:
            out.add(target.lower())
            continue
        found = identify(directory, target) if target else None
        if found is not None and found.recipient_id in people:
            out.add(found.recipient_id)
    return out


def people_to_read(
    directory: Directory,
    people: Sequence[str],
    read_at: Mapping[str, dt.datetime],
    records: Iterable[AuditRecord],
    mine: Iterable[StepEffect],
    *,
    since_last: dt.timedelta | None,
    period: dt.timedelta = SWEEP_PERIOD,
) -> PeopleToRead:
    """The people (directory ids, of `people`: every person's mailbox, sorted) this scan reads.
    `read_at`: when each was last read; `since_last`: the time since the last scan (None on the first,
    which reads no one: the first sweep slice follows an hour later)."""
    everyone = frozenset(people)
    told = _named(directory, records, everyone)
    for effect in mine:
        kind, rid = effect.key.split(":", 2)[:2]
        if kind in _PERSONAL_KINDS and rid in everyone:
            told.add(rid)
    swept: list[str] = []
    if since_last is not None and people:
        share = max(since_last, dt.timedelta(0)) / period
        count = min(len(people), math.ceil(len(people) * share))
        never = dt.datetime.min.replace(tzinfo=dt.UTC)
        order = sorted((p for p in people if p not in told), key=lambda p: (read_at.get(p, never), p))
        swept = order[:count]
    chosen = told | set(swept)
    return PeopleToRead(frozenset(told), tuple(swept), frozenset(p for p in chosen if p not in read_at))
