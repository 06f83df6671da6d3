"""The tenant's policy on live facts: every decision is made on what the tenant says now, and made again
when the requester confirms, when an approver approves or denies, and right before each step runs.

    live = LivePolicy(engine, clients, directory, base_org)
    decide = await live.decider(requester, steps)        # for plan_steps: one read for all the steps
    view = await confirm(service, live, tenant, request_id, actor)
    view = await verdict(service, live, tenant, request_id, approver, "approve", reason)
    run_request(..., check=live.step_check)              # the executor asks before each step

The facts that give power are read through `read_live_facts` for just the recipients of the decision (the
requester, each step's resource and subject, the approver); sensitivity and the owners admins set come
from the tenant's targets, read again through `base_org`. A decision that became stricter stops the
request at confirmation or approval (DecisionChanged, audited as `request.denied` by policy), and stops the
step at execution (`refused`, with the new reason).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal, NoReturn, TypeVar

from sqlalchemy import select

from mailwarden.audit.records import refuse_secret_text
from mailwarden.connectors.connection import TenantClients
from mailwarden.directory.live_facts import LiveFacts, read_live_facts
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import DecisionChanged, DenialHeld, MailwardenError, NotPermitted
from mailwarden.model.changes import Preflight
from mailwarden.model.decisions import ApprovalRequired, Decision, Denied
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.requests import RequestState, RequestStepView, RequestView
from mailwarden.model.steps import Step, parse_step
from mailwarden.notifications.events import Event
from mailwarden.notifications.outbox import queue
from mailwarden.policy import Org, PolicyEngine
from mailwarden.policy.engine import FORWARDED_READER
from mailwarden.policy.entities import step_parts, step_references
from mailwarden.store.tables import DriftEventRow
from mailwarden.workflow.end_restore import decided_as
from mailwarden.workflow.forwarded_readers import (
    read_forward_readers,
    refuse_forwarding_to_oneself,
    settle_unknown_readers,
    with_member_readers,
)
from mailwarden.workflow.list_rights import ListRights, SharedScan, listing_now, with_list_rights
from mailwarden.workflow.redecision import changed, stricter
from mailwarden.workflow.requests import Decider, check_may_approve
from mailwarden.workflow.service import DENY_HELD, DRIFT_SCAN_REQUESTER, Actor, RequestService

__all__ = [
    "DENY_HELD",
    "DRIFT_SCAN_REQUESTER",
    "PLAN_PAGE",
    "REQUESTER_GONE",
    "RUN_SCAN_MAX_AGE",
    "LivePolicy",
    "PagedDecider",
    "RunScan",
    "StepChecks",
    "confirm",
    "requester_gone",
    "revert_approvers",
    "revert_decision",
    "verdict",
]


_DRIFT_REVERT_POLICY = "drift.propose_revert"
_P = TypeVar("_P")
PLAN_PAGE = 500
"""Steps of a plan decided on one read of live facts (PagedDecider): a plan of more holds one page's facts
at a time, however many steps it has."""
PAGES_AHEAD = 2
"""Pages of a bulk decision (planning's `PagedDecider`, confirmation's and approval's `_paged_orgs`) whose
live facts are read together with the next page's (`_read_ahead`): their reads are independent, so they go
out at once (each request still under the client's concurrency and rate budget: connectors/budget.py) rather
than one page's after another's. While a page is decided, the reads of up to `PAGES_AHEAD + 1` next pages
are in flight (0: the next page's alone, begun once the page before it is read, as before)."""
PAGES_HELD = 8
"""Pages of a bulk decision read and not yet decided, at most, beside the page awaited (`_read_ahead`). The
pages wait to be decided for the decision's scan of what the groups hold (in a 5,000-mailbox tenant a
minute of the Exchange budget), while their own reads are the people's records, mostly Graph's: so they
are read while the scan is under way, the two budgets spent together, up to this many pages held for it,
and the pages past them once the scan is in. What that holds is bounded whatever the number of steps:
about 0.9 MiB of traced memory a page of `PLAN_PAGE` people (bulk17, 5,000-person add planning: the
traced peak grew 39.1 MiB with 9 pages read during the scan, 33.8 MiB with the 3 before), against a
page's read after the scan (1.7 to 2.1 s each on the loaded machine it was measured on)."""
RUN_SCAN_MAX_AGE = 300.0
"""Seconds a run decides its chunks on one read of what a group holds (`RunScan`): a chunk decided later
than this after that read began reads it again.

What it costs to make smaller (bulk15): the read is one Get-InboxRule per mailbox (and one
Get-MailboxPermission per mailbox for a mail-enabled security group), 10 to an Exchange `$batch`: in a
tenant of 5,134 mailboxes about 5,650 of the Exchange budget's tokens, which the client spends at 45 a
second (connectors/budget.py), so 126 s of the budget per read; a 5,000-person add's writes are 5,500. A run
reading it every T seconds spends 5,650 / T tokens a second of the 45 on it: 42% at 300 s, 84% at 150 s,
and below 126 s more than the whole budget (every chunk would read it again, and the run would take many
times as long). No cheaper per-chunk signal tells that a rule or a Full Access grant was made: Exchange
reads both per mailbox, and the unified audit log that records them arrives 60 to 90 minutes late
(drift/audit_source.py). What the listing shows (forwarding, Send on Behalf) is checked before every chunk."""


REQUESTER_GONE = "requester-gone"
"""The policy id of the denial of a request whose requester the tenant no longer holds (`requester_gone`)."""


def requester_gone(view: RequestView) -> Denied:
    """The decision, made again, on a step of `view` whose requester (by object id) the tenant no longer
    holds: denied, never decided for whoever holds the address they filed under now."""
    return Denied(
        reason=f"Who asked for this ({view.requester} when they asked) is no longer in the tenant, so it is "
        "not decided for anyone else who holds that address now: it does not go on.",
        policies=[REQUESTER_GONE],
    )


def _admins_now(org: Org) -> list[Recipient]:
    """The tenant's enabled admins as it is now, by address."""
    found = [r for i in org.admins if (r := org.get(i)) is not None and org.is_admin(r) and r.enabled]
    return sorted(found, key=lambda r: r.primary_address)


def _drift_revert(org: Org, step: Step) -> Decision:
    admins = _admins_now(org)
    # A revert setting a forwarding again puts someone's mail where its readers read it: no admin among them
    # approves it (the guardrail no-approving-access-for-oneself, which the admins' routing here bypasses).
    if admins:
        admins = [a for a in admins if org.forwarded_mail_read_by(step, a) is None]
        if not admins:
            return Denied(
                reason="Every admin reads the mail this revert would forward again, and nobody approves "
                "access given to themselves: the forwarding stays cleared.",
                policies=[_DRIFT_REVERT_POLICY, FORWARDED_READER],
            )
    if not admins:
        return Denied(
            reason="The tenant has no admin now to approve a drift revert.", policies=[_DRIFT_REVERT_POLICY]
        )
    return revert_decision(org.find, step, [a.primary_address for a in admins])


def revert_decision(
    find: Callable[[str], Recipient | None], step: Step, admins: Sequence[str]
) -> ApprovalRequired:
    """The decision on a drift revert, as the scan files it and as it is made again on live facts: one of
    `revert_approvers` decides it."""
    return ApprovalRequired(
        approvers=revert_approvers(find, step, admins),
        reason="A revert of a change made outside mailwarden, proposed by the drift scan: an admin decides.",
        policies=[_DRIFT_REVERT_POLICY],
    )


def revert_approvers(find: Callable[[str], Recipient | None], step: Step, admins: Sequence[str]) -> list[str]:
    """The admins who decide a drift revert: not one whose own access or mailbox it is about (an admin who
    gave himself access in the admin center would otherwise deny its revert and keep it, with no second
    pair of eyes), unless no other admin is left (a sole admin decides alone, as DESIGN §5 allows).

    When a single other admin is left, the admin whose own mailbox the revert is about (its resource, not
    one given access by it) decides too (red team 42): that single admin may be who made the change, and
    must not be its only decider. Approving the revert of a change to one's own mail is no grant to
    oneself; denying it keeps a change someone else made to one's own mail, which is theirs to keep."""
    named = {r.recipient_id for ref in step_references(step) if (r := find(ref)) is not None}
    others = [a for a in admins if (r := find(a)) is None or r.recipient_id not in named]
    if len(others) == 1:
        resource_ref, subject_ref = step_parts(step)
        owner = find(resource_ref) if resource_ref else None
        subject = find(subject_ref) if subject_ref else None
        if owner is not None and (subject is None or subject.recipient_id != owner.recipient_id):
            others += [
                a for a in admins if (r := find(a)) is not None and r.recipient_id == owner.recipient_id
            ]
    return sorted(others or admins)


@dataclass(frozen=True)
class LivePolicy:
    """The tenant's policy engine, deciding on facts read from the tenant at the moment of deciding."""

    engine: PolicyEngine
    clients: TenantClients
    directory: Directory
    base_org: Callable[[], Org]
    """What the policy knows without reading the tenant: the cache, and the targets (read again)."""

    async def org(
        self, steps: Iterable[Step], people: Iterable[str], shared: SharedScan | None = None
    ) -> Org:
        """The organisation with every recipient of `steps` and `people` (ids or addresses) read live, who
        reads the mail of each forwarding among `steps` (so that routing leaves them out), and the mailbox
        rights of each group `steps` add someone to (taken from `shared`, one decision's read, when it has
        it), and who reads the mail of a member a list add or new list hands forwarded mail to."""
        steps_list, people = list(steps), list(people)
        if isinstance(shared, PagedScan) and shared.pages > 1:
            return await (await self.page_read(steps_list, people, shared))()
        references = [*people, *(ref for step in steps_list for ref in step_references(step))]
        ids = {r.recipient_id for ref in references if (r := self._cached(ref)) is not None}
        facts, readers = await asyncio.gather(
            read_live_facts(self.clients, self.directory, sorted(ids)),
            read_forward_readers(self.clients, self.directory, steps_list),
        )
        org = await settle_unknown_readers(
            self.clients, self.base_org().with_live(facts), readers, steps_list, people
        )
        if isinstance(shared, PagedScan):
            # Pages read at once: the first to get here reads what the groups hold, the others wait for it
            # and take it (with_list_rights: when it covers their groups), as pages read one after another do.
            async with shared.lock:
                org = await with_list_rights(self.clients, self.directory, org, steps_list, shared)
        else:
            org = await with_list_rights(self.clients, self.directory, org, steps_list, shared)
        # A list add (a new list) handing its members forwarded mail: who reads their mail (red team 35),
        # read once what the lists hold says so (each page its own members', outside the lock).
        return await with_member_readers(self.clients, self.directory, org, steps_list, people)

    async def page_read(
        self, steps: Iterable[Step], people: Iterable[str], shared: PagedScan
    ) -> Callable[[], Awaitable[Org]]:
        """One page of a decision made a page at a time, in two parts: what is read for the page itself,
        awaited here, and the organisation to decide it on, awaited from what this returns, once what the
        groups hold is read for the decision (`PagedScan`). The pages' own reads need not wait for that
        scan (`_read_ahead`: in a large tenant a minute of the Exchange budget, while the people's records
        are Graph's): a page is read as soon as the read-ahead lets it, and waits for the scan only to be
        decided.

        What every page shares (the requester and `people`, each step's resource such as the list, the
        role holders) is read once for the decision (`PagedScan.common_read`), each page reads its own
        subjects, and the scan begins as soon as the groups are read, while the pages' people are (a
        5,000-person add's scan begun after the first page's people waited for them)."""
        steps, people = list(steps), list(people)
        if shared.pages <= 1:  # one page: read as a decision of any size is, all at once
            org = await self.org(steps, people, shared)
            return lambda: _ready(org)
        shared_refs = [*people, *(step_parts(step)[0] or "" for step in steps)]
        common_ids = frozenset(r.recipient_id for ref in shared_refs if ref and (r := self._cached(ref)))
        own_ids = {
            r.recipient_id
            for step in steps
            for ref in step_references(step)
            if (r := self._cached(ref)) is not None and r.recipient_id not in common_ids
        }
        common_read = shared.common_read(self, common_ids)

        async def scanned() -> ListRights | None:
            around = self.base_org().with_live(await common_read)
            async with shared.lock:  # one page reads what the groups hold; the others take its read
                found = await with_list_rights(self.clients, self.directory, around, steps, shared)
            return None if found is around else found.list_rights

        # The decision's scan begins with its first page read, not when that page is decided.
        scanning = shared.scan(scanned)
        own, readers = await asyncio.gather(
            read_live_facts(self.clients, self.directory, sorted(own_ids), roles_from=common_read),
            read_forward_readers(self.clients, self.directory, steps),
        )
        org = await settle_unknown_readers(
            self.clients,
            self.base_org().with_live(_merged(await common_read, own, common_ids)),
            readers,
            steps,
            people,
        )

        async def decided() -> Org:
            # The decision's scan (its failure fails every page, as it did the first); shielded: one page's
            # wait cancelled does not cancel the scan the others wait for (PagedScan.close ends it).
            await asyncio.shield(scanning)
            rights = await scanned()  # this page's groups: the scan's read when it covers them
            page = org if rights is None else replace(org, list_rights=rights)
            return await with_member_readers(self.clients, self.directory, page, steps, people)

        return decided

    def _cached(self, reference: str) -> Recipient | None:
        return self.directory.get(reference) or self.directory.address_owner(reference)

    async def decider(self, requester: Recipient, steps: Sequence[Step]) -> Decider:
        """A decider for `plan_steps` over facts read once, now, for all of `steps`; for more steps than a
        page (`PLAN_PAGE`), one that `plan_steps` asks a page at a time, each page on facts read for it."""
        if len(steps) > PLAN_PAGE:
            return PagedDecider(self, requester)
        return OrgDecider(self.engine, await self.org(steps, [requester.recipient_id]))

    def decide_many(self, org: Org, view: RequestView, steps: Sequence[Step]) -> list[Decision]:
        """The decisions on `steps` of the stored request `view` on `org`, made for its requester by object
        id (`RequestView.asked_by`), never for whoever holds the address they filed under now (red team 79:
        an admin moves Tom's address to Ava; Tom's request is not decided on Ava's mailbox, roles or admin
        status). A requester the tenant no longer holds has every step denied, saying so (`REQUESTER_GONE`).
        A drift scan's revert is no person's request: any admin of the tenant as it is now approves it, and
        what the policy denies an admin (a disabled or outside trustee: DESIGN §5, always denied, for
        everyone) it denies the revert too, whatever the tenant held before."""
        if view.asked_by != DRIFT_SCAN_REQUESTER:
            requester = org.get(view.asked_by)
            if requester is None:
                return [requester_gone(view)] * len(steps)
            return self.engine.decide_many(org, requester, steps)
        admins = _admins_now(org)
        # Asked as if the first admin had asked, only for what the policy denies everyone: who approves a
        # revert is _drift_revert's to say, so routing's leaving out a forwarding's readers (which would
        # deny the revert when the other admins read its target) is not asked here.
        unrouted = replace(org, forward_readers=MappingProxyType({}), forward_unknown=MappingProxyType({}))
        asked = self.engine.decide_many(unrouted, admins[0], steps) if admins else [None] * len(steps)
        return [
            decided if isinstance(decided, Denied) else _drift_revert(org, step)
            for decided, step in zip(asked, steps, strict=True)
        ]

    @property
    def step_check(self) -> StepChecks:
        """The decision on a step of a request, made again right before it runs (`many`: on many steps,
        over one read of the live facts for all of them)."""
        return StepChecks(self)


@dataclass(frozen=True)
class OrgDecider:
    """A `Decider` over one organisation read live; `many` decides a run of steps in one policy call."""

    engine: PolicyEngine
    org: Org

    def __call__(self, who: Recipient, step: Step, preview: Preflight | None = None) -> Decision:
        return self.engine.decide(self.org, who, step)

    def many(self, who: Recipient, steps: Sequence[Step]) -> list[Decision]:
        return self.engine.decide_many(self.org, who, steps)


@dataclass
class PagedScan(SharedScan):
    """The `SharedScan` of one decision's pages read at once (`PAGES_AHEAD`): one page at a time reads or
    takes what groups hold, so the pages read concurrently still scan the tenant once, as pages read one
    after another did. The facts every page shares (`common_read`) are read once for the decision too:
    with ten pages, the role holders, the requester and the list were read ten times (issue 14: each group
    read once, not once per step or page)."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    pages: int = 2
    """Pages the decision has (2: more than one). A decision of one page reads its facts in one read, as
    one of any size does: shared with no other page, the facts every page shares would cost a `$batch`
    of their own."""
    common: dict[frozenset[str], asyncio.Task[LiveFacts]] = field(default_factory=dict)
    scanning: asyncio.Task[ListRights | None] | None = None
    """The decision's scan of what its groups hold, begun by the first page read (`LivePolicy.page_read`)."""

    def common_read(self, live: LivePolicy, ids: frozenset[str]) -> asyncio.Task[LiveFacts]:
        """The decision's one read of `ids` (and of the role holders), begun by the first page that asks."""
        if ids not in self.common:
            self.common[ids] = asyncio.ensure_future(
                read_live_facts(live.clients, live.directory, sorted(ids))
            )
        return self.common[ids]

    def scan(self, read: Callable[[], Awaitable[ListRights | None]]) -> asyncio.Task[ListRights | None]:
        """The decision's scan, begun with `read` by the first page that asks."""
        if self.scanning is None:
            self.scanning = asyncio.ensure_future(read())
        return self.scanning

    async def close(self) -> None:
        """Cancel (and wait for) the shared reads still under way: the decision ended without them."""
        tasks: list[asyncio.Task[object]] = [
            *self.common.values(),
            *([self.scanning] if self.scanning else []),
        ]
        for task in tasks:
            if not task.done():
                task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, MailwardenError):
                await task


def _merged(common: LiveFacts, own: LiveFacts, common_ids: frozenset[str]) -> LiveFacts:
    """One page's facts: its own read's, and the decision's shared read's (`PagedScan.common_read`). Each
    recipient asked for is as the read that asked for it says (a full read, never a record that came
    along with another: an owner's or manager's enabled state alone)."""
    recipients = {**common.recipients, **own.recipients}
    recipients.update((i, r) for i, r in common.recipients.items() if i in common_ids)
    return LiveFacts(
        recipients=MappingProxyType(recipients),
        missing=common.missing | own.missing,
        admins=common.admins,
        round_trips=common.round_trips + own.round_trips,
        containers=MappingProxyType({**common.containers, **own.containers}),
        sessions_valid_from=MappingProxyType({**common.sessions_valid_from, **own.sessions_valid_from}),
        roles=common.roles,
    )


async def _ready(org: Org) -> Org:
    return org


async def _read_ahead(
    pages: Iterator[_P], read: Callable[[_P], Awaitable[Callable[[], Awaitable[Org]]]]
) -> AsyncGenerator[tuple[Org, _P], None]:
    """Each page of `pages`, in order, with the organisation read for it: `read(page)` reads the page's own
    facts, and what it returns, the organisation once what the page waits for is in (the decision's scan
    of what the groups hold: `LivePolicy.page_read`). While the caller decides a page, or waits for the
    scan, the next pages are read: `PAGES_AHEAD + 1` reads in flight at once, up to `PAGES_HELD` pages
    read and not yet decided. A failed read fails the iteration at its page; the reads still under way are
    cancelled (and waited for) when the iteration ends early."""
    Facts = asyncio.Task[Callable[[], Awaitable[Org]]]
    reading: deque[tuple[Facts, asyncio.Task[Org], _P]] = deque()

    async def decided(facts: Facts) -> Org:
        return await (await facts)()

    def more() -> None:
        while len(reading) <= PAGES_HELD and sum(not f.done() for f, _, _ in reading) <= PAGES_AHEAD:
            page = next(pages, None)
            if page is None:
                return
            facts = asyncio.ensure_future(read(page))
            reading.append((facts, asyncio.ensure_future(decided(facts)), page))

    try:
        more()
        while reading:
            _, head, page = reading[0]
            while not head.done():
                # Woken as well when a later page's read ends, so that the next one begins at once.
                in_flight = [f for f, _, _ in reading if not f.done()]
                await asyncio.wait([head, *in_flight], return_when=asyncio.FIRST_COMPLETED)
                more()
            org = head.result()
            reading.popleft()
            more()
            yield org, page
            del org  # this page's facts are not held while the next pages' are read
    finally:
        tasks = [task for facts, org_task, _ in reading for task in (facts, org_task)]
        for task in tasks:
            if not task.done():
                task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, MailwardenError):
                await task


@dataclass(frozen=True)
class PagedDecider:
    """The `Decider` of a plan of many steps: `await paged(who, steps)` decides them a page (`PLAN_PAGE`) at
    a time, each page on live facts read for its own people (the next pages' reads, `PAGES_AHEAD`, while this
    one is decided), as confirmation decides a stored bulk request (`_paged_orgs`): the facts of thousands of
    people are never all held. The pages share one read of what groups hold (`PagedScan`)."""

    live: LivePolicy
    requester: Recipient

    def __call__(self, who: Recipient, step: Step, preview: Preflight | None = None) -> Decision:
        raise TypeError(
            "A plan of many steps is decided a page at a time: `await decider.paged(who, steps)`."
        )

    async def paged(self, who: Recipient, steps: Sequence[Step]) -> list[Decision]:
        live, people = self.live, [self.requester.recipient_id]
        shared = PagedScan()
        pages = (steps[start : start + PLAN_PAGE] for start in range(0, len(steps), PLAN_PAGE))

        def read(page: Sequence[Step]) -> Awaitable[Callable[[], Awaitable[Org]]]:
            return live.page_read(page, people, shared)

        out: list[Decision] = []
        try:
            async with contextlib.aclosing(_read_ahead(pages, read)) as paged:
                async for org, page in paged:
                    out += live.engine.decide_many(org, who, page)
                    del org
        finally:
            await shared.close()
        return out


@dataclass
class RunScan:
    """What the groups of a run hold (workflow/list_rights.py: a scan of every mailbox in the tenant), read
    once for the run's chunks rather than once a chunk.

    A run of 5,000 adds to one list is decided a chunk (`run_chunk`, 500) at a time, each chunk on its own
    people's facts read right before its writes. What the list holds is one fact of the list, the same for
    every chunk, and reading it is one Get-InboxRule per mailbox (Exchange `$batch`es of 10): as many of
    the tenant's Exchange budget as the 5,000 writes themselves. Read again for each chunk, it made the run
    ten scans where its decision is one (issue 14; design §7: one read per group or mailbox, not per step).
    So the chunks of one run share the read, within bounds: a read that failed is never shared (the next
    chunk reads again, as it did), and a chunk decided more than `RUN_SCAN_MAX_AGE` seconds after the read
    began reads it again (a longer run is decided on a read no older than that)."""

    shared: SharedScan = field(default_factory=SharedScan)
    began: float | None = None
    """When the read `shared` holds began (time.monotonic; its facts are at least as recent)."""

    async def current(self, clients: TenantClients) -> SharedScan:
        """The read for the next decision: the one held while it is fresh, whole and the mailbox listing
        still says what it said then (where mail is forwarded, who sends on behalf: read again before each
        chunk, a few pages against a scan of every mailbox's rules; red team 33 set a forwarding to the list
        between two chunks), else an empty one (that decision reads afresh, from now). An Inbox rule made
        since the read is seen by the first chunk decided RUN_SCAN_MAX_AGE after it, not before."""
        now = time.monotonic()
        rights = self.shared.rights
        if rights is not None and (
            rights.failure is not None
            or self.began is None
            or now - self.began > RUN_SCAN_MAX_AGE
            or (rights.listing is not None and rights.listing != await listing_now(clients))
        ):
            self.shared = SharedScan()
        if self.shared.rights is None:
            self.began = now  # what the decision about to be made reads, it reads from now on
        return self.shared


@dataclass(frozen=True)
class StepChecks:
    """The executor's check: `await checks(view, step)` for one step, `await checks.many(view, steps)` for
    a run of steps executed together. Either way every step is decided on facts read right now: its own
    people's, and what its groups hold, read for this decision or, for the chunks of one bulk run
    (`for_run`), read once for them (`RunScan`, never older than `RUN_SCAN_MAX_AGE`)."""

    live: LivePolicy
    scan: RunScan | None = None

    def for_run(self) -> StepChecks:
        """These checks for the chunks of one bulk run (workflow/bulk_run.py): what their groups hold is
        read once for them (`RunScan`); never shared with another run, nor with a step run on its own."""
        return replace(self, scan=RunScan())

    async def __call__(self, view: RequestView, step: Step) -> Decision:
        return (await self.many(view, [step]))[0]

    async def many(self, view: RequestView, steps: Sequence[Step]) -> list[Decision]:
        shared = await self.scan.current(self.live.clients) if self.scan is not None else None
        org = await self.live.org(steps, [view.asked_by], shared)
        return self.live.decide_many(org, view, steps)


async def _redecide(
    service: RequestService,
    live: LivePolicy,
    view: RequestView,
    actor: Actor,
    when: str,
    people: Sequence[str] = (),
    *,
    stop_when_stricter: bool = True,
    told: str | None = None,
) -> tuple[Org, bool]:
    """Decide every step still to run again; stop the request if one became stricter, else restate those
    whose decision changed. Returns the live organisation the decisions were made on, and whether any
    step's decision was restated (`view` is then out of date).

    A `view` without its steps (a bulk request's head) has them read from the store a page at a time, each
    page decided on live facts read for its own people (`_paged_orgs`): the facts of thousands of people
    are never all held, and the next page's facts are read while this one is decided. The organisation
    returned is then the last page's, which knows the requester and `people` as every page's does.

    `told`: the approver a stop is told to, who reads the reasons of the steps they decide only (a reason
    names its step's target, which an approver of another step may not read); None: every reason."""
    reasons: list[str] = []
    stopped: list[tuple[RequestStepView, str]] = []
    restated: dict[int, Decision] = {}

    def judge(org: Org, page: Sequence[RequestStepView]) -> None:
        decided = live.decide_many(org, view, [decided_as(view, s) for s in page])
        for step, fresh in zip(page, decided, strict=True):
            reason = stricter(step.decision, fresh, approving=when != "confirm")
            if reason is not None:
                reasons.append(reason)
                stopped.append((step, reason))
            elif changed(step.decision, fresh):
                restated[step.position] = fresh

    if view.all_steps:
        page = [s for s in view.steps if s.status == "pending"]
        org = await live.org((decided_as(view, s) for s in page), [view.asked_by, *people])
        judge(org, page)
    else:
        last: Org | None = None
        paged = _paged_orgs(live, view, service.pending_pages(view.request_id), people)
        async with contextlib.aclosing(paged):
            async for last, page in paged:
                judge(last, page)
        # Nothing pending: the facts of the requester and `people` alone.
        org = last if last is not None else await live.org([], [view.asked_by, *people])
    if reasons and stop_when_stricter:
        service.stop(view.tenant, view.request_id, {view.state}, reasons, actor, when)
        raise DecisionChanged(view.request_id, reasons if told is None else _reasons_told(stopped, told))
    if restated and not reasons:
        service.restate(view.tenant, view.request_id, restated, actor, when)
    return org, bool(restated and not reasons)


OTHER_STEP_STOPPED = (
    "Another step of the request, decided by someone else, would now be decided more strictly."
)


def _reasons_told(stopped: Sequence[tuple[RequestStepView, str]], approver: str) -> list[str]:
    """The reasons of the stopped steps `approver` decides; the others said to exist, not what they are."""
    who = approver.casefold()
    mine = [
        reason
        for step, reason in stopped
        if isinstance(step.decision, ApprovalRequired)
        and who in {a.casefold() for a in step.decision.approvers}
    ]
    return [*mine, OTHER_STEP_STOPPED] if len(mine) < len(stopped) else mine


async def _paged_orgs(
    live: LivePolicy, view: RequestView, pages: Iterator[list[RequestStepView]], people: Sequence[str]
) -> AsyncGenerator[tuple[Org, list[RequestStepView]], None]:
    """Each page of `pages` with the organisation read live for its steps, the requester and `people`.

    The next pages' facts are being read (`PAGES_AHEAD`: their requests in flight together, under the
    tenant's concurrency and the client's budget) while the caller decides this one: deciding a page is the
    client's own work, and the tenant's round trips for the next pages need not wait for it nor for one
    another. Every page is still decided on facts read after the request reached this point, for exactly its
    steps."""

    # The pages are one decision: what groups hold, and the facts every page shares, are read once for them.
    first = list(itertools.islice(pages, 2))
    shared = PagedScan(pages=len(first))
    pages = itertools.chain(first, pages)

    def read(page: list[RequestStepView]) -> Awaitable[Callable[[], Awaitable[Org]]]:
        return live.page_read((decided_as(view, s) for s in page), [view.asked_by, *people], shared)

    try:
        async with contextlib.aclosing(_read_ahead(pages, read)) as paged:
            async for org, page in paged:
                yield org, page
    finally:
        await shared.close()


async def confirm(
    service: RequestService, live: LivePolicy, tenant: str, request_id: str, actor: Actor
) -> RequestView:
    """The requester confirms; the decision is made again first (a stricter one stops the request)."""
    # Its head: the steps are read a page at a time (a bulk request's thousands are never all in memory).
    view = service.head(tenant, request_id)
    # The requester by object id, as the service checks it: an address can change between filing and
    # confirming, and a confirmation the service accepts must never skip the decision made again.
    if view.state is RequestState.NEEDS_CONFIRMATION and actor.actor_id == service.requester_id(request_id):
        await _redecide(service, live, view, actor, "confirm")
        confirmed = service.confirm(tenant, request_id, actor, read=view)
        if confirmed.state is RequestState.PENDING_APPROVAL:
            return service.get(tenant, request_id)  # who must approve, from every step
        # Approved: what runs next reads its steps a page at a time; the view holds the first page and says
        # so (steps_note), with every step counted.
        return service.first_page(tenant, request_id)
    return service.confirm(tenant, request_id, actor)  # refuses anyone but the requester, in any other state


async def verdict(
    service: RequestService,
    live: LivePolicy,
    tenant: str,
    request_id: str,
    approver: Recipient,
    decision: Literal["approve", "deny"],
    justification: str | None = None,
) -> RequestView:
    """An approver approves or denies, judged on live facts: the request is decided again (on approval, a
    stricter decision stops it), and the approver must still be one, as the tenant says now."""
    actor = Actor(actor_id=approver.recipient_id, address=approver.primary_address)
    view = service.get(tenant, request_id)
    # The requester by object id (`RequestView.requester_id`): whoever holds the address they filed under now
    # is a stranger to the request, judged as any approver; the requester under another address is refused by
    # the service (its own request), with nothing decided again first.
    if view.state is RequestState.PENDING_APPROVAL and approver.recipient_id != view.asked_by:
        org, _ = await _redecide(
            service,
            live,
            view,
            actor,
            decision,
            [approver.recipient_id],
            # A denial ends the request anyway; the approver's right to deny is what matters.
            stop_when_stricter=decision == "approve",
            # An admin reads every step (api/operations.seen_by); another approver, their own steps'.
            told=None if approver.is_admin else approver.primary_address,
        )
        current = org.current(approver)
        if current is None or not current.enabled:
            raise NotPermitted(
                f"You may no longer approve or deny request {request_id!r}: your account is disabled or "
                "removed in the tenant."
            )
        if view.requester == DRIFT_SCAN_REQUESTER:
            if not org.is_admin(current):
                raise NotPermitted("Only an admin of the tenant approves or denies a drift revert.")
            if decision == "deny":
                _deny_of_a_drift_revert(service, org, current, view, actor, justification)
            else:
                _not_its_maker(service, org, current, view)
                full = service.get(tenant, request_id)
                await refuse_forwarding_to_oneself(live.clients, live.directory, org, current, full)
        else:
            full = service.get(tenant, request_id)
            check_may_approve(live.engine, org, current, full)
            if decision == "approve":
                await refuse_forwarding_to_oneself(live.clients, live.directory, org, current, full)
    if decision == "approve":
        return service.approve(tenant, request_id, actor, justification)
    return service.deny(tenant, request_id, actor, justification)


def _deciders(org: Org, view: RequestView) -> set[str]:
    """Who decides the drift revert `view` on the tenant as it is now (`revert_approvers`)."""
    admins = [a.primary_address for a in _admins_now(org)]
    return {a for s in view.every_step() for a in revert_approvers(org.find, parse_step(s.step), admins)}


def _not_its_maker(service: RequestService, org: Org, approver: Recipient, view: RequestView) -> None:
    """The admin the tenant's audit log names as the one who made the outside change does not approve its
    revert while another admin who may decide it is left (`revert_approvers`, live): its maker is matched by
    object id (`_person_now`), not by his addresses or UPN now (denials: `_deny_of_a_drift_revert`)."""
    named = _maker_of(service, view.request_id)
    maker = _person_now(org, named) if named else None
    if maker is None or maker.recipient_id != approver.recipient_id:
        return
    if _deciders(org, view) - {approver.primary_address}:
        raise NotPermitted(
            f"You made the change this revert undoes ({named}, as the tenant's audit log says); "
            "another admin decides whether it stays."
        )


def _filed_deciders(service: RequestService, view: RequestView) -> set[str]:
    """Who decided the drift revert `view` when the scan filed it, before any decision made again added an
    admin (red team 42: one made an admin after the outside change, perhaps a second identity of its maker,
    is no second admin to agree). Each step's approvers as the first `request.redecided` of it found them,
    else as stored now. Entra ID gives no time a role was assigned; the filing is the nearest record."""
    found: dict[int, list[str]] = {}
    for record in service.audit.records(
        tenant=view.tenant, request_id=view.request_id, event="request.redecided"
    ):
        before = record.before if isinstance(record.before, dict) else {}
        for position, decision in before.items():
            approvers = decision.get("approvers") if isinstance(decision, dict) else None
            if int(position) not in found and isinstance(approvers, list):
                found[int(position)] = [str(a) for a in approvers]
    filed: set[str] = set()
    for step in view.every_step():
        if step.position in found:
            filed |= set(found[step.position])
        elif isinstance(step.decision, ApprovalRequired):
            filed |= set(step.decision.approvers)
    return filed


DENY_AGREED = "approval.deny_agreed"
"""Audited: a second admin denied it too; the revert is denied (`approval.denied` follows)."""
DENY_ALONE = "approval.deny_alone"
"""Audited: the only admin who may decide it, already when it was filed, denied it; no second admin is there
to agree."""


def _maker_of(service: RequestService, request_id: str) -> str | None:
    """Who made the outside change the drift revert `request_id` undoes, as the audit log names them."""
    with service.store.session() as session:
        maker = session.scalar(
            select(DriftEventRow.changed_by).where(DriftEventRow.revert_request_id == request_id)
        )
    return maker or None


def _person_now(org: Org, reference: str) -> Recipient | None:
    """The person of the tenant `reference` (the audit log's UserId: a UPN as it was then, or an app's id)
    names now, by object id; None when it names no person now (an application, an account renamed or
    removed since): who stands behind it is then as unknown as before attribution."""
    found = org.find(reference)
    if found is None:
        return None
    current = org.current(found)
    return (
        current if current is not None and current.kind in (RecipientKind.USER, RecipientKind.GUEST) else None
    )


def _deny_of_a_drift_revert(
    service: RequestService,
    org: Org,
    approver: Recipient,
    view: RequestView,
    actor: Actor,
    justification: str | None,
) -> None:
    """A denial of a drift revert keeps the outside change, so its maker never keeps it alone (red team 40,
    42). The maker the audit log names, found as a person of the tenant now by object id, does not deny it:
    the denial is held (`DENY_HELD`, refused with why) and the revert waits for another admin who decides
    it, even when he is its only decider left. While the maker is not known (not named yet, named as an
    application, or under a name that is no person now), `_deny_of_an_unattributed_change` decides. Who
    decides is the revert's deciders as re-decided live (`_deciders`), never the list read before."""
    deciders = _deciders(org, view)
    if approver.primary_address not in deciders:
        return  # the service refuses it, naming who decides
    refuse_secret_text("justification", justification)
    named = _maker_of(service, view.request_id)
    maker = _person_now(org, named) if named else None
    if maker is None:
        _deny_of_an_unattributed_change(service, org, approver, view, actor, justification, deciders, named)
        return
    if maker.recipient_id != approver.recipient_id:
        return  # a known maker who is not the admin denying
    others = sorted(deciders - {approver.primary_address})
    wait = (
        f"another admin who decides it ({', '.join(others)}) decides whether it stays"
        if others
        else "no other admin may decide it now, and a change is never kept on its maker's word alone: the "
        "revert stays pending until another admin may decide it, or you approve it"
    )
    reason = f"You made the change this revert undoes ({named}, as the tenant's audit log says): {wait}."
    because = (
        f"{approver.primary_address} made the change this revert undoes ({named}, as the tenant's audit log "
        "says), and a change is never kept on its maker's word alone"
    )
    _hold_denial(service, view, actor, approver, justification, reason, because, others, maker=True)


def _hold_denial(
    service: RequestService,
    view: RequestView,
    actor: Actor,
    approver: Recipient,
    justification: str | None,
    reason: str,
    because: str,
    tell: Iterable[str],
    *,
    maker: bool = False,
) -> NoReturn:
    """Record a denial that does not keep the change (`DENY_HELD`, with why: `reason` as told to the admin
    who denied, `because` as the request's views say it to anyone), tell the admins in `tell` who decide it
    that a second admin must agree (`Event.DENIAL_HELD`, once per admin who denied), and raise `DenialHeld`
    with `reason`: the vote is recorded, the request still waits."""
    detail: dict[str, object] = {
        "admin_id": approver.recipient_id,
        "justification": justification,
        "reason": reason,
        "because": because,
    }
    if maker:
        detail["maker"] = True
    service.note(view, DENY_HELD, actor, detail)
    recipients = sorted(set(tell) - {approver.primary_address})
    if recipients:
        queue(
            service.store,
            service.get(view.tenant, view.request_id),
            Event.DENIAL_HELD,
            now=service.clock(),
            recipients=recipients,
            occasion=approver.recipient_id,
        )
    raise DenialHeld(view.request_id, reason)


def _deny_of_an_unattributed_change(
    service: RequestService,
    org: Org,
    approver: Recipient,
    view: RequestView,
    actor: Actor,
    justification: str | None,
    deciders: set[str],
    named: str | None,
) -> None:
    """A denial of a drift revert while no audit record names who made the change (red team 40): the maker
    may be the admin denying it (Exchange's audit log names an admin 60 to 90 minutes late, and changes made
    through Graph, Microsoft 365 group members or calendar permissions, never), so one admin's denial does
    not keep the change: two different admins of those who decide the revert must deny it. The first
    denial is audited (`DENY_HELD`) and refused with why; a second admin's, while the first is still an
    admin who decides it, goes on (`DENY_AGREED`). The only admin who may decide it denies alone
    (`DENY_ALONE`, DESIGN §5's sole admin) only when she was the only one when the scan filed it; one who
    became the only one since (another admin's role removed or account disabled) is held (security 41).
    Approving the revert stays open to any admin who decides it."""
    others = sorted(deciders - {approver.primary_address})
    held_before = [
        h
        for h in service.audit.records(tenant=view.tenant, request_id=view.request_id, event=DENY_HELD)
        if not h.detail.get("maker")
    ]
    if not others and any(str(h.detail.get("admin_id", "")) == approver.recipient_id for h in held_before):
        # Red team 42: the first denier, alone now (the other admin's role taken away since), is still one
        # admin, whose denial was held while another could decide.
        reason = (
            "Who made the change this revert undoes is not known, and you denied it first while another "
            "admin could decide it; that admin may no longer, and one admin's denial given again does not "
            "keep it. The revert stays pending until another admin may decide it, or an admin approves it."
        )
        because = (
            "who made the change is not known, and they denied it first while another admin could decide "
            "it: one admin's denial given again does not keep it"
        )
        _hold_denial(service, view, actor, approver, justification, reason, because, others)
    filed = _filed_deciders(service, view)
    if not others and (gone := sorted(filed - {approver.primary_address})):
        # Security 41: the only admin left only since the revert was filed (the other's role taken away, or
        # account disabled, perhaps by the admin denying) was no sole admin when the change was made.
        reason = (
            "Who made the change this revert undoes is not known, and you are the only admin who may decide "
            f"its revert only since it was filed: {', '.join(gone)} decided it then and may no longer (admin "
            "role removed or account disabled since). An admin who became the only one after the change "
            "does not keep it alone. Your denial is recorded; the revert stays pending until another admin "
            "who may decide it denies it too, or an admin approves it."
        )
        because = (
            "who made the change is not known, and they are the only admin who may decide its revert only "
            f"since it was filed ({', '.join(gone)} decided it then): an admin who became the only one after "
            "the change does not keep it alone"
        )
        _hold_denial(service, view, actor, approver, justification, reason, because, others)
    if not others:
        service.note(
            view,
            DENY_ALONE,
            actor,
            {
                "reason": "Who made the change is not known, and no other admin may decide its revert: "
                "the only admin left denies it alone."
            },
        )
        return
    for held in held_before if approver.primary_address in filed else []:
        first = org.get(str(held.detail.get("admin_id", "")))
        if (
            first is not None
            and first.recipient_id != approver.recipient_id
            and first.primary_address in deciders
            and first.primary_address in filed
        ):
            service.note(
                view,
                DENY_AGREED,
                actor,
                {
                    "first": first.primary_address,
                    "reason": f"Who made the change is not known; {first.primary_address} denied the revert "
                    f"first and {approver.primary_address} agrees: two admins deny it.",
                },
            )
            return
    unknown = (
        f"The tenant's audit log names {named} as who made the change this revert undoes, which is no person "
        "of the tenant now (an application, or an account renamed or removed since): who stands behind it "
        "is not known"
        if named
        else "Who made the change this revert undoes is not known yet"
    )
    if held_before and approver.primary_address not in filed:
        filed_others = ", ".join(sorted(filed - {approver.primary_address})) or "none left"
        reason = (
            f"{unknown}, and you became one who decides its revert only after it was filed (made an admin "
            "since, perhaps after the change): your denial is no second admin's agreement. It is recorded; "
            f"the revert stays pending until another admin who decided it when it was filed ({filed_others}) "
            "denies it too, or an admin approves it."
        )
        because = (
            "who made the change is not known, and they decide its revert only since it was filed (made an "
            "admin since): their denial is no second admin's agreement"
        )
        _hold_denial(service, view, actor, approver, justification, reason, because, others)
    reason = (
        f"{unknown} (Exchange's audit log names an admin 60 to "
        "90 minutes after the change, and never for changes made through Graph, such as Microsoft 365 group "
        "members or calendar permissions), so one admin's denial does not keep it. Your denial is recorded; "
        f"the revert stays pending until another admin ({', '.join(others)}) denies it too, or an admin "
        "approves it."
    )
    because = f"{unknown[:1].lower()}{unknown[1:]}, so one admin's denial does not keep it"
    _hold_denial(service, view, actor, approver, justification, reason, because, others)
