"""sec34: the access view places a ForwardingAddress printed by Name on the Name alone, live.

Exchange prints ForwardingAddress as the target's Name. The access view looked it up with
`Get-Recipient -Identity <Name>`, which also takes an alias: where the Name is another recipient's alias,
-Identity matches both and refuses, and the view fell back to the directory cache's alias and display-name
match, so billing@'s forwarding to info@ (Name 'tom.becker', Tom's alias) was shown as Tom's: Tom's
reviewer was told he gets mail he does not get, and info@ (and whoever it hands the mail on to) was hidden.
Now the Name is looked up with `-Filter "Name -eq ..."`: every recipient it finds holds the forwarding (a
Name two recipients share counts as both: fail closed); none found, or a failed look-up, is said, never
guessed."""

from __future__ import annotations

from mailwarden.emulator.state import TenantData, TenantState
from mailwarden.testing import RunningEmulator
from tests.access.test_redteam33_forwarding_holder_by_name import INFO, _forwarding, _name_mailbox
from tests.access.test_reviews_cli import ADMIN, TOM, TOM_ID, run_json
from tests.access.test_sec25_rule_forwarding_grants import BILLING, _access, _outside
from tests.access.test_sec37_send_on_behalf_name import unplaced_on_billing
from tests.api.conftest import web
from tests.api.served import ServedApp
from tests.cli.conftest import Cli
from tests.security.other_admin import OtherAdmin

__all__ = ["web"]

REPORT = "/api/v1/reports/access"


def _state(cli: Cli) -> TenantState:
    return TenantState.load_or_create(
        cli.home / "emulator" / "tenant.json", lambda: TenantData.model_validate({})
    )


def test_forwarding_to_a_mailbox_whose_name_is_another_persons_alias(cli: Cli) -> None:
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _name_mailbox(cli, TOM, TOM_ID)  # a mailbox made since MC365786: its Name is its directory id
    _name_mailbox(cli, INFO, "tom.becker")  # Tom Becker's alias, no longer his Name
    _outside(cli, "Set-Mailbox", Identity=BILLING, ForwardingAddress=INFO)
    [shown] = _forwarding(_access(cli, "--mailbox", BILLING))
    assert shown["holder_address"] == INFO, shown
    assert _forwarding(_access(cli, "--person", TOM)) == []


def test_a_name_two_recipients_share_counts_as_both(cli: Cli) -> None:
    """Exchange prints the Name only; where two recipients carry it (one renamed since, or a Name Exchange
    holds apart that its filter does not), the mail may go to either: both are shown, never the first."""
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _name_mailbox(cli, INFO, "Front desk")
    _outside(cli, "Set-Mailbox", Identity=BILLING, ForwardingAddress=INFO)
    _name_mailbox(cli, TOM, "Front desk")
    shown = _forwarding(_access(cli, "--mailbox", BILLING))
    assert sorted(str(g["holder_address"]) for g in shown) == [INFO, TOM], shown
    [toms] = _forwarding(_access(cli, "--person", TOM))
    assert toms["resource_address"] == BILLING, toms


def _fail_name_lookups(emulator: RunningEmulator) -> None:
    emulator.faults.fail_items("exchange", status=500, times=50, matching="name -eq")


def test_a_name_the_tenant_could_not_place_is_said_never_guessed(
    web: ServedApp, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """The live look-up of the Name fails: the forwarding is shown going to the Name as printed, said to
    be unplaced, never to Tom by his alias; asked what Tom receives, the answer says it is incomplete."""
    other = OtherAdmin(tenant)
    with tenant.transaction():
        for address, name in ((TOM, TOM_ID), (INFO, "tom.becker")):
            box = tenant.address_owner(address)
            assert box is not None
            box.name = name
        tenant.reindex()
        tenant.mark_dirty()
    other.exchange("Set-Mailbox", Identity=BILLING, ForwardingAddress=INFO)
    _fail_name_lookups(emulator)
    toms = unplaced_on_billing(web, "forwarding")
    assert _forwarding(toms["lines"]) == []
    assert BILLING in [u["mailbox_address"] for u in toms["unread_rules"]], toms
    assert any("forwarding of Billing" in n and "could not" in n for n in toms["notes"]), toms
