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
from dataclasses import replace

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import excluded, halts
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft
from mailwarden.planner.mentions import Mention
from mailwarden.planner.negation import Ids

__all__ = ["held_done", "may_hold"]

_TARGETS = ("mailbox", "group")
_PEOPLE = ("trustee", "member", "grantee")


def may_hold(text: str) -> bool:
    """Whether `text` says a word every held part's mark holds one of (lexicon NLU120_HOLD_CUE): a request
    with none marks no part held, and its names need not be looked for again (nlu120: every ready request
    paid a second mention pass here)."""
    return lx.NLU120_HOLD_CUE.search(text) is not None


def held_done(
    draft: Draft, text: str, mentions: Iterable[Mention], directory: Directory, requester: Recipient
) -> str:
    """The question to ask when a write step of `draft` does a part `text` marks as held, or does more than
    the one part said to be approved alone; or "". A hold is said of the people its sentence names, when it
    names any the plan changes (excluded.said_of: "Give Tom Sales and hold off on Finance. Give Chris Lee
    Finance." holds Tom's Finance, never Chris's)."""
    mentions = list(mentions)
    things = [m for m in mentions if m.known and not m.pronoun and not m.is_person]
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    ids = Ids(directory, requester)
    things = sorted([*things, *_said_again(text, things, mentions, directory, ids)], key=lambda m: m.start)

    def targets(m: Mention, at: int) -> list[str]:
        return [
            str(s.params[k])
            for s in excluded.said_of(text, at, mentions, writes, ids, _PEOPLE)
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
        after = _held_after(text, m.end)
        before = lx.NLU117_HELD_BEFORE.search(text[max(0, m.start - 44) : m.start])
        if after is not None and targets(m, m.start):
            return lx.NLU117_HELD_ASK.format(said=text[m.start : after.end()].strip())
        if before is not None and targets(m, m.start):
            return lx.NLU117_HELD_ASK.format(said=(before.group(0) + text[m.start : m.end]).strip())
        not_yet = lx.NLU142_NOT_BEFORE.search(text[max(0, m.start - 20) : m.start])
        if not_yet is not None and (yet := lx.NLU142_YET_AFTER.match(text, m.end)) and targets(m, m.start):
            return lx.NLU117_HELD_ASK.format(said=(not_yet.group(0) + text[m.start : yet.end()]).strip())
    for action, right in lx.NLU120_HELD_RIGHTS:
        for found in right.finditer(text):
            after = _held_after(text, found.end())
            said = excluded.said_of(text, found.start(), mentions, writes, ids, _PEOPLE)
            if after and any(s.action == action for s in said):
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
        said = [s for m in approved for s in excluded.said_of(text, m.start, mentions, writes, ids, _PEOPLE)]
        if any(not (ids.of(str(s.params[k])) & allowed) for s in said for k in _TARGETS if s.params.get(k)):
            return lx.NLU117_HELD_ASK.format(
                said=", ".join(m.surface or m.ref for m in approved) + " only approved"
            )
    return ""


def _held_after(text: str, at: int) -> re.Match[str] | None:
    """The held status said right after `at`, unless a system or no one is said to give it ("Billing was
    rejected by the system" is the error the request is about, nothing held: halts reads it so)."""
    after = lx.NLU117_HELD_AFTER.match(text, at)
    if after is None:
        return None
    tail = text[after.end() :]
    return None if lx.NLU100_BY_SYSTEM.match(tail) or lx.NLU100_BY_NO_ONE.match(tail) else after


def _said_again(
    text: str, things: list[Mention], mentions: list[Mention], directory: Directory, ids: Ids
) -> list[Mention]:
    """Each further place `text` names one of `things` that no mention covers, by the same words or by any
    other name the directory knows it by (its display name, alias, address, or its address's local part with
    or without its "@"): the mention pass takes a name that is also a common word ("Finance") only where it
    reads as a name, and a status line's "Finance ⏳" went unseen (red team 68 granted it); "sales@ and
    finance@. Finance approval pending." and "..., drop finance" named the part by another of its names
    (nlu142)."""
    low = text.lower()
    taken = [(m.start, m.end) for m in mentions]
    again: list[Mention] = []
    for word, m in _names_of(text, things, directory, ids).items():
        at = low.find(word)
        while at >= 0:
            end = at + len(word)
            if (
                (at == 0 or not _in_name(low[at - 1]))
                and (end == len(low) or not _in_name(low[end]) or _stop_at(low, end))
                and all(end <= s or at >= e for s, e in taken)
            ):
                again.append(replace(m, start=at, end=end))
                taken.append((at, end))
            at = low.find(word, end)
    return again


def _names_of(text: str, things: list[Mention], directory: Directory, ids: Ids) -> dict[str, Mention]:
    """Every name, lower-cased, by which `text` may say again one of `things`, with the thing it names: the
    words the request used, then each other name the directory knows it by, when that name is its alone."""
    names = {text[m.start : m.end].lower(): m for m in things}
    for m in things:
        found = ids.of(m.ref)
        if len(found) != 1 or (one := directory.get(next(iter(found)))) is None:
            continue
        local = one.primary_address.split("@", 1)[0]
        for name in (one.primary_address, one.display_name, one.alias, local + "@", local):
            if name and (key := name.lower()) not in names and ids.of(name) == found:
                names[key] = m
    return names


def _stop_at(low: str, at: int) -> bool:
    """Whether `low[at]` is a full stop ending its sentence ("... for finance."), no dot inside a name."""
    return low[at] == "." and not low[at + 1 : at + 2].strip()


def _in_name(char: str) -> bool:
    return char.isalnum() or char in lx.NLU120_NAME_CHARS
