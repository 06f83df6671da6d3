"""A settings change whose audit record is interrupted (Ctrl-C while the record is signed or waits on a lock)
is undone like one whose record fails: the store never holds a change the signed log does not tell (red team
86 F1)."""

from __future__ import annotations

import pytest

from mailwarden.tenants.audited import audited_change


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit], ids=["ctrl-c", "exit"])
def test_an_interrupted_audit_undoes_the_change_and_the_interrupt_goes_on(
    interrupt: type[BaseException],
) -> None:
    setting = {"zone": "UTC"}

    def write() -> str:
        setting["zone"] = "Pacific/Kiritimati"
        return "UTC"

    def audit(_: str) -> None:
        raise interrupt()

    def undo(before: str) -> None:
        setting["zone"] = before

    with pytest.raises(interrupt):
        audited_change(write, audit, undo)
    assert setting == {"zone": "UTC"}
