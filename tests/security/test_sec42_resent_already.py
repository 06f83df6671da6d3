"""A write answered "already so" is the tenant's state before it only when the answer is to its first send
(red team 43, sec42).

The first send of a write answered "already present" / "the ACE doesn't exist" says the tenant was so before
it: the step is "already" (red team 43's own tests: no undo takes away what another admin gave nor gives
back what another admin took). An answer to a RESEND (the connector sent the write again after its first
answer was lost, and that first try may have been carried out) cannot say whose doing it is, and is read
toward less access: a grant so answered is recorded as ours (its undo takes it away), a revoke so answered
is "already" (no undo gives the access back). Here the first answer is lost after Exchange carried the write
out (`faults.drop("exchange", after_processing=True)` set just before the write), driven over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.connectors.exchange import ExchangeClient
from mailwarden.emulator.state import TenantState
from mailwarden.errors import NotPermitted
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import MailboxDelegation
from mailwarden.workflow.requests import advance
from tests.conftest import RunningEmulator
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow
from tests.workflow.test_redteam12_undo_over_an_end import _undo
from tests.workflow.test_write_by_object_id import ADMIN, _filed

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

BILLING, SUPPORT, TOM = "billing@acme.com", "support@acme.com", "tom.becker@acme.com"


def _holds(tenant: TenantState, mailbox: str) -> bool:
    other = OtherAdmin(tenant)
    box = tenant.get(other.id_of(mailbox))
    assert box is not None
    return any(g.trustee_id == other.id_of(TOM) for g in box.full_access)


def _writes(tenant: TenantState, since: int, cmdlet: str) -> int:
    return sum(1 for e in tenant.data.journal[since:] if e.operation == cmdlet)


@pytest.fixture
def answer_lost(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The next Add-/Remove-MailboxPermission is carried out and its answer lost (the connector resends)."""
    for name in ("add_mailbox_permission", "remove_mailbox_permission"):
        real = getattr(ExchangeClient, name)

        def dropping(self: ExchangeClient, *args: object, _real: object = real, **kwargs: object) -> object:
            emulator.faults.drop("exchange", after_processing=True)
            return _real(self, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(ExchangeClient, name, dropping)
    yield
    emulator.faults.reset()


async def _run(flow: Flow, step: MailboxDelegation) -> tuple[str, str]:
    view = await _filed(flow, ADMIN, step)
    done = await advance(flow.service, flow.ctx, TENANT, view.request_id, check=flow.check)
    return done.steps[0].status, view.request_id


async def _undo_it(flow: Flow, request_id: str) -> None:
    undoing = await _undo(flow, request_id, who=ADMIN)
    if undoing.state is RequestState.APPROVED:
        await advance(flow.service, flow.ctx, TENANT, undoing.request_id, check=flow.check)


async def test_a_grant_whose_answer_was_lost_is_ours_and_its_undo_takes_it_away(
    flow: Flow, tenant: TenantState, answer_lost: None
) -> None:
    assert not _holds(tenant, BILLING)
    start = len(tenant.data.journal)
    status, request_id = await _run(flow, MailboxDelegation(change="grant", mailbox=BILLING, trustee=TOM))
    assert _writes(tenant, start, "Add-MailboxPermission") == 1  # the resend changed nothing more
    assert _holds(tenant, BILLING)
    assert status == "applied", "the resend's 'already present' was Grace's own grant, recorded as none"
    await _undo_it(flow, request_id)
    assert not _holds(tenant, BILLING), "the undo left the Full Access Grace's request gave"


async def test_a_revoke_whose_answer_was_lost_is_already_and_no_undo_gives_it_back(
    flow: Flow, tenant: TenantState, answer_lost: None
) -> None:
    assert _holds(tenant, SUPPORT)
    start = len(tenant.data.journal)
    status, request_id = await _run(flow, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee=TOM))
    assert _writes(tenant, start, "Remove-MailboxPermission") == 1
    assert not _holds(tenant, SUPPORT)
    # Whose removal the resend met cannot be told: toward less access, nothing an undo gives back.
    assert status == "already", status
    with pytest.raises(NotPermitted):
        await _undo_it(flow, request_id)
    assert not _holds(tenant, SUPPORT)


async def test_the_connector_says_which_answer_came_to_a_resend(
    ctx: ActionContext, tenant: TenantState, emulator: RunningEmulator
) -> None:
    exchange = ctx.clients.exchange
    first = await exchange.add_mailbox_permission(SUPPORT, TOM)  # Tom holds it: the first send says so
    assert first.warnings
    assert not first.resent
    emulator.faults.drop("exchange", after_processing=True)
    again = await exchange.add_mailbox_permission(BILLING, TOM)  # carried out, answer lost, sent again
    assert _holds(tenant, BILLING)
    assert again.warnings, "the resend met the first try's own grant"
    assert again.resent
    emulator.faults.reset()
    fresh = await exchange.remove_mailbox_permission(BILLING, TOM)
    assert not fresh.resent
    assert not fresh.warnings
