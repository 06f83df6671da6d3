"""The engine's contract: validation at load, deny by default, forbid wins, errors deny, decisions explain."""

from __future__ import annotations

import re

import pytest

from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS, parse_step
from mailwarden.policy import DEFAULT_POLICY, SCHEMA_TEXT, InvalidPolicy, Org, PolicyEngine, compile_policy
from tests.policy.acme import address, org
from tests.policy.golden import CASES

JOIN_OPEN = parse_step(
    {
        "action": "distribution_list_membership",
        "change": "add",
        "group": "marketing@acme.com",
        "member": "john@acme.com",
    }
)
LIST_MAILBOXES = parse_step({"action": "list_shared_mailboxes"})

PERMIT_ALL = '@id("all")\n@reason("Everything is allowed here.")\npermit (principal, action, resource);\n'


def test_default_policy_validates_and_every_policy_explains_itself() -> None:
    """The shipped policy compiles; each of its policies has a unique @id and a @reason."""
    policy = compile_policy(DEFAULT_POLICY)
    ids = policy.rule_ids()
    assert len(ids) == len(set(ids)) >= 20
    assert all(r.reason.strip() for r in policy.rules.values())


def test_schema_declares_the_three_phases_of_every_catalog_action() -> None:
    """request:/run: for every action, approve: for every write; nothing the catalog does not know."""
    declared = set(re.findall(r'action "((?:request|run|approve):[a-z_]+)"', SCHEMA_TEXT))
    expected = {f"{p}:{a}" for a, spec in ACTIONS.items() for p in ("request", "run")}
    expected |= {f"approve:{a}" for a, spec in ACTIONS.items() if spec.kind == "write"}
    assert declared == expected


def test_a_policy_that_does_not_validate_is_refused_and_the_old_one_stays(acme: Org) -> None:
    """A policy naming an unknown attribute is refused with the validator's words; decisions do not change."""
    engine = PolicyEngine()
    bad = '@id("x")\n@reason("r")\npermit (principal, action, resource) when { principal.salary > 3 };\n'
    with pytest.raises(InvalidPolicy) as refused:
        engine.load(bad)
    assert any("`x`" in p and "salary" in p for p in refused.value.problems)
    assert "unchanged" in str(refused.value)
    assert engine.text == DEFAULT_POLICY
    assert engine.decide(acme, "john@acme.com", LIST_MAILBOXES).outcome == "denied"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("permit (principal, action, resource", "does not parse"),
        ('@reason("r")\npermit (principal, action, resource);', "no @id"),
        ('@id("a")\npermit (principal, action, resource);', "no @reason"),
        (
            '@id("a") @reason("r") permit (principal, action, resource);\n'
            '@id("a") @reason("r") forbid (principal, action, resource);',
            "same @id",
        ),
        (
            '@id("a") @reason("r") permit (principal, action == Action::"delete_everything", resource);',
            "delete_everything",
        ),
        ('@id("t") @reason("r") permit (principal == ?principal, action, resource);', "templates"),
    ],
)
def test_invalid_policies_are_refused_with_what_is_wrong(text: str, problem: str) -> None:
    """Unparseable text, missing or duplicate annotations, unknown actions and templates are refused."""
    with pytest.raises(InvalidPolicy, match=problem):
        compile_policy(text)


def test_a_valid_policy_loaded_changes_the_decisions_and_forbid_still_wins(acme: Org) -> None:
    """load() puts a valid policy in force; a permit added beside a forbid that applies changes nothing."""
    engine = PolicyEngine()
    extra = (
        '@id("employees-list-mailboxes")\n@reason("Employees may list the shared mailboxes.")\n'
        'permit (principal, action in [Action::"request:list_shared_mailboxes", '
        'Action::"run:list_shared_mailboxes"], resource) when { principal.role == "employee" };\n'
    )
    engine.load(DEFAULT_POLICY + "\n" + extra)
    assert engine.decide(acme, "john@acme.com", LIST_MAILBOXES).policies == ["employee-reads-own-scope"]
    engine.load(PERMIT_ALL)
    assert engine.decide(acme, "john@acme.com", LIST_MAILBOXES) == Allowed(
        reason="Everything is allowed here.", policies=["all"]
    )


def test_a_policy_text_is_compiled_once_a_process_and_a_changed_one_takes_effect(
    acme: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cedar parses and validates a policy text once a process (a plan builds an engine per command, the web
    app one per request); every engine still has a policy and answers of its own, and a text changed in
    any way, a word of a reason or an effect, is compiled anew and decides as written."""
    import cedarpy

    validated: list[str] = []
    original = cedarpy.validate_policies

    def counted(policies: str, *args: object, **kwargs: object) -> object:
        validated.append(policies)
        return original(policies, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cedarpy, "validate_policies", counted)
    allow = (
        '@id("all")\n@reason("Everything is allowed by this one.")\npermit (principal, action, resource);\n'
    )
    first, second = PolicyEngine(allow), PolicyEngine(allow)
    assert len(validated) == 1
    assert first.policy is not second.policy
    assert first.policy.answers is not second.policy.answers
    allowed = Allowed(reason="Everything is allowed by this one.", policies=["all"])
    assert first.decide(acme, "john@acme.com", LIST_MAILBOXES) == allowed

    second.load(allow.replace("Everything is", "All is"))
    assert second.decide(acme, "john@acme.com", LIST_MAILBOXES) == Allowed(
        reason="All is allowed by this one.", policies=["all"]
    )
    second.load(allow.replace("permit", "forbid"))
    denied = second.decide(acme, "john@acme.com", LIST_MAILBOXES)
    assert isinstance(denied, Denied)
    assert denied.policies == ["all"]
    assert len(validated) == 3
    assert first.decide(acme, "john@acme.com", LIST_MAILBOXES) == allowed  # its own policy, unchanged

    second.load(allow)  # compiled before: not again, and as it was
    assert len(validated) == 3
    assert second.decide(acme, "john@acme.com", LIST_MAILBOXES) == allowed
    with pytest.raises(InvalidPolicy):  # a refused text is refused every time, never kept
        second.load(allow.replace("principal, action", "principal.salary, action"))
    assert second.decide(acme, "john@acme.com", LIST_MAILBOXES) == allowed


def test_nothing_is_allowed_without_a_permit(acme: Org) -> None:
    """Deny by default: with only a forbid that never applies, everything is denied by 'default-deny'."""
    engine = PolicyEngine('@id("never") @reason("n") forbid (principal, action, resource) when { false };')
    decision = engine.decide(acme, "grace.hopper@acme.com", LIST_MAILBOXES)
    assert isinstance(decision, Denied)
    assert decision.policies == ["default-deny"]
    assert "No policy lets you ask for this" in decision.reason


def test_an_evaluation_error_is_a_denial_even_when_a_permit_applies(acme: Org) -> None:
    """A forbid that fails to evaluate (its entity is missing) does not let the permit through."""
    engine = PolicyEngine(
        PERMIT_ALL + '@id("grand-manager")\n@reason("r")\nforbid (principal, action, resource) when {\n'
        "  principal has manager && principal.manager has manager && principal.manager.manager.enabled };\n"
    )
    decision = engine.decide(acme, "john@acme.com", JOIN_OPEN)  # john -> priya -> olivia: olivia not loaded
    assert isinstance(decision, Denied)
    assert decision.policies == ["grand-manager"]
    assert "could not be evaluated" in decision.reason


def test_every_golden_decision_names_its_policies_and_a_reason(engine: PolicyEngine) -> None:
    """Whatever the outcome, a decision says why in words and names the policies behind it."""
    for case in CASES:
        decision = engine.decide(org(case.org), case.requester, case.step)
        assert decision.reason.strip(), case
        assert decision.policies, case


def test_a_denial_by_a_forbid_quotes_that_forbid(engine: PolicyEngine, acme: Org) -> None:
    """Forwarding outside the organisation is denied by 'forward-inside-only', in its words."""
    step = parse_step(
        {
            "action": "email_forwarding_internal",
            "change": "set",
            "mailbox": "john@acme.com",
            "forward_to": "vera@vendorco.example",
        }
    )
    decision = engine.decide(acme, "john@acme.com", step)
    assert decision == Denied(
        reason="Mail can only be forwarded to a recipient inside the organisation.",
        policies=["forward-inside-only"],
    )


def test_an_approval_names_who_and_why(engine: PolicyEngine, acme: Org) -> None:
    """Joining a list that needs approval goes to its owner, for the reason of the owners' policy."""
    step = JOIN_OPEN.model_copy(update={"group": "engineering@acme.com"})
    assert engine.decide(acme, "john@acme.com", step) == ApprovalRequired(
        approvers=["david.chen@acme.com"],
        reason="The list's owners approve who joins it.",
        policies=["owners-approve-list-joins"],
    )


def test_a_decision_serialises_as_the_plan_json_decision(engine: PolicyEngine, acme: Org) -> None:
    """The decision is the plan JSON's `decision` object: outcome, approvers, reason (and policies)."""
    step = parse_step(
        {"action": "send_as", "change": "grant", "mailbox": "support@acme.com", "trustee": "sarah@acme.com"}
    )
    data = engine.decide(acme, "sarah@acme.com", step).model_dump(mode="json")
    assert data["outcome"] == "approval_required"
    assert data["approvers"] == ["grace.hopper@acme.com"]
    assert data["reason"]
    assert data["policies"] == ["admin-approves-without-owner"]


def test_unknown_requester_or_resource_is_denied_with_the_name(engine: PolicyEngine, acme: Org) -> None:
    """A requester or mailbox the directory does not hold is a denial that names it, never a crash."""
    step = parse_step({"action": "view_mailbox_details", "mailbox": "ghost@acme.com"})
    assert "ghost@acme.com" in engine.decide(acme, "grace.hopper@acme.com", step).reason
    assert engine.decide(acme, "nobody@acme.com", LIST_MAILBOXES).outcome == "denied"
    assert engine.may_approve(acme, "nobody@acme.com", "john@acme.com", JOIN_OPEN).outcome == "denied"


def test_requester_may_be_given_as_recipient_id_or_any_address(engine: PolicyEngine, acme: Org) -> None:
    """The requester can be a Recipient, its id, its primary address or an alias, with one decision."""
    john = acme.directory.by_address("john@acme.com")
    assert john is not None
    decisions = {
        engine.decide(acme, who, JOIN_OPEN).outcome
        for who in (john, john.recipient_id, "john@acme.com", "john.miller@acme.com", "JOHN@ACME.COM")
    }
    assert decisions == {"allowed"}


def test_a_read_never_needs_an_approval(engine: PolicyEngine) -> None:
    """Reads are allowed or denied, and nobody is asked to approve one."""
    step = parse_step({"action": "view_mailbox_details", "mailbox": "sarah@acme.com"})
    assert engine.decide(org("acme2"), address("john"), step).outcome == "denied"
    assert engine.may_approve(org("acme2"), address("grace"), address("john"), step).outcome == "denied"


def test_many_steps_on_one_list_build_its_entity_once_with_the_same_decisions(
    acme: Org, engine: PolicyEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deciding people added to one list builds the list's (and the requester's) Cedar entity once for
    the whole run, not once per step, and decides each step exactly as deciding it alone does."""
    from mailwarden.policy import entities

    people = [r.primary_address for r in acme.directory if r.kind.value == "user"][:6]
    steps = [
        parse_step(
            {
                "action": "distribution_list_membership",
                "change": "add",
                "group": "marketing@acme.com",
                "member": p,
            }
        )
        for p in people
    ]
    alone = [engine.decide(acme, "john@acme.com", s) for s in steps]
    built: list[str] = []
    original = entities._acyclic_parents  # called once for each entity built

    def counted(org: Org, recipient: Recipient) -> set[str]:
        built.append(recipient.recipient_id)
        return original(org, recipient)

    monkeypatch.setattr(entities, "_acyclic_parents", counted)
    together = engine.decide_many(acme, "john@acme.com", steps)
    assert together == alone
    assert len(built) == len(set(built))
    # Steps Cedar answered alike hold one (frozen) decision, not one each: a bulk request's memory.
    assert len({id(d) for d in together}) == len({d.model_dump_json() for d in together}) < len(steps)


def test_cedar_is_asked_once_for_steps_decided_again_on_the_same_facts(
    acme: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk step is decided at planning, at confirmation and before it runs, each time on facts read
    again. On the same facts Cedar answers the same, so it is asked once; a fact that changed (a member
    disabled since) is a new question, answered as a fresh engine answers it."""
    import cedarpy

    engine = PolicyEngine()
    people = [r.primary_address for r in acme.directory if r.kind.value == "user"][:8]
    steps = [
        parse_step(
            {
                "action": "distribution_list_membership",
                "change": "add",
                "group": "all-hands@acme.com",
                "member": p,
            }
        )
        for p in people
    ]
    asked: list[int] = []
    original = cedarpy.is_authorized_batch

    def counted(requests: list[dict[str, object]], *args: object, **kwargs: object) -> object:
        asked.append(len(requests))
        return original(requests, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cedarpy, "is_authorized_batch", counted)
    first = engine.decide_many(acme, "john@acme.com", steps)
    second = engine.decide_many(acme, "john@acme.com", steps)
    assert second == first
    assert sum(asked) == 2 * len(steps)  # "request:" and "run:" once each, for the first round only

    asked.clear()
    someone = acme.find(people[3])
    assert someone is not None
    changed = Org(
        acme.directory,
        acme.admins,
        acme.delegates,
        live={someone.recipient_id: someone.model_copy(update={"enabled": False})},
    )
    again = engine.decide_many(changed, "john@acme.com", steps)
    assert sum(asked) > 0
    assert again == PolicyEngine().decide_many(changed, "john@acme.com", steps)
