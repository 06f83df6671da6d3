"""Bulk requests: many people added to one list at the round-trip minimum, each step still decided, written
at most once and recorded exactly (on a tenant with generated people, served for this module)."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import update

from mailwarden.actions.base import ActionContext
from mailwarden.audit.checkpoints import SigningKey
from mailwarden.audit.submissions import steps_digest
from mailwarden.audit.witness import FileWitness
from mailwarden.cli.common import console
from mailwarden.cli.render import render_request
from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.faults import LoggedRequest
from mailwarden.emulator.state import TenantState
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import WITH_IDS, PartialView, RequestState, RequestView
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.store.tables import AuditCheckpointRow, AuditRecordRow
from mailwarden.testing import RunningEmulator
from mailwarden.workflow import live_policy
from mailwarden.workflow.requests import advance, plan_steps
from tests.conftest import discovered_context, emulator_connection
from tests.workflow.conftest import TENANT, Flow, generated_tenant

LIST = "all-hands@acme.com"
ADMIN = "grace.hopper@acme.com"
PEOPLE = 45


crowd, tenant = generated_tenant(PEOPLE)


@pytest.fixture
async def ctx(tenant: TenantState, crowd: RunningEmulator) -> AsyncIterator[ActionContext]:
    async with open_tenant(emulator_connection(crowd)) as clients:
        yield await discovered_context(clients)


def _people(n: int = PEOPLE) -> list[str]:
    return [f"user{i:05d}@acme.com" for i in range(n)]


def _adds(people: list[str]) -> list[Step]:
    return [DistributionListMembership(change="add", group=LIST, member=p) for p in people]


def _sent(crowd: RunningEmulator, api: str) -> list[LoggedRequest]:
    """Round trips to `api` (a `$batch` is one; what it carries is not counted again)."""
    return [r for r in crowd.faults.requests(api) if not r.batch_item]


def _rule_scan(tenant: TenantState) -> int:
    """Exchange round trips of one scan for mail forwarded to a list: the mailbox listing (one page) and the
    Inbox rules, ten mailboxes to a `$batch`."""
    with tenant.transaction():
        boxes = sum(1 for r in tenant.recipients.values() if r.kind.endswith("Mailbox"))
    return 1 + math.ceil(boxes / 10)


def _members(tenant: TenantState) -> set[str]:
    group = tenant.find(LIST)
    assert group is not None
    with tenant.transaction():
        return {r.primary_smtp for m in group.members if (r := tenant.recipients.get(m)) is not None}


async def _submit(flow: Flow, steps: list[Step]) -> RequestView:
    """As `ask --yes` does for an admin: plan on live facts, submit, confirm (decided again), run."""
    admin = flow.person(ADMIN)
    live = flow.live
    planned = await plan_steps(flow.ctx, admin, steps, await live.decider(admin, steps), reader=None)
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, live, TENANT, view.request_id, flow.actor(ADMIN))
    return await advance(flow.service, flow.ctx, TENANT, view.request_id, check=live.step_check)


@pytest.mark.anyio
async def test_planning_reads_the_list_once_and_execution_sends_a_tenth_of_the_steps(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator
) -> None:
    """Requests stay O(steps/10): one membership read to plan, Exchange $batches of 10 to write, one read
    to verify, and the live facts for every step in Graph $batches of 20."""
    steps = _adds(_people())
    admin = flow.person(ADMIN)
    crowd.faults.reset()
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    assert all(" will be added to " in p.preview.summary for p in planned), planned[0].preview
    # One membership page, one Exchange batch for the list's join restriction; the decision's one scan for
    # mail forwarded to the list (security leftover 24: the mailbox listing, then Get-InboxRule per mailbox,
    # ten to a batch, however many people are added); Graph facts 20 to a batch.
    assert len(_sent(crowd, "exchange")) <= 2 + _rule_scan(tenant)
    assert len(_sent(crowd, "graph")) <= math.ceil((PEOPLE + 6) / 20)

    crowd.faults.reset()
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)

    assert view.state is RequestState.COMPLETED
    assert {s.status for s in view.steps} == {"applied"}
    assert {s.outcome.get("verification") for s in view.steps if s.outcome} == {"verified"}
    assert set(_people()) <= _members(tenant)
    writes = math.ceil(PEOPLE / 10)
    # Live facts at confirmation and again before running (2 x 1 Exchange batch), who holds the steps'
    # addresses now (one batch per 200 addresses: workflow/binding.py), the membership read before writing
    # and after (verification), and the writes.
    assert len(_sent(crowd, "exchange")) <= writes + 4 + math.ceil((PEOPLE + 1) / 200) + 2 * _rule_scan(
        tenant
    )
    assert len(_sent(crowd, "graph")) <= 2 * math.ceil((PEOPLE + 6) / 20)


@pytest.mark.anyio
async def test_a_partial_failure_names_exactly_the_failed_steps_and_a_retry_runs_only_those(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator
) -> None:
    people = _people()
    unlucky = {people[3], people[27]}
    crowd.faults.reset()
    for address in unlucky:
        # The write names the member by the id its step was bound to (workflow/binding.py).
        crowd.faults.fail_items("exchange", 500, matching=f'"member": "{flow.person(address).recipient_id}"')

    view = await _submit(flow, _adds(people))

    assert view.state is RequestState.PARTIALLY_FAILED
    failed = {s.step["member"] for s in view.steps if s.status == "failed"}
    assert failed == unlucky
    for s in view.steps:
        if s.status == "failed":
            assert s.outcome is not None
            assert "internal server error" in s.outcome["message"].lower()
    assert {s.status for s in view.steps if s.step["member"] not in unlucky} == {"applied"}
    assert not unlucky & _members(tenant)
    # The CLI shows a summary that names the failed steps, not a line per person.
    with console.capture() as shown:
        render_request(view)
    lines = shown.get().splitlines()
    assert len(lines) < 12
    assert sum(any(a in line for a in unlucky) for line in lines) == 2
    assert f"requests retry {view.request_id[:8]}" in shown.get()

    crowd.faults.reset()
    flow.service.reopen_failed(TENANT, view.request_id, flow.actor(ADMIN))
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)

    assert view.state is RequestState.COMPLETED
    assert unlucky <= _members(tenant)
    # Only the two failed steps were written again: one Exchange batch of two adds.
    written = [r for r in crowd.faults.requests("exchange") if r.path.endswith("$batch")]
    # the list's join restriction (live facts), the scan for mail forwarded to the list, and the two adds
    assert len(written) <= 3 + _rule_scan(tenant) - 1
    (retried,) = flow.audit.records(request_id=view.request_id, event="request.retried")
    assert sorted(retried.detail["positions"]) == sorted(people.index(a) for a in unlucky)


@pytest.mark.anyio
async def test_a_step_whose_live_facts_changed_is_still_refused_in_a_bulk_run(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator
) -> None:
    """Decided again on live facts before running: a person disabled since approval is not added; the
    others are."""
    people = _people(25)
    admin = flow.person(ADMIN)
    steps = _adds(people)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    assert view.state is RequestState.APPROVED  # nothing needed an approval: it waits to run

    gone = tenant.find(people[12])
    assert gone is not None
    with tenant.transaction():
        gone.account_enabled = False
        tenant.mark_dirty()

    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)

    refused = [s for s in view.steps if s.status == "refused"]
    assert [s.step["member"] for s in refused] == [people[12]]
    assert refused[0].outcome is not None
    assert "disabled" in refused[0].outcome["message"]
    assert people[12] not in _members(tenant)
    assert set(people) - {people[12]} <= _members(tenant)


@pytest.mark.anyio
async def test_a_bulk_run_holds_a_page_of_steps_at_a_time_and_still_reads_the_list_once(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run reads its steps from the store a page at a time (claiming it reads none), so its memory is a
    page's however many steps the request has, and the view it returns at the end holds its first page and
    says so. The pages still share one membership read before the writes and one to verify them."""
    from sqlalchemy import event
    from sqlalchemy.orm import ORMExecuteState, Session

    from mailwarden.actions import distribution_list_membership as membership
    from mailwarden.store.tables import RequestStepRow

    people = _people(20)
    steps = _adds(people)
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    flow.service.run_chunk = 6
    per_query: list[int] = []

    def query(_state: ORMExecuteState) -> None:
        per_query.append(0)

    def counted(_target: RequestStepRow, _context: object) -> None:
        per_query[-1] += 1

    reads: list[str] = []
    real_read = membership.read_membership

    async def read(ctx: ActionContext, group: Recipient) -> membership.Membership:
        reads.append(group.primary_address)
        return await real_read(ctx, group)

    monkeypatch.setattr(membership, "read_membership", read)
    event.listen(Session, "do_orm_execute", query)
    event.listen(RequestStepRow, "load", counted)
    try:
        view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    finally:
        event.remove(RequestStepRow, "load", counted)
        event.remove(Session, "do_orm_execute", query)
    assert view.state is RequestState.COMPLETED
    assert view.status_counts == {"applied": 20}
    assert view.steps_note == "showing the first 6 of 20 steps; all are in the request"
    assert set(people) <= _members(tenant)
    *run, returned = [n for n in per_query if n]
    assert returned == 6  # the view handed back: its first page
    assert max(run) <= 6, run
    assert sum(run) <= 2 * len(steps), run  # a page to run them, a page to verify them
    assert reads == [LIST, LIST]  # before the first page's writes, and to verify every page's


@pytest.mark.anyio
async def test_a_bulk_submission_is_audited_a_page_of_steps_at_a_time_with_a_digest_of_them_all(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`request.submitted` names the steps by count and digest, and `request.steps` records, a page each,
    hold every step exactly as submitted: the digest recomputes from them, and the chain verifies. (One
    record listing every step made several copies of a bulk request's thousands in memory at once.)"""
    from mailwarden.workflow import service as service_module

    monkeypatch.setattr(service_module, "RECORD_CHUNK", 6)
    monkeypatch.setattr(flow.service, "run_chunk", 4)  # the view submit hands back holds 4: the log all 20
    people = _people(20)
    steps = _adds(people)
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)

    records = list(flow.audit.records(request_id=view.request_id))
    assert [r.event for r in records] == ["request.submitted", *["request.steps"] * 4]
    submitted, *pages = records
    assert all(r.actor == ADMIN for r in records)
    assert [r.detail["positions"] for r in pages] == [[0, 5], [6, 11], [12, 17], [18, 19]]
    logged = [step for page in pages for step in page.after]
    assert [s["position"] for s in logged] == list(range(20))
    assert [s["step"] for s in logged] == [s.model_dump(mode="json") for s in steps]
    assert len(view.steps) == 4
    stored = flow.service.get(TENANT, view.request_id).steps
    # The audit's copy keeps the ids each step was approved on (workflow/binding.py); a shown view does not.
    assert logged == [s.model_dump(mode="json", context={WITH_IDS: True}) for s in stored]
    assert all("ids" in s["preview"] for s in logged)
    assert submitted.after == {"steps": 20, "sha256": steps_digest(logged)}
    assert flow.audit.verify().ok


def _rewritten_with_the_key(flow: Flow, seq: int, after: list[dict[str, Any]]) -> None:
    """A forger holding the signing key and the witness file: record `seq`'s `after` replaced, every hash
    from it on recomputed, every checkpoint from it on signed again, and the witness written anew."""
    audit = flow.audit
    key = SigningKey.load(audit.key_path)
    assert key is not None
    records = audit.records()
    prev = records[seq - 2].hash
    hashes: dict[int, str] = {}
    with flow.service.store.engine.begin() as connection:
        for record in records[seq - 1 :]:
            changed = record.model_copy(
                update={"prev_hash": prev} | ({"after": after} if record.seq == seq else {})
            )
            prev = hashes[record.seq] = changed.computed_hash()
            connection.execute(
                update(AuditRecordRow)
                .where(AuditRecordRow.seq == record.seq)
                .values(after=changed.after, prev_hash=changed.prev_hash, hash=prev)
            )
        for head in audit.checkpoints():
            if head.seq >= seq:
                signed = key.sign(head.seq, hashes[head.seq], head.time, head.next_due)
                connection.execute(
                    update(AuditCheckpointRow)
                    .where(AuditCheckpointRow.seq == head.seq)
                    .values(hash=signed.hash, signature=signed.signature)
                )
    (witness,) = audit.witnesses
    assert isinstance(witness, FileWitness)
    witness.path.unlink()
    for head in audit.checkpoints():
        witness.record(head)


@pytest.mark.anyio
async def test_a_step_changed_in_the_submitted_pages_by_a_holder_of_the_key_is_caught_by_the_digest(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who asked for exactly what stays evidential: a forger with the signing key and the witness rewrites
    one step of a `request.steps` page and everything after it; the chain, its signatures and the witness all
    agree again, and the steps recomputed from the pages no longer give the digest `request.submitted`
    names."""
    from mailwarden.workflow import service as service_module

    monkeypatch.setattr(service_module, "RECORD_CHUNK", 6)
    steps = _adds(_people(20))
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    assert flow.audit.verify().submissions == 1

    submitted, _, second, *_ = flow.audit.records(request_id=view.request_id)
    assert isinstance(second.after, list)
    forged = [dict(s) for s in second.after]  # type: ignore[arg-type]
    forged[2] = {**forged[2], "step": {**forged[2]["step"], "member": "mallory@acme.com"}}  # type: ignore[dict-item]
    _rewritten_with_the_key(flow, second.seq, forged)

    result = flow.audit.verify()
    assert not result.ok
    assert result.first_bad_seq == submitted.seq
    assert result.reason is not None
    assert f"request {view.request_id}'s 20 steps as recorded in records {submitted.seq}–" in result.reason
    assert "a step was changed after it was submitted" in result.reason
    # The signatures and the witness were satisfied: only the digest check is left to catch it.
    assert result.checkpoints >= 1
    assert result.witnessed >= 1


@pytest.mark.anyio
async def test_a_confirmed_request_of_many_pages_says_it_holds_its_first_page_and_refuses_to_pass_for_all(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirm reads a bulk request a page at a time and answers with its first page: the view says how many
    steps there are and that it shows the first of them (API JSON, schema, CLI), counts every status, and
    refuses whoever asks it for every step; the request read whole still has them all."""
    monkeypatch.setattr(flow.service, "run_chunk", 6)
    steps = _adds(_people(20))
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    # Submitted: it holds its first page, not the thousands a bulk request can have.
    assert [s.position for s in view.steps] == list(range(6))
    assert (view.step_count, view.status_counts, view.all_steps) == (20, {"pending": 20}, False)

    confirmed = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))

    assert confirmed.state is RequestState.APPROVED
    assert [s.position for s in confirmed.steps] == list(range(6))
    assert (confirmed.step_count, confirmed.all_steps) == (20, False)
    assert confirmed.status_counts == {"pending": 20}
    assert confirmed.steps_note == "showing the first 6 of 20 steps; all are in the request"
    shown = confirmed.model_dump(mode="json")
    assert (shown["step_count"], shown["all_steps"], shown["steps_note"]) == (20, False, confirmed.steps_note)
    with pytest.raises(PartialView, match="showing the first 6 of 20 steps"):
        confirmed.every_step()

    with console.capture() as out:
        render_request(confirmed)
    printed = " ".join(out.get().split())
    assert "20 steps" in printed
    assert "pending: 20" in printed
    assert "showing the first 6 of 20 steps; all are in the request" in printed
    assert f"mailwarden requests show {view.request_id[:8]}" in printed

    whole = flow.service.get(TENANT, view.request_id)
    assert (len(whole.every_step()), whole.step_count, whole.all_steps) == (20, 20, True)


def test_the_api_schema_tells_the_total_and_whether_every_step_is_shown() -> None:
    """A client reads `step_count`, `all_steps` and `steps_note` from the schema of every request answer."""
    schema = RequestView.model_json_schema(mode="serialization")
    assert {"step_count", "status_counts", "all_steps", "steps_note"} <= set(schema["properties"])
    assert {"all_steps", "steps_note"} <= set(schema["required"])


@pytest.mark.anyio
async def test_a_run_of_many_pages_hands_back_its_first_page_and_still_names_every_failed_step(
    flow: Flow, tenant: TenantState, crowd: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view a bulk run ends with holds a page, not its thousands of steps: the failed steps after that
    page are still named (and counted), and nothing takes the page for the whole request."""
    monkeypatch.setattr(flow.service, "run_chunk", 6)
    people = _people()
    unlucky = {people[3], people[27], people[40]}
    crowd.faults.reset()
    for address in unlucky:
        # The write names the member by the id its step was bound to (workflow/binding.py).
        crowd.faults.fail_items("exchange", 500, matching=f'"member": "{flow.person(address).recipient_id}"')

    view = await _submit(flow, _adds(people))

    assert view.state is RequestState.PARTIALLY_FAILED
    assert len(view.steps) == 6
    assert view.status_counts == {"applied": PEOPLE - 3, "failed": 3}
    assert {s.step["member"] for s in view.later_problems} == {people[27], people[40]}
    with console.capture() as shown:
        render_request(view)
    printed = shown.get()
    assert all(a in printed for a in unlucky)
    assert f"applied: {PEOPLE - 3}" in printed
    assert "failed: 3" in printed
    assert f"showing the first 6 of {PEOPLE} steps; all are in the request" in " ".join(printed.split())
    with pytest.raises(PartialView):
        view.every_step()
    whole = flow.service.get(TENANT, view.request_id)
    assert {s.step["member"] for s in whole.every_step() if s.status == "failed"} == unlucky


def _walked(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The positions of the steps the service's `pending_pages` reads from the store from now on."""
    walked: list[int] = []
    pages = flow.service.pending_pages

    def counted(request_id: str, **kw: Any) -> Iterator[list[Any]]:
        for page in pages(request_id, **kw):
            walked.extend(s.position for s in page)
            yield page

    monkeypatch.setattr(flow.service, "pending_pages", counted)
    return walked


@pytest.mark.anyio
async def test_confirm_decides_a_bulk_request_page_by_page_on_each_pages_own_live_facts(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirming a bulk request never holds the live facts of all its people (its memory is a page's): each
    page's facts are read for that page's people, and each step is read from the store once. A person
    disabled since planning, on a later page, still stops the whole request (a stricter decision)."""
    from mailwarden.directory import live_facts
    from mailwarden.errors import DecisionChanged

    monkeypatch.setattr(flow.service, "run_chunk", 6)
    people = _people(20)
    steps = _adds(people)
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)

    asked: list[set[str]] = []
    real = live_facts.read_live_facts

    async def read(clients: Any, directory: Any, ids: Any, **kw: Any) -> live_facts.LiveFacts:
        ids = list(ids)
        asked.append({r.primary_address for i in ids if (r := directory.get(i)) is not None})
        return await real(clients, directory, ids, **kw)

    monkeypatch.setattr(live_policy, "read_live_facts", read)
    loaded = _walked(flow, monkeypatch)
    gone = tenant.find(people[17])  # on the last page
    assert gone is not None
    with tenant.transaction():
        gone.account_enabled = False
        tenant.mark_dirty()
    with pytest.raises(DecisionChanged, match="disabled"):
        await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))

    # First the decision's one read of what every page shares (the requester, the list, the role holders),
    # then one read per page of exactly its people.
    assert asked[0] == {ADMIN, LIST}, asked[0]
    named = [a & set(people) for a in asked[1:]]
    assert named == [set(people[i : i + 6]) for i in range(0, 20, 6)], named
    assert all(not a & {ADMIN, LIST} for a in asked[1:]), asked
    assert loaded == list(range(20)), loaded  # each step read from the store once
    assert flow.service.get(TENANT, view.request_id).state is RequestState.DENIED


@pytest.mark.anyio
async def test_a_bulk_confirmation_reads_each_step_from_the_store_once_and_its_decision_once_more(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirming walks a bulk request's pages once to decide them again, and reads their decisions alone
    once more to see whether any needs an approval or the sole-admin rule's justification: never once per
    question, and the second walk decodes no step's step, preview or outcome (each walk of 5,000 whole steps
    is 5,000 rows read and four JSON documents decoded for each)."""
    monkeypatch.setattr(flow.service, "run_chunk", 6)
    steps = _adds(_people(20))
    admin = flow.person(ADMIN)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    walked = _walked(flow, monkeypatch)
    decided: list[Any] = []
    decisions = flow.service._decisions_of

    def counted(request_id: str) -> Iterator[Any]:
        for decision in decisions(request_id):
            decided.append(decision)
            yield decision

    monkeypatch.setattr(flow.service, "_decisions_of", counted)
    confirmed = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))

    assert confirmed.state is RequestState.APPROVED
    assert sorted(walked) == list(range(20)), walked
    assert len(decided) == 20
    assert all(d.outcome == "allowed" for d in decided), decided


@pytest.mark.anyio
async def test_a_plan_of_more_steps_than_a_page_is_decided_a_page_at_a_time_exactly_as_in_one(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning a bulk request never holds the live facts of all its people (PagedDecider): each page's facts
    are read for that page's people, and every step's preview, decision and binding is what one read of
    them all gives. A person disabled since the directory was read, on a later page, is denied there."""
    from mailwarden.directory import live_facts

    people = _people(20)
    gone = tenant.find(people[17])  # on the last page
    assert gone is not None
    with tenant.transaction():
        gone.account_enabled = False
        tenant.mark_dirty()
    steps = _adds(people)
    admin = flow.person(ADMIN)
    monkeypatch.setattr(live_policy, "PLAN_PAGE", len(steps))
    whole = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))

    asked: list[set[str]] = []
    real = live_facts.read_live_facts

    async def read(clients: Any, directory: Any, ids: Any, **kw: Any) -> live_facts.LiveFacts:
        ids = list(ids)
        asked.append({r.primary_address for i in ids if (r := directory.get(i)) is not None})
        return await real(clients, directory, ids, **kw)

    monkeypatch.setattr(live_policy, "read_live_facts", read)
    monkeypatch.setattr(live_policy, "PLAN_PAGE", 6)
    decider = await flow.live.decider(admin, steps)
    assert isinstance(decider, live_policy.PagedDecider)
    paged = await plan_steps(flow.ctx, admin, steps, decider)

    def planned(plan: list[Any]) -> list[tuple[Any, ...]]:
        return [(p.step.model_dump(), p.preview.model_dump(), p.decision.model_dump(), p.ids) for p in plan]

    assert planned(paged) == planned(whole)
    # The requester, the list and the role holders are read once for all the pages; each page its people.
    assert asked[0] == {ADMIN, LIST}, asked
    assert [a & set(people) for a in asked[1:]] == [set(people[i : i + 6]) for i in range(0, 20, 6)], asked
    assert all(not a & {ADMIN, LIST} for a in asked[1:]), asked
    assert paged[17].decision.outcome == "denied", paged[17].decision
    assert {p.decision.outcome for i, p in enumerate(paged) if i != 17} == {"allowed"}


def _counted_scans(monkeypatch: pytest.MonkeyPatch, fail_first: int = 0) -> list[str | None]:
    """Every read of what groups hold (workflow/list_rights.py: a scan of every mailbox in the tenant) from
    now on, as the failure it reported (None: whole); the first `fail_first` fail as an unreadable tenant."""
    from mailwarden.workflow import list_rights

    scans: list[str | None] = []
    failing = [fail_first]
    real = list_rights.read_list_rights

    async def counted(
        clients: Any, directory: Any, carriers: Any, addresses: Any = ()
    ) -> list_rights.ListRights:
        carriers = list(carriers)
        if failing[0] > 0:
            failing[0] -= 1
            failed = list_rights.ListRights(
                read=frozenset(c.recipient_id for c in carriers), failure="the tenant answered 503"
            )
            scans.append(failed.failure)
            return failed
        rights = await real(clients, directory, carriers, addresses)
        scans.append(rights.failure)
        return rights

    monkeypatch.setattr(list_rights, "read_list_rights", counted)
    return scans


async def _approved(flow: Flow, people: list[str]) -> RequestView:
    admin = flow.person(ADMIN)
    steps = _adds(people)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    assert view.state is RequestState.APPROVED, view.state
    return view


@pytest.mark.anyio
async def test_a_bulk_run_reads_what_the_list_holds_once_for_all_its_chunks(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run decides each chunk again on its people's live facts right before its writes; what the list holds
    (a scan of every mailbox's Inbox rules: as much of the Exchange budget as the writes) is one fact of the
    list, read once for the run (issue 14), not once a chunk. A second run reads it again."""
    people = _people(20)
    view = await _approved(flow, people[:14])
    monkeypatch.setattr(flow.service, "run_chunk", 4)  # four chunks
    scans = _counted_scans(monkeypatch)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert view.status_counts == {"applied": 14}
    assert scans == [None], scans

    later = await _approved(flow, people[14:])
    scans.clear()
    check = flow.live.step_check  # the same checks, for another run: its own read
    later = await advance(flow.service, flow.ctx, TENANT, later.request_id, check=check)
    assert later.status_counts == {"applied": 6}
    assert scans == [None], scans
    assert set(people) <= _members(tenant)


@pytest.mark.anyio
async def test_a_bulk_run_reads_what_the_list_holds_again_after_a_failed_read_or_once_it_is_old(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that failed is not shared: the chunk it was made for is decided on it (an unknown, which the
    policy weighs as the worst case), the next chunk reads again, and the chunks after share that read. And a
    run never decides a chunk on a read older than RUN_SCAN_MAX_AGE."""
    people = _people(20)
    view = await _approved(flow, people[:12])
    monkeypatch.setattr(flow.service, "run_chunk", 4)
    scans = _counted_scans(monkeypatch, fail_first=1)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert scans == ["the tenant answered 503", None], scans
    assert sum(view.status_counts.values()) == 12, view.status_counts

    later = await _approved(flow, people[12:])
    scans.clear()
    monkeypatch.setattr(live_policy, "RUN_SCAN_MAX_AGE", -1.0)  # every read is too old by the next chunk
    later = await advance(flow.service, flow.ctx, TENANT, later.request_id, check=flow.live.step_check)
    assert later.status_counts == {"applied": 8}
    assert scans == [None, None], scans


def _timeline(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str]]:
    """(what, the chunk's first position, begin/end) for every chunk a run decides (`prepare`) and writes."""
    from mailwarden.workflow import bulk_run

    events: list[tuple[str, int, str]] = []
    prepare, write = bulk_run.BulkRun.prepare, bulk_run.BulkRun.write

    async def prepared(self: Any, steps: Any) -> Any:
        events.append(("decide", steps[0].position, "begin"))
        out = await prepare(self, steps)
        events.append(("decide", steps[0].position, "end"))
        return out

    async def written(self: Any, ready: Any) -> None:
        first = ready.writes[0][0].position if ready.writes else -1
        events.append(("write", first, "begin"))
        await write(self, ready)
        events.append(("write", first, "end"))

    monkeypatch.setattr(bulk_run.BulkRun, "prepare", prepared)
    monkeypatch.setattr(bulk_run.BulkRun, "write", written)
    return events


@pytest.mark.anyio
async def test_a_bulk_run_decides_the_next_chunk_while_this_one_is_written_never_a_chunk_before_its_decision(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People added to a list: the next chunk's decision on live facts is made while this chunk's writes are
    out (the round trips overlap), and no chunk is marked or written before its own decision ends."""
    people = _people(12)
    view = await _approved(flow, people)
    monkeypatch.setattr(flow.service, "run_chunk", 4)
    events = _timeline(monkeypatch)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert view.status_counts == {"applied": 12}
    assert set(people) <= _members(tenant)
    at = {e: i for i, e in enumerate(events)}
    for chunk in (0, 4, 8):
        assert at["decide", chunk, "end"] < at["write", chunk, "begin"], events
    for chunk, following in ((0, 4), (4, 8)):
        # Decided ahead: begun before this chunk's writes ended.
        assert at["decide", following, "begin"] < at["write", chunk, "end"], events


@pytest.mark.anyio
async def test_a_chunk_that_adds_the_requester_is_written_before_the_next_chunk_is_decided(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The requester's (and an approver's) own memberships weigh in a decision, and so do the members of a
    group added to a list: a chunk that changes one of those is written before the next chunk is decided,
    as a run of one chunk at a time does."""
    people = [ADMIN, *_people(7)]
    view = await _approved(flow, people)
    monkeypatch.setattr(flow.service, "run_chunk", 4)
    events = _timeline(monkeypatch)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)
    assert view.status_counts == {"applied": 8}
    at = {e: i for i, e in enumerate(events)}
    assert at["write", 0, "end"] < at["decide", 4, "begin"], events


@pytest.mark.anyio
async def test_the_pages_of_a_bulk_decision_are_read_together_and_scan_what_the_list_holds_once(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning's and confirmation's pages read their live facts at once (`PAGES_AHEAD` beyond the page being
    decided), not one page's after another's: a later page's read begins before the page before it is read.
    They still share one read of what the list holds (a scan of every mailbox's rules), and decide every
    step as pages read one after another do."""
    import anyio

    from mailwarden.directory import live_facts

    people = _people(20)
    steps = _adds(people)
    admin = flow.person(ADMIN)
    monkeypatch.setattr(live_policy, "PAGES_AHEAD", 0)  # one page at a time
    monkeypatch.setattr(live_policy, "PLAN_PAGE", 6)
    one_by_one = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))

    events: list[tuple[str, int]] = []
    real = live_facts.read_live_facts
    pages_read = [0]

    shared_reads: list[int] = []

    async def read(clients: Any, directory: Any, ids: Any, **kw: Any) -> live_facts.LiveFacts:
        ids = list(ids)
        if not {r.primary_address for i in ids if (r := directory.get(i)) is not None} & set(people):
            # The decision's one read of what every page shares (the requester, the list): no page's.
            shared_reads.append(1)
            return await real(clients, directory, ids, **kw)
        page = pages_read[0]
        pages_read[0] += 1
        events.append(("begin", page))
        await anyio.sleep(0.05)  # a slow tenant: what reading pages together saves
        try:
            return await real(clients, directory, list(ids), **kw)
        finally:
            events.append(("end", page))

    def overlapped() -> bool:
        """Some page's read began before the read of the page before it ended."""
        ended: set[int] = set()
        for kind, page in events:
            if kind == "end":
                ended.add(page)
            elif page > 0 and page - 1 not in ended:
                return True
        return False

    monkeypatch.setattr(live_policy, "read_live_facts", read)
    monkeypatch.setattr(live_policy, "PAGES_AHEAD", 2)
    scans = _counted_scans(monkeypatch)
    together = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))

    def planned(plan: list[Any]) -> list[tuple[Any, ...]]:
        return [(p.step.model_dump(), p.preview.model_dump(), p.decision.model_dump(), p.ids) for p in plan]

    assert planned(together) == planned(one_by_one)
    assert pages_read[0] == 4
    assert len(shared_reads) == 1
    assert overlapped(), events
    assert scans == [None], scans

    monkeypatch.setattr(flow.service, "run_chunk", 6)
    view = flow.service.submit(TENANT, flow.actor(ADMIN), together)
    events.clear()
    pages_read[0] = 0
    shared_reads.clear()
    scans.clear()
    confirmed = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    assert confirmed.state is RequestState.APPROVED
    assert pages_read[0] == 4
    assert len(shared_reads) == 1
    assert overlapped(), events
    assert scans == [None], scans


@pytest.mark.anyio
async def test_the_pages_of_a_bulk_add_are_read_while_the_scan_of_what_the_list_holds_is_under_way(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk add's pages wait for the scan of what the list holds (every mailbox's Inbox rules: in a large
    tenant a minute of the Exchange budget) only to be decided: their own reads (the people's records) go
    on while it is under way, beyond the pages in flight at once (`PAGES_AHEAD`), up to `PAGES_HELD` pages
    read and not yet decided (issue 14: no page past the first three was read until the scan ended, so the
    two budgets were spent one after the other). Planning and confirmation alike, every step decided as
    pages read one after another decide it."""
    import anyio

    from mailwarden.directory import live_facts
    from mailwarden.workflow import list_rights

    people = _people(20)
    steps = _adds(people)
    admin = flow.person(ADMIN)
    monkeypatch.setattr(live_policy, "PAGES_AHEAD", 0)
    monkeypatch.setattr(live_policy, "PLAN_PAGE", 4)  # five pages
    one_by_one = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))

    real_read, real_scan = live_facts.read_live_facts, list_rights.read_list_rights
    pages_begun, pages_read, during_scan = [0], [0], [0]

    async def read(clients: Any, directory: Any, ids: Any, **kw: Any) -> live_facts.LiveFacts:
        ids = list(ids)
        if not {r.primary_address for i in ids if (r := directory.get(i)) is not None} & set(people):
            return await real_read(clients, directory, ids, **kw)  # what every page shares
        pages_begun[0] += 1
        try:
            return await real_read(clients, directory, ids, **kw)
        finally:
            pages_read[0] += 1

    async def scan(
        clients: Any, directory: Any, carriers: Any, addresses: Any = ()
    ) -> list_rights.ListRights:
        rights = await real_scan(clients, directory, carriers, addresses)
        with anyio.move_on_after(3):  # a slow scan: it ends once every page is read, or after 3 s
            while pages_read[0] < 5:
                await anyio.sleep(0.01)
        during_scan[0] = pages_begun[0]
        return rights

    def planned(plan: list[Any]) -> list[tuple[Any, ...]]:
        return [(p.step.model_dump(), p.preview.model_dump(), p.decision.model_dump(), p.ids) for p in plan]

    monkeypatch.setattr(live_policy, "read_live_facts", read)
    monkeypatch.setattr(list_rights, "read_list_rights", scan)
    monkeypatch.setattr(live_policy, "PAGES_HELD", 8)
    together = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    assert planned(together) == planned(one_by_one)
    assert during_scan == [5], during_scan  # every page read before the scan ended

    monkeypatch.setattr(flow.service, "run_chunk", 4)
    view = flow.service.submit(TENANT, flow.actor(ADMIN), together)
    pages_begun[0] = pages_read[0] = during_scan[0] = 0
    confirmed = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    assert confirmed.state is RequestState.APPROVED
    assert during_scan == [5], during_scan

    # Bounded: with two pages held, no more than the page awaited and two more are read before the scan ends.
    monkeypatch.setattr(live_policy, "PAGES_HELD", 2)
    pages_begun[0] = pages_read[0] = during_scan[0] = 0
    bounded = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    assert planned(bounded) == planned(one_by_one)
    assert during_scan == [3], during_scan
    assert pages_read == [5]


@pytest.mark.anyio
async def test_a_bulk_adds_scan_of_what_the_list_holds_begins_before_its_first_page_of_people_is_read(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan of what the list holds (every mailbox's Inbox rules: in a large tenant a minute of the
    Exchange budget) needs the list read live, not the people: it begins once the decision's shared read of
    the requester and the list is in, while the pages' people are still being read (issue 14: it waited for
    the first page's 500 people). Every step is still decided as pages read one after another decide it."""
    import anyio

    from mailwarden.directory import live_facts
    from mailwarden.workflow import list_rights

    people = _people(20)
    steps = _adds(people)
    admin = flow.person(ADMIN)
    monkeypatch.setattr(live_policy, "PAGES_AHEAD", 0)
    monkeypatch.setattr(live_policy, "PLAN_PAGE", len(steps))
    whole = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))

    events: list[str] = []
    real_read, real_scan = live_facts.read_live_facts, list_rights.read_list_rights

    async def read(clients: Any, directory: Any, ids: Any, **kw: Any) -> live_facts.LiveFacts:
        ids = list(ids)
        if {r.primary_address for i in ids if (r := directory.get(i)) is not None} & set(people):
            await anyio.sleep(0.3)  # a slow tenant: 500 people's records
            try:
                return await real_read(clients, directory, ids, **kw)
            finally:
                events.append("people read")
        return await real_read(clients, directory, ids, **kw)

    async def scan(
        clients: Any, directory: Any, carriers: Any, addresses: Any = ()
    ) -> list_rights.ListRights:
        events.append("scan begins")
        return await real_scan(clients, directory, carriers, addresses)

    monkeypatch.setattr(live_policy, "read_live_facts", read)
    monkeypatch.setattr(list_rights, "read_list_rights", scan)
    monkeypatch.setattr(live_policy, "PLAN_PAGE", 6)
    paged = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))

    def planned(plan: list[Any]) -> list[tuple[Any, ...]]:
        return [(p.step.model_dump(), p.preview.model_dump(), p.decision.model_dump(), p.ids) for p in plan]

    assert planned(paged) == planned(whole)
    assert events.count("scan begins") == 1, events
    assert events[0] == "scan begins", events


@pytest.mark.anyio
async def test_a_bulk_runs_step_records_come_from_the_steps_it_loaded_one_each_per_status(
    flow: Flow, tenant: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk run writes each step's `step.applying` and `step.applied` records from the step documents it
    loaded to run and verify them, never reading them from the store again for the records; every step has
    exactly one of each, naming its action, its list and its own position and message."""
    people = _people(20)
    admin = flow.person(ADMIN)
    steps = _adds(people)
    planned = await plan_steps(flow.ctx, admin, steps, await flow.live.decider(admin, steps))
    view = flow.service.submit(TENANT, flow.actor(ADMIN), planned)
    view = await live_policy.confirm(flow.service, flow.live, TENANT, view.request_id, flow.actor(ADMIN))
    monkeypatch.setattr(flow.service, "run_chunk", 6)
    bodies: list[int] = []
    real = flow.service._step_bodies

    def counted(request_id: str, positions: Any) -> dict[int, dict[str, Any]]:
        bodies.extend(positions)
        return real(request_id, positions)

    monkeypatch.setattr(flow.service, "_step_bodies", counted)
    view = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.live.step_check)

    assert view.state is RequestState.COMPLETED
    assert bodies == []
    for event_name in ("step.applying", "step.applied"):
        records = flow.audit.records(request_id=view.request_id, event=event_name)
        assert sorted(int(r.detail["position"]) for r in records) == list(range(20)), event_name  # type: ignore[arg-type]
        assert {(r.action, r.target) for r in records} == {("distribution_list_membership", LIST)}
    applied = {
        int(r.detail["position"]): r.detail["message"]  # type: ignore[arg-type]
        for r in flow.audit.records(request_id=view.request_id, event="step.applied")
    }
    for position, person in enumerate(people):  # user00007@ is "... 00007 will be added to All Hands ..."
        number = person.split("@")[0].removeprefix("user")
        assert f" {number} will be added" in str(applied[position]), (position, applied[position])
