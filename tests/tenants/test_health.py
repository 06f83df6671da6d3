"""The health check against the emulator: each setup mistake shows the right badges and the fix in words."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.tenants.health import HealthReport, capability_refusal, check_tenant, save_report
from mailwarden.testing import RunningEmulator
from mailwarden.workspace import Workspace
from tests.tenants.conftest import emulator_spec

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Case:
    name: str
    switch: tuple[str, bool | int] | None
    badges: dict[str, str]
    fix_words: str | None
    tenant: str | None = None


CASES = [
    Case(
        "healthy",
        None,
        {
            "directory": "green",
            "membership": "green",
            "mailbox": "green",
            "calendar": "green",
            "drift": "green",
        },
        None,
    ),
    Case(
        "no_exchange_consent",
        ("no_exchange_consent", True),
        {"directory": "red", "membership": "red", "mailbox": "red", "calendar": "red", "drift": "green"},
        "Exchange.ManageAsApp",
    ),
    Case(
        "no_exchange_role",
        ("no_exchange_role", True),
        {"directory": "red", "membership": "red", "mailbox": "red", "calendar": "red", "drift": "green"},
        "Assign the Exchange Administrator role",
    ),
    Case(
        "role_propagation",
        ("role_propagation_seconds", 3600),
        {
            "directory": "amber",
            "membership": "amber",
            "mailbox": "amber",
            "calendar": "amber",
            "drift": "green",
        },
        "Waiting for role propagation",
    ),
    Case(
        "wrong_tenant",
        ("wrong_tenant", True),
        {"directory": "red", "membership": "red", "mailbox": "red", "calendar": "red", "drift": "red"},
        "consented in another tenant",
    ),
    Case(
        "expired_secret",
        ("expired_secret", True),
        {"directory": "red", "membership": "red", "mailbox": "red", "calendar": "red", "drift": "red"},
        "client secret has expired",
    ),
    Case(
        "tenant_not_found",
        None,
        {"directory": "red", "membership": "red", "mailbox": "red", "calendar": "red", "drift": "red"},
        "tenant not found",
        tenant="gone.example",
    ),
]


async def _check(emulator: RunningEmulator, tenant_id: str | None = None) -> HealthReport:
    connection = emulator_spec(emulator, tenant=tenant_id).connection()
    async with open_tenant(connection) as clients:
        return await check_tenant(clients, "acme")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_each_setup_mistake_shows_its_badges_and_fix(
    case: Case, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """The switch's capabilities turn red or amber with the fix an admin follows; the others stay green."""
    if case.switch is not None:
        set_switch(tenant, *case.switch)
    report = await _check(emulator, case.tenant)
    assert report.badges == case.badges
    for capability in report.capabilities:
        if capability.badge == "green":
            assert capability.fix is None
        else:
            assert case.fix_words is not None
            assert case.fix_words in (capability.fix or "")
            assert "mailwarden tenant check --tenant acme" in (capability.fix or "")
    assert emulator.client_secret not in report.model_dump_json()


async def test_a_red_capability_refuses_its_writes_with_the_fix(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """With the Exchange role missing, Send As is refused with the fix; reads and list changes are not."""
    set_switch(tenant, "no_exchange_role", True)
    report = await _check(emulator)
    report = report.model_copy(update={"tenant": "acme"})
    save_report(workspace, report)
    refusal = capability_refusal(workspace, "acme", "send_as")
    assert refusal is not None
    assert "Mailbox delegation" in refusal
    assert "Assign the Exchange Administrator role" in refusal
    assert capability_refusal(workspace, "acme", "view_mailbox_permissions") is None
    assert capability_refusal(workspace, "other", "send_as") is None  # never checked: the tenant decides


async def test_a_healthy_tenant_refuses_nothing(
    workspace: Workspace, emulator: RunningEmulator, tenant: TenantState
) -> None:
    """After a green check every write action may go ahead."""
    save_report(workspace, await _check(emulator))
    for action in ("send_as", "distribution_list_membership", "change_primary_alias", "calendar_share"):
        assert capability_refusal(workspace, "acme", action) is None
