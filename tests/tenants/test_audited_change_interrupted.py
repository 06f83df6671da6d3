"""A settings change whose audit record is interrupted (Ctrl-C while the record is signed or waits on a lock)
does not happen, as one whose record fails: the setting is written in the record's own transaction, so the
store never holds a change the signed log does not tell (red team 86 F1)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from mailwarden.audit.chain import AuditLog
from mailwarden.tenants.audited import audited_change
from mailwarden.workspace import DEMO_TENANT, Workspace


def _zone_set(workspace: Workspace, zone: str, **options: Any) -> tuple[None, Any]:
    """Set the demo tenant's time zone as `tenant time-zone` does, audited."""
    before, after = workspace.tenants.with_time_zone(DEMO_TENANT, zone)

    def write(session: Session) -> None:
        workspace.tenants.write_time_zone(session, after, was=before.time_zone)

    return audited_change(
        workspace.audit,
        write,
        tenant=DEMO_TENANT,
        event="tenant.time_zone_set",
        actor="admin",
        before={"time_zone": before.time_zone},
        after={"time_zone": after.time_zone},
        **options,
    )


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit], ids=["ctrl-c", "exit"])
def test_an_interrupted_audit_leaves_the_setting_and_the_log_as_they_were_and_the_interrupt_goes_on(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, interrupt: type[BaseException]
) -> None:
    before = workspace.tenant_record(DEMO_TENANT)  # (the demo tenant registered)
    head = workspace.audit.head()
    written: list[str] = []

    def interrupted(*_: Any) -> None:
        # the setting is written by now (in the record's transaction), the checkpoint is being signed
        written.append("yes")
        raise interrupt()

    monkeypatch.setattr(AuditLog, "_write_checkpoint", staticmethod(interrupted))
    with pytest.raises(interrupt):
        _zone_set(workspace, "Pacific/Kiritimati", checkpoint=True)
    monkeypatch.undo()
    assert written, "interrupted after the write, before the commit"
    assert workspace.tenant_record(DEMO_TENANT).time_zone == before.time_zone
    assert workspace.audit.head() == head


def test_the_change_and_its_record_are_committed_together(workspace: Workspace) -> None:
    workspace.tenant_record(DEMO_TENANT)  # the demo tenant registered
    written, record = _zone_set(workspace, "Pacific/Kiritimati")
    assert written is None
    assert record.event == "tenant.time_zone_set"
    assert workspace.tenant_record(DEMO_TENANT).time_zone == "Pacific/Kiritimati"
