"""A ready plan must do the whole of what the request asks, and nothing it says to keep (nlu132, red team 71
classes 7 and 10). Each check here finds a wording the readers did not carry into the plan, and makes the
request a question: a plan that takes a right the text says is still needed removes what was meant to stay,
and a plan that leaves out a removal or a target the text asked looks done when it is not."""

from __future__ import annotations

import re

from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft, DraftStep

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


def kept_need_taken(text: str, draft: Draft) -> str | None:
    """ "Revoke Liam's full access to sales@ - he only needs send on behalf now": the removal of the right
    said to be needed still, or None."""
    taking = any(_takes(s) for s in draft.steps)
    for found in lx.NLU132_KEPT_NEED.finditer(text):
        action = _right_action(found.group("right"))
        said = found.group(0).strip()
        if any(s.action == action and _takes(s) for s in draft.steps) or (
            # ("Remove Tom's send as on support@; he still needs full access there": what he still has is
            # kept as it is, never granted again beside the removal)
            taking
            and lx.NLU132_STILL_HELD.search(said)
            and any(s.action == action and ACTIONS[s.action].gives_access(s.change) for s in draft.steps)
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
