"""What red team 85 found a ready plan made of words that hold or leave open a part (rt85a): a right
held, hedged, refused, told done or as past ("She also needs editor access to my calendar - but hold off on
that until Olivia approves", "..., I'll confirm", "She had editor access ... before", "..., but no.");
a removal for someone else with the writer's own reason beside it; a form's "my" under "Requested for:
Noah"; the same right asked the other way round; a he/she while a header names a second person; a choice
offered after a question mark. Each is asked, never planned."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner import negation
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.mentions import Mention

__all__ = [
    "choice_left_open",
    "form_my_unsure",
    "form_self_approved",
    "pronoun_among_others",
    "right_held",
    "same_other_way",
    "writer_removed_beside",
]


def right_held(text: str, draft: Draft) -> str:
    """The question when `text` holds, hedges, refuses or tells as past a right it names and the ready
    `draft` gives access; else ""."""
    if not any(ACTIONS[s.action].gives_access(s.change) for s in draft.steps):
        return ""
    found = (
        lx.RT85A_RIGHT_THEN_HELD.search(text)
        or lx.RT85A_MAY_NEED_RIGHT.search(text)
        or (
            past
            if (past := lx.RT85A_PAST_RIGHT.search(text)) is not None
            and lx.RT85A_WISHED_BACK.search(text) is None
            else None
        )
    )
    if found is None:
        return ""
    return lx.RT85A_RIGHT_HELD_ASK.format(said=found.group("said").strip(" \t,;:-–—"))


_PERSON_PARAMS = ("trustee", "grantee", "member")


def writer_removed_beside(text: str, draft: Draft, directory: Directory, requester: Recipient) -> str:
    """The question when the ready `draft` takes access away from the writer and from someone else, and the
    writer's part comes only from a reason told of the writer ("remove Liam's access to Priya's calendar, I
    don't manage her diary any more"; rt85a H4: both were revoked); else ""."""
    said = lx.RT85A_WRITER_NO_LONGER.search(text)
    if said is None:
        return ""
    ids = negation.Ids(directory, requester)
    me = ids.of("me")
    own: list[DraftStep] = []
    others: list[str] = []
    for step in draft.steps:
        if ACTIONS[step.action].kind != "write" or ACTIONS[step.action].gives_access(step.change):
            continue
        for key in _PERSON_PARAMS:
            if (ref := step.params.get(key)) and isinstance(ref, str):
                if ids.of(ref) & me:
                    own.append(step)
                else:
                    others.append(ref)
    if not own or not others:
        return ""
    # (the writer's removal said in words of its own: "remove my access and Liam's" is asked for)
    if lx.RT85A_OWN_REMOVAL_SAID.search(text) is not None:
        return ""
    return lx.RT85A_WRITER_REMOVED_BESIDE_ASK.format(
        others=others[0], said=text[said.start() :].strip(" .,;")
    )


def form_my_unsure(text: str, writer: frozenset[str]) -> tuple[str, str] | None:
    """(question, slot) when a pasted form is requested for someone other than the writer and its request
    says "my", "me" or "mine" ("Requested for: Noah Davis / Description: Please give full access to my
    mailbox"; rt85a H12: the admin's or the Caller's mailbox was given). Not when the one it is requested
    for is surely the one saying it: the writer, or also the form's Caller. Else None."""
    found = lx.RT85A_FORM_FOR_LINE.search(text)
    if found is None:
        return None
    who = found.group("who").strip(" .")
    if _is_writer(who, writer):
        return None
    callers = [c.group("who").strip(" .").casefold() for c in lx.RT85A_FORM_CALLER_LINE.finditer(text)]
    if who.casefold() in callers:
        return None
    for line in text.split("\n"):
        if line.strip() == "" or found.group(0).strip() == line.strip():
            continue
        field = lx.FORM_FIELD.match(line)
        if field is not None and lx.RT85A_FORM_TOLD_KEY.fullmatch(field.group("key").strip()) is None:
            continue
        told = field.group("value") if field is not None else line
        if lx.RT85A_FIRST_PERSON.search(told) is not None:
            what = "calendar" if "calendar" in told.casefold() else "mailbox"
            slot = "owner" if what == "calendar" else "mailbox"
            return lx.RT85A_FORM_MY_ASK.format(who=who, said=told.strip(), what=what), slot
    return None


def _is_writer(who: str, writer: frozenset[str]) -> bool:
    said = who.casefold()
    return any(said == w or (" " in w and w.startswith(said + " ")) for w in writer)


def same_other_way(text: str, draft: Draft) -> str:
    """The question when the ready `draft` comes from a request that also asks the same right the other way
    round ("..., and he needs the same on hers", "vice versa"; rt85a M5: that part was dropped); else ""."""
    if not any(ACTIONS[s.action].gives_access(s.change) for s in draft.steps):
        return ""
    found = lx.RT85A_SAME_ON_THEIRS.search(text)
    if found is None:
        return ""
    return lx.RT85A_SAME_ON_THEIRS_ASK.format(said=(found.group("said") or found.group("vice")).strip())


def pronoun_among_others(
    text: str,
    cleaned: str,
    mentions_of: Callable[[str], Sequence[Mention]],
    directory: Directory,
    requester: Recipient,
) -> str:
    """The question when a he/she opening a sentence of the request that is read (`cleaned`) stands for the
    one person named there, while the whole `text` names a second one (in a Cc, a Subject, a quote's header;
    rt85a M6: the one left in the body was granted); else "". A name owning what the sentence gives ("...
    to Mike Smith's calendar") is never whom it stands for."""
    opens = lx.RT85A_PRONOUN_OPENS.search(cleaned)
    if opens is None or lx.RT85A_RIGHT_SAID.search(opens.group("rest")) is None:
        return ""
    said = [m for m in mentions_of(opens.group("rest")) if m.is_person and not m.pronoun]
    if any(not m.possessive for m in said):
        return ""  # ("she wants Ava Johnson to stop having send as": the he/she wishes it for someone named)
    ids = negation.Ids(directory, requester)
    me = ids.of("me")
    owners = {frozenset(ids.of(m.ref)) for m in said}
    # (the mail's own To/Cc/From lines list whom it is sent to: told, as nlu163 reads them)
    text = lx.RT85A_MAIL_ADDRESS_LINE.sub("", text)

    def people(said: str) -> dict[frozenset[str], str]:
        found: dict[frozenset[str], str] = {}
        for m in mentions_of(said):
            if not m.is_person or m.pronoun or not m.known:
                continue
            key = frozenset(ids.of(m.ref))
            if key and not key & me and key not in owners:
                found.setdefault(key, m.surface or m.ref)
        return found

    read, whole = people(cleaned), people(text)
    if len(read) != 1 or len(whole) < 2:
        return ""
    return lx.RT85A_PRONOUN_AMONG_OTHERS_ASK.format(
        said=opens.group(0).strip(), names=" and ".join(whole.values()), pronoun=opens.group("pronoun")
    )


def choice_left_open(text: str, draft: Draft) -> str:
    """The question when the ready `draft` comes from a request offering another choice after a question mark
    ("I need him on all-sales? Or Marketing?"; rt85a L3: the first was planned); else ""."""
    if not draft.steps or (found := lx.RT85A_OR_AFTER_QUESTION.search(text)) is None:
        return ""
    return lx.RT85A_OR_AFTER_QUESTION_ASK.format(said=found.group("said").strip())


def form_self_approved(text: str, draft: Draft, directory: Directory, requester: Recipient) -> str:
    """The question when the ready `draft` gives access to the one a form's "Approved by:" names ("Approved
    by: Mike Smith" over "... Mike too."; rt85a L4: the approver's own access was granted); else ""."""
    ids = negation.Ids(directory, requester)
    for line in lx.RT85A_FORM_APPROVER_LINE.finditer(text):
        approver = ids.of(line.group("who").strip(" ."))
        if not approver:
            continue
        for step in draft.steps:
            if not ACTIONS[step.action].gives_access(step.change):
                continue
            if any(
                isinstance(ref := step.params.get(key), str) and ids.of(ref) & approver
                for key in _PERSON_PARAMS
            ):
                return lx.RT85A_FORM_SELF_APPROVED_ASK.format(who=line.group("who").strip(" ."))
    return ""
