"""The CLI on SQLite sends a command's notifications before it exits; admins list the delivery records."""

from __future__ import annotations

import re

from tests.cli.conftest import Cli

SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
TOM = "12744b96-d6e1-517b-b0ea-020dbb08da36"


def _subjects(cli: Cli, recipient_id: str) -> list[str]:
    items = cli.tenant().mailboxes.get(recipient_id, [])
    return [str(i.message["subject"]) for i in items if i.folder == "inbox"]


def test_filing_a_request_mails_the_approver_before_the_command_exits(cli: Cli) -> None:
    code, out, err = cli(
        "do",
        "send_as",
        "grant",
        "--mailbox",
        "support@",
        "--trustee",
        "me",
        "--as",
        "tom.becker@acme.com",
        "--yes",
    )
    assert code == 0, out + err
    request_id = re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]
    assert _subjects(cli, SARAH) == [f"[mailwarden] Tom Becker asks for your approval ({request_id})"]

    code, out, err = cli("requests", "approve", request_id, "--as", "sarah@acme.com", "--reason", "ok")
    assert code == 0, out + err
    assert sorted(_subjects(cli, TOM)) == [
        f"[mailwarden] Your request is done ({request_id})",
        f"[mailwarden] Your request was approved ({request_id})",
    ]

    code, out, err = cli("notifications", "list", "--json")
    assert code == 0, err
    assert "sent" in out
    assert "sarah@acme.com" in out
    code, out, err = cli("notifications", "list", "--failed")
    assert code == 0, err
    assert "No failed deliveries." in out
    code, _, err = cli("notifications", "list", "--as", "tom.becker@acme.com")
    assert code == 1
    assert "admins" in err


def test_an_admin_names_the_teams_app_for_activity_feed_notifications(cli: Cli) -> None:
    code, _, err = cli("notifications", "set", "--teams-app", "not-a-guid")
    assert code != 0
    assert "is not a Teams app id" in err
    code, out, err = cli("notifications", "set", "--teams-app", "3D1F4C2A-8B9E-4F0A-9C51-7E2B6A1D0F33")
    assert code == 0, out + err
    assert "Teams activity feed: app 3d1f4c2a-8b9e-4f0a-9c51-7e2b6a1d0f33" in " ".join(out.split())
    code, out, err = cli("notifications", "set", "--no-teams-feed")
    assert code == 0, out + err
    assert "Teams activity feed: off" in " ".join(out.split())
