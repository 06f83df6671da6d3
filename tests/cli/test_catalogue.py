"""`mailwarden catalogue`: what the signed-in person may ask for, as the API's catalogue says."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_catalogue_lists_what_policy_lets_tom_ask_for_with_approvers(cli: Cli) -> None:
    offers = cli.json("catalogue", "--as", "tom.becker@acme.com")
    assert isinstance(offers, list)
    by_address = {o["address"]: o for o in offers}
    assert [p["address"] for p in by_address["sales@acme.com"]["approvers"]] == ["priya.patel@acme.com"]
    assert "hr@acme.com" not in by_address  # sensitive: the policy denies employees
    code, out, _ = cli("catalogue", "--as", "tom.becker@acme.com")
    assert code == 0
    assert "Sales" in out
    assert "approved by" in out
    assert "no approval" in out
