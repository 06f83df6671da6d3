"""Limits a request puts on a right that the right cannot keep.

"Read-only access to the HR mailbox": Exchange has no read-only mailbox right in this product, and Full
Access (the nearest) lets the person change and delete everything. Planning it would give more than was
asked, so the request is not understood, with what can be asked instead. A calendar can be shared read-only
(reviewer); that limit is read by the calendar reader and negation's level cap, not here.
"""

from __future__ import annotations

from collections.abc import Sequence

from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import DraftStep

__all__ = ["unkept_limit"]


def unkept_limit(text: str, steps: Sequence[DraftStep]) -> str | None:
    """Why the plan cannot keep the limit `text` puts on it (a message); None when it can or there is none."""
    low = text.lower()
    said = lx.READ_ONLY_SAID.search(low) or lx.READ_RIGHT_SAID.search(low)
    if not said or lx.READ_ONLY_FITS.search(low):
        return None
    giving = [s for s in steps if s.action != "calendar_share" and ACTIONS[s.action].gives_access(s.change)]
    return lx.READ_ONLY_MAILBOX if giving else None
