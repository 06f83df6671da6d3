"""Access reviews: an admin asks the owners of shared mailboxes, lists and calendars to confirm each delegate.

    start ──► resources in scope (kinds; all, sensitive or chosen) ──► for each: its delegates read live,
              each with its why (why.py) ──► one task per resource, for its reviewers: the owners, else the
              manager, else the admins
    decide ─► a reviewer, on their own task only: keep, or remove with a reason. A removal is a normal
              request of the reviewer's (policy, confirmation, approval, audit, undo): the decision is
              their confirmation of it; an approval it needs comes from someone else, never from them
    close ──► an admin closes: every undecided delegate gets the campaign's default (keep, or removal by a
              request of the closing admin); with `repeat`, the next campaign starts, deadline a quarter on
    evidence ► who reviewed what, when, with which decision, what was removed: CSV or JSON, whose sha256
              is written into the signed audit log and signed with its head (a checkpoint)

Last use. Microsoft exposes a delegate's use of a mailbox only in the unified audit log: the Purview audit
search API in Graph (POST /security/auditLog/queries, then its records; application permission
AuditLogsQuery-Exchange.Read.All; global cloud only, not US Government L4/L5 or China; asynchronous, so
minutes per query), records of MailItemsAccessed / SendAs / SendOnBehalf with LogonType Delegate. The
older Search-MailboxAuditLog is being retired in Exchange Online. mailwarden does not read it yet (the
emulator does not serve that API), so each item says so rather than showing a date it does not have.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field, JsonValue
from sqlalchemy import select, update

from mailwarden.access import review_notices as notices
from mailwarden.access.grants import LiveGrant, grants_on_group, grants_on_mailbox
from mailwarden.access.origins import Origin
from mailwarden.access.why import RIGHT_LABELS, explain
from mailwarden.audit.records import AuditRecord, TenantAuditRecord, canonical_json, refuse_secret_text
from mailwarden.csv_cells import csv_writer
from mailwarden.directory.reach import mail_reach
from mailwarden.errors import ConfigError, MailwardenError, NotPermitted, ReviewNotFound
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.requests import RequestState, RequestView
from mailwarden.model.steps import parse_step
from mailwarden.notifications.outbox import announce
from mailwarden.policy.entities import is_active_user
from mailwarden.store.tables import ReviewCampaignRow, ReviewItemRow, ReviewTaskRow
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from mailwarden.workflow.session import Session

__all__ = [
    "LAST_USE",
    "SCOPE_KINDS",
    "Campaign",
    "ReviewItem",
    "ReviewTask",
    "close",
    "decide",
    "evidence",
    "get_campaign",
    "get_task",
    "list_campaigns",
    "start",
]

ScopeKind = Literal["shared_mailboxes", "lists", "calendars"]
SCOPE_KINDS: tuple[ScopeKind, ...] = ("shared_mailboxes", "lists", "calendars")
Which = Literal["all", "sensitive", "chosen"]
DefaultAction = Literal["keep", "remove"]
Decision = Literal["keep", "remove"]

LAST_USE = "not read: only the Purview audit search (AuditLogsQuery-Exchange.Read.All) has it"
QUARTER_MONTHS = 3
_KINDS: dict[ScopeKind, frozenset[RecipientKind]] = {
    "shared_mailboxes": frozenset({RecipientKind.SHARED_MAILBOX}),
    "lists": frozenset(
        {RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY, RecipientKind.M365_GROUP}
    ),
    "calendars": frozenset({RecipientKind.ROOM_MAILBOX}),
}
_GROUPS = _KINDS["lists"]
_READ_AT_ONCE = 4
_FILING = "filing"
"""A removal decided and being filed: a decision that stopped here has no request; file it by hand."""


class ReviewItem(BaseModel):
    item_id: int
    grant: LiveGrant
    origin: Origin
    last_use: str | None
    decision: Decision | None = None
    reason: str | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    removal_request_id: str | None = None
    removal_state: str | None = None


class ReviewTask(BaseModel):
    task_id: str
    campaign_id: str
    campaign: str
    deadline: dt.datetime
    resource: str
    resource_address: str
    reviewers: list[str]
    basis: str
    """Why these reviewers: owner, manager, or admin (no owner and no manager)."""
    state: str
    read_at: dt.datetime
    items: list[ReviewItem] = Field(default_factory=list)


class Campaign(BaseModel):
    campaign_id: str
    name: str
    scope: dict[str, JsonValue]
    deadline: dt.datetime
    default_action: DefaultAction
    repeat: str | None
    state: str
    started_by: str
    created: dt.datetime
    closed: dt.datetime | None
    closed_by: str | None
    previous_campaign_id: str | None
    tasks: list[ReviewTask] = Field(default_factory=list)
    next_campaign_id: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _require_admin(session: Session, what: str) -> None:
    if not session.requester.is_admin:
        raise NotPermitted(f"Only an admin may {what}.")


# ---- start -------------------------------------------------------------------------------------------


def _in_scope(
    session: Session, kinds: Sequence[ScopeKind], which: Which, chosen: Sequence[str]
) -> list[Recipient]:
    directory = session.ctx.directory
    wanted = frozenset().union(*(_KINDS[k] for k in kinds))
    if which == "chosen":
        if not chosen:
            raise ConfigError("Name the resources to review (--resource), or choose 'all' or 'sensitive'.")
        picked = [session.ctx.recipient(ref) for ref in chosen]
        mailboxes_ok = "calendars" in kinds  # a person's calendar may be chosen by name
        for r in picked:
            if r.kind not in wanted and not (mailboxes_ok and r.is_mailbox):
                raise ConfigError(
                    f"{r.label()} is not a {' or '.join(kinds)} resource; leave it out or widen the scope."
                )
        return list({r.recipient_id: r for r in picked}.values())
    found = [r for r in directory if r.kind in wanted]
    if which == "sensitive":
        found = [r for r in found if r.recipient_id in session.org.sensitive]
    return sorted(found, key=lambda r: r.primary_address)


def _reviewers(session: Session, resource: Recipient) -> tuple[list[Recipient], str]:
    owners = list(session.org.active_owners(resource))
    if owners:
        return owners, "owner"
    manager = session.ctx.directory.manager(resource.recipient_id)
    if manager is not None and is_active_user(manager):
        return [manager], "manager"
    admins = [session.ctx.directory.get(i) for i in sorted(session.org.admins)]
    return [a for a in admins if a is not None], "admin"


async def _delegates(session: Session, resource: Recipient, kinds: Sequence[ScopeKind]) -> list[LiveGrant]:
    if resource.kind in _GROUPS:
        return await grants_on_group(session.ctx, resource)
    grants = await grants_on_mailbox(session.ctx, resource)
    if resource.kind is RecipientKind.SHARED_MAILBOX and "shared_mailboxes" in kinds:
        return grants
    return [g for g in grants if g.kind == "calendar"]  # reviewed as a calendar only


async def start(
    session: Session,
    *,
    name: str,
    kinds: Sequence[ScopeKind],
    which: Which,
    chosen: Sequence[str] = (),
    deadline: dt.datetime,
    default_action: DefaultAction,
    repeat: Literal["quarterly"] | None = None,
    channel: str = "cli",
    previous_campaign_id: str | None = None,
) -> Campaign:
    """Start a campaign: read every resource in scope now and give each reviewer one task per resource."""
    _require_admin(session, "start an access review")
    if not kinds:
        raise ConfigError("Say what to review: shared_mailboxes, lists and/or calendars.")
    refuse_secret_text("campaign name", name)
    now = _now()
    if deadline <= now:
        raise ConfigError(f"The deadline {deadline:%Y-%m-%d %H:%M} UTC has passed; give one in the future.")
    resources = _in_scope(session, kinds, which, chosen)
    gate = asyncio.Semaphore(_READ_AT_ONCE)

    async def read(resource: Recipient) -> list[LiveGrant]:
        async with gate:
            return await _delegates(session, resource, kinds)

    read_all = await asyncio.gather(*(read(r) for r in resources))
    as_of = _now()
    campaign_id = str(uuid.uuid4())
    queued = 0
    with session.workspace.store.session() as db:
        db.add(
            ReviewCampaignRow(
                campaign_id=campaign_id,
                tenant_key=session.tenant_key,
                name=name,
                scope={"kinds": list(kinds), "which": which, "chosen": list(chosen)},
                deadline=deadline,
                default_action=default_action,
                repeat=repeat,
                state="open",
                started_by_id=session.requester.recipient_id,
                started_by=session.requester.primary_address,
                created=now,
                closed=None,
                closed_by=None,
                previous_campaign_id=previous_campaign_id,
            )
        )
        db.flush()
        for resource, grants in zip(resources, read_all, strict=True):
            if not grants:
                continue  # nobody to confirm: no task
            reviewers, basis = _reviewers(session, resource)
            lines, _, _ = explain(session, grants, as_of=as_of, targets=resource.addresses)
            task_id = str(uuid.uuid4())
            db.add(
                ReviewTaskRow(
                    task_id=task_id,
                    campaign_id=campaign_id,
                    resource_id=resource.recipient_id,
                    resource=resource.label(),
                    resource_address=resource.primary_address,
                    reviewers={
                        "ids": [r.recipient_id for r in reviewers],
                        "addresses": [r.primary_address for r in reviewers],
                        "basis": basis,
                    },
                    state="open",
                    read_at=as_of,
                )
            )
            db.flush()
            for line in lines:
                db.add(
                    ReviewItemRow(
                        task_id=task_id,
                        grant=line.grant.model_dump(mode="json"),
                        origin=line.origin.model_dump(mode="json"),
                        last_use=LAST_USE,
                    )
                )
            db.flush()
            queued += notices.tasks_assigned(
                db, session.tenant_key, task_id, [r.recipient_id for r in reviewers], now=now
            )
    campaign = get_campaign(session, campaign_id)
    _audit(
        session,
        campaign,
        "review.started",
        channel,
        detail={
            "scope": campaign.scope,
            "tasks": len(campaign.tasks),
            "delegates": sum(len(t.items) for t in campaign.tasks),
            "deadline": deadline.isoformat(),
            "default": default_action,
            "repeat": repeat,
        },
    )
    if queued:
        announce(session.workspace.store, session.tenant_key)
    return campaign


# ---- reading -----------------------------------------------------------------------------------------


def _campaign_row(session: Session, campaign_id: str) -> ReviewCampaignRow:
    with session.workspace.store.session() as db:
        row = db.get(ReviewCampaignRow, campaign_id)
        if row is None or row.tenant_key != session.tenant_key:
            raise ReviewNotFound("access review", campaign_id)
        db.expunge(row)
        return row


def _task_view(
    task: ReviewTaskRow, campaign: ReviewCampaignRow, items: Iterable[ReviewItemRow]
) -> ReviewTask:
    return ReviewTask(
        task_id=task.task_id,
        campaign_id=task.campaign_id,
        campaign=campaign.name,
        deadline=campaign.deadline,
        resource=task.resource,
        resource_address=task.resource_address,
        reviewers=list(task.reviewers.get("addresses", [])),
        basis=str(task.reviewers.get("basis", "")),
        state=task.state,
        read_at=task.read_at,
        items=[
            ReviewItem(
                item_id=i.item_id,
                grant=LiveGrant.model_validate(i.grant),
                origin=Origin.model_validate(i.origin),
                last_use=i.last_use,
                decision=i.decision,  # type: ignore[arg-type]
                reason=i.reason,
                decided_by=i.decided_by,
                decided_at=i.decided_at,
                removal_request_id=i.removal_request_id,
                removal_state=i.removal_state,
            )
            for i in items
        ],
    )


def _is_reviewer(session: Session, task: ReviewTaskRow) -> bool:
    return session.requester.recipient_id in task.reviewers.get("ids", [])


def _may_read(session: Session, task: ReviewTaskRow) -> bool:
    """Admins, and the task's reviewers while they still are the resource's: a task lists its delegates and
    why each has access, which an owner replaced since may no longer see."""
    if session.requester.is_admin:
        return True
    me = session.requester.recipient_id
    return _is_reviewer(session, task) and me in {r.recipient_id for r in _reviewers_now(session, task)}


def get_campaign(session: Session, campaign_id: str) -> Campaign:
    """The campaign with the tasks this person may see: an admin all, a reviewer their own."""
    row = _campaign_row(session, campaign_id)
    with session.workspace.store.session() as db:
        tasks = db.scalars(
            select(ReviewTaskRow)
            .where(ReviewTaskRow.campaign_id == campaign_id)
            .order_by(ReviewTaskRow.resource)
        ).all()
        visible = [t for t in tasks if _may_read(session, t)]
        if not visible and not session.requester.is_admin:
            raise ReviewNotFound("access review", campaign_id)
        items = db.scalars(
            select(ReviewItemRow)
            .where(ReviewItemRow.task_id.in_([t.task_id for t in visible]))
            .order_by(ReviewItemRow.item_id)
        ).all()
        following = db.scalar(
            select(ReviewCampaignRow.campaign_id).where(ReviewCampaignRow.previous_campaign_id == campaign_id)
        )
    per_task: dict[str, list[ReviewItemRow]] = {}
    for item in items:
        per_task.setdefault(item.task_id, []).append(item)
    return Campaign(
        campaign_id=row.campaign_id,
        name=row.name,
        scope=row.scope if session.requester.is_admin else _scope_seen(row.scope, visible),
        deadline=row.deadline,
        default_action=row.default_action,  # type: ignore[arg-type]
        repeat=row.repeat,
        state=row.state,
        started_by=row.started_by,
        created=row.created,
        closed=row.closed,
        closed_by=row.closed_by,
        previous_campaign_id=row.previous_campaign_id,
        tasks=[_task_view(t, row, per_task.get(t.task_id, [])) for t in visible],
        next_campaign_id=following,
    )


def _scope_seen(scope: dict[str, Any], tasks: Sequence[ReviewTaskRow]) -> dict[str, JsonValue]:
    """A reviewer's view of the scope: of the resources the admin chose, only those of their own tasks
    (another chosen one may be hidden from address lists, and to them it does not exist)."""
    theirs = {t.resource_address.casefold() for t in tasks} | {t.resource_id for t in tasks}
    chosen = [c for c in scope.get("chosen", []) if str(c).strip().casefold() in theirs]
    return {**scope, "chosen": chosen}


def list_campaigns(session: Session) -> list[Campaign]:
    """Newest first: every campaign for an admin; for anyone else, those holding one of their tasks."""
    with session.workspace.store.session() as db:
        ids = db.scalars(
            select(ReviewCampaignRow.campaign_id)
            .where(ReviewCampaignRow.tenant_key == session.tenant_key)
            .order_by(ReviewCampaignRow.created.desc())
        ).all()
    out = []
    for campaign_id in ids:
        try:
            out.append(get_campaign(session, campaign_id))
        except ReviewNotFound:
            continue
    return out


def _task_row(session: Session, task_id: str) -> tuple[ReviewTaskRow, ReviewCampaignRow]:
    with session.workspace.store.session() as db:
        task = db.get(ReviewTaskRow, task_id)
        campaign = db.get(ReviewCampaignRow, task.campaign_id) if task is not None else None
        if task is None or campaign is None or campaign.tenant_key != session.tenant_key:
            raise ReviewNotFound("review task", task_id)
        db.expunge_all()
        return task, campaign


def get_task(session: Session, task_id: str) -> ReviewTask:
    """One task: for its reviewers and admins; anyone else is told it does not exist."""
    task, campaign = _task_row(session, task_id)
    if not _may_read(session, task):
        raise ReviewNotFound("review task", task_id)
    with session.workspace.store.session() as db:
        items = db.scalars(
            select(ReviewItemRow).where(ReviewItemRow.task_id == task_id).order_by(ReviewItemRow.item_id)
        ).all()
    return _task_view(task, campaign, items)


# ---- deciding ----------------------------------------------------------------------------------------


def _removal_step(grant: LiveGrant) -> dict[str, Any] | None:
    """The request step that takes `grant` away (None when the holder is unknown to the directory)."""
    box = grant.resource_address
    if grant.kind == "rule_forwarding":
        return None  # mailwarden never writes Inbox rules
    if grant.kind == "forwarding":
        return {"action": "email_forwarding_internal", "change": "clear", "mailbox": box}
    who = grant.holder_address
    if who is None:
        return None
    return {
        "full_access": {"action": "mailbox_delegation", "change": "revoke", "mailbox": box, "trustee": who},
        "send_as": {"action": "send_as", "change": "revoke", "mailbox": box, "trustee": who},
        "send_on_behalf": {"action": "send_on_behalf", "change": "revoke", "mailbox": box, "trustee": who},
        "calendar": {"action": "calendar_share", "change": "revoke", "owner": box, "grantee": who},
        "member": {"action": "distribution_list_membership", "change": "remove", "group": box, "member": who},
    }[grant.kind]


def _as_named_now(session: Session, grant: LiveGrant) -> tuple[LiveGrant, str | None]:
    """The grant with the addresses its resource and holder have now (the task kept those of the day the
    campaign started, and an address can pass to another recipient since: a removal filed on it would act
    on that one, outside the review); with why not, when the resource is gone from the directory or the
    holder is and their address now names another recipient."""
    directory = session.ctx.directory
    resource = directory.get(grant.resource_id)
    if resource is None:
        return grant, f"{grant.resource} is no longer in the directory; nothing to remove there"
    holder = directory.get(grant.holder_id)
    taken = directory.address_owner(grant.holder_address) if grant.holder_address else None
    if holder is None and taken is not None:
        # The holder left and their address passed to someone else: a removal by it would act on them.
        return grant, (
            f"{grant.holder} is no longer in the directory and {grant.holder_address} now belongs to "
            f"{taken.display_name}; nothing to remove there"
        )
    now = {"resource_address": resource.primary_address}
    if holder is not None:
        now["holder_address"] = holder.primary_address
    return grant.model_copy(update=now), None


async def _request_removal(
    session: Session, grant: LiveGrant, reason: str, campaign: ReviewCampaignRow, channel: str
) -> tuple[str | None, str]:
    """File the removal as the acting person's request, confirmed by their decision; run it if allowed."""
    grant, moved = _as_named_now(session, grant)
    if moved is not None:
        return None, f"not filed: {moved}"
    if grant.kind == "rule_forwarding":
        # mailwarden never writes Inbox rules (actions/inbox_rules.py): the owner or an admin removes it
        return None, (
            "not filed: mailwarden does not change Inbox rules; remove or disable "
            f"{grant.detail} of {grant.resource} in Outlook or Exchange"
        )
    data = _removal_step(grant)
    if data is None:
        return None, f"not filed: {grant.holder} is not in the directory; remove it in Exchange"
    step = parse_step(data)
    live = session.live
    tenant = session.tenant_key
    try:
        planned = await plan_steps(
            session.ctx,
            session.requester,
            [step],
            await live.decider(session.requester, [step]),
            reader=session,
        )
        view = session.service.submit(
            tenant,
            session.actor,
            planned,
            channel=channel,
            text=f"Access review '{campaign.name}': remove {RIGHT_LABELS[grant.kind]} of {grant.holder} "
            f"on {grant.resource}",
            justification=reason,
        )
        if view.state is RequestState.NEEDS_CONFIRMATION:
            view = await live_policy.confirm(session.service, live, tenant, view.request_id, session.actor)
            view = await advance(session.service, session.ctx, tenant, view.request_id, check=live.step_check)
    except MailwardenError as exc:
        return None, f"not filed: {exc}"
    if view.state is RequestState.COMPLETED and grant.kind == "member":
        await session.workspace.refresh(
            tenant, session.clients, session.ctx.directory, [grant.resource_address]
        )
    if view.state is RequestState.DENIED:
        return view.request_id, _why_not_run(view)[:1000]
    return view.request_id, view.state.value


def _why_not_run(view: RequestView) -> str:
    """Why a removal request was denied before it ran, as the evidence records it: "denied: ..." with the
    policy's reason when the policy denied a step, "refused: ..." with the tenant's when the preview found
    it cannot be made (a list synchronized from on-premises AD). A step the policy allowed gives no
    reason of its own: its "allowed" reason is never recorded as why the removal did not happen."""
    steps = list(view.every_step())
    denied = [s.decision.reason for s in steps if s.decision.outcome == "denied" and s.decision.reason]
    if denied:
        return f"denied: {' '.join(denied)}"
    refused = [str(s.preview["reason"]) for s in steps if s.preview.get("kind") == "refusal"]
    if refused:
        return f"refused: {' '.join(refused)}"
    return "denied"


async def decide(
    session: Session,
    task_id: str,
    item_ids: Sequence[int],
    decision: Decision,
    reason: str | None = None,
    *,
    channel: str = "cli",
) -> ReviewTask:
    """A reviewer's decision on delegates of their own task (all undecided ones when `item_ids` is empty)."""
    task, campaign = _task_row(session, task_id)
    if not _is_reviewer(session, task):
        if session.requester.is_admin:
            raise NotPermitted(
                f"Task {task_id!r} is for {', '.join(task.reviewers.get('addresses', []))}; only they "
                "decide it (an admin closes the campaign, which applies its default)."
            )
        raise ReviewNotFound("review task", task_id)
    _require_reviewer_now(session, task)
    if campaign.state != "open":
        raise NotPermitted(f"The access review {campaign.name!r} is closed; its decisions are final.")
    if _now() > campaign.deadline:
        raise NotPermitted(
            f"The deadline of {campaign.name!r} passed on {campaign.deadline:%Y-%m-%d %H:%M} UTC; closing it "
            f"applies its default ({campaign.default_action})."
        )
    reason = (reason or "").strip() or None
    if decision == "remove" and reason is None:
        raise ConfigError("Say why the access should go (--reason): the removal request carries it.")
    refuse_secret_text("reason", reason)
    current = get_task(session, task_id)
    me = session.requester.recipient_id
    through: dict[int, str] = {}
    if decision == "keep":
        asked = set(item_ids) or {i.item_id for i in current.items if i.decision is None}
        through = await _held_through_groups(session, [i for i in current.items if i.item_id in asked])

    def own(item: ReviewItem) -> bool:
        return item.grant.holder_id == me or item.item_id in through

    # Keeping one's own access is approving it oneself: it is left to another reviewer, or to the
    # campaign's default at closing (which the evidence names as such). Giving it up stays one's own call.
    wanted = set(item_ids) or {
        i.item_id for i in current.items if i.decision is None and not (decision == "keep" and own(i))
    }
    known = {i.item_id: i for i in current.items}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise ConfigError(
            f"Task {task_id!r} has no delegate numbered {unknown[0]}; 'reviews show' lists them."
        )
    mine = sorted(i for i in wanted if own(known[i]))
    if decision == "keep" and mine:
        how = f" ({through[mine[0]]})" if mine[0] in through else ""
        raise NotPermitted(
            f"Delegate {mine[0]} of task {task_id!r} is your own access{how}: another reviewer confirms "
            "it, or the campaign's default applies when it closes. You may remove it."
        )
    done = sorted(i for i in wanted if known[i].decision is not None)
    if done:
        raise ConfigError(
            f"Delegate {done[0]} of task {task_id!r} is decided already ({known[done[0]].decision})."
        )
    lost = [
        item_id
        for item_id in sorted(wanted)
        if not await _record_decision(
            session, campaign, known[item_id], decision, reason, channel, by_default=False
        )
    ]
    _finish_task_if_done(session, task_id)
    if lost:
        raise _decided_meanwhile(session, task_id, lost)
    return get_task(session, task_id)


def _reviewers_now(session: Session, task: ReviewTaskRow) -> list[Recipient]:
    resource = session.ctx.directory.get(task.resource_id)
    return _reviewers(session, resource)[0] if resource is not None else []


def _require_reviewer_now(session: Session, task: ReviewTaskRow) -> None:
    """The task named its reviewers when the campaign started; an owner replaced since has no say over the
    resource any more, and their decision would stand in the evidence as the owner's."""
    now = _reviewers_now(session, task)
    if session.requester.recipient_id not in {r.recipient_id for r in now}:
        raise NotPermitted(
            f"You are no longer a reviewer of {task.resource}: its reviewers are now "
            f"{', '.join(r.primary_address for r in now) or 'no one'}. What is left undecided gets the "
            "campaign's default when an admin closes it."
        )


async def _held_through_groups(session: Session, items: Sequence[ReviewItem]) -> dict[int, str]:
    """The items held by a list or group the reviewer is in, directly or through nested lists, read live
    (reach.py), each with how. A group whose members cannot all be read counts as the reviewer's too:
    who else it stands for is unknown, so confirming it is left to another reviewer (deny by default)."""
    me = session.requester.primary_address.lower()
    groups = {
        i.item_id: found
        for i in items
        if (found := session.ctx.directory.get(i.grant.holder_id)) is not None and found.kind in _GROUPS
    }

    async def walk(group: Recipient) -> str | None:
        reach = await mail_reach(session.clients, group.recipient_id, follow_forwarding=False)
        for reached in reach.reached:
            if reached.address == me:
                hops = [h.phrase for h in reached.path]
                return "you are in " + ", which is in ".join(reversed(hops)) if hops else None
        if reach.blocked is not None:
            return (
                f"held by {group.label()}, whose members could not all be checked: {reach.blocked.sentence()}"
            )
        return None

    gate = asyncio.Semaphore(_READ_AT_ONCE)

    async def bounded(group: Recipient) -> str | None:
        async with gate:
            return await walk(group)

    hows = await asyncio.gather(*(bounded(g) for g in groups.values()))
    return {item_id: how for item_id, how in zip(groups, hows, strict=True) if how}


async def _record_decision(
    session: Session,
    campaign: ReviewCampaignRow,
    item: ReviewItem,
    decision: Decision,
    reason: str | None,
    channel: str,
    *,
    by_default: bool,
) -> bool:
    """Record one decision, False when another got there first (then nothing is filed).

    The decision is claimed before anything is filed, by a compare-and-set (an UPDATE on the item while it
    is still undecided, which the database applies to one writer only), so two decisions at once never
    file two removal requests. A removal's request is filed after the claim and written onto it."""
    who = "deadline default" if by_default else session.requester.primary_address
    with session.workspace.store.session() as db:
        claimed = db.execute(
            update(ReviewItemRow)
            .where(ReviewItemRow.item_id == item.item_id, ReviewItemRow.decision.is_(None))
            .values(
                decision=decision,
                reason=reason,
                decided_by_id=None if by_default else session.requester.recipient_id,
                decided_by=who,
                decided_at=_now(),
                removal_state=_FILING if decision == "remove" else None,
            )
        )
        if not getattr(claimed, "rowcount", 0):
            return False
    request_id, state = (None, None)
    if decision == "remove":
        try:
            request_id, state = await _request_removal(session, item.grant, reason or "", campaign, channel)
        except BaseException:
            # Nothing was filed: the claim is given back, or the delegate would stay "remove" with no
            # request behind it and no audit record, and the reviewer could never decide it again.
            with session.workspace.store.session() as db:
                db.execute(
                    update(ReviewItemRow)
                    .where(ReviewItemRow.item_id == item.item_id, ReviewItemRow.removal_state == _FILING)
                    .values(
                        decision=None,
                        reason=None,
                        decided_by_id=None,
                        decided_by=None,
                        decided_at=None,
                        removal_state=None,
                    )
                )
            raise
        with session.workspace.store.session() as db:
            db.execute(
                update(ReviewItemRow)
                .where(ReviewItemRow.item_id == item.item_id)
                .values(removal_request_id=request_id, removal_state=state)
            )
    session.service.audit.append(
        tenant=session.tenant_key,
        event="review.decided",
        actor=session.requester.primary_address,
        channel=channel,
        request_id=request_id,
        action=item.grant.kind,
        target=f"review:{campaign.campaign_id}",
        after={"decision": decision, "reason": reason, "removal": state},
        detail={
            "campaign_id": campaign.campaign_id,
            "item_id": item.item_id,
            "resource": item.grant.resource_address,
            "holder": item.grant.holder_address or item.grant.holder,
            "by_default": by_default,
        },
    )
    return True


def _decided_meanwhile(session: Session, task_id: str, item_ids: Sequence[int]) -> ConfigError:
    with session.workspace.store.session() as db:
        row = db.get(ReviewItemRow, item_ids[0])
        by, what = (row.decided_by, row.decision) if row is not None else ("someone", "decided")
    return ConfigError(
        f"Delegate {item_ids[0]} of task {task_id!r} was decided already, meanwhile, by {by} ({what}); "
        "your other decisions are recorded. 'reviews show' lists where each stands."
    )


def _finish_task_if_done(session: Session, task_id: str) -> None:
    with session.workspace.store.session() as db:
        open_items = db.scalar(
            select(ReviewItemRow.item_id).where(
                ReviewItemRow.task_id == task_id, ReviewItemRow.decision.is_(None)
            )
        )
        if open_items is None:
            db.execute(update(ReviewTaskRow).where(ReviewTaskRow.task_id == task_id).values(state="done"))


# ---- closing -----------------------------------------------------------------------------------------


def _add_months(when: dt.datetime, months: int) -> dt.datetime:
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    for day in (when.day, 30, 29, 28):
        try:
            return when.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


async def close(session: Session, campaign_id: str, *, channel: str = "cli") -> Campaign:
    """Close a campaign: undecided delegates get its default; with `repeat`, the next campaign starts."""
    _require_admin(session, "close an access review")
    row = _campaign_row(session, campaign_id)
    if row.state != "open":
        raise NotPermitted(f"The access review {row.name!r} is closed already.")
    campaign = get_campaign(session, campaign_id)
    reason = (
        f"Not reviewed by the deadline of access review '{row.name}': its default is {row.default_action}."
    )
    for task in campaign.tasks:
        for item in task.items:
            if item.decision is None:
                default: Decision = "remove" if row.default_action == "remove" else "keep"
                await _record_decision(session, row, item, default, reason, channel, by_default=True)
    now = _now()
    with session.workspace.store.session() as db:
        moved = db.execute(
            update(ReviewCampaignRow)
            .where(ReviewCampaignRow.campaign_id == campaign_id, ReviewCampaignRow.state == "open")
            .values(state="closed", closed=now, closed_by=session.requester.primary_address)
        )
        if not getattr(moved, "rowcount", 0):
            raise NotPermitted(f"The access review {row.name!r} was closed meanwhile.")
        db.execute(update(ReviewTaskRow).where(ReviewTaskRow.campaign_id == campaign_id).values(state="done"))
        # The result, to whoever started the campaign and the admins (who may see every task of it).
        told = notices.campaign_closed(
            db, session.tenant_key, campaign_id, [row.started_by_id, *session.org.admins], now=now
        )
    if told:
        announce(session.workspace.store, session.tenant_key)
    closed = get_campaign(session, campaign_id)
    items = [i for t in closed.tasks for i in t.items]
    kept = sum(i.decision == "keep" for i in items)
    removed = sum(i.decision == "remove" for i in items)
    _audit(
        session, closed, "review.closed", channel, detail={"kept": kept, "removed": removed}, checkpoint=True
    )
    if row.repeat == "quarterly":
        await start(
            session,
            name=row.name,
            kinds=row.scope.get("kinds", []),
            which=row.scope.get("which", "all"),
            chosen=row.scope.get("chosen", []),
            deadline=_add_months(row.deadline, QUARTER_MONTHS),
            default_action=row.default_action,  # type: ignore[arg-type]
            repeat="quarterly",
            channel=channel,
            previous_campaign_id=campaign_id,
        )
        closed = get_campaign(session, campaign_id)
    return closed


# ---- evidence ----------------------------------------------------------------------------------------

EVIDENCE_COLUMNS = (
    "campaign",
    "resource",
    "right",
    "holder",
    "why",
    "reviewers",
    "decision",
    "reason",
    "decided_by",
    "decided_at",
    "removal_request",
    "removal_state",
)


def _evidence_rows(campaign: Campaign) -> list[dict[str, str]]:
    rows = []
    for task in campaign.tasks:
        for item in task.items:
            rows.append(
                {
                    "campaign": campaign.campaign_id,
                    "resource": task.resource,
                    "right": RIGHT_LABELS[item.grant.kind]
                    + (f" ({item.grant.detail})" if item.grant.detail else ""),
                    "holder": item.grant.holder,
                    "why": item.origin.summary,
                    "reviewers": ", ".join(task.reviewers),
                    "decision": item.decision or "",
                    "reason": item.reason or "",
                    "decided_by": item.decided_by or "",
                    "decided_at": item.decided_at.isoformat() if item.decided_at else "",
                    "removal_request": item.removal_request_id or "",
                    "removal_state": item.removal_state or "",
                }
            )
    return rows


def _removal_requests(campaign: Campaign) -> list[str]:
    return sorted({i.removal_request_id for t in campaign.tasks for i in t.items if i.removal_request_id})


def _campaign_records(session: Session, campaign: Campaign) -> list[AuditRecord]:
    audit = session.service.audit
    records = audit.records(tenant=session.tenant_key, target=f"review:{campaign.campaign_id}")
    for request_id in _removal_requests(campaign):
        records += audit.records(request_id=request_id)
    return sorted({r.seq: r for r in records}.values(), key=lambda r: r.seq)


def _campaign_records_as_told(session: Session, campaign: Campaign) -> list[TenantAuditRecord]:
    """`_campaign_records` as a customer of a shared installation reads them (`TenantAuditRecord`)."""
    audit = session.service.audit
    tenant = session.tenant_key
    records = audit.tenant_records(tenant, target=f"review:{campaign.campaign_id}")
    for request_id in _removal_requests(campaign):
        records += audit.tenant_records(tenant, request_id=request_id)
    return sorted({r.ordinal: r for r in records}.values(), key=lambda r: r.ordinal)


def evidence(
    session: Session,
    campaign_id: str,
    fmt: Literal["json", "csv"],
    *,
    channel: str = "cli",
    whole_log: bool = True,
) -> tuple[str, dict[str, Any]]:
    """The campaign's evidence (CSV or JSON) and its signature: the evidence's sha256 is written into the
    audit log, whose head is then signed; the signature document carries that record and checkpoint.

    `whole_log=False` is for a customer's admin on a shared installation (`sees_whole_log`): their records
    as they read them elsewhere (numbered among their own, no seq or hashes: red team 67 F1), and no
    checkpoint signed on their demand. A checkpoint names the chain's seq and head hash, and signing one
    per export let any customer's admin drive the signing and the witness writes at will; their record is
    signed with the chain's next checkpoint (a request coming to rest, or every `checkpoint_every`)."""
    _require_admin(session, "export access review evidence")
    campaign = get_campaign(session, campaign_id)
    rows = _evidence_rows(campaign)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(EVIDENCE_COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in EVIDENCE_COLUMNS])
        text = out.getvalue()
    else:
        told = (
            _campaign_records(session, campaign)
            if whole_log
            else _campaign_records_as_told(session, campaign)
        )
        body = {
            "campaign": campaign.model_dump(mode="json", exclude={"tasks"}),
            "decisions": rows,
            "audit_records": [r.model_dump(mode="json") for r in told],
        }
        text = canonical_json(body)
    digest = hashlib.sha256(text.encode()).hexdigest()
    audit = session.service.audit
    record = audit.append(
        tenant=session.tenant_key,
        event="review.evidence_exported",
        actor=session.requester.primary_address,
        channel=channel,
        target=f"review:{campaign_id}",
        detail={"campaign_id": campaign_id, "format": fmt, "sha256": digest, "rows": len(rows)},
        checkpoint=whole_log,
    )
    if not whole_log:
        return text, {
            "sha256": digest,
            "audit_record": audit.as_told_to_tenant(record).model_dump(mode="json"),
            "how_to_verify": "sha256 of the evidence equals audit_record.detail.sha256; the record is in the "
            "installation's signed audit log, which its operator verifies ('mailwarden audit verify').",
        }
    signed = audit.checkpoint()
    signature = {
        "sha256": digest,
        "audit_record": record.model_dump(mode="json"),
        "checkpoint": signed.model_dump(mode="json"),
        "public_key_pem": audit.public_key_pem(),
        "how_to_verify": "sha256 of the evidence equals audit_record.detail.sha256; audit_record.hash is "
        "in the chain that checkpoint signs (run 'mailwarden audit verify'); the checkpoint's signature "
        "verifies with public_key_pem.",
    }
    return text, signature


def _audit(
    session: Session,
    campaign: Campaign,
    event: str,
    channel: str,
    *,
    detail: dict[str, Any],
    checkpoint: bool = False,
) -> None:
    session.service.audit.append(
        tenant=session.tenant_key,
        event=event,
        actor=session.requester.primary_address,
        channel=channel,
        target=f"review:{campaign.campaign_id}",
        detail={"campaign_id": campaign.campaign_id, "name": campaign.name, **detail},
        checkpoint=checkpoint,
    )
