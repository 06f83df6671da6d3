"""Shared fixtures of the attack suite: the demo tenant (the session's emulator, restored after each test)
on a fresh data folder, and sessions acting as any of its people through the CLI's own `acting`.

    demo.session("john@acme.com")   -> the workflow Session the CLI builds for `--as john@acme.com`
    demo.state                      -> the emulator's TenantState (compare it before and after an attack)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mailwarden.cli.session import acting
from mailwarden.connectors.connection import TenantClients, TenantConnection
from mailwarden.connectors.retry import RetryPolicy
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.session import Session
from mailwarden.workspace import DEMO_TENANT, Workspace
from tests.conftest import emulator_connection

QUICK_RETRIES = RetryPolicy(base_delay=0.01, max_delay=0.05)
"""The default policy's tries, each wait short (the default waits out ~15 s of backoff a call that fails
every time, up to 30 s a wait)."""


def quick_retries(clients: TenantClients, monkeypatch: pytest.MonkeyPatch) -> None:
    """The connectors retry as many times as by default, without waiting out the backoff: for an attack on
    what a call that gave up (or failed then answered) leads to, where how long it waited asserts nothing.
    `monkeypatch.undo()` gives the default policy back."""
    for client in (clients.exchange, clients.graph):
        monkeypatch.setattr(client, "_policy", QUICK_RETRIES)


@dataclass
class Demo:
    """The demo tenant as an attacker with the CLI reaches it: one workspace, a session per person."""

    workspace: Workspace
    connection: TenantConnection
    state: TenantState
    stack: contextlib.AsyncExitStack
    sessions: dict[str, Session] = field(default_factory=dict)

    async def session(self, address: str) -> Session:
        """The session `--as address` gets (opened once per person and kept for the test)."""
        if address not in self.sessions:
            self.sessions[address] = await self.stack.enter_async_context(
                acting(self.workspace, self.connection, DEMO_TENANT, address, catch_up=False)
            )
        return self.sessions[address]


@pytest.fixture
async def demo(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> AsyncIterator[Demo]:
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(tmp_path / "home")}))
    try:
        async with contextlib.AsyncExitStack() as stack:
            yield Demo(workspace, emulator_connection(emulator), tenant, stack)
    finally:
        workspace.close()
