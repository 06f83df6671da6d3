"""`mailwarden do` over a time-bound grant: the preview names the current end and the extension runs
without a write to the tenant (red team 8)."""

from __future__ import annotations

from tests.cli.conftest import Cli

SUPPORT = "484318fd-e8ce-5b62-9fa9-608da5793179"
SARAH = "21d8f596-06ee-5014-8871-44db835f7241"


def test_a_for_good_grant_over_a_two_day_one_is_previewed_and_run_as_an_extension(cli: Cli) -> None:
    send_as = ("do", "send_as", "grant", "--mailbox", "support@acme.com", "--trustee", "sarah@acme.com")
    code, out, err = cli(*send_as, "--expires", "2d", "--yes")
    assert code == 0, out + err
    assert SARAH in cli.tenant().recipients[SUPPORT].send_as
    journal = len(cli.tenant().journal)

    code, out, err = cli(*send_as, "--yes")
    assert code == 0, out + err
    flat = " ".join(out.split())
    assert "makes it permanent" in flat
    assert "until" in flat
    assert "already" not in flat.replace("already able", "")
    assert "applied" in flat
    assert len(cli.tenant().journal) == journal, "an extension writes nothing to the tenant"
    [first, extension] = sorted(cli.json("requests", "list"), key=lambda r: str(r["created"]))
    assert cli.json("requests", "show", first["request_id"])["steps"][0]["expires"] is None
    assert extension["state"] == "completed"
