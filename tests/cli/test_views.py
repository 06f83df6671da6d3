"""`mailwarden view`, `report delegations` and `tenant discover` against the embedded demo tenant."""

from __future__ import annotations

import csv
import io

from tests.cli.conftest import Cli


def test_view_shared_mailboxes_lists_every_acme_shared_mailbox(cli: Cli) -> None:
    """The JSON view holds the eight shared mailboxes of the fixture."""
    data = cli.json("view", "shared-mailboxes")
    assert isinstance(data, dict)
    text = str(data["rows"])
    for address in ("support@acme.com", "sales@acme.com", "hr@acme.com", "office@acme.co.uk"):
        assert address in text


def test_view_members_of_a_list(cli: Cli) -> None:
    """Members of all-sales include John and the disabled former employee."""
    data = cli.json("view", "members", "--group", "all-sales@acme.com")
    assert isinstance(data, dict)
    assert "john@acme.com" in str(data["rows"])
    assert "pat.gone@acme.com" in str(data["rows"])


def test_report_delegations_as_csv_answers_what_mike_can_open(cli: Cli) -> None:
    """Mike Smith's reach is Full Access to Billing and Finance."""
    code, out, err = cli("report", "delegations", "--trustee", "Mike Smith", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    mailboxes = {next(v for k, v in r.items() if k == "mailbox") for r in rows}
    assert any("billing@acme.com" in m for m in mailboxes)
    assert any("finance@acme.com" in m for m in mailboxes)


def test_unknown_view_names_the_known_ones(cli: Cli) -> None:
    """A typo in the view name says which views exist."""
    code, _, err = cli("view", "sharde-mailboxes")
    assert code == 1
    assert "shared-mailboxes" in err


def test_tenant_discover_counts_recipients_by_kind(cli: Cli) -> None:
    """Discovery of the demo tenant finds 25 users and 8 shared mailboxes."""
    data = cli.json("tenant", "discover")
    assert isinstance(data, dict)
    assert data["recipients"]["user"] == 25
    assert data["recipients"]["shared_mailbox"] == 8
