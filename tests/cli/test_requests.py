"""`mailwarden do` as an employee, then `mailwarden requests` to approve, and the audit log of it all."""

from __future__ import annotations

import re

from tests.cli.conftest import Cli

SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
TOM = "12744b96-d6e1-517b-b0ea-020dbb08da36"


def test_employee_asks_owner_approves_and_the_audit_log_verifies(cli: Cli) -> None:
    """Tom's Send As waits for Sarah; Tom cannot approve it; Sarah's approval runs it; the audit verifies."""
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
    assert "pending approval" in out
    request_id = re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]
    assert TOM not in cli.tenant().recipients[SUPPORT].send_as

    code, _, err = cli("requests", "approve", request_id, "--as", "tom.becker@acme.com")
    assert code == 1
    assert "own request" in err

    code, _, err = cli("requests", "show", request_id, "--as", "john@acme.com")
    assert code == 1
    assert "No request" in err

    code, out, err = cli(
        "requests", "approve", request_id, "--as", "sarah@acme.com", "--reason", "queue duty"
    )
    assert code == 0, err
    assert "completed" in out
    assert TOM in cli.tenant().recipients[SUPPORT].send_as

    code, out, _ = cli("audit", "verify")
    assert code == 0
    code, out, _ = cli("audit", "export", "--format", "jsonl")
    assert code == 0
    assert "approval.granted" in out
    assert "queue duty" in out


def test_an_employee_cannot_grant_access_on_someone_elses_behalf(cli: Cli) -> None:
    """John asking Full Access to Sales for Emma is denied with the policy's reason; nothing changes."""
    code, out, _ = cli(
        "do",
        "mailbox_delegation",
        "grant",
        "--mailbox",
        "sales@acme.com",
        "--trustee",
        "emma.wilson@acme.com",
        "--as",
        "john@acme.com",
        "--yes",
    )
    assert code == 1
    assert "denied" in out


def test_undo_reverts_a_completed_request(cli: Cli) -> None:
    """An admin's grant, then its undo, leaves the mailbox as before."""
    code, out, err = cli(
        "do",
        "send_as",
        "grant",
        "--mailbox",
        "billing@acme.com",
        "--trustee",
        "rachel.green@acme.com",
        "--yes",
    )
    assert code == 0, err
    request_id = re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]
    billing = "03f956c2-f773-586e-b576-886c147457cc"
    assert len(cli.tenant().recipients[billing].send_as) == 1
    code, out, err = cli("requests", "undo", request_id, "--yes")
    assert code == 0, out + err
    assert "completed" in out
    assert cli.tenant().recipients[billing].send_as == []


def test_an_employee_may_view_a_mailbox_they_are_a_delegate_of_but_not_others(cli: Cli) -> None:
    """Chris (Full Access on Support) may see who has access to it; he may not look at HR's."""
    code, out, err = cli("view", "permissions", "--mailbox", "support@acme.com", "--as", "chris.lee@acme.com")
    assert code == 0, err
    assert "tom.becker@acme.com" in out
    code, _, err = cli("view", "permissions", "--mailbox", "hr@acme.com", "--as", "chris.lee@acme.com")
    assert code == 1
    assert "only view" in err


def test_an_employee_cannot_run_the_tenant_wide_delegation_report(cli: Cli) -> None:
    """The report across every mailbox is for admins; an employee is told so."""
    code, _, err = cli("report", "delegations", "--as", "john@acme.com")
    assert code == 1
    assert err.strip()


def test_requests_list_filters_mine_waiting_on_me_and_state(cli: Cli) -> None:
    """Tom asks twice (one waits for Sarah, one he cancels): each filter lists just its own."""

    def ask(who: str, trustee: str) -> str:
        code, out, err = cli(
            "do", "send_as", "grant", "--mailbox", "support@", "--trustee", trustee, "--as", who, "--yes"
        )
        assert code == 0, out + err
        return re.search(r"request (\w{8})", out).group(1)  # type: ignore[union-attr]

    waiting = ask("tom.becker@acme.com", "me")
    cancelled = ask("tom.becker@acme.com", "me")
    assert cli("requests", "cancel", cancelled, "--as", "tom.becker@acme.com")[0] == 0

    def ids(*args: str) -> list[str]:
        listed = cli.json("requests", "list", *args)
        assert isinstance(listed, list)
        return [str(v["request_id"])[:8] for v in listed]

    assert set(ids("--mine", "--as", "tom.becker@acme.com")) == {waiting, cancelled}
    assert ids("--mine", "--state", "cancelled", "--as", "tom.becker@acme.com") == [cancelled]
    assert ids("--waiting-on-me", "--as", "sarah@acme.com") == [waiting]
    assert ids("--waiting-on-me", "--as", "tom.becker@acme.com") == []
    assert ids("--mine", "--as", "sarah@acme.com") == []
    assert ids("--tenant", "demo", "--state", "pending_approval", "--as", "sarah@acme.com") == [waiting]

    code, _, err = cli("requests", "list", "--mine", "--waiting-on-me", "--as", "sarah@acme.com")
    assert code == 1
    assert "exclude each other" in err
    code, _, err = cli("requests", "list", "--state", "sideways", "--as", "sarah@acme.com")
    assert code == 2
    assert "sideways" in err
