"""Hole 1: a private Microsoft 365 group is Closed (its owners approve a join), a public one Open — from the
group's Graph `visibility`, in discovery, in the views and in every decision."""

from __future__ import annotations

import re

import pytest

from mailwarden.directory.discovery import join_restriction, recipient_from_graph_group
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli

cli = cli_fixtures.cli  # the CLI fixture, under its own name

ATLAS = "e5ac4478-0846-58f2-b4ad-2df628824abe"
PHOENIX = "df11c4aa-8c17-5f71-8678-139e799a0414"
TOM = "12744b96-d6e1-517b-b0ea-020dbb08da36"


def _join(cli: Cli, group: str, who: str = "tom.becker@acme.com") -> tuple[int, str]:
    code, out, err = cli(
        "do", "distribution_list_membership", "add", "--group", group, "--member", "me", "--as", who, "--yes"
    )
    return code, out + err


def test_an_employee_cannot_join_a_private_microsoft_365_group_without_its_owners(cli: Cli) -> None:
    """Tom's join of private Project Atlas waits for its owner Olivia; the group is unchanged until then."""
    code, out = _join(cli, "project-atlas@acme.com")
    assert code == 0, out
    assert "pending approval" in out
    assert "olivia.martin@acme.com" in out
    assert TOM not in cli.tenant().recipients[ATLAS].members

    request_id = re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]
    code, out, err = cli("requests", "approve", request_id, "--as", "olivia.martin@acme.com")
    assert code == 0, out + err
    assert TOM in cli.tenant().recipients[ATLAS].members


def test_an_employee_joins_a_public_microsoft_365_group_at_once(cli: Cli) -> None:
    """Public Project Phoenix is Open: Tom's confirmed join runs without anyone's approval."""
    code, out = _join(cli, "project-phoenix@acme.com")
    assert code == 0, out
    assert "completed" in out
    assert TOM in cli.tenant().recipients[PHOENIX].members


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [("Public", "Open"), ("Private", "Closed"), ("HiddenMembership", "Closed"), (None, "Closed")],
)
def test_a_microsoft_365_groups_visibility_decides_who_may_join(
    visibility: str | None, expected: str
) -> None:
    """Only a Public group is Open; Private, HiddenMembership and an unreported visibility are Closed."""
    group = {
        "id": ATLAS,
        "displayName": "Atlas",
        "groupTypes": ["Unified"],
        "mailEnabled": True,
        "securityEnabled": False,
        "mail": "atlas@acme.com",
        "proxyAddresses": ["SMTP:atlas@acme.com"],
        "visibility": visibility,
    }
    assert join_restriction(group) == expected
    # Exchange's word does not count for a Microsoft 365 group: its visibility does.
    recipient = recipient_from_graph_group(group, exchange_restriction="Open")
    assert recipient is not None
    assert recipient.member_join_restriction == expected


def test_a_list_keeps_exchanges_join_restriction_and_is_closed_when_exchange_is_silent() -> None:
    """A distribution list is as Exchange says; with no word from Exchange it is Closed."""
    dl = {"id": PHOENIX, "groupTypes": [], "mailEnabled": True, "securityEnabled": False}
    assert join_restriction(dl, "ApprovalRequired") == "ApprovalRequired"
    assert join_restriction(dl, "Open") == "Open"
    assert join_restriction(dl) == "Closed"
    assert join_restriction(dl, "Whatever") == "Closed"
