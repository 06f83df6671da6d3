"""The demo's own admin prompts in the CLI: Grace is the only admin, so four-eyes writes run with
`--justification`; a plan with a denied step is submitted for the rest only with `--only-allowed`."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli

GRACE = ("--as", "grace.hopper@acme.com")
MIKE = "Change mike.smith@acme.com's primary email to michael.smith@acme.com and keep the old one as an alias"
CONTRACTORS = "Move everyone in the Contractors DL into External-Contractors and delete the old list"


def _primary(cli: Cli, address: str) -> bool:
    return any(r.primary_smtp == address for r in cli.tenant().recipients.values())


def test_the_primary_address_prompt_asks_for_then_takes_a_justification(cli: Cli) -> None:
    code, out, err = cli("ask", MIKE, *GRACE, "--yes")
    assert code != 0
    assert "no second admin: four-eyes not possible" in (out + err).replace("\n", " ")
    assert "--justification" in out + err
    assert not _primary(cli, "michael.smith@acme.com")

    code, out, err = cli("ask", MIKE, *GRACE, "--yes", "--justification", "HR ticket 4411")
    assert code == 0, out + err
    assert "no second admin: four-eyes not possible" in out
    assert "HR ticket 4411" in out
    assert _primary(cli, "michael.smith@acme.com")


def test_the_contractors_prompt_runs_for_the_sole_admin(cli: Cli) -> None:
    code, out, err = cli("ask", CONTRACTORS, *GRACE, "--yes", "--justification", "Team reorganised.")
    assert code == 0, out + err
    assert "no owner" not in out
    assert not _primary(cli, "contractors@acme.com")


def test_do_takes_a_justification_too(cli: Cli) -> None:
    code, out, err = cli(
        "do",
        "distribution_list_lifecycle",
        "delete",
        "--group",
        "contractors@acme.com",
        *GRACE,
        "--yes",
        "--justification",
        "Replaced by External-Contractors.",
    )
    assert code == 0, out + err
    assert not _primary(cli, "contractors@acme.com")


def test_only_allowed_submits_the_allowed_steps_and_keeps_the_dropped_one(cli: Cli) -> None:
    text = "Give sarah@acme.com and vera@vendorco.example Full Access to support@acme.com"
    code, out, err = cli("ask", text, *GRACE, "--yes")
    assert code != 0
    assert "--only-allowed" in out
    code, out, err = cli("ask", text, *GRACE, "--yes", "--only-allowed")
    assert code == 0, out + err
    assert "dropped" in out
    assert "applied" in out


def test_tenant_check_says_there_is_no_second_admin(cli: Cli) -> None:
    """The demo tenant has one admin: its health report says four eyes are not possible, and who it is."""
    code, out, err = cli("tenant", "check", "--no-discover", "--json")
    assert code == 0, err
    body = json.loads(out)
    assert body["four_eyes"].startswith("no second admin: four-eyes not possible")
    assert "grace.hopper@acme.com" in body["four_eyes"]
    code, out, err = cli("tenant", "check", "--no-discover")
    assert "Approvals: no second admin: four-eyes not possible" in " ".join(out.split())
