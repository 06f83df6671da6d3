"""Red team 14: creating a list at an address another recipient holds was refused with a sentence that had
lost its address ("This cannot be done:  is already used by another recipient"): the redaction of the
holder's name read the address from a primary-address change's `new_address`, which a list creation does
not have, so it always found nothing. The refusal names the address, and the holder where the requester
may see it."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli


def test_a_list_at_a_taken_address_is_refused_naming_the_address(cli: Cli) -> None:
    code, out, err = cli(
        "plan", "--json", "--as", "grace.hopper@acme.com", "--", "Create a distribution list called Helpdesk"
    )
    assert code == 0, err
    plan = json.loads(out)
    assert plan["status"] == "rejected"
    summary = plan["steps"][0]["preview"]["summary"]
    assert summary.startswith("helpdesk@acme.com is already used by Support (support@acme.com)"), summary
    assert "  is already used" not in plan["message"]
