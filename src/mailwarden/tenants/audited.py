"""A change of a tenant's settings that cannot be audited does not happen: `audited_change` writes it, records
it in the audit log, and puts back what was there when the record fails (the error goes on), so the store
never holds a change the signed log does not tell (the Exchange hosts, the time zone, the policy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

__all__ = ["audited_change"]

Done = TypeVar("Done")
Told = TypeVar("Told")


def audited_change(
    write: Callable[[], Done], audit: Callable[[Done], Told], undo: Callable[[Done], object]
) -> tuple[Done, Told]:
    """`write()`, then `audit(written)`; when the audit raises, `undo(written)` puts back what was there
    and the audit's error is raised. What the write and the audit returned."""
    written = write()
    try:
        told = audit(written)
    except BaseException:
        # BaseException too: a Ctrl-C (or a cancelled task) while the record is being signed or waits on a
        # lock must not leave the change in force with no record of it (red team 86 F1)
        undo(written)
        raise
    return written, told
