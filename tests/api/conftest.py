"""API tests: the app served over HTTP against the session's emulator, each test on a fresh data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.served import ServedApp, served_app


@pytest.fixture
def web(emulator: RunningEmulator, tenant: TenantState, tmp_path: Path) -> Iterator[ServedApp]:
    """The app on a fresh workspace; the tenant is restored to the seed afterwards."""
    with served_app(emulator, tmp_path / "home") as served:
        yield served
