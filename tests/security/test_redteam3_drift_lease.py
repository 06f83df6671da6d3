"""Red team 3: a drift scan that outran its lease (another scan took the tenant after it ran out) must not,
when it finally ends, free the lease the other scan now holds: a third scan would run beside it and
record every change twice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from mailwarden.drift.lease import ScanRunning, scan_lease
from mailwarden.store.db import Store
from mailwarden.store.tables import DriftSettingsRow
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT

store = workflow_fixtures.store


def _run_out(store: Store) -> None:
    with store.session() as session:
        session.execute(
            update(DriftSettingsRow)
            .where(DriftSettingsRow.tenant_key == TENANT)
            .values(scan_lease_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )


def test_a_scan_that_outran_its_lease_leaves_the_next_scans_lease_alone(store: Store) -> None:
    slow = scan_lease(store, TENANT)
    slow.__enter__()
    _run_out(store)
    nxt = scan_lease(store, TENANT)
    nxt.__enter__()  # the lease ran out: the next scan takes the tenant
    slow.__exit__(None, None, None)
    with pytest.raises(ScanRunning), scan_lease(store, TENANT):
        pass
    nxt.__exit__(None, None, None)
    with scan_lease(store, TENANT):
        pass
