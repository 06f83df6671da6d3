"""A ready plan must do the whole of what the request asks, and nothing it says to keep (nlu132, red team 71
classes 7 and 10). Each check here finds a wording the readers did not carry into the plan, and makes the
request a question: a plan that takes a right the text says is still needed removes what was meant to stay,
and a plan that leaves out a removal or a target the text asked looks done when it is not."""

from __future__ import annotations

import re

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ResolutionError
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.mentions import Mention

# the right a kept-need names, as the action that holds it
_RIGHT_ACTION = {
    "full": "mailbox_delegation",
    "send as": "send_as",
    "send on": "send_on_behalf",
    "sob": "send_on_behalf",
}
# how many each wording says the change is for
_HOW_MANY = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
_PARTIES = ("trustee", "member", "grantee", "group", "mailbox", "owner", "recipient", "person")


def _takes(step: DraftStep) -> bool:
    description = ACTIONS[step.action]
    return description.kind == "write" and not description.gives_access(step.change)


def _right_action(said: str) -> str:
    words = re.sub(r"[\s-]+", " ", said.lower())
    if words.startswith("send on") or words == "sob":
        return _RIGHT_ACTION["send on"]
    return _RIGHT_ACTION["full" if words.startswith("full") else "send as"]


def _address(ref: str, directory: Directory, requester: Recipient | str) -> str | None:
    """The primary address `ref` resolves to; None when it names no one, or several."""
    try:
        return resolve(directory, ref, requester=requester).primary_address
    except ResolutionError:
        return None


def _named_in(
    start: int, end: int, mentions: list[Mention], directory: Directory, requester: Recipient | str
) -> set[str]:
    """The addresses the mentions between `start` and `end` resolve to (names that resolve to no one, or
    to several, are left out: they cannot tell a kept need from another)."""
    named = (
        _address(m.ref, directory, requester)
        for m in mentions
        if not m.pronoun and start <= m.start and m.end <= end
    )
    return {a for a in named if a}


def _about_step(
    step: DraftStep, who: set[str], where: set[str], directory: Directory, requester: Recipient | str
) -> bool:
    """Whether a kept need whose clause names `who` before the right and `where` after it may be about
    `step` ("Christine should have full access to billing@ instead of Mike": Christine's need, not Mike's
    revoke; "He should keep full access to Finance": not the revoke on Billing)."""

    def party(*keys: str) -> str | None:
        ref = next((str(step.params[k]) for k in keys if step.params.get(k)), "")
        return _address(ref, directory, requester) if ref else None

    return (not who or party("trustee", "member", "grantee") in who) and (
        not where or party("mailbox", "group", "owner") in where
    )


def kept_need_taken(
    text: str, draft: Draft, mentions: list[Mention], directory: Directory, requester: Recipient | str
) -> str | None:
    """ "Revoke Liam's full access to sales@ - he only needs send on behalf now": the removal of the right
    said to be needed still, or None. A kept need that names its person or mailbox holds only for steps of
    that person and mailbox."""
    # ("- send as is still needed by him": the same need said in the passive, its person after it; nlu143)
    for found in (*lx.NLU132_KEPT_NEED.finditer(text), *lx.NLU143_KEPT_NEED_PASSIVE.finditer(text)):
        action = _right_action(found.group("right"))
        said = found.group(0).strip()
        stop = lx.NLU132_KEPT_NEED_CLAUSE_END.search(text, found.end())
        by = "by" in found.re.groupindex and found.group("by")
        who = (
            _named_in(found.start("by"), found.end("by"), mentions, directory, requester)
            if by
            else _named_in(found.start(), found.start("right"), mentions, directory, requester)
        )
        where = _named_in(found.end(), stop.start() if stop else len(text), mentions, directory, requester)
        about = [s for s in draft.steps if _about_step(s, who, where, directory, requester)]
        if by and any(s.action == action and ACTIONS[s.action].gives_access(s.change) for s in about):
            # ("...; send as is still needed by Liam": what Liam holds still, told; never granted to him;
            # nlu148, red team 76)
            return lx.NLU148_KEPT_NEED_GRANTED_ASK.format(right=ACTIONS[action].label, said=said)
        taking = any(_takes(s) for s in about)
        if any(s.action == action and _takes(s) for s in about) or (
            # ("Remove Tom's send as on support@; he still needs full access there": what he still has is
            # kept as it is, never granted again beside the removal)
            taking
            and lx.NLU132_STILL_HELD.search(said)
            and any(s.action == action and ACTIONS[s.action].gives_access(s.change) for s in about)
        ):
            return lx.NLU132_KEPT_NEED_ASK.format(right=ACTIONS[action].label, said=said)
    return None


def removal_dropped(text: str, draft: Draft) -> str | None:
    """ "What's the reason Liam has full access to hr@? Remove it.", "..., so take him off": a removal asked
    outright, with no step of the plan taking anything away; or None."""
    if any(_takes(s) for s in draft.steps):
        return None
    if (found := lx.NLU132_REMOVAL_ASKED.search(text)) is None:
        return None
    return lx.NLU132_REMOVAL_ASKED_ASK.format(said=found.group("verb"))


def one_of_many(text: str, draft: Draft) -> str | None:
    """ "Noah is on all-sales and project-phoenix. Remove him from both.": the change said for each of
    several, planned for fewer; or None."""
    if (found := lx.NLU132_EACH_OF_THEM.search(text)) is None:
        return None
    said = found.group("all").lower()
    many = next((n for word, n in _HOW_MANY.items() if word in said), 2)
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    # ("send as and full access on sales@ - on both": two rights are as many as two parties)
    widest = max(
        [len({s.action for s in writes})]
        + [len({str(s.params[k]).lower() for s in writes if s.params.get(k)}) for k in _PARTIES]
    )
    if widest >= many:
        return None
    return lx.NLU132_EACH_OF_THEM_ASK.format(said=found.group(0).strip())
