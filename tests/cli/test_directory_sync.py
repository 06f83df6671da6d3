"""Each command catches the cached directory up with the tenant (Graph delta) when it is older than
MAILWARDEN_DIRECTORY_SYNC_SECONDS."""

from __future__ import annotations

import time

import pytest

from mailwarden.emulator.seed import acme
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.cli.conftest import Cli

ALL_SALES = "526f9339-4221-5b6b-a5c4-6303c6119668"
JOHN = "5f949081-2c0a-5c9b-af69-87633d4fd64b"


def _cached_members(cli: Cli) -> tuple[str, ...]:
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(cli.home)}))
    try:
        group = workspace.directory(DEMO_TENANT).get(ALL_SALES)
        assert group is not None
        return group.members
    finally:
        workspace.close()


def test_a_command_catches_up_with_a_member_removed_elsewhere(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member removed from a list outside mailwarden is gone from the cache after the next command."""
    monkeypatch.setenv("MAILWARDEN_DIRECTORY_SYNC_SECONDS", "0.01")
    cli.json("view", "shared-mailboxes")
    assert JOHN in _cached_members(cli)
    state = TenantState.load_or_create(cli.home / "emulator" / "tenant.json", lambda: acme(0, 0, 0))
    with state.transaction():
        group = state.get(ALL_SALES)
        assert group is not None
        group.members.remove(JOHN)
        state.mark_dirty()
    time.sleep(0.05)
    cli.json("view", "shared-mailboxes")
    assert JOHN not in _cached_members(cli)
