"""Red team 14: creating a list at an address another recipient holds was refused with a sentence that had
lost its address ("This cannot be done:  is already used by another recipient"): the redaction of the
holder's name read the address from a primary-address change's `new_address`, which a list creation does
not have, so it always found nothing. The refusal names the address, and the holder where the requester
may see it.

Since red team 68 the planner asks before a plan reaches that refusal: a list whose name makes an address
already in use is asked another address (the refusal's own wording is tested with the action,
tests/actions/test_distribution_list_lifecycle.py)."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli


def test_a_list_whose_name_makes_a_taken_address_asks_for_another_without_naming_its_holder(cli: Cli) -> None:
    # (red team 68: "Make a DL called Finance" planned a list at finance@; the question is read before policy,
    # by an employee too, so it names the address but not whose it is)
    for who in ("grace.hopper@acme.com", "tom.becker@acme.com"):
        code, out, err = cli(
            "plan", "--json", "--as", who, "--", "Create a distribution list called Helpdesk"
        )
        assert code == 0, err
        plan = json.loads(out)
        assert plan["status"] == "needs_clarification"
        assert plan["message"].startswith("helpdesk@acme.com is already in use"), plan["message"]
        assert "Support" not in plan["message"]
        assert "support@" not in plan["message"]
