"""A part of the request said to be held is never done (nlu117, red team 68 class 3).

The status readings (halts.py) drop a held part in the shapes they know; red team 68 found the part granted
when the status came in others: an "Approval:" field ("Sales approved; Finance pending"), a numbered update
("UPDATE 2: Finance withdrawn too"), a chat aside ("nvm on sales, thx"), an unticked box ("- [ ] Sales"), a
right held rather than a mailbox ("send as pending"), or one part said to be the only one approved ("Mike
signed off on Finance only"). The rule checked here holds whatever the shape: a mailbox, list or right named
with a held status right beside it, or a plan doing more than the one part said to be approved alone, is
asked about, never done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import halts
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft
from mailwarden.planner.mentions import Mention
from mailwarden.planner.negation import Ids

__all__ = ["held_done"]

_TARGETS = ("mailbox", "group")


def held_done(
    draft: Draft, text: str, mentions: Iterable[Mention], directory: Directory, requester: Recipient
) -> str:
    """The question to ask when a write step of `draft` does a part `text` marks as held, or does more than
    the one part said to be approved alone; or ""."""
    things = [m for m in mentions if m.known and not m.pronoun and not m.is_person]
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    ids = Ids(directory, requester)

    def targets(m: Mention) -> list[str]:
        return [
            str(s.params[k])
            for s in writes
            for k in _TARGETS
            if s.params.get(k) and ids.of(m.ref) & ids.of(str(s.params[k]))
        ]

    taken_back = halts.struck_taken_back(text)
    for m in things:
        if any(start <= m.start < end for start, end in taken_back):
            continue  # ("NVM Sales. Actually, do both.": the request's own correction lifts it)
        if any(
            n.start > m.end
            and ids.of(n.ref) & ids.of(m.ref)
            and lx.NLU117_HOLD_LIFTED_AFTER.match(text, n.end)
            for n in things
        ):
            continue  # (held, then said again as back on or approved: the later word stands)
        after = lx.NLU117_HELD_AFTER.match(text, m.end)
        before = lx.NLU117_HELD_BEFORE.search(text[max(0, m.start - 30) : m.start])
        if after is not None and targets(m):
            return lx.NLU117_HELD_ASK.format(said=text[m.start : after.end()].strip())
        if before is not None and targets(m):
            return lx.NLU117_HELD_ASK.format(said=(before.group(0) + text[m.start : m.end]).strip())
    for action, right in lx.NLU117_HELD_RIGHTS:
        for found in re.finditer(rf"(?<![\w-])(?:{right})(?![\w-])", text, re.IGNORECASE):
            after = lx.NLU117_HELD_AFTER.match(text, found.end())
            if after and any(s.action == action for s in writes):
                return lx.NLU117_HELD_ASK.format(said=text[found.start() : after.end()].strip())
    approved = [
        m
        for m in things
        if (
            lx.NLU117_APPROVED_BEFORE.search(text[max(0, m.start - 30) : m.start])
            and lx.NLU117_ONLY_AFTER.match(text, m.end)
        )
        or (
            lx.NLU117_ONLY_BEFORE.search(text[max(0, m.start - 12) : m.start])
            and lx.NLU117_APPROVED_AFTER.match(text, m.end)
        )
    ]
    if approved:
        allowed = frozenset().union(*(ids.of(m.ref) for m in approved))
        if any(not (ids.of(str(s.params[k])) & allowed) for s in writes for k in _TARGETS if s.params.get(k)):
            return lx.NLU117_HELD_ASK.format(
                said=", ".join(m.surface or m.ref for m in approved) + " only approved"
            )
    return ""
