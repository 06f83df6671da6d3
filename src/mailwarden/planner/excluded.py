"""What a request sets apart is never what its plan changes (nlu117, red team 68 classes 1 and 2).

"Give Tom full access to all shared mailboxes save HR" granted HR alone; "Support, Sales, Finance, sparing HR"
granted HR with the rest; "Remove everyone from Project Phoenix w/ the exception of Liam" removed Liam. The
words that set something apart are many ("save", "sparing", "w/o", "less", "exception:") and each reading
of them is built for one kind of thing (people, in most); the rule checked here holds for every kind: the
person, mailbox or list named right after such a word is the one the change leaves alone, so a ready plan
that changes it has read the exclusion wrongly, and the request is asked about instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ResolutionError
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.mentions import Mention
from mailwarden.planner.negation import Ids

__all__ = ["all_but", "said_of", "set_apart_changed", "set_apart_team"]

_PEOPLE = ("trustee", "member", "grantee")
_TARGETS = ("mailbox", "group")


def all_but(text: str, directory: Directory, requester: Recipient) -> tuple[str, str]:
    """`text` with "every shared mailbox but X" said as the directory's shared mailboxes but X, and ""; or
    `text` as it was and the question to ask when one set apart is not one shared mailbox, or none is left
    (nlu120: "all shared mailboxes save HR" was asked, "... except HR" not understood)."""
    found = lx.NLU120_ALL_SHARED_BUT.search(text)
    if found is None:
        if (after := lx.NLU125_ALL_SHARED_THEN_APART.search(text)) is not None:
            return text, lx.NLU125_APART_UNREAD_ASK.format(said=after.group(0))
        return text, ""
    # (nlu125: the exclusion is read whole, or asked: "except HR/Finance" and "except HR. Hold Finance."
    # granted Finance)
    ends = lx.NLU125_APART_ENDS.match(text, found.end())
    if (
        ends is None
        or lx.NLU125_APART_ELSEWHERE.search(text[: found.start()] + " " + text[found.end() :])
        or _names_a_mailbox(ends.group("why") or "", directory)
    ):
        return text, lx.NLU125_APART_UNREAD_ASK.format(said=found.group("apart"))
    if lx.NLU117_ONE_MORE_AFTER.match(text, found.end()):
        # ("all shared mailboxes but HR needs approval first": HR may be set apart or only waiting; read as
        # neither, HR alone was granted)
        return text, lx.NLU120_APART_CLAUSE_ASK.format(said=found.group("apart"))
    apart: set[str] = set()
    for item in lx.NLU120_APART_JOIN.split(found.group("apart")):
        which = lx.NLU120_APART_ITEM_LEAD.sub("", item)
        try:
            box = resolve(directory, which, requester=requester)
        except ResolutionError:  # (none, or several: an AmbiguousRecipient is one)
            box = None
        if box is None or box.kind != RecipientKind.SHARED_MAILBOX:
            return text, lx.NLU120_APART_NOT_ONE_ASK.format(which=which)
        apart.add(box.recipient_id)
    # (a mailbox hidden from the address lists is never offered by name, nor made one of a set said whole)
    left = [
        r.primary_address
        for r in directory
        if r.kind == RecipientKind.SHARED_MAILBOX and not r.hidden and r.recipient_id not in apart
    ]
    if not left:
        return text, lx.NLU120_APART_NONE_LEFT_ASK.format(said=found.group("apart"))
    comma, last = lx.NLU120_LIST_JOIN
    said = last.join(filter(None, (comma.join(left[:-1]), left[-1])))
    return text[: found.start()] + said + text[found.end() :], ""


def _names_a_mailbox(why: str, directory: Directory) -> bool:
    """Whether the reason said after the list (`why`, "he's joining support") names a shared mailbox other
    than as the team someone joins: "she's done with finance" may set it apart too (nlu131)."""
    if not why:
        return False
    low = why.casefold()
    for r in directory:
        if r.kind != RecipientKind.SHARED_MAILBOX:
            continue
        for name in {r.display_name, r.primary_address.split("@", 1)[0], *filter(None, [r.alias])}:
            for at in re.finditer(rf"(?<![\w@.-]){re.escape(name.casefold())}(?![\w@-])", low):
                if not lx.NLU131_REASON_JOINS_BEFORE.search(low[: at.start()]):
                    return True
    return False


def set_apart_team(text: str) -> str:
    """The question to ask when `text` sets people apart by whose team they are ("except Emma's team"),
    or ""."""
    found = lx.NLU117_SET_APART_TEAM.search(text)
    return "" if found is None else lx.NLU117_SET_APART_TEAM_ASK.format(said=found.group(0))


def set_apart_changed(
    draft: Draft, text: str, mentions: Iterable[Mention], directory: Directory, requester: Recipient
) -> str:
    """The question to ask when a write step of `draft` changes something `text` names right after a word
    that sets it apart, or ""."""
    known = sorted(
        (m for m in mentions if m.known and not m.pronoun and m.ref != "me"), key=lambda m: m.start
    )
    apart: list[Mention] = []
    for cue in lx.NLU117_SET_APART.finditer(text):
        if cue.group(0).lower().startswith("but") and not (
            lx.NLU117_WHOLE_SET_BEFORE.search(text[: cue.start()]) or _ends_clause(text, cue.end(), known)
        ):
            continue
        if cue.group(0).lower().startswith(("without", "w/o")) and lx.NLU117_NEEDED_WITHOUT.search(
            text[: cue.start()]
        ):
            continue
        at = cue.end()
        for m in known:
            if m.start < at:
                continue
            if m.start != at:
                break
            if lx.NLU117_ONE_MORE_AFTER.match(text, m.end):
                break
            apart.append(m)
            join = lx.NLU117_SET_APART_JOIN.match(text, m.end)
            at = m.end if join is None else join.end()
    if not apart:
        return ""
    ids = Ids(directory, requester)
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    for m in apart:
        if ids.unsure(m.ref):
            continue
        # (a person set apart is one who would gain or lose, never the owner of what others are given:
        # "every member of Finance full access to Christine's mailbox, except Christine")
        params = _PEOPLE if m.is_person else _TARGETS
        said = said_of(text, m.start, known, writes, ids, _TARGETS if m.is_person else _PEOPLE)
        if any(ids.of(m.ref) & ids.of(str(s.params[k])) for s in said for k in params if s.params.get(k)):
            return lx.NLU117_SET_APART_ASK.format(said=m.surface or m.ref)
    return ""


def said_of(
    text: str, at: int, known: Iterable[Mention], writes: list[DraftStep], ids: Ids, sides: tuple[str, ...]
) -> list[DraftStep]:
    """The steps of `writes` what is said at `at` may be of: an exclusion or a hold is said of the people
    (`sides`: or the things) its sentence names, so a step for someone named only in another sentence is
    none of its ("Give Tom full access to Sales, sparing Finance. Chris Lee needs Finance." asked Chris's
    Finance; nlu120). A sentence naming none of the steps' people is said of them all, and so is a step for
    someone named nowhere but there (or nowhere at all)."""
    start = end = 0
    for bound in lx.NLU120_SENTENCE_BOUND.finditer(text):
        if bound.end() <= at:
            start = bound.end()
        else:
            end = bound.start()
            break
    else:
        end = len(text)
    inside: set[str] = set()
    outside: set[str] = set()
    for m in known:
        if m.known and not m.pronoun and m.ref != "me":
            (inside if start <= m.start < end else outside).update(ids.of(m.ref))

    def named(step: DraftStep, among: set[str]) -> bool:
        return any(ids.of(str(step.params[k])) & among for k in sides if step.params.get(k))

    if not any(named(s, inside) for s in writes):
        return writes
    return [s for s in writes if named(s, inside) or not named(s, outside)]


def _ends_clause(text: str, at: int, known: list[Mention]) -> bool:
    """Whether the mention at `at` is the last word of its clause ("..., but Support." sets it apart)."""
    m = next((m for m in known if m.start == at), None)
    if m is None:
        return False
    return not text[m.end :].lstrip(" \t)").strip() or text[m.end :].lstrip(" \t)")[:1] in ".;!\n"
