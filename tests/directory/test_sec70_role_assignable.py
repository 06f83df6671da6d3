"""Security 70: discovery records Graph's isAssignableToRole on every group, and tells "not role-assignable"
(Graph's null) from "not read" (the property absent), which the policy counts as role-assignable for a
Microsoft 365 group."""

from __future__ import annotations

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.directory.discovery import recipient_from_graph_group
from mailwarden.directory.live_facts import read_live_facts

IT_ADMINS = "7c0b8f3e-2d6a-5e41-9b7c-4a1d2e3f5a60"
PHOENIX = "df11c4aa-8c17-5f71-8678-139e799a0414"
ALL_SALES = "526f9339-4221-5b6b-a5c4-6303c6119668"


@pytest.mark.anyio
@pytest.mark.reads_only
async def test_discovery_and_live_facts_read_the_flag(ctx: ActionContext) -> None:
    """User Admins is role-assignable; a group Graph shows null for is not (known, not unknown)."""
    got = {g: ctx.directory.get(g) for g in (IT_ADMINS, PHOENIX, ALL_SALES)}
    assert {g: r.role_assignable for g, r in got.items() if r is not None} == {
        IT_ADMINS: True,
        PHOENIX: False,
        ALL_SALES: False,
    }
    facts = await read_live_facts(ctx.clients, ctx.directory, [IT_ADMINS, PHOENIX])
    assert facts.recipients[IT_ADMINS].role_assignable is True
    assert facts.recipients[PHOENIX].role_assignable is False


@pytest.mark.parametrize(
    ("shown", "recorded"),
    [({"isAssignableToRole": True}, True), ({"isAssignableToRole": None}, False), ({}, None)],
)
def test_an_answer_without_the_property_is_not_read_not_false(
    shown: dict[str, object], recorded: bool | None
) -> None:
    group = {
        "id": PHOENIX,
        "displayName": "Project Phoenix",
        "groupTypes": ["Unified"],
        "mailEnabled": True,
        "mail": "project-phoenix@acme.com",
        "proxyAddresses": ["SMTP:project-phoenix@acme.com"],
        **shown,
    }
    found = recipient_from_graph_group(group)
    assert found is not None
    assert found.role_assignable is recorded
