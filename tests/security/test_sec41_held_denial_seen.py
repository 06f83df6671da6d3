"""Security 41, item 2: a drift revert's denial held for a second admin is seen by people, not only in the
audit log: the request (its page, `mailwarden requests show`, the API's view) says "denial by X held: a second
admin must agree, because ...", the other admins who decide it are told through the notifications (once per
admin who denied), and the first denier's `mailwarden requests deny` exits 0 with that message: their vote
is recorded, it is no error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.errors import DenialHeld
from mailwarden.model.requests import RequestState
from mailwarden.notifications.config import NotificationConfig, save_config
from mailwarden.notifications.deliver import deliver_due
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tables import NotificationDeliveryRow
from mailwarden.tenants.credentials import Keyring
from mailwarden.workflow.live_policy import verdict
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Cli
from tests.drift.test_scan import ADMIN
from tests.security import drift_setup
from tests.security.drift_setup import MIKE, SALES, TOM, unattributed_revert
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store
other = drift_setup.other
cli = cli_fixtures.cli

HELD_BY_MIKE = f"denial by {MIKE} held: a second admin must agree, because "


def _keyring(tmp_path: Path) -> Keyring:
    return Keyring.for_home(tmp_path / "home", environ={})


def _notify_by_mail(flow: Flow, tmp_path: Path) -> None:
    directory = flow.ctx.directory
    RecipientCache(flow.service.store).replace_all(TENANT, list(directory), directory.domains)
    config = NotificationConfig(sender="support@acme.com", web_url="https://mailwarden.acme.example")
    save_config(flow.service.store, TENANT, config, keyring=_keyring(tmp_path))


def _held_news(flow: Flow) -> list[tuple[str, str]]:
    with flow.service.store.session() as session:
        rows = session.scalars(
            select(NotificationDeliveryRow).where(NotificationDeliveryRow.event == "denial_held")
        )
        return [(r.channel, r.recipient) for r in rows]


def _inbox(tenant: TenantState, address: str) -> list[dict[str, Any]]:
    owner = tenant.find(address)
    assert owner is not None
    return [i.message for i in tenant.data.mailboxes.get(owner.id, []) if i.folder == "inbox"]


@pytest.mark.anyio
async def test_the_request_says_the_denial_is_held_and_the_other_admin_is_told(
    other: OtherAdmin, flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _notify_by_mail(flow, tmp_path)
    revert = await unattributed_revert(flow, tenant)
    assert flow.service.get(TENANT, revert).held_denials == []

    with pytest.raises(DenialHeld):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "expected")
    view = flow.service.get(TENANT, revert)
    assert view.state is RequestState.PENDING_APPROVAL
    [held] = view.held_denials
    assert (held.admin, held.justification) == (MIKE, "expected")
    assert held.line().startswith(HELD_BY_MIKE + "who made the change this revert undoes is not known")
    assert view.model_dump(mode="json")["held_denials"][0]["admin"] == MIKE  # the API's view says it too
    assert _held_news(flow) == [("email", ADMIN)]  # Grace, who decides it too; never Mike himself

    # Denying again is one admin's vote again: held, and Grace is not told twice.
    with pytest.raises(DenialHeld):
        await verdict(flow.service, flow.live, TENANT, revert, flow.person(MIKE), "deny", "really")
    assert [h.justification for h in flow.service.get(TENANT, revert).held_denials] == ["really"]
    assert _held_news(flow) == [("email", ADMIN)]

    await deliver_due(
        flow.service,
        TENANT,
        graph=flow.ctx.clients.graph,
        keyring=_keyring(tmp_path),
        home=tmp_path / "home",
        clock=flow.clock,
    )
    [mail] = [m for m in _inbox(tenant, ADMIN) if "held" in m["subject"]]
    assert "is held until a second admin agrees" in mail["subject"]
    assert ("D" + HELD_BY_MIKE[1:]) in mail["body"]["content"]

    done = await verdict(flow.service, flow.live, TENANT, revert, flow.person(ADMIN), "deny", "agreed")
    assert done.state is RequestState.DENIED
    assert done.held_denials == []


def test_the_first_deniers_cli_exits_0_and_requests_show_says_it(cli: Cli) -> None:
    code, _, err = cli("drift", "scan")  # the demo tenant, and the drift baseline
    assert code == 0, err
    other = OtherAdmin.of_demo(cli.home)
    other.add_role(MIKE)
    code, _, err = cli("tenant", "discover")
    assert code == 0, err
    code, _, err = cli("drift", "policy", "--set", "granted_outside=propose_revert")
    assert code == 0, err
    set_switch(other.state, "audit_log_lag_seconds", 3600)
    outside_cmdlet(
        other.state, MIKE, "Add-MailboxPermission", Identity=SALES, User=TOM, AccessRights="FullAccess"
    )
    [event] = cli.json("drift", "scan")["events"]  # type: ignore[index]
    revert = str(event["revert_request_id"])

    code, out, err = cli("requests", "deny", revert, "--reason", "expected", "--as", MIKE)
    assert code == 0, err
    assert "denial held:" in out
    assert "Your denial is recorded" in " ".join(out.split())
    assert HELD_BY_MIKE in " ".join(out.split())

    code, out, err = cli("requests", "show", revert, "--as", ADMIN)
    assert code == 0, err
    shown = " ".join(out.split())
    assert "pending approval" in shown
    assert HELD_BY_MIKE + "who made the change this revert undoes is not known" in shown
    shown_json = cli.json("requests", "show", revert, "--as", ADMIN)
    assert [h["admin"] for h in shown_json["held_denials"]] == [MIKE]  # type: ignore[index]

    # A refusal that is no held denial is still an error.
    code, _, err = cli("requests", "deny", revert, "--reason", "no", "--as", TOM)
    assert code != 0
    assert "No request" in err
