"""The origin of each grant, end to end: granted through mailwarden, seeded before, removed and re-added."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tests.cli.conftest import Cli

SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
SARAH = "21d8f596-06ee-5014-8871-44db835f7241"
ADMIN = "grace.hopper@acme.com"


def do(cli: Cli, *args: str, by: str = ADMIN) -> None:
    code, _, err = cli("do", *args, "--yes", "--as", by)
    assert code == 0, err


def lines_of(cli: Cli, *args: str) -> list[dict[str, Any]]:
    code, out, err = cli("report", "access", *args, "--as", ADMIN, "--format", "json")
    assert code == 0, err
    return list(json.loads(out)["lines"])


def send_as_origin(lines: list[dict[str, Any]], holder: str) -> dict[str, Any]:
    grants = ((line["grant"], line["origin"]) for line in lines)
    return next(o for g, o in grants if g["kind"] == "send_as" and g["holder_address"] == holder)


def sarah_send_as_outside(cli: Cli, *, present: bool) -> None:
    """Give or take Sarah's Send As on support by hand in the tenant, as another admin tool would."""
    path = cli.home / "emulator" / "tenant.json"
    data = json.loads(path.read_text())
    holders = data["recipients"][SUPPORT]["send_as"]
    if present:
        holders.append(SARAH)
    else:
        holders.remove(SARAH)
    path.write_text(json.dumps(data))


SARAH_SEND_AS = ("send_as", "--mailbox", "support@acme.com", "--trustee", "sarah@acme.com")


def test_a_grant_made_through_mailwarden_names_its_request(cli: Cli) -> None:
    """Send As given by a request is credited to it: requester, when, and the audit record that shows it."""
    do(cli, SARAH_SEND_AS[0], "grant", *SARAH_SEND_AS[1:])
    origin = send_as_origin(lines_of(cli, "--mailbox", "support@acme.com"), "sarah@acme.com")
    assert origin["source"] == "request"
    assert origin["requester"] == ADMIN
    assert origin["audit_seq"]
    assert origin["when"]
    assert origin["request_id"] in origin["summary"]


def test_seeded_grants_are_not_credited_to_any_request(cli: Cli) -> None:
    """Chris's Send As on support was there before mailwarden: no request is named for it."""
    origin = send_as_origin(lines_of(cli, "--mailbox", "support@acme.com"), "chris.lee@acme.com")
    assert origin["source"] == "unrecorded"
    assert origin["request_id"] is None
    assert "first discovered" in origin["summary"]


def test_removed_through_mailwarden_then_readded_outside_is_not_the_old_request(cli: Cli) -> None:
    """Granted, revoked through mailwarden, then put back by hand in the tenant: made outside, in a window."""
    for change in ("grant", "revoke"):
        do(cli, SARAH_SEND_AS[0], change, *SARAH_SEND_AS[1:])
    sarah_send_as_outside(cli, present=True)
    origin = send_as_origin(lines_of(cli, "--mailbox", "support@acme.com"), "sarah@acme.com")
    assert origin["source"] == "outside"
    assert origin["request_id"] is None
    assert origin["since"] < origin["until"]
    assert "mailwarden removed it" in origin["summary"]


TOM_ON_ALL_SALES = ("distribution_list_membership", "add", "--group", "all-sales@acme.com")


def test_list_membership_and_csv(cli: Cli) -> None:
    """A member added through mailwarden is credited; the CSV carries the same why per row."""
    do(cli, *TOM_ON_ALL_SALES, "--member", "tom.becker@acme.com")
    code, out, err = cli(
        "report", "access", "--group", "all-sales@acme.com", "--as", ADMIN, "--format", "csv"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    tom = next(r for r in rows if "tom.becker@acme.com" in r["holder"])
    assert (tom["origin"], tom["requester"]) == ("request", ADMIN)
    assert any(r["origin"] == "unrecorded" for r in rows)


def test_what_a_person_can_reach_covers_mailboxes_calendars_and_lists(cli: Cli) -> None:
    """Tom's reach: Full Access on support, Sarah's calendar, the list he was added to; each line says why."""
    share = ("calendar_share", "grant", "--owner", "sarah@acme.com", "--grantee", "tom.becker@acme.com")
    do(cli, *share, "--access", "reviewer", by="sarah@acme.com")
    do(cli, *TOM_ON_ALL_SALES, "--member", "tom.becker@acme.com")
    lines = lines_of(cli, "--person", "tom.becker@acme.com")
    kinds = {(line["grant"]["kind"], line["grant"]["resource_address"]) for line in lines}
    assert {("full_access", "support@acme.com"), ("calendar", "sarah@acme.com")} <= kinds
    assert ("member", "all-sales@acme.com") in kinds
    calendar = next(line["origin"] for line in lines if line["grant"]["kind"] == "calendar")
    assert (calendar["source"], calendar["requester"]) == ("request", "sarah@acme.com")


def scan(cli: Cli) -> None:
    code, _, err = cli("drift", "scan", "--as", ADMIN)
    assert code == 0, err


def test_before_any_drift_scan_the_report_says_to_run_one(cli: Cli) -> None:
    code, out, err = cli(
        "report", "access", "--mailbox", "support@acme.com", "--as", ADMIN, "--format", "json"
    )
    assert code == 0, err
    report = json.loads(out)
    chris = send_as_origin(report["lines"], "chris.lee@acme.com")
    assert "not yet scanned" in chris["summary"]
    assert "mailwarden drift scan" in chris["summary"]
    assert any("mailwarden drift scan" in note for note in report["notes"])


def test_after_the_first_scan_seeded_grants_were_present_at_discovery(cli: Cli) -> None:
    """The drift baseline's discovery rows are the origin of what was there before mailwarden."""
    scan(cli)
    origin = send_as_origin(lines_of(cli, "--mailbox", "support@acme.com"), "chris.lee@acme.com")
    assert origin["source"] == "first_discovery"
    assert "present when the tenant was first discovered on" in origin["summary"].lower()
    assert origin["when"]


def test_removed_and_readded_outside_after_mailwarden_made_it_is_the_outside_event(cli: Cli) -> None:
    """mailwarden grants; someone removes it in the tenant (a scan sees that), then adds it back (the next
    scan sees that): the grant is credited to the outside change, not to the old request."""
    scan(cli)
    do(cli, SARAH_SEND_AS[0], "grant", *SARAH_SEND_AS[1:])
    sarah_send_as_outside(cli, present=False)
    scan(cli)
    sarah_send_as_outside(cli, present=True)
    scan(cli)
    origin = send_as_origin(lines_of(cli, "--mailbox", "support@acme.com"), "sarah@acme.com")
    assert origin["source"] == "outside", origin
    assert origin["request_id"] is None
    assert "made outside mailwarden" in origin["summary"].lower()
    assert origin["until"]


def test_a_grant_made_outside_after_the_last_scan_is_in_the_window_since_that_scan(cli: Cli) -> None:
    scan(cli)
    sarah_send_as_outside(cli, present=True)
    origin = send_as_origin(lines_of(cli, "--mailbox", "support@acme.com"), "sarah@acme.com")
    assert origin["source"] == "outside"
    assert origin["since"]
    assert origin["since"] < origin["until"]


def test_a_calendar_shared_with_a_mail_enabled_security_group_end_to_end(cli: Cli) -> None:
    """Sarah shares her calendar with Finance Team (a mail-enabled security group, which Exchange grants
    folder permissions to as it grants a mailbox): the grant is applied and verified, the mailbox's access
    report shows the group as the holder, and the revoke takes the entry away again."""
    share = ("calendar_share", "--owner", "sarah@acme.com", "--grantee", "finance-team@acme.com")
    do(cli, share[0], "grant", *share[1:], "--access", "reviewer", by="sarah@acme.com")

    lines = lines_of(cli, "--mailbox", "sarah@acme.com")
    calendar = [line for line in lines if line["grant"]["kind"] == "calendar"]
    assert [(c["grant"]["holder_address"], c["grant"]["detail"]) for c in calendar] == [
        ("finance-team@acme.com", "Reviewer")
    ]
    assert (calendar[0]["origin"]["source"], calendar[0]["origin"]["requester"]) == (
        "request",
        "sarah@acme.com",
    )

    do(cli, share[0], "revoke", *share[1:], by="sarah@acme.com")
    lines = lines_of(cli, "--mailbox", "sarah@acme.com")
    assert [line for line in lines if line["grant"]["kind"] == "calendar"] == []
