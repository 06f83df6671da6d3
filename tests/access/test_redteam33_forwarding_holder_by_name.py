"""Red team 33: the access view names the mailbox a ForwardingAddress prints by its Exchange Name.

Exchange prints ForwardingAddress as the Name of the target. info@'s Name is 'Tom Becker' (the CN it kept
from the on-premises account it was converted from), which is Tom's display name too: the access view
placed the printed Name with `identify` (display name) and showed Tom receiving billing@'s mail, hid
info@ (and whoever info@ hands the mail on to), and told Tom's reviewer he gets mail he does not get."""

from __future__ import annotations

from mailwarden.emulator.state import TenantData, TenantState
from tests.access.test_reviews_cli import ADMIN, TOM, run_json
from tests.access.test_sec25_rule_forwarding_grants import BILLING, _access, _outside
from tests.cli.conftest import Cli

INFO = "info@acme.com"


def _name_mailbox(cli: Cli, address: str, name: str) -> None:
    state = TenantState.load_or_create(
        cli.home / "emulator" / "tenant.json", lambda: TenantData.model_validate({})
    )
    with state.transaction():
        box = state.address_owner(address)
        assert box is not None
        box.name = name
        state.reindex()
        state.mark_dirty()


def _forwarding(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line["grant"] for line in lines if line["grant"]["kind"] == "forwarding"]  # type: ignore[index]


def test_the_control_forwarding_to_a_mailbox_named_apart_names_it(cli: Cli) -> None:
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _name_mailbox(cli, INFO, "Info desk 2019")
    _outside(cli, "Set-Mailbox", Identity=BILLING, ForwardingAddress=INFO)
    [shown] = _forwarding(_access(cli, "--mailbox", BILLING))
    assert shown["holder_address"] == INFO, shown


def test_forwarding_to_a_mailbox_whose_name_is_another_persons_display_name(cli: Cli) -> None:
    run_json(cli, "reviews", "list", "--as", ADMIN)
    _name_mailbox(cli, INFO, "Tom Becker")
    _outside(cli, "Set-Mailbox", Identity=BILLING, ForwardingAddress=INFO)
    [shown] = _forwarding(_access(cli, "--mailbox", BILLING))
    assert shown["holder_address"] == INFO, shown
    assert _forwarding(_access(cli, "--person", TOM)) == []
