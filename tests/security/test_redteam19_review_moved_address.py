"""Red team 19: a review decision must act on the list and the member it reviewed, not on whoever holds
their addresses now. The task keeps Contractors' address from the day the campaign started; another admin
then renames Contractors to contractors-old@ and gives contractors@acme.com to Engineering (David owns
both). David removes Lucas from Contractors: the removal was filed on contractors@acme.com, which now names
Engineering, so Lucas stayed in Contractors while the evidence said his removal was filed and ran (and a
request acted on a list outside the review)."""

from __future__ import annotations

import json
from typing import Any

from mailwarden.emulator.serve import open_state
from tests.access.test_reviews_cli import run_json, start
from tests.cli.conftest import Cli, cli  # noqa: F401 - the CLI fixture
from tests.security.other_admin import OtherAdmin

DAVID, LUCAS = "david.chen@acme.com", "lucas.rossi@acme.com"
CONTRACTORS, ENGINEERING = "contractors@acme.com", "engineering@acme.com"


def _task(campaign: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in campaign["tasks"] if CONTRACTORS in t["resource"])


def test_a_removal_acts_on_the_reviewed_list_after_its_address_moved(cli: Cli) -> None:  # noqa: F811
    task = _task(start(cli, "--which", "chosen", "--resource", CONTRACTORS, "--scope", "lists"))
    lucas = next(i for i in task["items"] if i["grant"]["holder_address"] == LUCAS)
    other = OtherAdmin(open_state(cli.home / "emulator"))
    contractors, engineering = other.id_of(CONTRACTORS), other.id_of(ENGINEERING)
    other.exchange(
        "Set-DistributionGroup", Identity=contractors, EmailAddresses=["SMTP:contractors-old@acme.com"]
    )
    other.exchange(
        "Set-DistributionGroup",
        Identity=engineering,
        EmailAddresses=[f"SMTP:{CONTRACTORS}", f"smtp:{ENGINEERING}"],
    )
    code, _, err = cli("tenant", "discover")  # the cache knows it now
    assert code == 0, err
    decided = run_json(
        cli,
        "reviews",
        "decide",
        task["task_id"],
        "--remove",
        str(lucas["item_id"]),
        "--reason",
        "left",
        "--as",
        DAVID,
    )
    after = next(i for i in decided["items"] if i["item_id"] == lucas["item_id"])
    assert after["decision"] == "remove"
    request = run_json(cli, "requests", "show", after["removal_request_id"], "--as", DAVID)
    members = cli.tenant().recipients[contractors].members
    assert other.id_of(LUCAS) not in members, json.dumps(request["steps"][0])
    assert after["removal_state"] == "completed", after
    assert request["steps"][0]["step"]["group"] != CONTRACTORS, request["steps"][0]["step"]
