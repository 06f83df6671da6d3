"""A bulk request is decided exactly as each of its steps decided alone, however the engine saves work.

Deciding many steps folds the Cedar requests of interchangeable subjects into one (policy/alike.py) and an
organisation remembers its lists' join rules and right carriers (policy/entities.py). Neither may change a
single outcome, reason, policy or approver: a mixed request (every recipient added to and removed from
every list, delegations, an outside address, an unknown one) on the tenant variants where it matters
(nested lists, sensitive recipients and admin-set owners, a group holding mailbox rights) is decided both
ways, each by its own engine, each step alone on its own copy of the organisation.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import cedarpy
import pytest

from mailwarden.model.steps import Step, parse_step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.policy import engine as engine_module
from mailwarden.policy.alike import representatives
from tests.policy.acme import address, org


def _mixed(tenant: Org) -> list[Step]:
    recipients = sorted(r.primary_address for r in tenant.directory)
    groups = [r.primary_address for r in tenant.directory if r.is_group]
    subjects = [*recipients, "someone@outside.example", "ghost@acme.com"]
    steps: list[Step] = [
        parse_step({"action": "distribution_list_membership", "change": change, "group": g, "member": s})
        for g in groups
        for change in ("add", "remove")
        for s in subjects
    ]
    for trustee in subjects[::3]:
        steps.append(
            parse_step(
                {"action": "send_as", "change": "grant", "mailbox": "support@acme.com", "trustee": trustee}
            )
        )
        steps.append(
            parse_step(
                {
                    "action": "mailbox_delegation",
                    "change": "grant",
                    "mailbox": address("tom"),
                    "trustee": trustee,
                }
            )
        )
    return steps


@pytest.mark.parametrize(
    ("variant", "requester"),
    [
        ("nested", "john"),
        ("nested", "grace"),
        ("sensitive", "priya"),
        ("open-fin-tom", "john"),
        ("priya-off", "john"),
    ],
)
def test_a_mixed_bulk_request_is_decided_as_each_step_alone(
    variant: str, requester: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = org(variant)
    steps = _mixed(tenant)
    asked: list[int] = []
    original = cedarpy.is_authorized_batch

    def counted(requests: list[dict[str, object]], *args: object, **kwargs: object) -> object:
        asked.append(len(requests))
        return original(requests, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cedarpy, "is_authorized_batch", counted)
    together = PolicyEngine().decide_many(dataclasses.replace(tenant), address(requester), steps)
    folded = sum(asked)
    asked.clear()
    monkeypatch.setattr(engine_module, "representatives", lambda _, requests, *__: list(range(len(requests))))
    assert PolicyEngine().decide_many(dataclasses.replace(tenant), address(requester), steps) == together
    unfolded = sum(asked)
    monkeypatch.setattr(cedarpy, "is_authorized_batch", original)
    alone_engine = PolicyEngine()
    alone = [alone_engine.decide(dataclasses.replace(tenant), address(requester), s) for s in steps]
    for step, one, many in zip(steps, alone, together, strict=True):
        assert many.model_dump() == one.model_dump(), step
    outcomes = {d.outcome for d in together}
    assert len(outcomes) >= 2, outcomes  # the request mixes what is allowed, refused, or approved
    # Cedar heard fewer questions than the steps' "request:", "run:" and "approve:" ask one by one.
    assert folded < unfolded


def _entity(uid: str, **attrs: Any) -> dict[str, Any]:
    return {"uid": {"type": "Recipient", "id": uid}, "attrs": attrs, "parents": []}


def _asked(subject: str, principal: str = "boss") -> dict[str, Any]:
    return {
        "principal": {"type": "Recipient", "id": principal},
        "action": {"type": "Action", "id": "request:x"},
        "resource": {"type": "Recipient", "id": "list"},
        "context": {"subject": {"__entity": {"type": "Recipient", "id": subject}}},
    }


def test_only_subjects_whose_id_is_named_nowhere_else_are_folded() -> None:
    """Two people of one shape are one question; one who is someone's manager, the requester himself, or
    of another shape is asked apart."""
    entities = [
        _entity("boss", role="admin"),
        _entity("list", role="none"),
        _entity("a", role="employee"),
        _entity("b", role="employee"),
        _entity("c", role="employee"),
        _entity("d", role="employee", manager={"__entity": {"type": "Recipient", "id": "c"}}),
        _entity("e", role="admin"),
    ]
    requests = [_asked("a"), _asked("b"), _asked("c"), _asked("d"), _asked("e"), _asked("boss")]
    assert representatives(entities, requests) == [0, 0, 2, 3, 4, 5]
    # Another requester is another question, even for a subject of the same shape.
    assert representatives(entities, [_asked("a"), _asked("b", principal="list")]) == [0, 1]


def test_a_subject_the_policy_names_is_never_folded() -> None:
    """A tenant's policy may name one person (`context.subject == Recipient::"<id>"`): swapping that person's
    id with another of the same shape changes what the policy says, so the two are asked apart (red team 77
    had a forbid on the one named answered with the other's allow)."""
    entities = [
        _entity("boss", role="admin"),
        _entity("list"),
        _entity("a", role="x"),
        _entity("ceo", role="x"),
    ]
    requests = [_asked("a"), _asked("ceo")]
    assert representatives(entities, requests) == [0, 0]
    assert representatives(entities, requests, frozenset({("Recipient", "ceo")})) == [0, 1]


def test_the_compiled_policy_lists_the_entities_it_names() -> None:
    policy = engine_module.compile_policy(
        engine_module.DEFAULT_POLICY
        + '\n@id("not-the-ceo")\n@reason("never these two")\nforbid (principal, action, resource) when '
        '{ context has subject && context.subject in [Recipient::"ceo-id", Recipient::"cfo-id"] };\n'
    )
    assert {("Recipient", "ceo-id"), ("Recipient", "cfo-id")} <= policy.literals


def test_a_bulk_add_decides_a_person_the_policy_forbids_as_alone() -> None:
    """End to end: the admin adds every person to a list; the tenant's policy forbids adding one of them.
    Decided together, that one is refused exactly as when decided alone, and the others are not."""
    tenant = org("nested")
    people = sorted((r for r in tenant.directory if not r.is_group), key=lambda r: r.primary_address)
    victim = next(p for p in people if p.primary_address.startswith("ava.johnson@"))
    engine = PolicyEngine()
    engine.load(
        engine_module.DEFAULT_POLICY + '\n@id("never-this-one")\n@reason("this person is never added")\n'
        'forbid (principal, action in Action::"distribution_list_membership", resource) when '
        f'{{ context has subject && context.subject == Recipient::"{victim.recipient_id}" }};\n'
    )
    steps = [
        parse_step(
            {
                "action": "distribution_list_membership",
                "change": "add",
                "group": "all-sales@acme.com",
                "member": p.primary_address,
            }
        )
        for p in people
    ]
    together = engine.decide_many(dataclasses.replace(tenant), address("grace"), steps)
    alone = [engine.decide(dataclasses.replace(tenant), address("grace"), s) for s in steps]
    assert [d.model_dump() for d in together] == [d.model_dump() for d in alone]
    assert together[people.index(victim)].outcome == "denied"
    assert sum(d.outcome != "denied" for d in together) >= 2
