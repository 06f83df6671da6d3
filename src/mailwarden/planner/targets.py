"""Whether what a plan targets is what the request named: the thing, the people and the right (nlu89).

Red team 55 (class 3) found ready plans that acted on the wrong thing: Full Access on sales@ for "the Sales
SharePoint", a calendar shared with the Sales shared mailbox for "the whole Sales team", Send As for both of
"Jane (full), Rachel (send as)", a guessed copy of "the same Sales access as Liam". Each check here reads the
request against the plan and says what to ask (or why it is not understood); None when the plan fits.
"""

from __future__ import annotations

from collections.abc import Sequence

from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft
from mailwarden.planner.mentions import GROUP_KINDS, MAILBOX_KINDS, PERSON_KINDS, Mention

__all__ = [
    "moved_at_a_time",
    "not_a_mailbox",
    "one_described",
    "own_said_alone",
    "rights_of_another",
    "rights_per_person",
    "same_setup_as",
    "team_read_as_mailbox",
]

# the slots of a step that hold whom it is for
_PEOPLE_SLOTS = frozenset({"trustee", "member", "grantee", "members"})
# the rights a bracket may name, as the step that carries each
_BRACKET_RIGHT = {
    "full": "mailbox_delegation",
    "send as": "send_as",
    "send on behalf": "send_on_behalf",
    "sob": "send_on_behalf",
}


def not_a_mailbox(kept: str, mentions: Sequence[Mention]) -> str | None:
    """'Give Emma access to the Sales SharePoint': a mailbox's (or a person's) name said of a thing that is
    no mailbox and no list; the message why nothing is planned, or None."""
    for m in mentions:
        if m.pronoun or m.literal:
            continue
        if not (m.kinds & (MAILBOX_KINDS | GROUP_KINDS) or (m.possessive and m.kinds & PERSON_KINDS)):
            continue
        thing = lx.NOT_MAILBOX_THING_AFTER.match(kept, m.end)
        if thing is not None:
            return lx.NOT_MAILBOX_THING_SAID.format(thing=kept[m.start : thing.end()].strip())
    return None


def one_described(kept: str, mentions: Sequence[Mention]) -> str | None:
    """'Give Tom access to Billing - the Finance one': a mailbox's or list's name as a description of what was
    named before ("the X one"); the question, or None."""
    for m in mentions:
        if m.pronoun or m.literal or m.kinds & PERSON_KINDS or not m.kinds:
            continue
        if lx.ONE_DESCRIBED_BEFORE.search(kept[: m.start]) and (
            after := lx.ONE_DESCRIBED_AFTER.match(kept, m.end)
        ):
            start = kept.rfind("the", 0, m.start)
            return lx.ONE_DESCRIBED_ASK.format(said=kept[start : after.end()])
    return None


def own_said_alone(kept: str, mentions: Sequence[Mention], draft: Draft) -> str | None:
    """'Give Noah send as on support@ (and Mike's)': a person's "'s" with no noun after it, added to a change;
    Mike's what (his mailbox?), and who gets it, are not said: the question, or None. Only when the plan
    reads it as his own mailbox and never gives him anything ("Ava's mailbox and Mike's") is it planned."""
    people = _people_of(draft)
    owned = {str(s.params.get(k)) for s in draft.steps for k in ("mailbox", "owner") if k in s.params}
    for m in mentions:
        if m.pronoun or m.literal or not m.kinds & PERSON_KINDS:
            continue
        if (alone := lx.NLU158_OWN_ALONE_AFTER.match(kept, m.end)) is None:
            continue
        before = lx.NLU158_OWN_ALONE_BEFORE.search(kept[: m.start])
        if before is None or (m.ref in owned and m.ref not in people):
            continue
        return lx.NLU158_OWN_ALONE_ASK.format(said=kept[before.start() : alone.end()].strip(" ,;()"))
    return None


def team_read_as_mailbox(kept: str, mentions: Sequence[Mention], draft: Draft) -> str | None:
    """'Share Priya's calendar with the whole Sales team': a shared mailbox's name said as a team of people,
    filling the slot of whom the step is for; which people is asked (a question), or None."""
    people = _people_of(draft)
    for m in mentions:
        if m.pronoun or m.literal or m.possessive or m.kinds & (GROUP_KINDS | PERSON_KINDS):
            continue
        if not m.kinds & MAILBOX_KINDS or m.ref not in people:
            continue
        if lx.TEAM_OF_PEOPLE_AFTER.match(kept, m.end) or lx.TEAM_OF_PEOPLE_BEFORE.search(kept[: m.start]):
            return lx.TEAM_OF_PEOPLE_ASK.format(team=(m.surface or m.ref))
    return None


def same_setup_as(low: str, draft: Draft) -> bool:
    """'Give Noah the same Sales access as Liam': the rest of a model's setup pointed at, which the planner
    cannot see; a plan that gives or sets something from it is a guess."""
    if lx.SAME_SETUP_AS.search(low) is None or lx.RIGHT_NAMED_OUTRIGHT.search(low) is not None:
        return False
    return any(s.change != "read" for s in draft.steps)


def rights_per_person(kept: str, mentions: Sequence[Mention], draft: Draft) -> str | None:
    """'Mike's mailbox: Jane (full), Rachel (send as)': each person's own right in brackets after them. When
    they differ and the plan gives them any other way than each their own, the question; None when it fits."""
    said: dict[str, str] = {}
    for m in mentions:
        if m.pronoun or m.possessive or not m.kinds & PERSON_KINDS:
            continue
        bracket = lx.RIGHT_IN_BRACKETS_AFTER.match(kept, m.end)
        if bracket is not None:
            said[m.ref] = " ".join(bracket["right"].lower().replace("-", " ").split())
    if len(set(said.values())) < 2:
        return None
    given: dict[str, set[str]] = {}
    for s in draft.steps:
        for slot in ("trustee", "grantee", "member"):
            if slot in s.params:
                given.setdefault(str(s.params[slot]), set()).add(s.action)
    for ref, right in said.items():
        action = _BRACKET_RIGHT.get(right.removesuffix(" access"))
        if action is None or given.get(ref, set()) != {action}:
            shown = ", ".join(f"{r} ({w})" for r, w in said.items())
            return lx.RIGHTS_PER_PERSON_ASK.format(said=shown)
    return None


def moved_at_a_time(kept: str, draft: Draft) -> bool:
    """A hand-over (one loses a right on a mailbox that another gets) with a time on it: the time says when
    the move happens, which cannot be scheduled, never the new holder's end alone (red team 55). A time said
    as an end (lx.END_SAID_AS_END_NLU89) is the new holder's end."""
    if lx.END_SAID_AS_END_NLU89.search(kept):
        return False
    taken = {(s.action, str(s.params.get("mailbox"))) for s in draft.steps if s.change == "revoke"}
    return any(
        s.change == "grant" and s.params.get("expires") and (s.action, str(s.params.get("mailbox"))) in taken
        for s in draft.steps
    )


def rights_of_another(kept: str, draft: Draft) -> bool:
    """'Give Emma Ava's calendar permissions on Priya's calendar': someone's rights given, read as nothing but
    a read of them; a copy of rights the planner cannot see (asked)."""
    return (
        bool(draft.steps)
        and all(s.change == "read" for s in draft.steps)
        and lx.RIGHTS_OF_ANOTHER_GIVEN.search(kept) is not None
    )


def _people_of(draft: Draft) -> set[str]:
    refs: set[str] = set()
    for s in draft.steps:
        for k, v in s.params.items():
            if k not in _PEOPLE_SLOTS:
                continue
            if isinstance(v, list):
                refs.update(str(x) for x in v)
            else:
                refs.add(str(v))
    return refs
