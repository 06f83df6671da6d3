"""Red team 9: the Cedar answer cache (policy.engine.Answers) never answers for facts it was not asked on.

An allow remembered for one set of facts must not be handed out after an admin lost the role, after the
policy changed, or to another requester on the same entities."""

from __future__ import annotations

from mailwarden.model.decisions import Allowed
from mailwarden.model.steps import parse_step
from mailwarden.policy import DEFAULT_POLICY, Org, PolicyEngine
from tests.policy.acme import org

GRANT_SUPPORT = parse_step(
    {
        "action": "mailbox_delegation",
        "change": "grant",
        "mailbox": "support@acme.com",
        "trustee": "john@acme.com",
    }
)


def _without_admin(acme: Org, admin: str) -> Org:
    who = acme.find(admin)
    assert who is not None
    return Org(acme.directory, acme.admins - {who.recipient_id}, acme.delegates)


def test_an_admin_who_lost_the_role_gets_no_remembered_allow() -> None:
    acme = org("acme")
    engine = PolicyEngine()
    assert isinstance(engine.decide(acme, "grace.hopper@acme.com", GRANT_SUPPORT), Allowed)
    demoted = engine.decide(
        _without_admin(acme, "grace.hopper@acme.com"), "grace.hopper@acme.com", GRANT_SUPPORT
    )
    assert not isinstance(demoted, Allowed)
    assert demoted == PolicyEngine().decide(
        _without_admin(acme, "grace.hopper@acme.com"), "grace.hopper@acme.com", GRANT_SUPPORT
    )


def test_another_requester_on_the_same_entities_is_asked_afresh() -> None:
    acme = org("acme")
    engine = PolicyEngine()
    assert isinstance(engine.decide(acme, "grace.hopper@acme.com", GRANT_SUPPORT), Allowed)
    assert not isinstance(engine.decide(acme, "sarah@acme.com", GRANT_SUPPORT), Allowed)


def test_a_policy_loaded_since_answers_with_its_own_rules() -> None:
    acme = org("acme")
    engine = PolicyEngine()
    assert isinstance(engine.decide(acme, "grace.hopper@acme.com", GRANT_SUPPORT), Allowed)
    engine.load(
        DEFAULT_POLICY
        + '\n@id("no-delegation")\n@reason("Nobody delegates here.")\n'
        + 'forbid (principal, action, resource) when { context.change == "grant" };\n'
    )
    assert not isinstance(engine.decide(acme, "grace.hopper@acme.com", GRANT_SUPPORT), Allowed)
    engine.load(DEFAULT_POLICY)
    assert isinstance(engine.decide(acme, "grace.hopper@acme.com", GRANT_SUPPORT), Allowed)
