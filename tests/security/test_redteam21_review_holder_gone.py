"""Red team 21: a review removal is filed by the addresses its resource and holder have now, looked up by id
(redteam19), but a holder gone from the directory kept the address the task recorded. Lucas, reviewed in
Contractors, leaves (his account is deleted) and his address is given to Mia, also on Contractors: David's
decision to remove Lucas was filed as "remove lucas.rossi@acme.com from Contractors" and took Mia off the
list, a removal nobody reviewed."""

from __future__ import annotations

from mailwarden.emulator.serve import open_state
from tests.access.test_reviews_cli import run_json, start
from tests.cli.conftest import Cli, cli  # noqa: F401 - the CLI fixture
from tests.security.other_admin import OtherAdmin

DAVID, LUCAS, MIA = "david.chen@acme.com", "lucas.rossi@acme.com", "mia.novak@acme.com"
CONTRACTORS = "contractors@acme.com"


def test_a_removal_of_a_holder_gone_since_is_not_filed_on_whoever_has_his_address_now(
    cli: Cli,  # noqa: F811
) -> None:
    campaign = start(cli, "--which", "chosen", "--resource", CONTRACTORS, "--scope", "lists")
    task = next(t for t in campaign["tasks"] if CONTRACTORS in t["resource"])
    lucas_item = next(i for i in task["items"] if i["grant"]["holder_address"] == LUCAS)
    state = open_state(cli.home / "emulator")
    other = OtherAdmin(state)
    lucas, mia, contractors = other.id_of(LUCAS), other.id_of(MIA), other.id_of(CONTRACTORS)
    # His account deleted (the emulator has no route for it: as the portal would, out of band).
    with state.transaction():
        del state.data.recipients[lucas]
        for recipient in state.data.recipients.values():
            if lucas in recipient.members:
                recipient.members.remove(lucas)
        state.mark_dirty()
    other.exchange("Set-Mailbox", Identity=mia, EmailAddresses=[f"SMTP:{MIA}", f"smtp:{LUCAS}"])
    code, _, err = cli("tenant", "discover")
    assert code == 0, err
    decided = run_json(
        cli, "reviews", "decide", task["task_id"], "--remove", str(lucas_item["item_id"]),
        "--reason", "left", "--as", DAVID,
    )  # fmt: skip
    after = next(i for i in decided["items"] if i["item_id"] == lucas_item["item_id"])
    assert mia in cli.tenant().recipients[contractors].members, after
    assert after.get("removal_request_id") is None, after
