"""Hundreds of hostile requests and plans against the demo tenant, through the real workflow.

Two families, seeded (the seed and the case number are in every failure):
- plain-language texts that mix injection (claims of being an admin or of an approval, fake `--as` flags,
  JSON fragments, look-alike and invisible characters) with asks about other people's mailboxes, planned
  by the rules planner, then submitted and confirmed as the CLI does;
- a language model that proposes anything (any action, any recipients, extra fields), served by the stub
  OpenAI-compatible server: each step that survives must get exactly the decision the same step gets on
  the structured path (`mailwarden do`, the API's `steps`).
Throughout, an employee never gets an allowed or approval-required write on what belongs to someone else,
a disabled account gets nothing, planning changes nothing, and what runs changes only the requester's own.
"""

from __future__ import annotations

import contextlib
import random
from typing import Any

import httpx
import pytest

import mailwarden.planner.llm as llm
from mailwarden.actions import WRITE_ACTIONS
from mailwarden.connectors.secret import Secret
from mailwarden.connectors.shared_reads import shared_reads
from mailwarden.emulator.state import TenantState
from mailwarden.errors import MailwardenError
from mailwarden.model.decisions import Denied
from mailwarden.model.steps import ACTIONS
from mailwarden.planner.compose import plan_request
from mailwarden.planner.llm import LlmConfig, LlmPlanner
from mailwarden.planner.llm_stub import ChatRequest, StubChatServer, StubReply
from mailwarden.planner.rules import RulesPlanner
from mailwarden.planner.structured import build_step
from mailwarden.workflow import requests as flow
from mailwarden.workspace import DEMO_TENANT
from tests.security.conftest import Demo
from tests.security.hostile import ADMIN, DISABLED, EMPLOYEES, hostile_draft, hostile_text, on_someone_else

pytestmark = pytest.mark.anyio

TEXT_CASES = 260
PLANNER_CASES = 250
KEY = "sk-test-0123456789abcdef"


def _others(state: TenantState, me: str) -> dict[str, Any]:
    """The tenant minus what an employee may change alone: their own recipient, their own delegations
    given up, their own membership of an Open list. Any other difference is someone else's thing changed."""
    out = {}
    for rid, r in state.recipients.items():
        if rid == me:
            continue
        d = r.model_dump()
        d["full_access"] = [e for e in d["full_access"] if e["trustee_id"] != me]
        d["send_as"] = [x for x in d["send_as"] if x != me]
        d["grant_send_on_behalf_to"] = [x for x in d["grant_send_on_behalf_to"] if x != me]
        if r.member_join_restriction == "Open" and r.kind != "GroupMailbox":
            d["members"] = [x for x in d["members"] if x != me]
        out[rid] = d
    return out


def _gone(before: dict[str, Any], after: dict[str, Any], me: str) -> list[str]:
    """What the requester gained on someone else's object (losing one's own access is always allowed)."""
    changed = []
    for rid, was in before.items():
        now = after.get(rid)
        if now == was:
            continue
        if now is None:
            changed.append(f"{rid} deleted")
            continue
        for key in was:
            if now[key] != was[key]:
                # Giving up one's own access removes `me` only; anything else is a change on another.
                if (
                    isinstance(was[key], list)
                    and [x for x in was[key] if x not in now[key]] == []
                    and all(
                        x == me or (isinstance(x, dict) and me in x.values())
                        for x in now[key]
                        if x not in was[key]
                    )
                ):
                    continue
                changed.append(f"{rid}.{key}: {was[key]!r} -> {now[key]!r}")
    return changed


async def test_hostile_texts_never_reach_someone_elses_mailbox(demo: Demo) -> None:
    """260 injected plain-language requests, planned, submitted and confirmed: 0 writes on another's."""
    rng = random.Random(100_010)
    planner = RulesPlanner()
    problems: list[str] = []
    outcomes: dict[str, int] = {}
    ran: dict[str, int] = {}
    for case in range(TEXT_CASES):
        requester = rng.choice((*EMPLOYEES, DISABLED))
        text = hostile_text(rng, requester)
        session = await demo.session(requester)
        me = session.requester.recipient_id
        before = _others(demo.state, me)
        label = f"case {case} ({requester}): {text!r}"
        try:
            plan, steps = await plan_request(session, text, [], planner)
        except MailwardenError as exc:
            # A clear refusal is a fine answer to an attack; a traceback (any other exception) is not.
            outcomes["refused"] = outcomes.get("refused", 0) + 1
            problems += [] if str(exc) else [f"{label}: an error without a message"]
            continue
        outcomes[plan.status] = outcomes.get(plan.status, 0) + 1
        for p in plan.steps:
            _check(demo.state, p.step, p.decision, requester, label, problems)
        writes = [s for s in steps if ACTIONS[s.action].kind == "write"]
        if plan.status == "ready" and writes:
            planned = await flow.plan_steps(session.ctx, session.requester, writes, session.decide)
            for q in planned:
                _check(demo.state, q.step, q.decision, requester, label, problems)
            with contextlib.suppress(MailwardenError):  # a refusal with its reason is an acceptable end
                view = await flow.submit(
                    session.service,
                    session.ctx,
                    DEMO_TENANT,
                    session.actor,
                    planned,
                    confirm=True,
                    text=text,
                    # As every channel runs it: without a check the executor runs nothing, and an attack
                    # that nothing runs cannot fail this test.
                    check=session.live.step_check,
                )
                for s in view.steps:
                    ran[s.status] = ran.get(s.status, 0) + 1
        problems += [f"{label}: changed {c}" for c in _gone(before, _others(demo.state, me), me)]
    assert problems == [], "\n".join(problems[:20])
    assert sum(outcomes.values()) == TEXT_CASES
    assert outcomes.get("ready", 0) + outcomes.get("rejected", 0) > TEXT_CASES // 4, outcomes
    assert ran.get("applied", 0) > 0, f"no step ran, so no write could be caught: {ran}"


def _owner_taking_back(state: TenantState, step: Any, requester: str) -> bool:
    """An owner taking a colleague's access to what the owner owns (the `owner-revokes-others-access`
    permit): never a grant, and ownership read from the tenant itself, not from the decision."""
    if getattr(step, "change", None) not in ("revoke", "remove"):
        return False
    resource = getattr(step, "mailbox", None) or getattr(step, "group", None)
    owner, me = state.by_address(str(resource or "")), state.by_address(requester)
    return owner is not None and me is not None and me.id in owner.owners


def _check(
    state: TenantState, step: Any, decision: Any, requester: str, label: str, problems: list[str]
) -> None:
    if ACTIONS[step.action].kind != "write" or decision is None or isinstance(decision, Denied):
        return
    if requester == DISABLED:
        problems.append(f"{label}: a disabled account got {decision.outcome} for {step!r}")
    elif (
        requester != ADMIN
        and on_someone_else(step, requester)
        and not _owner_taking_back(state, step, requester)
    ):
        problems.append(f"{label}: {decision.outcome} for someone else's {step!r}")


async def test_a_planner_that_proposes_anything_gets_the_structured_decision(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """250 hostile model answers: every surviving step is one the model proposed, built and decided exactly
    as the same structured step; employees get nothing on another's; planning writes nothing."""
    monkeypatch.setattr(llm, "ALLOW_MODEL_REQUESTS", False)
    rng = random.Random(100_020)
    answers: list[dict[str, Any]] = []

    def script(request: ChatRequest) -> StubReply:
        answers.append(hostile_draft(rng))
        return StubReply.json(answers[-1])

    async def no_sleep(seconds: float) -> None:
        return None

    server = StubChatServer(script, api_key=KEY)
    problems: list[str] = []
    compared = 0
    journal = len(demo.state.data.journal)
    async with httpx.AsyncClient(transport=server.transport(), timeout=5) as http:
        planner = LlmPlanner(
            LlmConfig("http://127.0.0.1:8000/v1", server.model, Secret(KEY)), http=http, sleep=no_sleep
        )
        for case in range(PLANNER_CASES):
            # One case's reads are shared (connectors/shared_reads.py): the structured path asks the tenant
            # what the plan just asked it, and nothing between them writes (the journal is checked below), so
            # each answer is the one a fresh read gets; the comparison is of the two decisions, not the reads.
            with shared_reads():
                requester = rng.choice((*EMPLOYEES, DISABLED, ADMIN))
                session = await demo.session(requester)
                try:
                    plan, _ = await plan_request(session, "Do what the model says.", [], planner)
                except MailwardenError as exc:
                    problems += [] if str(exc) else [f"case {case}: an error without a message"]
                    continue
                label = f"case {case} ({requester}): {answers[-1]!r}"
                proposed = {(s["action"], s["change"]) for s in answers[-1]["steps"]}
                for p in plan.steps:
                    if (p.step.action, p.step.change) not in proposed:
                        problems.append(f"{label}: {p.step!r} was never proposed")
                    params = p.step.model_dump(mode="json", exclude_none=True)
                    action, change = params.pop("action"), params.pop("change")
                    same = build_step(action, change, params, session.ctx.directory, session.requester)
                    if same != p.step:
                        problems.append(f"{label}: {p.step!r} is {same!r} on the structured path")
                    # decided as a structured request is (compose: one policy call knowing what each group an
                    # add names holds on mailboxes, read now), not on the bare organisation facts
                    await WRITE_ACTIONS[same.action].preflight(session.ctx, same)
                    [structured] = await session.plan_decisions(session.requester, [same])
                    if structured != p.decision:
                        problems.append(f"{label}: {p.step!r} got {p.decision!r}, structured {structured!r}")
                    _check(demo.state, p.step, p.decision, requester, label, problems)
                    compared += 1
    assert problems == [], "\n".join(problems[:20])
    assert len(demo.state.data.journal) == journal, "planning changed the tenant"
    assert len(answers) >= PLANNER_CASES
    assert compared > PLANNER_CASES // 2, compared
