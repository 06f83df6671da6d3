"""Who has access and why: every current grant on a mailbox, a list or held by a person, with its origin.

    access_report(session, mailbox=..., group=..., person=...)
      who may ask ──► admins: anything; employees: their own access (person = themselves, alone or with a
                      resource: "why do I have access to support?") and resources they own; else refused
      live grants ──► grants.py (read from the tenant now, through the connectors)
      origins     ──► origins.py (the latest record of each grant: a request, the first read, outside)

Refused before anything is read, so a refusal costs the tenant nothing and shows no names.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field, JsonValue

from mailwarden.access.grants import (
    GrantKind,
    LiveGrant,
    UnreadRules,
    grants_held_by,
    grants_on_group,
    grants_on_mailbox,
)
from mailwarden.access.origins import (
    Baseline,
    GrantHistory,
    Origin,
    QueryCost,
    first_discovery,
    load_records,
    origin_of,
)
from mailwarden.actions.base import View
from mailwarden.directory.resolve import resolve
from mailwarden.errors import ConfigError, NotPermitted
from mailwarden.model.recipients import Recipient
from mailwarden.workflow.session import Session

__all__ = ["RIGHT_LABELS", "AccessLine", "AccessReport", "access_report", "explain", "may_see_access"]

RIGHT_LABELS: Mapping[GrantKind, str] = {
    "full_access": "Full Access",
    "send_as": "Send As",
    "send_on_behalf": "Send on Behalf",
    "calendar": "Calendar",
    "member": "Member",
    "forwarding": "Receives forwarded mail",
    "rule_forwarding": "Receives mail an Inbox rule forwards",
}
_UNREAD_RIGHT: Mapping[str, GrantKind] = {
    "rules": "rule_forwarding",
    "rule_target": "rule_forwarding",
    "forwarding": "forwarding",
    "send_on_behalf": "send_on_behalf",
    "full_access": "full_access",
    "send_as": "send_as",
}
_UNREAD_WHY: Mapping[str, str] = {
    "rules": "Its Inbox rules could not be read: whoever a rule sends its mail to is not shown.",
    "rule_target": "A forwarding Inbox rule's target could not be placed: whoever it sends mail to is not "
    "shown.",
    "forwarding": "Where it forwards could not be placed: whoever its forwarding sends mail to is not shown.",
    "send_on_behalf": "A Send on Behalf delegate could not be placed: whoever holds that right is not shown.",
    "full_access": "A Full Access holder could not be placed: whoever holds that right is not shown.",
    "send_as": "A Send As holder could not be placed: whoever holds that right is not shown.",
}
_COLUMNS = [
    "resource",
    "right",
    "holder",
    "detail",
    "origin",
    "why",
    "request",
    "requester",
    "approvers",
    "when",
    "justification",
    "expires",
]
_COMPACT = ["resource", "right", "holder", "detail", "why"]
UNREAD_HOLDER = "unknown (Inbox rules could not be read)"
"""The holder cell of the row that stands for a mailbox whose Inbox rules could not be read."""


class AccessLine(BaseModel):
    grant: LiveGrant
    origin: Origin


class AccessReport(BaseModel):
    """The answer: the grants found, each with why, and what reading them cost."""

    title: str
    as_of: dt.datetime
    lines: list[AccessLine]
    notes: list[str] = Field(default_factory=list)
    cost: dict[str, float] = Field(default_factory=dict)
    """store_queries, store_rows, records, seconds: the size of the provenance query."""
    unread_rules: list[UnreadRules] = Field(default_factory=list)
    """The mailboxes whose Inbox rules could not be read (those the asker may view; `unread_others`
    counts the rest): who a rule of theirs sends mail to is not in `lines` (F7)."""
    unread_others: int = 0

    def rows(self) -> list[dict[str, JsonValue]]:
        out: list[dict[str, JsonValue]] = []
        for line in self.lines:
            g, o = line.grant, line.origin
            out.append(
                {
                    "resource": g.resource,
                    "right": RIGHT_LABELS[g.kind],
                    "holder": g.holder,
                    "detail": g.detail,
                    "origin": o.source,
                    "why": o.summary,
                    "request": o.request_id,
                    "requester": o.requester,
                    "approvers": list(o.approvers),
                    "when": o.when.isoformat() if o.when else None,
                    "justification": o.justification,
                    "expires": o.expires.isoformat() if o.expires else None,
                }
            )
        # Never silently left out: a row says where rule forwarding could not be read (the table, CSV).
        unread: list[tuple[str, str | None, str]] = [(u.mailbox, u.error, u.about) for u in self.unread_rules]
        if self.unread_others:
            unread.append((f"{self.unread_others} other mailbox(es)", None, "rules"))
        for resource, error, about in unread:
            out.append(
                dict.fromkeys(_COLUMNS)
                | {
                    "resource": resource,
                    "right": RIGHT_LABELS[_UNREAD_RIGHT[about]],
                    "holder": UNREAD_HOLDER,
                    "detail": error,
                    "origin": "unread",
                    "why": _UNREAD_WHY[about],
                    "approvers": [],
                }
            )
        return out

    def to_view(self, *, compact: bool = False) -> View:
        """The report as a table; `compact` keeps what fits a terminal (the why sentence names the rest)."""
        columns = _COMPACT if compact else _COLUMNS
        return View(title=self.title, columns=columns, rows=self.rows(), as_of=self.as_of, notes=self.notes)

    def to_csv(self) -> str:
        return self.to_view().to_csv()


def _resolve(session: Session, reference: str | None) -> Recipient | None:
    if reference is None or not reference.strip():
        return None
    # As the person asking, like every view: a recipient hidden from address lists does not exist for those
    # it does not concern (directory/resolve.py), and "me" is them.
    return resolve(session.ctx.directory, reference.strip(), requester=session.requester)


def may_see_access(session: Session, resource: Recipient | None, person: Recipient | None) -> bool:
    """Admins see all; an employee, their own access and the access to what they own (or is theirs)."""
    me = session.requester
    if me.is_admin:
        return True
    if person is not None and person.recipient_id == me.recipient_id:
        return True
    if person is not None or resource is None:
        return False
    if resource.recipient_id == me.recipient_id:
        return True  # one's own mailbox and calendar
    return any(o.recipient_id == me.recipient_id for o in session.org.active_owners(resource))


async def access_report(
    session: Session,
    *,
    mailbox: str | None = None,
    group: str | None = None,
    person: str | None = None,
    history: GrantHistory | None = None,
) -> AccessReport:
    """Every current grant on `mailbox` or `group`, or held by `person` (or `person`'s on the resource)."""
    if mailbox and group:
        raise ConfigError("Ask about one resource at a time: --mailbox or --group, not both.")
    if not (mailbox or group or person):
        raise ConfigError(
            "Say whose access to explain: --mailbox, --group or --person (or a person with one)."
        )
    resource = _resolve(session, mailbox or group)
    holder = _resolve(session, person)
    if not may_see_access(session, resource, holder):
        raise NotPermitted(
            "You may see why you have access, and who has access to what you own; ask an admin for the rest."
        )
    started = time.perf_counter()
    ctx = session.ctx
    unread: list[UnreadRules] = []
    if resource is not None:
        grants = await (
            grants_on_group(ctx, resource) if group else grants_on_mailbox(ctx, resource, unread=unread)
        )
        if holder is not None:
            grants = [g for g in grants if g.holder_id == holder.recipient_id]
    else:
        assert holder is not None
        grants = await grants_held_by(ctx, holder, unread=unread)
    shown = [u for u in unread if _may_name(session, u)]
    as_of = dt.datetime.now(dt.UTC)
    tenant_read = time.perf_counter() - started
    targets = resource.addresses if resource is not None else None
    lines, cost, baseline = explain(session, grants, as_of=as_of, targets=targets, history=history)
    return AccessReport(
        title=_title(resource, holder),
        as_of=as_of,
        lines=lines,
        notes=_notes(lines, baseline is None, shown, len(unread) - len(shown)),
        cost=_cost(cost, tenant_read, time.perf_counter() - started - tenant_read),
        unread_rules=shown,
        unread_others=len(unread) - len(shown),
    )


def _may_name(session: Session, unread: UnreadRules) -> bool:
    """Whether the asker may be told of this mailbox by name (admins; its own person; its owners), as the
    report names a resource: an employee asking what they can open is told of the others by count."""
    found = session.ctx.directory.get(unread.mailbox_id)
    return session.requester.is_admin or (found is not None and may_see_access(session, found, None))


def explain(
    session: Session,
    grants: Sequence[LiveGrant],
    *,
    as_of: dt.datetime,
    targets: Sequence[str] | None,
    history: GrantHistory | None = None,
) -> tuple[list[AccessLine], QueryCost, Baseline | None]:
    """Each grant with its origin (read from the store: mailwarden's records on `targets`, or all)."""
    from mailwarden.drift.history import DriftHistory  # drift's package pulls in the scan: only when asked

    store = session.workspace.store
    history = history or DriftHistory(store, session.tenant_key)
    records, cost = load_records(store, session.tenant_key, session.ctx.directory, targets)
    records += history.outside_records(g.key for g in grants)
    baseline = history.baseline()
    discovered = first_discovery(store, session.tenant_key)
    lines = [
        AccessLine(
            grant=g, origin=origin_of(g.key, records, as_of=as_of, baseline=baseline, discovered=discovered)
        )
        for g in _ordered(grants)
    ]
    return lines, cost, baseline


def _ordered(grants: Sequence[LiveGrant]) -> list[LiveGrant]:
    order = list(RIGHT_LABELS)
    return sorted(grants, key=lambda g: (g.resource.casefold(), order.index(g.kind), g.holder.casefold()))


def _title(resource: Recipient | None, holder: Recipient | None) -> str:
    if resource is not None and holder is not None:
        return f"Why {holder.label()} has access to {resource.label()}"
    if resource is not None:
        return f"Who has access to {resource.label()}, and why"
    assert holder is not None
    return f"What {holder.label()} can open, send as or see, and which lists they are on"


def _notes(
    lines: Sequence[AccessLine], no_baseline: bool, unread: Sequence[UnreadRules] = (), others: int = 0
) -> list[str]:
    notes = []
    if not lines:
        notes.append("No grants found." if not (unread or others) else "No grants found among what was read.")
    for about, what, whom in (
        ("forwarding", "the forwarding of ", "whoever it sends mail to"),
        ("rule_target", "a forwarding Inbox rule's target on ", "whoever such a rule sends mail to"),
        ("send_on_behalf", "a Send on Behalf delegate of ", "whoever holds that right"),
        ("full_access", "a Full Access holder of ", "whoever holds that right"),
        ("send_as", "a Send As holder of ", "whoever holds that right"),
    ):
        unplaced = [u for u in unread if u.about == about]
        if unplaced:
            notes.append(
                f"Incomplete: {what}"
                + "; ".join(f"{u.mailbox} ({u.error})" for u in unplaced)
                + f" could not be placed, so {whom} is not shown. Everything else was read; ask again to "
                "retry."
            )
    unread = [u for u in unread if u.about == "rules"]
    if unread or others:
        named = [f"{u.mailbox} ({u.error})" for u in unread]
        if others:
            named.append(f"{others} other mailbox(es) you may not view")
        notes.append(
            "Incomplete: the Inbox rules of "
            + "; ".join(named)
            + " could not be read, so whoever a rule of theirs forwards or redirects mail to is not shown. "
            "Everything else was read; ask again to retry."
        )
    if no_baseline and any(line.origin.source == "unrecorded" for line in lines):
        notes.append(
            "Not yet scanned: run `mailwarden drift scan`. Until a drift scan keeps a baseline of the "
            "tenant's grants, those mailwarden did not make cannot be told apart from changes made outside."
        )
    return notes


def _cost(cost: QueryCost, tenant_seconds: float, store_seconds: float) -> dict[str, float]:
    return {
        "store_queries": cost.queries,
        "store_rows": cost.rows,
        "records": cost.records,
        "tenant_seconds": round(tenant_seconds, 3),
        "store_seconds": round(store_seconds, 3),
    }
