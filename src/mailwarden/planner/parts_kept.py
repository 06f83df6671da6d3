"""Every part of the request kept, and ends that start later asked (nlu144). Each check here finds a wording
the readers did not carry into the plan whole, and makes the request a question: a plan that leaves out a
part asked looks done when it is not, one that reads a later period's length from today ends on a day no one
said, and one that takes a person's permissions off a list by membership guesses which was meant."""

from __future__ import annotations

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ResolutionError
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft, DraftStep

# the actions that act on what someone holds on a mailbox or a calendar (a list's membership is not one)
_HOLDINGS = frozenset({"mailbox_delegation", "send_as", "send_on_behalf", "calendar_share"})


def _kind(ref: str, directory: Directory, requester: Recipient) -> RecipientKind | None:
    try:
        return resolve(directory, ref, requester=requester).kind
    except ResolutionError:
        return None


def _writes(draft: Draft) -> list[DraftStep]:
    return [s for s in draft.steps if ACTIONS[s.action].kind == "write"]


def mailbox_part_dropped(text: str, draft: Draft, directory: Directory, requester: Recipient) -> str | None:
    """ "Cancel the forwarding on billing@ and on her mailbox" (no "her" named), "remove Emma's access to
    Ava's calendar and her mailbox": a person's mailbox named by a possessive, and no step of the plan acts
    on a mailbox (on a person's, for a he/she/they); the question, or None."""
    writes = _writes(draft)
    if not writes:
        return None
    # (a primary address set is on the recipient's own mailbox: "... take mike.smith@ off his mailbox")
    boxes = [str(s.params[k]) for s in writes for k in ("mailbox", "recipient") if s.params.get(k)]
    for found in lx.NLU144_OWNED_MAILBOX.finditer(text):
        if lx.NLU144_HOLDING_BEFORE.search(text, 0, found.start()):
            continue  # ("...; he already has full access to her mailbox": what he holds, told)
        if found.group("pronoun"):
            if any(_kind(b, directory, requester) == RecipientKind.USER for b in boxes):
                continue
        elif boxes:
            continue
        return lx.NLU144_OWNED_MAILBOX_ASK.format(said=found.group(0))
    return None


def later_period(text: str, draft: Draft) -> str | None:
    """ "Give Tom full access to billing@ for the week before Christmas": a length of a period that starts
    later, read from today by the plan (or a grant for good beside it); the words said, or None."""
    if not any(ACTIONS[s.action].gives_access(s.change) for s in _writes(draft)):
        return None
    found = lx.NLU144_LATER_PERIOD.search(text)
    return found.group(0).strip() if found else None


def rights_off_list(text: str, draft: Draft) -> str | None:
    """ "Take Tom's permissions off all sales": a person's permissions (access, rights) said, and the plan
    only takes someone off a list; the question, or None. ("Take Tom off all sales" is a list removal.)"""
    writes = _writes(draft)
    if not any(s.action == "distribution_list_membership" and s.change == "remove" for s in writes):
        return None
    if any(s.action in _HOLDINGS for s in writes):
        return (
            None  # ("remove Tom's access to sales@ and take him off all-sales": the access is the mailbox's)
        )
    if (found := lx.NLU144_RIGHTS_OF_PERSON.search(text)) is None:
        return None
    who = found.group(0).rsplit(None, 1)[0]
    return lx.NLU144_RIGHTS_OFF_LIST_ASK.format(said=found.group(0), who=who)
