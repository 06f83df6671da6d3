"""Membership of a group: add or remove one member.

Distribution lists and mail-enabled security groups change through Exchange (Add-/Remove-
DistributionGroupMember): Graph treats them as read-only. Microsoft 365 groups change through Graph
(`/groups/{id}/members/$ref`), since app-only callers cannot run Add-UnifiedGroupLinks. Either way the
current membership is read live, and a member is recognised by its directory id, its addresses or its
alias, never by display name (two people may share one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from mailwarden.actions._delegation import LAGGED
from mailwarden.actions.base import ActionContext, refuse_unless_internal_person
from mailwarden.connectors.exchange import Cmdlet
from mailwarden.connectors.graph import GraphBatchRequest
from mailwarden.connectors.models import GroupMember
from mailwarden.connectors.on_wire import OnSending, told_tries
from mailwarden.connectors.together import all_of
from mailwarden.errors import AlreadyExists, MailwardenError, NotFound, TenantError
from mailwarden.model.changes import Change, Preflight, Refusal
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import DistributionListMembership

# Remove-DistributionGroupMember of a recipient not in the group: "The recipient "x" isn't a member of the
# group "y"." (the emulator's groups.py answers the same).
_NOT_A_MEMBER = "MemberNotFoundException"
# A $batch PATCH answered 401/403 was refused to the app (a role-assignable group, a consent missing), not
# for one of its binds: split into single adds, each is refused again the same way.
_REFUSED_TO_THE_APP = frozenset({401, 403})

__all__ = ["ACTION", "DistributionListMembershipAction", "Membership", "is_member_entry", "read_membership"]


def is_member_entry(entry: GroupMember, member: Recipient) -> bool:
    """Whether a member (from Exchange's Get-DistributionGroupMember or Graph's /members) is `member`."""
    if entry.id and entry.id == member.recipient_id:
        return True
    mine = {*member.addresses, member.upn or ""} - {""}
    if (entry.address and entry.address in mine) or entry.identifiers & mine:
        return True
    return bool(member.alias) and (member.alias or "").lower() in entry.identifiers


@dataclass(frozen=True)
class Membership:
    """A group's direct members as read once, indexed so that many steps are judged against one read."""

    ids: frozenset[str]
    names: frozenset[str]
    """Every address and other identifier (UPN, Name, Alias) of a member, lowercased."""
    unnamed: frozenset[str] = frozenset()
    """`names` of the members Exchange prints without a directory id (nothing to match them by but names)."""

    @classmethod
    def of(cls, rows: Iterable[GroupMember]) -> Membership:
        listed = list(rows)
        return cls(
            ids=frozenset(r.id for r in listed if r.id),
            names=frozenset(
                {r.address for r in listed if r.address} | {i for r in listed for i in r.identifiers}
            ),
            unnamed=frozenset(
                {r.address for r in listed if r.address and not r.id}
                | {i for r in listed if not r.id for i in r.identifiers}
            ),
        )

    def __contains__(self, member: Recipient) -> bool:
        # The same test as is_member_entry, against every row at once.
        if member.recipient_id in self.ids:
            return True
        mine = {*member.addresses, member.upn or ""} - {""}
        return bool(mine & self.names) or (bool(member.alias) and (member.alias or "").lower() in self.names)

    def holds(self, member: Recipient, *, by_id: bool) -> bool:
        """Whether `member` is listed; `by_id` (a member the running step was approved for): a row with a
        directory id is his only by that id, since an address or alias another recipient took after the
        directory's last sync would pass for his and the add be called "already" while he is not on it."""
        if not by_id:
            return member in self
        if member.recipient_id in self.ids:
            return True
        mine = {*member.addresses, member.upn or "", (member.alias or "").lower()} - {""}
        return bool(mine & self.unnamed)


async def read_membership(ctx: ActionContext, group: Recipient) -> Membership:
    """One live read of the group's members (every page)."""
    if group.kind is RecipientKind.M365_GROUP:
        rows = await ctx.clients.graph.group_members(group.recipient_id)
    else:
        rows = await ctx.clients.exchange.distribution_group_members(ctx.identity(group))
    return Membership.of(rows)


class DistributionListMembershipAction:
    action: ClassVar[str] = "distribution_list_membership"

    async def preflight(self, ctx: ActionContext, step: DistributionListMembership) -> Preflight:
        group = ctx.recipient(step.group)
        member = ctx.recipient(step.member)
        if refusal := self.refusal(step, group, member):
            return refusal
        members = await read_membership(ctx, group)
        return self.judge(step, group, member, members, by_id=ctx.bound_to(member))

    def refusal(
        self, step: DistributionListMembership, group: Recipient, member: Recipient
    ) -> Refusal | None:
        """What refuses the step whatever the membership is; None when nothing does."""
        if not group.is_group:
            return Refusal(
                reason=f"{group.label()} is a {group.kind.value.replace('_', ' ')}, not a group; "
                "members can be added to or removed from distribution lists, mail-enabled security "
                "groups and Microsoft 365 groups only."
            )
        if group.synced and group.kind is not RecipientKind.M365_GROUP:
            # Exchange Online refuses it ("... the object is being synchronized from your on-premises
            # organization. This action should be performed on the object in your on-premises
            # organization."): said before approval, not learned from a failed write after it.
            return Refusal(
                reason=f"{group.label()} is synchronized from the on-premises Active Directory: its "
                "members are changed there (on-premises Exchange or Active Directory), and Exchange Online "
                "refuses to change them."
            )
        if member.recipient_id == group.recipient_id:
            return Refusal(reason=f"{group.label()} cannot be a member of itself.")
        # Removing an outsider who is already there is allowed (it is how a list is cleaned up).
        if step.change == "add":
            return refuse_unless_internal_person(member, role="member")
        return None

    def judge(
        self,
        step: DistributionListMembership,
        group: Recipient,
        member: Recipient,
        members: Membership,
        *,
        by_id: bool = False,
    ) -> Change:
        """The step's change, judged against the group's membership as read (`by_id`: Membership.holds)."""
        is_member = members.holds(member, by_id=by_id)
        wanted = step.change == "add"
        who, where = member.display_name, group.label()
        if is_member == wanted:
            state = "already a member of" if wanted else "already not a member of"
            return Change(
                before={"member": is_member},
                after={"member": is_member},
                already=True,
                summary=f"{who} is {state} {where}.",
            )
        summary = f"{who} will be added to {where}." if wanted else f"{who} will be removed from {where}."
        return Change(before={"member": is_member}, after={"member": wanted}, summary=summary)

    async def apply(self, ctx: ActionContext, step: DistributionListMembership) -> None:
        group = ctx.recipient(step.group)
        member = ctx.recipient(step.member)
        if group.kind is RecipientKind.M365_GROUP:
            graph = ctx.clients.graph
            if step.change == "add":
                await graph.add_group_member(group.recipient_id, member.recipient_id)
            else:
                # Graph answers 404 for a member reference that is not there (the group was read a moment
                # ago): not a member (any more), so the tenant is as asked.
                try:
                    await graph.remove_group_member(group.recipient_id, member.recipient_id)
                except NotFound as exc:
                    raise AlreadyExists(f"Graph says the member is not there: {exc}") from exc
            return
        exchange = ctx.clients.exchange
        # By id when approved for the objects (an address may have moved), else by address (unique).
        if step.change == "add":
            # MemberAlreadyExistsException reaches `execute` as AlreadyExists: the write's own "already".
            await exchange.add_distribution_group_member(ctx.identity(group), ctx.identity(member))
            return
        try:
            await exchange.remove_distribution_group_member(ctx.identity(group), ctx.identity(member))
        except NotFound as exc:
            if exc.code == _NOT_A_MEMBER:  # "... isn't a member of the group ...": already removed
                raise AlreadyExists(f"Exchange says the member is not there: {exc}") from exc
            # Another not-found (the group or the member gone meanwhile): the verifying read decides.

    def as_made(self, ctx: ActionContext, step: DistributionListMembership, change: Change) -> Change:
        group, member = ctx.recipient(step.group), ctx.recipient(step.member)
        wanted = step.change == "add"
        who, where = member.display_name, group.label()
        summary = f"{who} will be added to {where}." if wanted else f"{who} will be removed from {where}."
        return Change(
            before={"member": not wanted}, after={"member": wanted}, summary=summary, warnings=[LAGGED]
        )

    # ---- many steps at once ---------------------------------------------------------------------
    async def preflight_many(
        self,
        ctx: ActionContext,
        steps: Sequence[DistributionListMembership],
        reads: dict[str, Membership] | None = None,
    ) -> list[Preflight | MailwardenError]:
        """The preflight of each step, reading each group's membership once (the groups in parallel).

        With `reads` (group id -> membership), a group read there is not read again, and a group read now is
        kept there: a run judges its steps a chunk at a time against one read of the list.
        A step whose references no longer resolve, or whose group cannot be read, gets the error instead."""
        found: list[tuple[Recipient, Recipient] | Preflight | MailwardenError] = []
        recipient = _resolver(ctx)
        for step in steps:
            try:
                group, member = recipient(step.group), recipient(step.member)
            except MailwardenError as exc:
                found.append(exc)
                continue
            found.append(self.refusal(step, group, member) or (group, member))
        known = reads if reads is not None else {}
        groups = {f[0].recipient_id: f[0] for f in found if isinstance(f, tuple)}
        unread = [g for g in groups.values() if g.recipient_id not in known]
        read = await asyncio.gather(*(read_membership(ctx, g) for g in unread), return_exceptions=True)
        members: dict[str, Membership | BaseException] = {**known}
        for g, membership in zip(unread, read, strict=True):
            members[g.recipient_id] = membership
            if reads is not None and isinstance(membership, Membership):
                reads[g.recipient_id] = membership
        out: list[Preflight | MailwardenError] = []
        for step, f in zip(steps, found, strict=True):
            if not isinstance(f, tuple):
                out.append(f)
                continue
            membership = members[f[0].recipient_id]
            if isinstance(membership, MailwardenError):
                out.append(membership)
            elif isinstance(membership, BaseException):
                raise membership
            else:
                out.append(self.judge(step, f[0], f[1], membership, by_id=ctx.bound_to(f[1])))
        return out

    async def apply_many(
        self,
        ctx: ActionContext,
        steps: Sequence[DistributionListMembership],
        on_sending: OnSending | None = None,
    ) -> list[MailwardenError | None]:
        """Make every step's change in as few round trips as the APIs allow; for each step, None when the
        tenant took it, AlreadyExists when its answer says it was already so (`_settled`), else the error
        it answered. `on_sending` hears the positions (in `steps`) of the writes a `$batch` carries right
        before it goes on the wire, and whether it is a resend of one that may have landed
        (`on_wire.OnSending`): a step never heard of was never sent.

        Lists and mail-enabled security groups: Exchange `$batch`es of 10 cmdlets. Microsoft 365 groups:
        adds as Graph `members@odata.bind` PATCHes of 20, removals as DELETEs, 20 to a Graph `$batch`.
        The batches are all sent at once; the tenant's semaphore keeps within its concurrency."""
        results: list[MailwardenError | None] = [None] * len(steps)
        exchange: list[tuple[int, Cmdlet]] = []
        graph: list[tuple[list[int], GraphBatchRequest]] = []
        binds: dict[str, list[tuple[int, str]]] = {}
        recipient = _resolver(ctx)
        for i, step in enumerate(steps):
            try:
                group, member = recipient(step.group), recipient(step.member)
            except MailwardenError as exc:
                results[i] = exc
                continue
            if group.kind is RecipientKind.M365_GROUP:
                if step.change == "add":
                    binds.setdefault(group.recipient_id, []).append((i, member.recipient_id))
                else:
                    url = f"/groups/{group.recipient_id}/members/{member.recipient_id}/$ref"
                    graph.append(([i], GraphBatchRequest("DELETE", url)))
                continue
            name = "Add-DistributionGroupMember" if step.change == "add" else "Remove-DistributionGroupMember"
            # By id when approved for the objects (an address may have moved), else by address (unique).
            parameters: dict[str, object] = {
                "Identity": ctx.identity(group),
                "Member": ctx.identity(member),
                "BypassSecurityGroupManagerCheck": True,
            }
            if step.change == "remove":
                parameters["Confirm"] = False
            exchange.append((i, Cmdlet(name, parameters)))
        base = ctx.clients.graph.base_url
        for group_id, adds in binds.items():
            for start in range(0, len(adds), BIND_SIZE):
                chunk = adds[start : start + BIND_SIZE]
                body = {"members@odata.bind": [f"{base}/directoryObjects/{m}" for _, m in chunk]}
                graph.append(
                    ([i for i, _ in chunk], GraphBatchRequest("PATCH", f"/groups/{group_id}", body=body))
                )

        async def by_exchange() -> None:
            if not exchange:
                return
            heard = (
                (lambda sent, again: on_sending([exchange[j][0] for j in sent], again))
                if on_sending
                else None
            )
            outcomes = await ctx.clients.exchange.batch([c for _, c in exchange], on_sending=heard)
            for (i, _), outcome in zip(exchange, outcomes, strict=True):
                results[i] = _settled(outcome.error, steps[i])

        async def by_graph() -> None:
            if not graph:
                return
            heard = (
                (lambda sent, again: on_sending([i for j in sent for i in graph[j][0]], again))
                if on_sending
                else None
            )
            answers = await ctx.clients.graph.batch([r for _, r in graph], on_sending=heard)
            retry: list[tuple[int, str]] = []
            # Split from a PATCH that may have been carried out (it answered a resend, or a 5xx, which Graph
            # may send after making the change): each add alone is a resend of its bind, and an "already" to
            # it may be the PATCH's own doing (sec65's caveat: a 5xx's was read as another hand's).
            landed: set[int] = set()
            for (positions, request), answer in zip(graph, answers, strict=True):
                if (
                    request.method == "PATCH"
                    and answer.error is not None
                    and len(positions) > 1
                    and answer.status not in _REFUSED_TO_THE_APP
                ):
                    # One bind the group refuses (already a member) refuses the whole PATCH: each again alone.
                    # (Not a PATCH refused to the app itself, a role-assignable group's or a missing consent:
                    # each add alone is refused the same way, 20 sends of a throttled budget for nothing.)
                    retry += [(i, m) for i, m in zip(positions, _bound(request), strict=True)]
                    if answer.resent or answer.status >= 500:
                        landed.update(positions)
                    continue
                for i in positions:
                    results[i] = _settled(answer.error, steps[i], graph=True)
            if retry:
                group_of = {i: ctx.recipient(steps[i].group).recipient_id for i, _ in retry}
                singles = [
                    GraphBatchRequest(
                        "POST",
                        f"/groups/{group_of[i]}/members/$ref",
                        body={"@odata.id": f"{base}/directoryObjects/{m}"},
                    )
                    for i, m in retry
                ]

                # A refused PATCH carried nothing out: each add alone is dated at its own send. One that may
                # have landed is resent alone: an "already so" to it keeps the PATCH's time (red team 60 F3),
                # a fresh add is dated at its own send (red team 64 F1).
                def alone_sending(sent: Sequence[int], again: bool) -> None:
                    assert on_sending is not None
                    told_tries(on_sending, [retry[j][0] for j in sent], landed, again)

                alone = alone_sending if on_sending else None
                answered = await ctx.clients.graph.batch(singles, on_sending=alone)
                for (i, _), answer in zip(retry, answered, strict=True):
                    if i in landed and answer.error is not None:
                        answer.error.resent = True  # nor does a refusal say the PATCH did nothing
                    results[i] = _settled(answer.error, steps[i], graph=True)

        await all_of(by_exchange(), by_graph())
        return results

    def revert(self, step: DistributionListMembership, change: Change) -> DistributionListMembership | None:
        if change.already:
            return None
        # An undo's or an end's change is for good: an expiry on it would give the access back later.
        return step.model_copy(
            update={"change": "remove" if step.change == "add" else "add", "expires": None}
        )


BIND_SIZE = 20  # Graph takes at most 20 directory objects in one members@odata.bind


def _resolver(ctx: ActionContext) -> Callable[[str], Recipient]:
    """`ctx.recipient`, each reference resolved once: the many steps of one call name the same group."""
    known: dict[str, Recipient] = {}

    def recipient(reference: str) -> Recipient:
        found = known.get(reference)
        if found is None:
            found = known[reference] = ctx.recipient(reference)
        return found

    return recipient


def _settled(
    error: TenantError | None, step: DistributionListMembership, *, graph: bool = False
) -> MailwardenError | None:
    """A write's answer as apply_many reports it: the tenant's own "already so" (an add's "already a member",
    a removal's MemberNotFoundException, or Graph's 404 for a member reference) as AlreadyExists, which is
    no failure (the caller decides: the verifying read, or "already" for a write sent on a read that said
    so); a removal's other "not found" is none either (the verifying read decides); any other error is the
    step's. An add told "not found" names an object that is not there (a member removed from the tenant
    after approval, unseen by lagging reads): it failed, as `apply` of that one step would."""
    if error is None:
        return None
    if isinstance(error, AlreadyExists):
        return error
    if isinstance(error, NotFound) and step.change == "remove":
        if graph or error.code == _NOT_A_MEMBER:
            return AlreadyExists(f"The tenant says the member is not there: {error}")
        return None
    return error


def _bound(request: GraphBatchRequest) -> list[str]:
    body = request.body if isinstance(request.body, dict) else {}
    return [str(url).rsplit("/", 1)[-1] for url in body.get("members@odata.bind", [])]


ACTION = DistributionListMembershipAction()
