"""Red team 67 F3: sec66 walks the chain for a customer's `/audit` verification only when its head moved, to
end the cost of a walk per page load and what its time told about the installation's size. The walk now
happens on the first load after *anyone's* record, so its time is an oracle: a customer's admin polling
`GET /api/v1/audit/verify` sees ~1 ms while no tenant writes and a whole-chain walk (measured: 80 ms at 1,000
records, 640 ms at 10,000, 2.2 s at 30,000) the first time after another tenant wrote, which tells when others
are active; and any write of their own (a review evidence export appends one) forces the walk at will, whose
time still gives the installation's size, and costs the installation that walk each time."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.audit import AuditLog
from mailwarden.emulator.state import TenantState
from mailwarden.testing import RunningEmulator
from tests.api.test_redteam19_customer_overview import _customer_server
from tests.api.test_rt58_audit_verify_per_customer import others_records


def test_another_tenants_write_does_not_change_what_a_customers_verify_costs(
    emulator: RunningEmulator, tenant: TenantState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[int] = []
    real = AuditLog._walk  # every walk of the whole chain, `verify`'s and a customer's

    def counted(self: AuditLog, *args: object) -> object:
        walks.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(AuditLog, "_walk", counted)
    with _customer_server(emulator, tmp_path / "home", {}) as web:
        others_records(web.workspace, 5)
        grace = web.sign_in("grace.hopper@acme.com")
        assert grace.get("/api/v1/audit/verify").status_code == 200
        walks.clear()
        assert grace.get("/api/v1/audit/verify").status_code == 200
        quiet = len(walks)
        # (a quiet load walks nothing: compared with itself, a walk on every load passed too)
        assert quiet == 0, "a customer's load with nothing new walked the whole chain"
        others_records(web.workspace, 1)  # initech does something
        assert grace.get("/api/v1/audit/verify").status_code == 200
        assert len(walks) - quiet == quiet, "the customer's load after initech's write walked the chain"
