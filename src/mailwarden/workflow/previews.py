"""The previews of many steps at once: each group or mailbox read once, however many steps are about it.

`previews(ctx, steps, reader)` is `redact.preview` (or a plain preflight without a reader) for every step,
in order, with the same answers: a step the requester may not view is hidden, a refusal names only what
they may see. Steps of an action that can preview in bulk (`preflight_many`, as group membership has)
share their reads; the others are previewed one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

from mailwarden.actions import WRITE_ACTIONS
from mailwarden.actions.base import ActionContext
from mailwarden.connectors.shared_reads import shared_reads
from mailwarden.errors import MailwardenError
from mailwarden.model.changes import Preflight
from mailwarden.model.steps import Step
from mailwarden.workflow.redact import Reader, as_seen, hidden, may_view

__all__ = ["previews"]


async def previews(
    ctx: ActionContext, steps: Sequence[Step], reader: Reader | None = None
) -> list[Preflight]:
    """The preview of each write step; raises the first error a preview raises, as one at a time would.

    What the previews read is read once for all of them (connectors/shared_reads.py): whether the requester
    may view a mailbox and each step's preflight on it ask Exchange the same questions."""
    with shared_reads():
        return await _previews(ctx, steps, reader)


async def _previews(ctx: ActionContext, steps: Sequence[Step], reader: Reader | None) -> list[Preflight]:
    out: list[Preflight | None] = [None] * len(steps)
    known: dict[tuple[str, str], bool] = {}
    by_action: dict[str, list[int]] = {}
    for i, step in enumerate(steps):
        if reader is not None and not await may_view(reader, step, known):
            out[i] = hidden(step)
        else:
            by_action.setdefault(step.action, []).append(i)
    for action_id, positions in by_action.items():
        action = WRITE_ACTIONS[action_id]
        many = getattr(action, "preflight_many", None)
        if many is not None and len(positions) > 1:
            found: list[Preflight | MailwardenError] = await many(ctx, [steps[i] for i in positions])
        else:
            found = [await action.preflight(ctx, steps[i]) for i in positions]
        for i, result in zip(positions, found, strict=True):
            if isinstance(result, MailwardenError):
                raise result
            out[i] = await as_seen(reader, steps[i], result) if reader is not None else result
    return [p for p in out if p is not None]
