"""A preview's "already so" is as read, and reads lag writes (sec39).

Exchange Online and Entra replicate: a right granted a second ago is not in the reads yet. So a step that
takes access away is never closed on its preview's "already": it is sent, and only the tenant's answer to
it says "already" (executor, sec36). A step that gives access and reads as already so is closed unwritten
(nothing is widened by that), and every channel shows it as read. Kept free of the request service so that
planning (the CLI's `plan`) imports only this.
"""

from __future__ import annotations

from mailwarden.model.changes import Change, Preflight
from mailwarden.model.steps import TAKING, Step

__all__ = ["ALREADY_AS_READ", "SENT_ANYWAY", "TAKING", "closes_as_read"]

ALREADY_AS_READ = (
    "As the tenant reads now, it is already as asked, so nothing would be written "
    "(reads can lag a change made in the last minutes)."
)
"""What a preview read as already so says: it is as read, and reads lag."""

SENT_ANYWAY = (
    "Reads show nothing to take away, but they can lag a change made moments ago: it is sent all the same, "
    "and the tenant's answer says whether anything was there."
)
"""What a preview of a step taking access away that reads as already so says (it is not closed unsent)."""


def closes_as_read(step: Step, preview: Preflight) -> bool:
    """Whether the step is closed as "already" at submission, never sent: its preview read the tenant as
    already so and it does not take access away (see the module)."""
    return isinstance(preview, Change) and preview.already and step.change not in TAKING
