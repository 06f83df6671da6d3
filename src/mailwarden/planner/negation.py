"""What a request rules out: negation, its scope, and corrections, read before and enforced after the rules.

A misread negation is the worst error the planner can make ("Don't give Tom full access" planned as a grant),
so this pass works on both sides of the rules:

- `scope` reads the text first. A correction ("..., actually make that send as") is applied to what it
  corrects; a segment that says what not to do ("but not send as", "except Mia", "instead of Christine",
  "keep his send as", "Don't add him to Contractors") is cut out of the text and kept as an `Exclusion`
  (the rights and the people or resources it names); "instead of <person>" also becomes a swap (the person
  loses what the other one gets); "not edit it" caps a calendar level. What cannot be told ("but not both",
  a correction that fits nothing) makes the request `unclear`; a condition ("unless", "if") cannot be
  planned at all.
- `enforce` applies the exclusions, swaps and caps to the draft the rules made, and `residual_negation`
  says whether a negation word the pass did not understand is still in the text: then the reader asks
  instead of planning (a question is safe; a wrong ready plan is not).

Every word comes from lexicon.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AmbiguousRecipient, ResolutionError
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft, DraftQuestion, DraftStep
from mailwarden.planner.durations import find_expiry
from mailwarden.planner.halts import forwarding_only_stopped
from mailwarden.planner.lazy_pattern import Pattern
from mailwarden.planner.mentions import PERSON_KINDS, Mention

__all__ = [
    "Exclusion",
    "Ids",
    "Scope",
    "crossed",
    "downgrades",
    "enforce",
    "residual_negation",
    "scope",
    "undoing",
]

MentionFinder = Callable[[str], list[Mention]]

_DELEGATION_WORDS: dict[str, Pattern] = {
    "mailbox_delegation": lx.FULL_ACCESS_SAID,
    "send_on_behalf": lx.PERMISSIONS["send_on_behalf"],
    "send_as": lx.PERMISSIONS["send_as"],
}
_SEGMENT_END = lx.NEGATION_SEGMENT_END


@dataclass(frozen=True)
class Exclusion:
    """A change the request ruled out: steps of these actions (any, when empty) touching these references
    (anyone, when empty). `members_too`: "except the Contractors" excludes the list's members as well."""

    actions: frozenset[str] = frozenset()
    refs: tuple[str, ...] = ()
    members_too: bool = False
    said: str = ""
    together: bool = False
    """A step is ruled out only when it touches every reference ("Don't add Noah to all-sales": Noah on
    all-sales; Noah on all-hands is still asked for)."""
    giving: bool = False
    """Only giving is ruled out ("Tom should not get full access on support; remove it and give him send as
    instead": the removal is asked for)."""
    taking: bool = False
    """Only taking away is ruled out ("Don't remove Ava from Priya's calendar, just change her to editor":
    her share is changed, not removed)."""
    recipients_only: bool = False
    """Only steps for the ones set apart are ruled out, never steps on what they own ("every member of Finance
    Team reviewer on Mike Smith's calendar, apart from Mike himself": Mike is a member, not his calendar;
    set_apart_members)."""


@dataclass
class Scope:
    text: str
    exclusions: list[Exclusion] = field(default_factory=list)
    swaps: list[str] = field(default_factory=list)
    """ "instead of X": X loses what the request gives the other one."""
    level_cap: str | None = None
    named_out: set[str] = field(default_factory=set)
    """The levels ruled out by their names ("not reviewer"): one level said by its name elsewhere is the one
    asked for, never capped below them."""
    capped_by_ability: bool = False
    """Whether a ruled-out ability ("she mustn't edit") capped the level: that cap holds whatever is said."""
    ruled_out: list[str] = field(default_factory=list)
    """The segments that said what not to do, as written (for the message when nothing is left)."""
    unclear: str = ""
    """Why the reach of a negation or correction cannot be told (then the reader asks)."""
    unclear_about: str = "scope"
    condition: bool = False
    context: list[str] = field(default_factory=list)
    """The requester's own trouble ("I still can't send from billing@"), cut: what it names is what the rest
    may mean ("could I get send as on it?")."""
    withdrawn: list[str] = field(default_factory=list)
    """Whole requests a later one took back and replaced ("Remove Noah from all-sales. Actually, just add
    him to Marketing"): their words no longer say what anyone should get or lose."""
    limited: list[str] = field(default_factory=list)
    """The segments that limit what a person is given ("Mia should not get full access"), a right each:
    enforced as exclusions, they say nothing is taken from that person."""
    unmapped: list[str] = field(default_factory=list)
    """The people whose Full Access is not automapped, said of them alone ("..., Mia without automapping")."""
    alternative: bool = False
    """Something is given "instead": what a negation said before it rules out is limited, not taken away
    ("Mia should not get full access; give her send on behalf instead")."""
    kept: list[str] = field(default_factory=list)
    """The "keep ..." segments: ruled out, yet what they name is what the rest may refer to ("keep Tom's
    send as on support, remove his full access": his, and on support)."""


class _Unclear(Exception):
    def __init__(self, about: str, text: str) -> None:
        super().__init__(text)
        self.about, self.text = about, text


def scope(text: str, mentions_of: MentionFinder, now: dt.datetime) -> Scope:
    """Apply corrections and cut what the request rules out; see the module docstring."""
    text, denied = _verdicts(text, mentions_of)
    text = lx.SPEECH_IF.sub(r"\1 whether", text)  # "wondered if Ava could ...": asked, not a condition
    text = lx.NLU93_WISH_TO_KNOW_IF.sub(r"\1 whether", text)  # "want to see if there's a UK one"
    text = lx.LEAVE_FOR.sub(lx.LEAVE_SAY + r" \2 \3", lx.LEAVE_IF.sub(lx.LEAVE_SAY, text))
    low = text.lower()
    if lx.CONDITION.search(low) or lx.WAIT_FOR_APPROVAL.search(low):
        return Scope(text, condition=True)
    # said as the one word no negation reads, so that the rules still see which right is to last for good
    text = lx.NO_DURATION.sub(lx.NO_DURATION_SAY, text)
    text = lx.END_AS_BOUND.sub(lx.END_AS_BOUND_SAY, text)
    if lx.PRIMARY_NAMED.search(low):
        text = lx.KEEP_AN_ADDRESS.sub(
            lambda m: (
                m.group(0)
                if lx.NEGATION_ANYWHERE.search(text[max(0, m.start() - 30) : m.start()].lower())
                or lx.NOT_KEEP.search(text[max(0, m.start() - 30) : m.end()].lower())
                else f"{m.group(1)} kept as an alias"
            ),
            text,
        )
    text = lx.LENGTH_AS_BOUND.sub(lx.LENGTH_AS_BOUND_SAY, text)
    text = lx.START_AS_WAIT.sub(lx.START_AS_WAIT_SAY, text)
    text = lx.START_AS_WAIT_EVENT.sub(lx.START_AS_WAIT_EVENT_SAY, text)
    text = lx.COMPARED_CHANGE.sub("", lx.NOT_A_NEGATION.sub("", text))
    text, symptoms = _symptoms(text, wished=lx.STATE_WISHED.search(low) is not None)
    text = _no_longer_used(_only_left(text, mentions_of))
    alternative = False
    if lx.NEGATION_ANYWHERE.search(low):
        # "Don't give Tom full access, give him send on behalf instead": the alternative, not a negation
        # (with a removal said too, "should not have X; remove it and give him Y instead", the negation may
        # be what is taken away: read as before)
        first = _SEGMENT_END.search(low)
        rest = low[first.end() :] if first else ""
        # ("Give Tom full access to billing@ - Ava instead": the "instead" of a fix naming who stands in is
        # the correction's own word, read there; nlu66)
        fixed = _names_fix_at(text, mentions_of)
        alternative = lx.TRAILING_INSTEAD.search(text[:fixed]) is not None and not lx.REVOKE.search(rest)
        text = lx.TRAILING_INSTEAD.sub("", text[:fixed]) + text[fixed:]
    if lacks := lx.LACKS_THEN_GIVE.match(text.strip()):
        text = f"give {lacks.group('who')} {lacks.group('what')}"
    for pattern in lx.STOP_FORWARDING:
        text = pattern.sub(r"stop forwarding \1", text)
    text = lx.SHOULD_NOT_FORWARD.sub(lx.SHOULD_NOT_FORWARD_SAY, text)
    text = lx.IN_PLACE_OF.sub(
        "instead of",
        _substituted(
            _handed_over(
                _possessed_given(_moves_to(_revoked_then_given(text), mentions_of), mentions_of), mentions_of
            ),
            mentions_of,
        ),
    )
    text = _right_goes(text)
    text = re.sub(r"\bnot only\b\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\bbut also\b", "and", text, flags=re.IGNORECASE)
    out = Scope(text, context=symptoms, alternative=alternative, ruled_out=denied)
    text = _retracted(_taken_back_by_place(text, out), mentions_of, out, now)
    if out.unclear:
        return out
    out.text = _corrected(text, mentions_of, now, out)
    if out.unclear or not out.text:
        return out
    out.text = _polarity_answered(out.text, mentions_of, out)
    for asked in lx.QUESTION_ANSWERED_NO.findall(out.text):
        # "Can Tom have access to Billing? No.": the change asked about is ruled out, never planned
        out.ruled_out.append(asked.strip())
        out.text = out.text.replace(asked, " ", 1)
    out.text = _unmapped_for(_person_polarity(_polarity(out.text, out), mentions_of, out), mentions_of, out)
    if said := _negative_after_right(out.text, inline_ok=True):
        out.unclear = f"I could not tell what {said!r} rules out."
        return out
    out.text = _cut_negations(out.text, mentions_of, out)
    if not out.unclear and (said := _negative_after_right(out.text)):
        out.unclear = f"I could not tell what {said!r} rules out."
    return out


def _symptoms(text: str, *, wished: bool = False) -> tuple[str, list[str]]:
    """The text without the trouble the requester (or someone named) tells of, and that trouble as said."""
    said: list[str] = []
    while (m := lx.SYMPTOM.search(text) or _others_trouble(text, wished)) is not None:
        stop = _SEGMENT_END.search(text, m.end())
        end = stop.start() if stop else len(text)
        said.append(text[m.start() : end])
        text = f"{text[: m.start()]}{text[end:]}"
    return text, said


def _others_trouble(text: str, wished: bool) -> re.Match[str] | None:
    """Someone else's trouble told as why (lx.OTHERS_SYMPTOM); never when the request wishes that state:
    "make it so Maria can't get into my calendar" reaches here as "Maria can't get into my calendar", which
    is what the request wants (asked, test_nlu70), not why."""
    return None if wished else lx.OTHERS_SYMPTOM.search(text)


def _only_left(text: str, mentions_of: MentionFinder) -> str:
    """ "Trim Finance Team down so only Mike and Christine are left" as "remove everyone from Finance Team
    except Mike and Christine": every other member goes (a person named who is no member is asked about).
    The rest of its sentence after a comma or "and" ("..., and add Ava to all-sales") is kept."""
    out: list[str] = []
    at = 0
    for sentence in re.finditer(r"[^.;!?\n]+[.;!?]?", text):
        said = sentence.group(0)
        mentions = mentions_of(said)
        masked, ends = "", []  # ends: (end in masked, end in said) of each mention, to map a place back
        last = 0
        for i, m in enumerate(mentions):
            masked += f"{said[last : m.start]}§{i}"
            ends.append((len(masked), m.end))
            last = m.end
        masked += said[last:]
        lead = len(masked) - len(masked.lstrip())
        for pattern in lx.TRIM_ONLY_LEFT:
            found = pattern.match(masked, lead)
            if found is None or not lx.TRIM_ONLY_LEFT_REST.match(masked, found.end()):
                continue
            group = mentions[int(found.group("group")[1:])]
            people = [mentions[int(n)] for n in re.findall(r"§(\d+)", found.group("people"))]
            if not group.is_group or not all(p.is_person and not p.pronoun for p in people):
                continue
            names = [said[p.start : p.end] for p in people]
            listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
            before = [(e, o) for e, o in ends if e <= found.end()]
            stop = before[-1][1] + found.end() - before[-1][0] if before else found.end()
            out.append(text[at : sentence.start()] + said[:lead])
            out.append(lx.TRIM_ONLY_LEFT_SAY.format(group=said[group.start : group.end], people=listed))
            out.append(said[stop:] if said[stop:].strip(" .!?") else ". ")
            at = sentence.end()
            break
    return "".join(out) + text[at:] if out else text


def _substituted(text: str, mentions_of: MentionFinder) -> str:
    """ "Swap Mike out for Rachel on billing full access" as "put Rachel on billing full access instead of
    Mike": the swap the rest of the pass reads (Mike loses what Rachel gets)."""
    people = [m for m in mentions_of(text) if m.is_person and not m.pronoun and m.ref != "me"]
    for old, new in itertools.pairwise(people):
        verb = lx.SUBSTITUTE_VERB.search(text[: old.start])
        if verb is None or lx.SUBSTITUTE_LINK.fullmatch(text[old.end : new.start]) is None:
            continue
        before = text[: verb.start()]
        if before.strip() and not re.search(r"[.;!?:,-]\s*$", before):
            continue  # the verb opens a sentence or clause, not "Tom will replace Mike ..."
        stop = re.search(r"[.;!?](?:\s|$)", text[new.end :])
        end = new.end + stop.start() if stop else len(text)
        gets, loses = text[new.start : end].rstrip(), text[old.start : old.end]
        return f"{before}{lx.SUBSTITUTE_SAY} {gets}{lx.SUBSTITUTE_INSTEAD}{loses}{text[end:]}"
    return text


def _handed_over(text: str, mentions_of: MentionFinder) -> str:
    """ "Mike is handing his send as on support over to Rachel" as "give Rachel send as on support instead
    of Mike": the swap the rest of the pass reads (Mike loses what Rachel gets)."""
    people = [m for m in mentions_of(text) if m.is_person and not m.pronoun and m.ref != "me"]
    for old, new in itertools.pairwise(people):
        said = lx.HAND_OVER.fullmatch(text, old.end, new.start)
        if said is None or not _rights_in(said.group("what").lower(), generic=False):
            continue
        before = text[: old.start]
        if before.strip() and not re.search(r"[.;!?:,-]\s*$", before):
            continue  # the one handing over opens a sentence or clause
        gets = f"{lx.HAND_OVER_SAY} {text[new.start : new.end]} {said.group('what')}"
        return f"{before}{gets}{lx.SUBSTITUTE_INSTEAD}{text[old.start : old.end]}{text[new.end :]}"
    return text


def _revoked_then_given(text: str) -> str:
    """ "Remove Priya's send as on sales@ and give it to Emma" as "move Priya's send as on sales@ to Emma": a
    hand-over (_possessed_given), only when what is taken names a right."""

    def say(m: re.Match[str]) -> str:
        what = moved_right(m.group("what"))
        if what is None:
            return m.group(0)
        return f"{lx.REVOKED_THEN_GIVEN_SAY}{what} to "

    def unneeded(m: re.Match[str]) -> str:
        what = moved_right(f"{m.group('who')}'s {m.group('what')}")
        return m.group(0) if what is None else f"{lx.REVOKED_THEN_GIVEN_SAY}{what} to "

    moved = lx.UNNEEDED_THEN_GIVEN.sub(unneeded, lx.REVOKED_THEN_GIVEN.sub(say, text))
    if moved == text:
        return text
    # ("...; give it to Alex Kim instead": "instead" says no more than the move does, in the first one's
    # place; left, it was read as a negation no rule understood)
    return lx.MOVED_INSTEAD.sub(r"\g<moved>", moved)


def moved_right(what: str) -> str | None:
    """What a right taken and handed on ("Remove <what> and hand it over to Ava") moves: `what` when it
    names a right; bare "access" to a mailbox as its full access (red team 32: "Remove Tom's access to
    Billing and hand it over to Priya" revoked Priya too); None when it names none (a calendar, a list)."""
    if _rights_in(what.lower(), generic=False):
        return what
    if lx.MOVED_NOT_MAILBOX.search(what) or _rights_in(what.lower(), generic=True) != ["mailbox_delegation"]:
        return None
    return lx.MOVED_BARE_ACCESS.sub(lx.MOVED_BARE_ACCESS_SAY, what, count=1)


def _moves_to(text: str, mentions_of: MentionFinder) -> str:
    """ "Christine's Billing access should move to Rachel" as "move Christine's Billing access to Rachel": the
    owner and the right said first, the one who gets it after "to" (a hand-over, _possessed_given)."""
    people = [m for m in mentions_of(text) if m.is_person and not m.pronoun and m.ref != "me"]
    for old, new in itertools.pairwise(people):
        if not (old.possessive or lx.POSSESSIVE_MARK.match(text, old.end)):
            continue
        said = lx.MOVES_TO.search(text, old.end, new.start)
        if said is None or said.end() != new.start:
            continue
        before = text[: old.start]
        if before.strip() and not re.search(r"[.;!?:,-]\s*$", before):
            continue  # the owner opens a sentence or clause
        return f"{before}{lx.MOVES_TO_SAY}{text[old.start : said.start()]} to {text[new.start :]}"
    return text


def _possessed_given(text: str, mentions_of: MentionFinder) -> str:
    """ "Give Olivia's send as on info@ to Ken" as "give Ken send as on info@": the owner's right goes to the
    one after "to", never to its owner; "hand/pass X's right to Y" also takes it from X (a hand-over)."""
    people = [m for m in mentions_of(text) if m.is_person and not m.pronoun and m.ref != "me"]
    for old, new in itertools.pairwise(people):
        verb = lx.POSSESSED_VERB.search(text[: old.start])
        said = lx.POSSESSED_RIGHT.fullmatch(text, old.end, new.start)
        if verb is None or said is None or not (said.group("mark") or old.possessive):
            continue
        what = said.group("what")
        if not _rights_in(what.lower(), generic=False):
            # "Move Christine's Billing access to Rachel": bare access to a mailbox handed on is its full
            # access, as when taken and given (moved_right); red team 55 granted Christine as well
            moved = moved_right(what) if verb.group("verb").lower() in lx.POSSESSED_TAKES else None
            if moved is None:
                continue
            what = moved
        before = text[: verb.start()]
        if before.strip() and not re.search(r"[.;!?:,-]\s*$", before):
            continue  # the verb opens a sentence or clause
        # "... to Ken and Tom": each one the right goes to
        end = new.end
        for joined in people[people.index(new) + 1 :]:
            if lx.LIST_GAP.fullmatch(text, end, joined.start) is None:
                break
            end = joined.end
        gets = f"{before}{lx.HAND_OVER_SAY} {text[new.start : end]} {what}"
        if verb.group("verb").lower() in lx.POSSESSED_TAKES:
            gets += f"{lx.SUBSTITUTE_INSTEAD}{text[old.start : old.end]}"
        return f"{gets}{text[end:]}"
    return text


def _no_longer_used(text: str) -> str:
    """ "I don't send as HR anymore, please take that right off" as "I no longer send as HR, ...": only when
    the rest asks to take something away (said alone, it is how things are, and a question is safer)."""
    for said_as, say in (
        (lx.NO_LONGER_USES, lx.NO_LONGER_SAY),
        (lx.NLU155_NO_LONGER_SENDS_FROM, lx.NLU155_NO_LONGER_SENDS_FROM_SAY),
        (lx.NLU93_NOT_ANY_MORE_IS, lx.NLU93_NOT_ANY_MORE_SAY),
        (lx.NLU135_UNWANTED_FORWARD, lx.NLU135_UNWANTED_FORWARD_SAY),
    ):
        said = said_as.search(text)
        rest = lx.ANYMORE.sub(" ", (text[: said.start()] + " " + text[said.end() :]).lower()) if said else ""
        if said is None or not lx.REVOKE.search(rest):
            continue
        if said_as is lx.NLU135_UNWANTED_FORWARD and lx.NLU139_NEW_RECEIVER.search(text, said.end()):
            continue
        text = said_as.sub(say, text)
    return text


def _right_goes(text: str) -> str:
    """ "only his send-on-behalf right goes": a right said to go is taken away; one said to stay is kept."""

    def say(m: re.Match[str], words: str) -> str:
        what = m.group("what")
        # ("Tom Becker's access to it can go": someone's access, said as theirs, is what they hold: a right)
        owned = lx.ACCESS_OWNED.search(what) is not None
        if not _rights_in(what.lower(), generic=owned):
            return m.group(0)
        return f"{m.group('lead')}{words}{what}"

    # "his send as on support@ stays": a right said to stay is kept (ruled out), never read as given
    text = lx.RIGHT_STAYS.sub(lambda m: say(m, lx.RIGHT_STAYS_SAY), text)
    return lx.RIGHT_GOES.sub(lambda m: say(m, lx.RIGHT_GOES_SAY), text)


def _taken_back_by_place(text: str, out: Scope) -> str:
    """ "Give Tom send as. Add Ava to all-sales. Ignore the first line.": the sentence counted to is taken
    back with the take-back; one that names a part no count places ("ignore the part about Tom") is asked."""
    if (nth := lx.TAKE_BACK_NTH.search(text)) is not None:
        before = [s for s in lx.SENTENCE_END.split(text[: nth.start()]) if s.strip()]
        at = lx.NTH[nth.group("nth").lower()]
        if at < len(before):
            out.ruled_out.append(before[at].strip())
            kept = before[:at] + before[at + 1 :]
            return " ".join([*kept, text[nth.end() :]]).strip()
        # "Ignore the first request below.": counted among what follows, or past what was said: asked
        out.unclear = f"I could not tell which part of the request {nth.group(0).strip()!r} takes back."
        return text
    if (last := lx.TAKE_BACK_LAST.search(text)) is not None:
        before = [s for s in lx.SENTENCE_END.split(text[: last.start()]) if s.strip()]
        if len(before) >= 2:
            out.ruled_out.append(before[-1].strip())
            return " ".join([*before[:-1], text[last.end() :]]).strip()
    if (part := lx.TAKE_BACK_PART.search(text)) is not None and not lx.INJECTION.search(text, part.start()):
        out.unclear = (
            f"I could not tell which part of the request {text[part.start() :].strip()!r} takes back."
        )
    return text


def _retracted(text: str, mentions_of: MentionFinder, out: Scope, now: dt.datetime) -> str:
    """What the request takes back ("forget the send as", "leave Chris out of it"): cut and ruled out, the
    right or the person it names. A retraction of something it does not name is a question."""
    spans = _segments(text)
    if len(spans) == 1 and any(
        p.fullmatch(text.lower().strip(" .!")) for p in (lx.NOT_NEEDED, lx.NO_X_NEEDED)
    ):
        # "Send as on support isn't needed for Tom": said alone, it asks for nothing
        out.ruled_out.append(text)
        return ""
    if len(spans) < 2:
        return text  # alone, "drop the send as" is the whole request: a change, read by the rules
    ends = len(spans)
    while ends > 2 and lx.LEAVE_AS_IS.fullmatch(text[spans[ends - 1][0] : spans[ends - 1][1]].lower()):
        ends -= 1  # "..., never mind, leave the forwarding as it is": how things stay, after the take-back
    last = text[spans[ends - 1][0] : spans[ends - 1][1]].lower()
    lead = lx.RETRACT_LEAD.match(last)
    if lx.CANCEL_ALL.fullmatch(last, lead.end() if lead else 0):
        # "Give Tom full access to sales. Never mind.": what came before is taken back, all of it
        out.ruled_out.append(text[: spans[ends - 1][0]].strip(" ,.;-"))
        return ""
    calendar = bool(lx.CALENDAR.search(text.lower()))
    cuts: list[tuple[int, int]] = []
    for n, (a, b) in enumerate(spans):
        segment = text[a:b]
        low = segment.lower()
        lead = lx.RETRACT_LEAD.match(low)
        at = lead.end() if lead else 0
        found = next((m for p in lx.RETRACTION if (m := p.fullmatch(low, at)) is not None), None)
        weak = found is None
        found = found or next((m for p in lx.RETRACTION_IF_NAMED if (m := p.fullmatch(low, at))), None)
        if found is None:
            continue
        what = found.group("what").strip(" ,.!")
        if lx.TIME_LIMIT.fullmatch(what) and len(ended := _without_end(text, spans, n, now)) < len(text):
            # "... for a week. Scratch the time limit, he needs it permanently": the end goes, the rest stays
            return _retracted(ended, mentions_of, out, now)
        rights = _rights_in(what, generic=not calendar)
        if lx.RETRACT_ALL.fullmatch(what) or (not rights and lx.RETRACT_NOT.search(what)):
            continue
        if lx.NLU155_OLD_ADDRESS_DROPPED.fullmatch(what) and lx.PRIMARY_ADDRESS.search(text[:a].lower()):
            continue  # "... become christine.moreau@? please drop the old lee address": the old one dropped
        inner = [m for m in mentions_of(text) if a <= m.start < b]
        people = [m for m in inner if not m.pronoun and (m.known or m.literal) and m.ref != "me"]
        rest = (text[:a] + " " + text[b:]).lower()
        # "drop the calendar part": a part named by what it does, when the rest asks for that (one kind only)
        # ("no forwarding needed, just ..."): a part said not to be needed is ruled out even when the rest
        # does not name it, since the rest may still read as one (red team 50: "read Mike's mailbox" was
        # planned as forwarding)
        topics = (
            []
            if rights or people
            else [t for t, p in lx.RETRACT_TOPIC if p.search(what) and (p.search(rest) or not weak)]
        )
        actions = frozenset(rights) or (topics[0] if len(topics) == 1 else frozenset())
        if (
            weak
            and not (rights and set(rights) <= set(_rights_in(rest, generic=not calendar)))
            and not topics
        ):
            continue
        if weak and _stopped_again(low[at:], what, rest):
            # "Remove Emma from all-sales; stop forwarding billing@ to her, so cancel the forwarding": to
            # cancel a forwarding the rest only stops says the stop again, never takes it back (red team 75
            # dropped the stop: the mail kept flowing); the rules read it as the one just stopped
            continue
        if not actions and not people:
            out.unclear = f"I could not tell what {segment.strip()!r} takes back."
            return text
        out.ruled_out.append(segment)
        refs = () if actions else tuple(m.ref for m in people)
        if rights and (places := tuple(m.ref for m in people if not m.is_person)):
            # "... send as on sales@ but not send as on finance@": the right is taken back on the mailbox
            # said with it, never on the one the rest asks it for (nlu144: send as on sales@ was dropped)
            refs = places
        out.exclusions.append(Exclusion(actions, refs, said=segment))
        # "Actually, forget about Liam": the lead-in said on its own goes with what it introduces
        while n and lx.RETRACT_LEAD.fullmatch(text[spans[n - 1][0] : spans[n - 1][1]].lower() + " "):
            n -= 1
            a = spans[n][0]
        cuts.append((a, b))
    for a, b in sorted(cuts, reverse=True):
        text = text[:a] + " " + text[b:]
    text = re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split()))
    # ("Forward Liam's mail to Noah. Actually no forwarding, just give Noah full access": the sentence the cut
    # opened goes on as one of its own, never as a comma-joined part of the one before it)
    return re.sub(r"([.!?])[,;]+(?=\s)", r"\1", text).strip(" ,;-.")


def _stopped_again(said: str, what: str, rest: str) -> bool:
    """Whether a take-back ("cancel the forwarding") is itself a verb that stops what it names, said of a
    forwarding the rest of the request only stops (every forwarding it names is said with a stop)."""
    if not lx.NLU141_STOP_VERB_TOO.match(said) or not lx.NLU141_FORWARDING_WORD.search(what):
        return False
    return forwarding_only_stopped(rest)


def _without_end(text: str, spans: list[tuple[int, int]], n: int, now: dt.datetime) -> str:
    """The text without its n-th segment (which took back the time limit) and the one end said before it;
    the text as it was when none was said, more than one, or another after it (which one is not guessed)."""
    a, b = spans[n]
    before = text[:a]
    when = find_expiry(before, now)
    if when is None or find_expiry(before[when.end :], now) is not None or lx.TIME_WORDS.search(text[b:]):
        return text  # "forget the end date, make it two weeks": a new end said after it is asked about
    out = f"{before[: when.start]} {before[when.end :]} {text[b:]}"
    return re.sub(r"\s+([,.;!?])", r"\1", " ".join(out.split())).strip(" ,;-.")


def _segments(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for sep in [*_SEGMENT_END.finditer(text), None]:
        end = sep.start() if sep else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = sep.end() if sep else len(text)
    return spans


def _polarity(text: str, out: Scope) -> str:
    """ "send as yes, full access no": a right's yes is the right asked for, its no rules it out."""
    cuts: list[tuple[int, int]] = []
    low = text.lower()
    for action, pattern in _DELEGATION_WORDS.items():
        for right in pattern.finditer(low):
            said = lx.RIGHT_POLARITY.match(low, right.end())
            if said is None or (action == "mailbox_delegation" and right.group(0) == "access"):
                continue
            if said.group("no"):
                words = text[right.start() : said.end()]
                out.ruled_out.append(words)
                out.exclusions.append(Exclusion(frozenset({action}), (), said=words))
                cuts.append((right.start(), said.end()))
            else:
                cuts.append(said.span("yes"))  # the yes only: the mailbox said between stays
    for a, b in sorted(set(cuts), reverse=True):
        text = text[:a] + " " + text[b:]
    return re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split())).strip(" ,;-")


def _person_polarity(text: str, mentions_of: MentionFinder, out: Scope) -> str:
    """ "yes for Christine Lee, no for Rachel Green": the yes goes (the names are what is asked for); the
    no and the names it covers are ruled out. A polarity before no name the directory knows is left to
    the rest of the pass (a question, never a guess)."""
    if not lx.PERSON_POLARITY_SAID.search(text):
        return text  # (the names are looked up only when a polarity is said)
    people = [m for m in mentions_of(text) if m.is_person and not m.pronoun and m.known and m.ref != "me"]
    cuts: list[tuple[int, int]] = []
    n = 0
    while n < len(people):
        first = people[n]
        said = lx.PERSON_NO.search(text[: first.start]) or lx.PERSON_YES.search(text[: first.start])
        run = [first]
        while n + len(run) < len(people) and lx.NAME_JOINER.fullmatch(
            text, run[-1].end, people[n + len(run)].start
        ):
            run.append(people[n + len(run)])
        n += len(run)
        if said is None:
            continue
        if lx.PERSON_YES.match(said.group(0)):
            cuts.append(said.span())
            continue
        words = text[said.start() : run[-1].end]
        out.ruled_out.append(words)
        out.exclusions.append(Exclusion(frozenset(), tuple(m.ref for m in run), said=words))
        cuts.append((said.start(), run[-1].end))
    for a, b in sorted(cuts, reverse=True):
        text = text[:a] + " " + text[b:]
    return re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split())).strip(" ,;-")


def _unmapped_for(text: str, mentions_of: MentionFinder, out: Scope) -> str:
    """ "Lucas and Mia need full access to info@ until Friday, Mia without automapping": the part that only
    says some of the people named elsewhere get it unmapped is cut, and kept for those people (enforce). A
    name said nowhere else stays in the text (cut, it would drop whom the request is for)."""
    if not lx.NO_AUTOMAP.search(text.lower()):
        return text
    people = [m for m in mentions_of(text) if m.is_person and not m.pronoun and m.known and m.ref != "me"]
    for a, b in reversed(_segments(text)):
        inner = [m for m in people if a <= m.start < b]
        if not inner or not lx.PER_PERSON_LEAD.fullmatch(text, a, inner[0].start):
            continue
        if any(not lx.NAME_JOINER.fullmatch(text, x.end, y.start) for x, y in itertools.pairwise(inner)):
            continue
        said = text[inner[-1].end : b].strip(" ,.:;-")
        if not said or not lx.NO_AUTOMAP.fullmatch(said.lower()):
            continue
        elsewhere = [m for m in people if not a <= m.start < b]
        if not all(any(_words_of(m.ref) <= _words_of(o.ref) for o in elsewhere) for m in inner):
            continue
        out.unmapped += [m.ref for m in inner]
        text = f"{text[:a]} {text[b:]}"
    return re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split())).strip(" ,;-")


def _negative_after_right(text: str, *, inline_ok: bool = False) -> str:
    """A right followed by a negative word still in the text after the scope pass: the safety net."""
    low = text.lower()
    for pattern in _DELEGATION_WORDS.values():
        for right in pattern.finditer(low):
            said = lx.RIGHT_THEN_NEGATIVE.match(low, right.end())
            if said is None:
                continue
            # "full access not send as", "full access, not Tom": the inline negation names what it rules out
            after = text[said.end() :]
            # (before the negation pass reads it; after, one still there was not read)
            named = any(p.match(after.lower()) for p in _DELEGATION_WORDS.values()) or after[:1].isupper()
            if inline_ok and named:
                continue
            return text[right.start() : said.end()].strip()
    for a, b in _segments(text):
        segment = text[a:b]
        if lx.ENDS_NEGATIVE.search(segment.lower()) and _rights_in(segment.lower(), generic=False):
            return segment.strip()
    return ""


# ---- corrections ---------------------------------------------------------------------------------------


def _verdicts(text: str, mentions_of: MentionFinder) -> tuple[str, list[str]]:
    """ "Send as on sales@ - Ava: yes; Ken: no; Tom: yes" said as "Send as on sales@: Ava and Tom", with "Ken:
    no" ruled out (nothing is planned for Ken: "no" is read as "not given", never as taken away). Only when
    each item is one known person and a plain yes or no, and the request or question before the list names
    the change and no one it is for; anything else is left as it is (and asked)."""
    found = lx.VERDICT_LIST.match(text)
    if found is None:
        return text, []
    head = found.group("head").strip(" -–:,")
    if any(m.is_person or m.pronoun or m.ref in ("me", "my manager") for m in mentions_of(head)):
        return text, []
    given: list[str] = []
    denied: list[str] = []
    seen: set[str] = set()
    for item in lx.VERDICT_ITEM.finditer(found.group("list")):
        who = item.group("who")
        people = mentions_of(who)
        if (
            len(people) != 1
            or (people[0].start, people[0].end) != (0, len(who))
            or not people[0].is_person
            or people[0].pronoun
            or not people[0].known
            or people[0].ref == "me"
            or people[0].ref.casefold() in seen
        ):
            return text, []  # a name that is not one known person, or said twice: asked
        seen.add(people[0].ref.casefold())
        (given if lx.VERDICT_YES.fullmatch(item.group("said")) else denied).append(who)
    if asked := lx.VERDICT_ASKED_LIST.match(head):
        say = lx.VERDICT_ADD_SAY if asked.group("add") else lx.VERDICT_REMOVE_SAY
        head = asked.group("what")
    elif asked := lx.VERDICT_ASKED_RIGHT.match(head):
        say, head = lx.VERDICT_SAY, asked.group("what")
    else:
        say = lx.VERDICT_SAY
    if not given:
        return "", [text]  # every one a no: nothing is asked for
    return say.format(what=head, who=lx.VERDICT_JOIN.join(given)), [f"{who}: no" for who in denied]


def _polarity_answered(text: str, mentions_of: MentionFinder, out: Scope) -> str:
    """ "Full access on hr@ - for Christine Lee? yes. Rachel Green? no." said as "yes for Christine Lee. no
    for Rachel Green." when what is asked about is people named and nothing else."""

    def said(m: re.Match[str]) -> str:
        who = m.group("who")
        before, after = text[: m.start()].rstrip()[-1:], text[m.end() :].lstrip()[:1]
        if "?" not in m.group(0) and (before not in ("", ".", "!", "?", ";") or after not in ("", ".", "!")):
            # a name and its answer with no question mark only as a sentence of its own ("Noah no."); in a
            # list ("Ava: yes, Ken: no, Tom: yes until Friday") it is left to the rules as before
            return m.group(0)
        bare = re.sub(r"^(?:for|to)\s+", "", who, flags=re.IGNORECASE)
        people = [x for x in mentions_of(bare) if x.is_person and not x.pronoun]
        rest = bare
        for x in sorted(people, key=lambda x: x.start, reverse=True):
            rest = rest[: x.start] + rest[x.end :]
        if not people or lx.NAME_JOINER.sub("", rest).strip():
            return m.group(0)
        later = {x.ref for x in mentions_of(text[m.end() :]) if x.is_person and not x.pronoun}
        if m.group("said").lower() in ("no", "nope", "nah") and later & {x.ref for x in people}:
            # "Noah no. Noah to all-sales.": ruled out, then named in a change again: asked
            out.unclear = (
                f"I could not tell what {m.group(0).strip()!r} rules out: say once what should happen."
            )
        to = m.group("to") or "for"
        if lead := re.match(r"(for|to)\s+", who, re.IGNORECASE):
            to, who = lead.group(1).lower(), who[lead.end() :]
        return f" {m.group('said')} {to} {who}"

    return lx.PERSON_POLARITY_ANSWERED.sub(said, text)


def _one_of_many(fix: str, head: str, mentions_of: MentionFinder) -> bool:
    """Whether a fix of the request before it says a he/she/him/her ("not her - Tom", "add her to Marketing
    instead"), and that request named more than one person the pronoun could be."""
    if not lx.ONE_PERSON_PRONOUN.search(fix):
        return False
    people = {m.ref for m in mentions_of(head) if m.is_person and not m.pronoun and m.ref != "me"}
    # ("... just give Christine full access to his mailbox": the one the fix names is not the one meant)
    named = {m.ref for m in _fix_mentions(fix, mentions_of) if m.is_person and not m.pronoun}
    return len(people - named) > 1


def _corrected(text: str, mentions_of: MentionFinder, now: dt.datetime, out: Scope) -> str:
    for _ in range(4):  # a request with more corrections than this is asked about, not guessed
        m = next(_cues(text, mentions_of), None)
        if m is None:
            return text
        head = text[: m.start()].strip(" ,;-")
        if lx.NLU97_APOLOGY_ALONE.fullmatch(text[m.start() :]):
            return f"{head.rstrip(' .')}."
        rest = text[m.end() :]
        if (why := lx.NLU157_FIX_REASON_SEMI.match(rest)) is not None:
            rest = f" {rest[why.end('stop') :]}"
        end = re.search(r"[.;!?](?:\s+|$)", rest)
        fix, tail = (rest[: end.start()], rest[end.end() :]) if end else (rest, "")
        # the stop that ended the fix ends the fixed request too: "... for a month. No wait, a week. Give
        # Chris Lee full access to Billing" is two requests, never one with both people and both mailboxes
        # (red team 61: the stop was lost and the sentences ran together)
        if end and tail.strip():
            tail = f"{end.group(0)[0]} {tail}"
        taking_away = bool(lx.REVOKE.search(head.lower()))
        if m.group("names_enough") is not None and taking_away:
            # "Remove Tom and Ava from Marketing - Ava will do": only Ava to lose, or Ava the one to keep?
            # Either reading may take from someone meant to keep it (nlu66): asked
            out.unclear = f"I could not tell whether {fix.strip()!r} is what should go, or what should stay."
            return text
        if m.group("value_instead") is not None and taking_away:
            # "Remove Chris's full access on support@ - send as instead": which one goes is not said (nlu66)
            out.unclear = f"I could not tell whether {fix.strip()!r} is what should go, or what should stay."
            return text
        if m.group("enough") is not None and taking_away:
            # "Remove Chris's full access on support@, send as is enough": the right said to be enough is the
            # one he keeps (main took it too, nlu66); one the removal itself names cannot be both
            kept = _rights_in(fix.lower(), generic=False)
            if set(kept) & set(_rights_in(head.lower(), generic=False)):
                out.unclear = (
                    f"I could not tell whether {fix.strip()!r} is what should go, or what should stay."
                )
                return text
            rights = " and ".join(_RIGHT_WORDS[a] for a in kept)
            text = f"{head} {lx.KEEP_ENOUGH_SAY.format(rights=rights)}. {tail}".strip()
            continue
        if m.group("names_ask") is not None:
            # "Give Tom full access to billing@ - Ava needs it": Ava as well as Tom, or in his place? Without
            # "too" or "instead" either may give access to one never meant to have it (nlu72): asked
            out.unclear = (
                f"I could not tell whether {fix.strip()!r} means they get it as well, or in place of the one "
                "named first: say whom it is for."
            )
            return text
        names_fix = m.group("named") is not None or m.group("unstopped") is not None
        if m.group("names_more") is not None:
            # "Give Tom full access to billing@ - Ava instead, for a week": in his place, with what else?
            out.unclear = f"I could not tell what {fix.strip()!r} replaces in {head!r}."
            return text
        if names_fix and _names_alone(fix, mentions_of) == "pronoun":
            # "Give Tom full access to billing@ - me instead", "- him will do": main gave both (nlu66)
            out.unclear = f"I could not tell who {fix.strip()!r} means, or whom it replaces: name the person."
            return text
        if names_fix:
            # "- Ava will do", "billing@ is enough", "- Ava instead": the names said stand for all of their
            # kind said before, as after "just" (main granted both, nlu66)
            fix = _names_said(fix)
        more = lx.FIX_THEN_CHANGE.search(fix)
        if (
            more is not None
            and lx.ADDS_TOO.search(fix[more.end() :])
            and _fixes_something(fix[: more.start()])
        ):
            fix, tail = fix[: more.start()], f". {fix[more.end() :]}. {tail}"
        if (
            lx.READ_ONLY_SAID.search(fix.lower())
            or lx.READ_RIGHT_SAID.search(fix.lower())
            # ("actually make that reviewer, no send as", "he just needs to read it": a level no mailbox right
            # has, asked as read only is; red team 83 H3 granted the send as refused; rt83a)
            or lx.RT83A_NO_MAILBOX_LEVEL.search(fix)
        ) and not lx.READ_ONLY_FITS.search(f"{head} {fix}".lower()):
            # "give Liam full access to sales@. actually make that read only, no send as": a mailbox right
            # Exchange does not have (Full Access is all or nothing); main granted the send as ruled out.
            # Which right is meant is asked (nlu158)
            said = lx.CORRECTION_FILLER.sub("", fix.strip()).strip(" ,.;:-")
            out.unclear, out.unclear_about = lx.NLU158_READ_ONLY_FIX_ASK.format(fix=said), "access"
            return text
        if (refused := lx.NLU158_RIGHT_REFUSED.search(fix)) is not None:
            # "... - actually make that send on behalf, no send as": the right the fix refuses is no right it
            # gives (main granted both); with a right of its own left, it is cut from the fix (nlu158)
            left = f"{fix[: refused.start()]} {fix[refused.end() :]}"
            if _rights_in(lx.CORRECTION_FILLER.sub("", left.strip()).lower(), generic=False):
                fix = left
        only = names_fix or lx.ONLY_FIX.match(fix.strip()) is not None
        as_written = fix
        fix = lx.CORRECTION_FILLER.sub("", fix.strip()).strip(" ,.")
        if lx.NOT_ONLY_FIX.match(fix):
            # "Actually not just Noah": Noah and who else (some names before?) is not said; read as
            # "actually Noah" it swapped a name and dropped another (red team 10)
            out.unclear, out.unclear_about = (
                f"I could not tell who {fix!r} adds to or keeps from before.",
                "scope",
            )
            return text
        try:
            # ("Actually, no copy": the "no" is the fix's own word, not the filler leading it in)
            modified = (
                _name_fixed(head, fix)
                or _modifier_fixed(head, fix)
                or _modifier_fixed(head, as_written.strip(" ,.;:-"))
            )
        except _Unclear as exc:
            out.unclear, out.unclear_about = exc.text, exc.about
            return text
        if modified is not None:
            # "... and keep a copy. No, on second thought, don't keep a copy": the modifier alone is replaced
            text = f"{modified}. {tail}".strip(" .") + "."
            continue
        undo = lx.UNDO_THEN.match(fix) or lx.UNDO_ANY_THEN.match(fix)
        said_fix, said_head = lx.WRITE_IMPERATIVE.match(fix.lower()), lx.WRITE_IMPERATIVE.match(head.lower())
        if _one_of_many(fix, head, mentions_of):
            # "Add Ava and Ken to Finance Team. Wait, no, don't - add her to Marketing instead": "her" is one
            # of the people taken back, which one is not known (no genders): never both, never a guess
            out.unclear, out.unclear_about = (
                f"I could not tell who {fix!r} means: name the person.",
                "scope",
            )
            return text
        if undo:
            # "don't delete it - just take David out of it": the action before is taken back whole; what it
            # named is what "it" may mean (the reader remembers what was ruled out)
            out.ruled_out.append(head)
            out.withdrawn.append(head)
            text = f"{undo.group('new')} {tail}".strip()
            continue
        if (
            said_fix
            and said_head
            # "just let him view it": a fix of the same request; but "remove Noah from all-sales. Actually,
            # just add him to Marketing" asks the opposite, never the removal moved to Marketing
            and (
                not lx.REFERS_BACK.search(fix.lower())
                or bool(lx.REVOKE.search(said_fix.group(0))) != bool(lx.REVOKE.search(said_head.group(0)))
            )
        ):
            # "Forward Tom's mail to Sarah? No wait, just give Sarah access to billing": a whole request in
            # the fix replaces the whole request before it; folding its parts into the old one kept the old
            out.ruled_out.append(head)
            out.withdrawn.append(head)
            text = f"{fix} {tail}".strip()
            continue
        if named := lx.NOT_THIS_BUT.match(fix):
            fix = named.group("new").strip(" ,.")  # "not Noah - Emma": Emma replaces what Noah stood for
        elif named := lx.THIS_NOT_THAT.match(fix):
            # "editor, not reviewer": the new word replaces the old one only where the request says it; a fix
            # ruling out what was never said is not guessed at
            replaced = named.group("old").strip(" ,.")
            if not re.search(rf"(?<!\w){re.escape(replaced)}(?!\w)", head, re.IGNORECASE):
                out.unclear = f"I could not tell what {fix!r} corrects in {head!r}."
                return text
            fix = named.group("new").strip(" ,.")
        elif lx.NOT_FIX.match(fix):
            # "Phoenix and Atlas - no, not Phoenix": read as a swap, the name ruled out was the one planned
            out.unclear = f"I could not tell what {fix!r} leaves of {head!r}."
            return text
        if not fix or lx.CANCEL.match(fix.lower()):
            out.ruled_out.append(head)
            text = tail.strip()
            continue
        if not taking_away and _nothing_for_the_one(head, fix, mentions_of):
            # "... - Lucas shouldn't get anything there; give the send as to Mia instead": the one the request
            # was for gets nothing of it, so all of it is taken back; what follows is asked in its place
            out.ruled_out.append(head)
            out.withdrawn.append(head)
            text = tail.strip()
            continue
        if lx.FIX_NEGATES.search(_without_kept_modifier(fix)):
            out.unclear = f"I could not tell what {fix!r} takes back of {head!r}."
            return text
        fix = _short_names(head, fix, mentions_of)
        try:
            fixed = _apply_fix(head, fix, mentions_of, now, only=only)
        except _Unclear as exc:
            out.unclear, out.unclear_about = exc.text, exc.about
            return text
        if fixed is None and (
            lx.SOFT_CORRECTION.fullmatch(m.group(0).strip(" ,.;:!?-"))
            # "share my calendar with Tom - reviewer is enough": nothing said before to replace (nlu61)
            or m.group("enough") is not None
        ):
            # "share my calendar with Tom - make it editor", "... - wait, for how long?": a bare "make it" or
            # "wait" that replaces nothing said before is no correction; the request is read as said
            return text
        if fixed is None:
            out.unclear = f"I could not tell what {fix!r} corrects in {head!r}."
            return text
        text = f"{fixed} {tail}".strip()
    out.unclear = "The request corrects itself too many times to be read safely."
    return text


def _nothing_for_the_one(head: str, fix: str, mentions_of: MentionFinder) -> bool:
    """Whether a fix says that the one person the request before it names gets nothing ("Lucas shouldn't get
    anything there", "he doesn't need it"). With more than one person named, which is meant is not read
    here."""
    said = lx.NLU160_FIX_NOTHING_FOR.match(fix)
    if said is None:
        return False
    people = [m for m in mentions_of(head) if m.is_person and not m.pronoun and m.ref != "me"]
    if len(people) != 1:
        return False
    who = said.group("who")
    if lx.ONE_PERSON_PRONOUN.fullmatch(who.lower()):
        return True
    return bool(_name_words(who)) and _name_words(who) <= _name_words(_said(people[0], head))


def _without_kept_modifier(fix: str) -> str:
    """A fix without its last clause when that says only that the old address or a copy is not kept ("make it
    g.hopper@acme.com, and don't keep the old address"): that "don't" rules nothing out of the request before;
    the clause is carried to the fixed request as said (FIX_ADDS). A fix that opens with it is as said."""
    more = lx.FIX_ADDS.search(fix)
    if more is None or not fix[: more.start()].strip():
        return fix
    said = more.group("more").lower()
    kept = lx.DROP_OLD.sub(" ", lx.DROP_COPY.sub(" ", said))
    return fix[: more.start()] if kept != said and not lx.FIX_NEGATES.search(kept) else fix


def _fix_cue(text: str, cue: re.Match[str], mentions_of: MentionFinder) -> bool:
    """Whether a correction cue found in the text is one: "- reviewer will do" after a request that takes
    access away ("Maria no longer needs editor on Olivia's calendar - reviewer will do") says the level kept,
    never a fix of the level taken away (nlu61); a right said so is the one kept (nlu66, _corrected). Words
    said to be enough or instead ("- Ava will do") are a fix only when they are names alone (nlu66)."""
    before = text[: cue.start()].lower()
    if cue.group("named") is not None or cue.group("unstopped") is not None:
        rest = text[cue.end() :]
        end = re.search(r"[.;!?](?:\s+|$)", rest)
        said = rest[: end.start()] if end else rest
        if cue.group("names_more") is not None:
            said = said[: said.lower().index(" instead")]
        alone = _names_alone(said, mentions_of)
        if not alone:
            return False
        if cue.group("names_ask") is not None:
            # ("Give Tom full access to billing@ - he needs it", "- Tom needs it": said of whom the change is
            # for, a reason; only someone the request has not named may be another to get it, and only after
            # a change asked for: "Chris has full access to billing@; Ava needs it" is the request, nlu72)
            if not lx.CHANGE_ASKED.search(before):
                return False
            # ("Give Tom ... - Tom Becker needs it": a name sharing a word with one said before is that one)
            head = text[: cue.start()]
            known = {
                w for m in mentions_of(head) if not m.pronoun for w in _name_words(head[m.start : m.end])
            }
            fix = _names_said(said)
            new = [
                m for m in _fix_mentions(fix, mentions_of) if not _name_words(fix[m.start : m.end]) & known
            ]
            return alone == "names" and bool(new)
        # ("Remove Tom from Marketing - Ava instead": the rules ask whether in his place or as well)
        return not (
            cue.group("names_enough") is not None
            and lx.REVOKE.search(before)
            and lx.NAME_INSTEAD_TAIL.search(text)
        )
    if cue.group("enough") is None or cue.group("value_instead") is not None:
        return True
    if not lx.REVOKE.search(before):
        # ("Could Liam see my calendar? Just free/busy is fine": a sentence of its own after a request that
        # gives is what it gives, read by the rules; only one after a removal says what is kept, nlu66)
        return text[cue.start()] not in ".!?"
    rest = text[cue.end() :].lower()
    end = re.search(r"[.;!?](?:\s+|$)", rest)
    return bool(_rights_in(rest[: end.start()] if end else rest, generic=False))


def _cues(text: str, mentions_of: MentionFinder) -> Iterator[re.Match[str]]:
    """The correction cues of a text, in order. Where a fix of names alone turns out to say more ("- no, only
    Phoenix" before "Phoenix" is read as "Project Phoenix"), the cue is the one read without it (nlu66)."""
    low = text.lower()
    for cue in lx.CORRECTION.finditer(low):
        if cue.start() == 0:
            continue
        if _fix_cue(text, cue, mentions_of):
            yield cue
        elif cue.group("named") is not None or cue.group("unstopped") is not None:
            plain = lx.CORRECTION_WITHOUT_NAMES.match(low, cue.start())
            if plain is not None and _fix_cue(text, plain, mentions_of):
                yield plain


def _names_fix_at(text: str, mentions_of: MentionFinder) -> int:
    """Where the first fix of names (or a right) said to be enough or instead starts ("... - Ava instead"),
    else the end."""
    for cue in lx.CORRECTION.finditer(text.lower()):
        said = cue.group("named") is not None or cue.group("value_instead") is not None
        if cue.start() > 0 and said and _fix_cue(text, cue, mentions_of):
            return cue.end()
    return len(text)


def _name_words(said: str) -> set[str]:
    """The words of a name as written, lower-cased ("Tom Becker": tom, becker; an address: its local part)."""
    return set(re.findall(r"[a-z]+", said.lower().split("@")[0]))


def _names_said(fix: str) -> str:
    """A fix of names without what says them enough or instead, or leads them ("- for Ava instead": Ava)."""
    said = lx.CORRECTION_FILLER.sub("", lx.NAMES_ENOUGH_END.sub("", fix.strip())).strip(" ,.;:-")
    return lx.NAMES_FIX_LEAD.sub("", said)


def _names_alone(fix: str, mentions_of: MentionFinder) -> str:
    """What a fix says when it is names and nothing else but fillers ("just billing@", "Ava and Ken will do"):
    "names"; "pronoun" when one of them is a me/him/her (whom it stands for is not read here); else ""."""
    said = _names_said(fix)
    found = _fix_mentions(said, mentions_of)
    if not said or not found or _more_than_names(said, found):
        return ""
    if any(x.pronoun or x.ref == "me" for x in found):
        return "pronoun"
    return "names" if all(x.known or x.literal for x in found) else ""


def _name_fixed(head: str, fix: str) -> str | None:
    """The head with a new list's name replaced by the one a fix says ("Create a list called Support Team at
    support-team@acme.com - actually name it Support Crew, same address"). None when the fix is no name;
    _Unclear when the head names no new list it could rename, or writes out an address the fix does not say
    stays (made from the old name, it may have to change too)."""
    named = lx.NAME_FIX.match(fix.strip())
    if named is None:
        return None
    low_head = head.lower()
    intro = lx.NAME_INTRO.search(low_head)
    if not lx.CREATE.search(low_head) or intro is None:
        raise _Unclear("group", f"I could not tell what {fix!r} renames in {head!r}.")
    old = re.split(lx.NAME_END, head[intro.end() :], flags=re.IGNORECASE)[0].strip(" .\"'")
    if not old or "@" in old:
        raise _Unclear("group", f"I could not tell what {fix!r} renames in {head!r}.")
    if lx.WRITTEN_ADDRESS.search(head) and not named.group("same"):
        raise _Unclear(
            "group",
            f"The new list's name changes to {named.group('name').strip()!r}: should its address stay as "
            "written, or change too? Say the address.",
        )
    at = intro.end() + head[intro.end() :].find(old)
    return f"{head[:at]}{named.group('name').strip()}{head[at + len(old) :]}"


def _modifier_fixed(head: str, fix: str) -> str | None:
    """The head with its copy or automapping modifier replaced by what `fix` says of it, when the fix says
    nothing else (lx.COPY_FIX, lx.AUTOMAP_FIX): "Forward Noah's mail to Liam and keep a copy. No, on second
    thought, don't keep a copy". None when the fix is not such a modifier; _Unclear when it is and the head
    has nothing it could modify (no forwarding, no Full Access) or says it in words that are not replaced
    safely."""
    low_head = head.lower()
    if (copy := lx.COPY_FIX.match(fix.strip())) is not None:
        if not lx.FORWARDING.search(low_head) or lx.FORWARDING_STOPPED.search(low_head):
            raise _Unclear("scope", f"I could not tell what {fix!r} corrects in {head!r}.")
        said = list(lx.COPY_SAID.finditer(head))
        if len(said) > 1 or (not said and (lx.KEEP_COPY.search(low_head) or lx.DROP_COPY.search(low_head))):
            # a copy said twice, or in words not replaced here ("cc", "still gets it"): asked
            raise _Unclear("keep_copy", f"I could not tell which copy {fix!r} corrects in {head!r}.")
        new = lx.COPY_DROPPED_SAY if copy.group("no") else lx.COPY_KEPT_SAY
    elif (mapped := lx.AUTOMAP_FIX.match(fix.strip())) is not None:
        if "mailbox_delegation" not in _rights_in(low_head, generic=False):
            raise _Unclear("scope", f"I could not tell what {fix!r} corrects in {head!r}.")
        said = _one_span_each(list(lx.AUTOMAP_SAID.finditer(head)) + list(lx.NO_AUTOMAP.finditer(head)))
        if len(said) > 1:
            raise _Unclear("automapping", f"I could not tell which automapping {fix!r} corrects in {head!r}.")
        new = lx.AUTOMAP_OFF_SAY if mapped.group("no") else lx.AUTOMAP_ON_SAY
    else:
        return None
    head = f"{head[: said[0].start()]}{new}{head[said[0].end() :]}" if said else f"{head.rstrip(' ,.;')}{new}"
    return " ".join(head.split())


def _one_span_each(found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The matches with those that overlap a longer one left out ("without automapping" is one modifier,
    found by two patterns)."""
    found = sorted(found, key=lambda m: m.end() - m.start(), reverse=True)
    kept: list[re.Match[str]] = []
    for m in found:
        if not any(m.start() < k.end() and k.start() < m.end() for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start())


def _fixes_something(fix: str) -> bool:
    """Whether a fix says what it puts in place ("I meant Marketing"), not only that one follows ("no,")."""
    said = lx.CORRECTION_FILLER.sub("", fix.strip()).strip(" ,.;-")
    return bool(said) and not lx.NOT_FIX.match(said)  # ("not all-sales, add her to X too": one fix)


def _apply_fix(
    head: str, fix: str, mentions_of: MentionFinder, now: dt.datetime, *, only: bool = False
) -> str | None:
    """The head with the part the fix names replaced; None when the fix fits nothing in the head."""
    low_head, low_fix = head.lower(), fix.lower()
    changed = False
    fix_rights = _rights_in(low_fix, generic=False)
    head_spans = [m.span() for p in _DELEGATION_WORDS.values() for m in p.finditer(low_head)]
    calendar = bool(lx.CALENDAR.search(low_head))
    fix_level = _level_in(low_fix)
    if fix_rights and head_spans:
        words = " and ".join(_RIGHT_WORDS[a] for a in fix_rights)
        head = _replace_spans(head, head_spans, words)
        changed = True
    elif fix_level and calendar:
        spans = [m.span() for _, p in lx.LEVEL_WORDS for m in p.finditer(low_head)]
        if spans:
            head = _replace_spans(head, spans[:1], _LEVEL_SAY[fix_level])
            changed = True
    elif fix_level and head_spans:
        # "full access; actually, make that read-only": there is no read-only Full Access
        raise _Unclear("access", f"{fix!r} is not a level Full Access, Send As or Send on Behalf has.")
    if lx.AUTOMAP_SAID.fullmatch(fix.strip(" ,.")) and "mailbox_delegation" in _rights_in(
        low_head, generic=False
    ):
        # "full access to careers@ with automapping - no, without automapping": the modifier is replaced
        mapped = lx.AUTOMAP_SAID.search(head)
        head = f"{head[: mapped.start()]}{fix}{head[mapped.end() :]}" if mapped else f"{head} {fix}"
        return " ".join(head.split())
    if lx.KEEP_AFTER_ALL.match(low_fix):
        # "... and don't keep the old one. Sorry, keep it after all": the dropping is taken back
        for dropped, kept in ((lx.DROP_OLD, "keep the old one"), (lx.DROP_COPY, "keep a copy")):
            if dropped.search(low_head):
                anycase = re.compile(dropped.pattern, re.IGNORECASE)  # the head keeps its case (names)
                return " ".join(anycase.sub(kept, head).split())
        return None
    fix = _length_said_bare(head, fix, now)
    # "make that two weeks": a length said bare is "for two weeks" where it goes
    when = find_expiry(f"for {fix}", now)
    if when is not None and when.start == 0:
        fix = f"for {fix}"
    else:
        when = find_expiry(fix, now)
    if when is not None:
        said = fix[when.start : when.end]
        before = find_expiry(head, now)
        head = f"{head[: before.start]} {said} {head[before.end :]}" if before else f"{head} {said}"
        changed = True
    new = [
        x
        for x in _fix_mentions(fix, mentions_of)
        if not x.pronoun and (x.known or x.literal) and x.ref != "me"
    ]
    if new and only and _more_than_names(fix, _fix_mentions(fix, mentions_of)):
        # "only Grace for the send as", "only Grace - and Ken to Marketing": the fix narrows part of the
        # request or asks more besides; narrowing every name (and reading the rest into it) is not safe
        raise _Unclear("scope", f"I could not tell what {fix!r} leaves of the request before it.")
    if new and only:
        narrowed = _narrowed(head, fix, new, mentions_of)
        if narrowed is not None:
            return narrowed
    if new:
        old = [x for x in mentions_of(head) if not x.pronoun and x.ref != "me"]
        for mention in new:
            target = _counterpart(mention, old)
            if target is None:
                return None
            head = head[: target.start] + fix[mention.start : mention.end] + head[target.end :]
            # "not Jane, forward it to Olivia and keep a copy": what the fix adds after its name is kept
            if more := lx.FIX_ADDS.match(fix[mention.end :]):
                head = f"{head} and {more.group('more')}"
            changed = True
            break  # positions in `old` are stale after one replacement; one fix names one thing
    return " ".join(head.split()) if changed else None


def _length_said_bare(head: str, fix: str, now: dt.datetime) -> str:
    """ "for two days - make it five", "until Friday - no, Wednesday" (batch 18): a fix that says only a count
    takes the unit of the length before it ("five days"); one that says only a day is "until" that day. Any
    other fix is as said."""
    said = lx.FIX_FILLER_AFTER.sub("", fix.strip(" ,.()")).strip()
    count = lx.BARE_COUNT.fullmatch(said)
    unit = lx.LENGTH_UNIT_SAID.search(head)
    if count is not None and unit is not None:
        return f"{said} {unit.group('unit')}"
    when = find_expiry(f"until {said}", now)
    if when is not None and when.start == 0 and when.end == len(f"until {said}") and find_expiry(head, now):
        return f"until {said}"
    return fix


def _more_than_names(fix: str, mentions: list[Mention]) -> bool:
    """Whether an "only" fix says words besides its names and fillers ("only Grace for the send as")."""
    rest = fix
    for x in sorted(mentions, key=lambda x: x.start, reverse=True):
        rest = rest[: x.start] + " " + rest[x.end :]
    return bool(re.search(r"\w", lx.ONLY_FIX_FILLER.sub(" ", rest)))


def _short_names(head: str, fix: str, mentions_of: MentionFinder) -> str:
    """ "Add Ava to Project Phoenix and Project Atlas - no, only Phoenix": a capitalised word of the fix that
    names nothing itself but is a word of exactly one name the head says stands for that name."""
    said = [(x.start, x.end) for x in _fix_mentions(fix, mentions_of)]
    named = [x for x in mentions_of(head) if not x.pronoun and x.ref != "me"]

    def spelled(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in said):
            return m.group(0)
        word = re.compile(rf"\b{re.escape(m.group(0))}\b", re.IGNORECASE)
        owners = {head[x.start : x.end] for x in named if word.search(head[x.start : x.end])}
        return owners.pop() if len(owners) == 1 else m.group(0)

    return lx.CAPITALISED_WORD.sub(spelled, fix)


def _fix_mentions(fix: str, mentions_of: MentionFinder) -> list[Mention]:
    """The mentions in a fix read where it stands, after "make that": "Engineering" there is the list
    (capitalised mid-sentence), not a common word opening a sentence."""
    lead = lx.CORRECTION_LEAD
    # (the word before a mention the fix opens with is the lead's, never one the fix said: "- sorry, typo,
    # ava@acme.co.uk" after "Make Ava Johnson's primary ..." replaced Ava, whose "make" it matched)
    found = []
    for x in mentions_of(lead + fix):
        if x.start < len(lead):
            continue
        at = x.start - len(lead)
        opens = re.search(r"\w", fix[:at]) is None
        found.append(
            replace(
                x,
                start=at,
                end=x.end - len(lead),
                before="" if opens else x.before,
                before2="" if opens else x.before2,
            )
        )
    return found


def _narrowed(head: str, fix: str, new: list[Mention], mentions_of: MentionFinder) -> str | None:
    """ "Add Emma and Noah to Atlas. Actually just Noah": "just"/"only" names all that is left of the names
    of that kind, so the whole run of them is replaced (keeping the one swapped in kept the others). None
    when the head names one of that kind (an ordinary swap); a question when the run is not one list."""
    run = [x for x in mentions_of(head) if not x.pronoun and x.ref != "me" and any(_alike(x, n) for n in new)]
    if len(run) < 2:
        return None
    groups = [[run[0]]]
    for a, b in itertools.pairwise(run):
        if lx.NAME_JOINER.fullmatch(head[a.end : b.start]):
            groups[-1].append(b)
        else:
            groups.append([b])
    if len(groups) > 1:
        # "Add Grace Hopper and Ken Adams to All Hands. Not Ken, actually - only Grace": one list the fix
        # picks from, and the other names only say again names of that list: the list is what is narrowed
        def restates(short: str, longer: Mention) -> bool:
            return _words_of(short) <= _words_of(_said(longer, head))

        picked = [g for g in groups if all(any(restates(_said(n, fix), x) for x in g) for n in new)]
        others = [o for g in groups if g not in picked for o in g]
        # (a name said again that the fix keeps, "Not Noah or Liam - actually, just Emma and Liam": which of
        # the two sayings stands is not guessed)
        again = [o for o in others for n in new if _words_of(_said(o, head)) & _words_of(_said(n, fix))]
        if (
            len(picked) != 1
            or again
            # (said again in a change of its own, "Add Ken to Sales too": what "only" leaves of it is unsaid)
            or not all(_negated(head, o) for o in others)
            or not all(any(restates(_said(o, head), x) for x in picked[0]) for o in others)
        ):
            raise _Unclear("scope", f"I could not tell which of the names before {fix!r} is meant to stay.")
        run = picked[0]
        if len(run) < 2:
            return None
    said = " and ".join(fix[n.start : n.end] for n in new)
    return " ".join((head[: run[0].start] + said + head[run[-1].end :]).split())


def _said(m: Mention, where: str) -> str:
    return where[m.start : m.end]


def _negated(text: str, m: Mention) -> bool:
    """Whether `m` stands in a segment that opens with a negation ("Not Ken", "no, not Noah or Liam"); a
    spaced dash opens one too ("... on the Support mailbox - not Tom actually, just Chris"; nlu165)."""
    opens = max(text.rfind(c, 0, m.start) for c in ".;!?,")
    if (dash := lx.NLU165_SEGMENT_DASH.search(text, max(opens, 0), m.start)) is not None:
        opens = max(opens, dash.end() - 1)
    lead = lx.NEGATION_START.match(text[opens + 1 : m.start].strip().lower() + " ")
    return lead is not None and lead.group("cue") in lx.NEGATING_CUES


def _words_of(name: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", name.lower()))


def _alike(o: Mention, new: Mention) -> bool:
    return bool(
        (o.kinds & new.kinds)
        or (o.is_person and new.is_person)
        or (o.is_group and new.is_group)
        or (o.literal and new.literal and not o.kinds and not new.kinds)
    )


def _counterpart(new: Mention, old: list[Mention]) -> Mention | None:
    same_word = [o for o in old if new.before and o.before == new.before]
    if same_word:
        return same_word[-1]
    same_kind = [o for o in old if _alike(o, new)]
    return same_kind[-1] if same_kind else None


_RIGHT_WORDS = {"mailbox_delegation": "full access", "send_as": "send as", "send_on_behalf": "send on behalf"}
_LEVEL_SAY = {
    "availability_only": "see the free/busy of",
    "limited_details": "see limited details of",
    "reviewer": "view",
    "editor": "edit",
}


def _replace_spans(text: str, spans: list[tuple[int, int]], words: str) -> str:
    spans = sorted(set(spans))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 5 and re.fullmatch(r"[\s,and]*", text[merged[-1][1] : a]):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        elif not merged or a >= merged[-1][1]:
            merged.append((a, b))
    first, *others = merged
    for a, b in reversed(others):
        text = text[:a] + text[b:]
    return text[: first[0]] + words + text[first[1] :]


# ---- negations -----------------------------------------------------------------------------------------


def _cut_negations(text: str, mentions_of: MentionFinder, out: Scope) -> str:
    calendar = bool(lx.CALENDAR.search(text.lower()))
    mentions = mentions_of(text)
    cuts: list[tuple[int, int]] = []
    start = 0
    bounds = [*_SEGMENT_END.finditer(text), None]
    set_apart = False
    for sep in bounds:
        end = sep.start() if sep else len(text)
        seg_start = start + len(text[start:end]) - len(text[start:end].lstrip())
        segment = text[seg_start:end]
        start = sep.end() if sep else len(text)
        if not segment.strip():
            continue
        low = segment.lower()
        listed = [x for x in mentions if seg_start <= x.start < end and not x.pronoun]
        if set_apart and listed and _names_only(text, seg_start, end, listed):
            # "..., except Olivia Martin, Priya Patel": a name listed after the comma is set apart too, each
            # checked against the set on its own
            out.exclusions += [Exclusion(refs=(x.ref,), members_too=True, said=x.surface) for x in listed]
            cuts.append((seg_start, end))
            continue
        set_apart = False
        if lx.NEGATION_MODIFIERS.match(lx.POLITE.sub("", lx.MODIFIER_SUBJECT.sub("", low))):
            continue  # "please don't auto-map it", "he doesn't need it in Outlook": how, read by the rules
        if not _without_old_address_kept(lx.POLITE.sub("", low), text).strip(" \t.;!,"):
            continue  # "... primary to hello@acme.com. Keep info@ working as well.": keep_old, read by rules
        if lx.OTHER_ACCESS_UNTOUCHED.match(low):
            # "but don't touch Maria's other access", "leave the rest of his rights alone": what the request
            # does not name stays as it is, which is how every plan works; nothing of what it names is ruled
            # out (read as a negation, it ruled out Maria and the revoke with her, batch 18)
            cuts.append((seg_start, end))
            continue
        lead = lx.NEGATION_START.match(low)
        inner = [x for x in mentions if seg_start <= x.start < end]
        if lead is None and seg_start > 0 and inner and _left_where_they_are(low, inner, mentions, seg_start):
            # "..., but leave Priya Patel": the person stays where they are (read as one more person the
            # change is for, it removed Priya too; found at the end of session 8)
            lead = lx.LEAVE_PERSON.match(low)
            if lead is not None and lx.LEFT_ONLY.match(low, lead.end()):
                # "..., leaving only Priya Patel": everyone else goes too, or only the one named? Asked
                out.unclear = lx.LEFT_ONLY_ASK.format(said=segment.strip())
                out.unclear_about = "member"
                cuts.append((seg_start, end))
                continue
        limiting = lx.LIMITING_SUBJECT.match(low)
        if (
            limiting
            and not limiting.group("conj")
            and ((seg_start == 0 and not out.alternative) or lx.ANYMORE.search(low))
        ):
            limiting = None  # said alone, or "... any more": a request to take away, read by the rules
        if lead is None and limiting:
            # "Give Tom full access but he should not get send as": that right is ruled out, not revoked
            out.ruled_out.append(segment)
            limit = replace(_exclusion(low, inner, calendar, segment, out), giving=True)
            out.exclusions.append(limit)
            if limit.actions:
                # the one it names loses nothing: the safety net is not to read "should not" as taking away
                out.limited.append(segment)
            cuts.append((seg_start, end))
            continue
        if (
            lead is None
            and calendar
            and seg_start > 0
            and lx.LIMITING_LEVEL.match(low)
            and _level_in(low) is not None
        ):
            # "... my calendar but mustn't change anything in it": the share said before is capped, not undone
            out.ruled_out.append(segment)
            out.exclusions.append(_exclusion(low, inner, calendar, segment, out))
            cuts.append((seg_start, end))
            continue
        if lead is not None and lead.groupdict().get("topic"):
            # "Olivia Martin's calendar: Maria stays as editor, but remove Grace": the topic is the rest's
            # too, so only what stays is cut
            seg_start += lead.end("topic")
            segment, low = text[seg_start:end], text[seg_start:end].lower()
            inner = [x for x in mentions if seg_start <= x.start < end]
            lead = lx.NEGATION_START.match(low)
        if lead is not None:
            cut = _segment(segment, lead, [_shift(x, -seg_start) for x in inner], calendar, out)
            if cut is not None:
                cuts.append((seg_start + cut[0], seg_start + cut[1]))
            # ("Keep Emma Wilson, Noah Davis and Liam Brown.": a list after "keep" keeps every name on it, as
            # one after "except" sets each apart; red team 66 kept only the first and removed the rest)
            kept = lead.group("cue").startswith("keep") and _names_only(
                text, seg_start + lead.end(), end, inner
            )
            set_apart = (_leaves_out(lead.group("cue")) or kept) and bool(inner)
            continue
        prohibited = lx.PROHIBITION.search(low)
        if prohibited and (
            prohibited.group(0) != "never" or lx.ACTION_VERB.search(low) or _rights_in(low, generic=False)
        ):
            # "Sarah should never be able to send as sales@": the whole segment is ruled out.
            out.ruled_out.append(segment)
            out.exclusions.append(_exclusion(low, inner, calendar, segment, out))
            cuts.append((seg_start, end))
            continue
        for cue in lx.NEGATION_INLINE.finditer(" " + low):
            a = seg_start + cue.start()  # the leading space stands for the one before the cue
            b = seg_start + cue.end() - 1
            # "Remove everyone from all-sales without Priya Patel": people alone after "without", to the
            # segment's end, are set apart from the change, as after "except" (red team 65 removed them;
            # nlu108: said with a comma before it, _segment read it so already)
            word = cue.group("cue")
            if word == "without" and _people_only(text[:end], b, [x for x in inner if x.start >= b]):
                word = "except"
            span = _inline_item(
                text,
                b,
                end,
                [x for x in inner if x.start >= b],
                calendar,
                leaves_out=_leaves_out(word),
            )
            if word in ("instead of", "rather than") and lx.UNNAMED_PERSON.match(text[b:end].lower().strip()):
                # the swap's other person, unnamed: who loses what the request gives is asked, not guessed
                out.unclear = "Instead of whom? Name the person who should lose it."
                out.unclear_about = "trustee"
                break
            if span is None:
                if cue.group("verb") and lx.NLU114_NO_ONE_NAMED.fullmatch(text[b:end]):
                    # ("Add Tom to all-sales without removing anyone": no one named loses anything; the
                    # change ruled out is none of the plan's, cut as a named one is)
                    cuts.append((a, end))
                    break
                continue
            item = text[span[0] : span[1]]
            if (
                word in ("without", "with no", "no")
                and not (calendar and _level_in(item.lower()))
                # "send as without full access": a right said after "without" is ruled out, never given
                and not (word == "without" and _rights_in(item.lower(), generic=False))
                and not cue.group("verb")  # "without removing him from All Hands": that change is ruled out
            ):
                continue  # "without a copy", "no automapping": how, read by the rules; only a level is capped
            if _leaves_out(word) or word == "not":
                if lx.WHO_GETS_AFTER.match(text, span[1]):
                    # "... except Lucas, who gets full access": the one set apart gets something else, said
                    # in a clause no rule reads as a request: asked, never planned without it
                    out.unclear = f"I could not tell what {text[a:].strip()!r} asks for the one set apart."
                    break
                tail = lx.UNTIL_SAID.match(text[span[1] : end])
                if tail is not None:
                    # "..., but not Lucas until Friday": left out for a while, so in later; a start cannot be
                    # scheduled, and which end is whose cannot be told: asked, never planned without him
                    out.unclear = f"I could not tell what {text[a:end].strip()!r} means for the time said."
                    out.unclear_about = "expires"
                    break
                joined = lx.UNKNOWN_NAME_JOINED.match(text, span[1])
                if (
                    joined is not None
                    and not any(x.start == joined.start("name") for x in inner)
                    and not lx.ACTION_VERB.match(joined.group("name").lower())
                ):
                    # "except Mike and Christina": one set apart the directory does not know; read without
                    # it, whom it meant would be changed with everyone else: asked
                    out.unclear = (
                        f"I could not tell who {joined.group('name')!r} is: name the person in full."
                    )
                    out.unclear_about = "member" if _leaves_out(word) else "trustee"
                    break
            item_mentions = [x for x in inner if span[0] <= x.start < span[1]]
            _record(word, item, item_mentions, calendar, out)
            cuts.append((a, span[1]))
            break
    for a, b in sorted(cuts, reverse=True):
        text = text[:a] + " " + text[b:]
    text = re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split()))
    # ("Olivia's calendar: [what stays], but remove Grace": the topic's colon, then the rest)
    return re.sub(r":[,;]", ":", text).strip(" ,;-")


def _left_where_they_are(low: str, inner: list[Mention], mentions: list[Mention], start: int) -> bool:
    """Whether a bare "leave ..." after the change may mean "leave them where they are": when what it names
    is people, or holds someone other than the requester ("leave Priya and Sales"), or is a list or mailbox
    set against the change by "but" or said after a change for someone other than the requester ("Remove
    Tom from Marketing, leave the Sales list"); never a list the requester leaves ("remove me from Marketing
    and leave Project Atlas"). Red team 31 found each of these read as one more member to remove."""
    if all(x.is_person for x in inner) or any(x.is_person and not x.pronoun and x.ref != "me" for x in inner):
        return True
    if any(x.pronoun for x in inner):
        return False  # ("but leave her as reviewer": a level she keeps, read by the rules)
    if lx.LEAVE_SET_AGAINST.match(low):
        return True
    return any(x.is_person and x.ref != "me" for x in mentions if x.start < start)


def _names_only(text: str, start: int, end: int, listed: list[Mention]) -> bool:
    """Whether text[start:end] holds nothing but these mentions and what joins names ("Priya and David")."""
    at, rest = start, []
    for x in sorted(listed, key=lambda x: x.start):
        rest.append(text[at : x.start])
        at = x.end
    rest.append(text[at:end])
    return all(lx.NAME_JOINER.fullmatch(part.strip(" .")) is not None for part in rest)


def _shift(m: Mention, by: int) -> Mention:
    return replace(m, start=m.start + by, end=m.end + by)


def _segment(
    segment: str, lead: re.Match[str], mentions: list[Mention], calendar: bool, out: Scope
) -> tuple[int, int] | None:
    """A segment that starts with a negation cue: what it rules out, and the span to cut."""
    cue = lead.group("cue")
    if lx.NO_NEED_TO.fullmatch(cue):
        cue = "don't"  # "no need to add him": the change it governs is ruled out, as "don't add him" is
    low = segment.lower()
    if lead.group("speech"):
        mentions = [m for m in mentions if m.start >= lead.end("speech")]  # the speaker keeps nothing
    body = low[lead.end() :]
    if cue == "not" and re.match(r"(?:just|only)\b", body):
        return (0, len(segment))  # "not just full access": what they already have, nothing to do
    if cue in ("no", "without") and calendar and _level_in(body) is not None:
        # "read only, no editing", "without edit rights": the level is capped, the share itself is asked for
        out.ruled_out.append(segment)
        out.exclusions.append(_exclusion(body, mentions, calendar, segment, out))
        return (0, len(segment))
    if cue == "without" and _people_only(segment, lead.end(), mentions):
        # "Remove Tom, Chris and Emma from all-sales, without Chris": people said after "without" are set
        # apart from the change, as after "except" (red team 61 removed Chris with the rest; nlu101)
        cue = "except"
    elif cue == "without" and not _rights_in(body, generic=False):
        return None  # "without a copy", "without approval": the rules read these
    if cue in ("no", "without"):  # "..., but without full access": the right is ruled out, never given
        rights = _rights_in(body, generic=False)
        found = [m for p in _DELEGATION_WORDS.values() if (m := p.search(body)) is not None]
        first = min(found, key=_start) if found else None
        if not rights or first is None or first.start() > 0:
            return None  # "no" before anything but a right is not a negation the reader knows
        out.exclusions.append(Exclusion(frozenset(rights), (), said=segment))
        return (0, lead.end() + _rights_listed_end(body, first.end()))
    stopping = cue in ("don't", "dont", "do not", "do n't", "never") and lx.ANYMORE.search(body)
    if stopping and (lx.FORWARDING.search(body) or lx.LET_ANYMORE.match(body)):
        # "don't forward my mail to X anymore", "don't let Tom send as support anymore": a stop the rules
        # read as one
        return None
    if cue in ("keep", "keeps", "leave", "leaving") and lx.NEGATION_MODIFIERS.match(f"keep {body}"):
        # "I want to keep a copy too", "but leave copies in the mailbox": how forwarding works (the rules)
        return None
    if cue in ("leave", "leaving", "keeps", "stay", "stays", "remain", "remains", "keep"):
        # "Leave Emma on all-sales", "he keeps his full access": what it names stays as it is; what follows
        # "and remove ..." is a change of its own
        cue = "keep"
        if not mentions and (unknown := lx.NLU108_KEPT_NAME.match(segment, lead.end())) is not None:
            # "Remove everyone from all-sales; keep Kim.": a name the directory cannot tell (two Alex Kims,
            # or no one) is someone the request keeps: asked, never removed with the rest (red team 65)
            out.unclear = f"I could not tell who {unknown.group('name')!r} is: name the person in full."
            out.unclear_about = "member"
            return (0, len(segment))
        if (then := lx.AND_NEW_ACTION.search(segment, lead.end())) is not None:
            segment, body = segment[: then.start()], low[lead.end() : then.start()]
            mentions = [m for m in mentions if m.start < then.start()]
        if lead.start("cue") > 0 and not _rights_in(body, generic=True):
            # "Emma Wilson's send as on careers@ stays": the right kept is the subject, said before the cue
            # (read from the words after it alone, every right of Emma's on careers@ was ruled out)
            body = f"{low[lead.end('speech') if lead.group('speech') else 0 : lead.start('cue')]} {body}"
    if cue in ("don't", "dont", "do not", "do n't", "never", "keep") or lx.ACTION_VERB.match(body):
        # "Don't add him to Contractors", "but keep him in All Hands": what it names is not touched
        out.ruled_out.append(segment)
        out.exclusions.append(_exclusion(body, mentions, calendar, segment, out, keep=cue == "keep"))
        if cue == "keep":
            # what the speaker named is no one's to keep ("Sarah says Tom should keep ...": Tom's)
            out.kept.append(segment[lead.end("speech") :] if lead.group("speech") else segment)
        return (0, len(segment))
    if mentions and lx.UNTIL_SAID.match(segment, mentions[-1].end):
        # "..., but not Lucas until Friday": left out for a while, so in later; a start cannot be scheduled,
        # and which end is whose cannot be told: asked, never planned without him
        out.unclear = f"I could not tell what {segment.strip()!r} means for the time said."
        out.unclear_about = "expires"
        return (0, len(segment))
    _record(cue, segment[lead.end() :], mentions, calendar, out)
    return (0, len(segment))


def _people_only(segment: str, at: int, mentions: list[Mention]) -> bool:
    """Whether what `segment` says from `at` on is only people named (joined by commas, "and", "or"), a
    sentence's end after them: "without Chris Lee and Emma", never "without Chris's approval"."""
    stop = at
    named = [m for m in mentions if m.start >= at]
    for m in named:
        if m.pronoun or m.possessive or not (m.known or m.literal) or not m.kinds & PERSON_KINDS:
            return False
        if not lx.NLU101_PEOPLE_JOINER.fullmatch(segment, stop, m.start):
            return False
        stop = m.end
    return bool(named) and lx.NLU101_PEOPLE_END.fullmatch(segment, stop) is not None


def _start(m: re.Match[str] | None) -> int:
    return m.start() if m else 1 << 30


def _inline_item(
    text: str, at: int, end: int, mentions: list[Mention], calendar: bool, *, leaves_out: bool = False
) -> tuple[int, int] | None:
    """After an inline cue ("and not", "instead of", "rather than"): the one thing it covers."""
    rest = text[at:end]
    low = rest.lower()
    lead = lx.ROLE_LEAD.match(low)
    skip = lead.end() if lead else 0
    if mentions and mentions[0].start - at <= skip + 1:
        first = mentions[0]
        stop = first.end
        tail = text[stop:end].lower()
        right = next(
            (p.match(tail.lstrip()) for p in _DELEGATION_WORDS.values() if p.match(tail.lstrip())), None
        )
        if first.possessive and right is not None:
            stop += len(tail) - len(tail.lstrip()) + right.end()
        elif leaves_out:
            # "except Mia Novak and Ethan Park": every one of the names listed is left out, not the first
            for later in mentions[1:]:
                joiner = lx.NAME_JOINER.fullmatch(text, stop, later.start)
                account = (
                    lx.NLU135_JOINED_ACCOUNT_AFTER.match(text, later.end)
                    if joiner is None and lx.NLU135_JOINED_ACCOUNT_BEFORE.fullmatch(text, stop, later.start)
                    else None
                )
                if (
                    later.pronoun
                    or (joiner is None and account is None)
                    or not text[stop : later.start].strip()
                ):
                    break
                stop = account.end() if account is not None else later.end
        return (at, stop)
    for pattern in _DELEGATION_WORDS.values():
        if (m := pattern.match(low, skip)) is not None:
            return (at, at + _rights_listed_end(low, m.end()))
    if m := lx.SENDING.match(low, skip):
        return (at, at + m.end())
    if calendar:
        for _, pattern in lx.LEVEL_WORDS:
            if (m := pattern.match(low, skip)) is not None:
                return (at, at + m.end())
    if m := lx.UNCLEAR_SCOPE.match(low, skip):
        return (at, at + m.end())
    if m := re.match(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*", rest[skip:]):
        return (at, at + skip + m.end())  # "except Bob": a name the directory does not know is still named
    return None


def _rights_listed_end(low: str, end: int) -> int:
    """ "without send as or send on behalf", "neither send as nor send on behalf", "not send as, nor send on
    behalf": the cue covers every right listed after it, so the item ends after the last one (batch 18)."""
    while (joiner := lx.RIGHTS_LIST_JOINER.match(low, end)) is not None:
        more = next((m for p in _DELEGATION_WORDS.values() if (m := p.match(low, joiner.end()))), None)
        if more is None:
            break
        end = more.end()
    return end


def _record(cue: str, item: str, mentions: list[Mention], calendar: bool, out: Scope) -> None:
    low = item.lower()
    if lx.UNCLEAR_SCOPE.fullmatch(low.strip(" ,.")):
        out.unclear = f"I could not tell what {cue!r} {item.strip()!r} leaves out."
        return
    out.ruled_out.append(f"{cue} {item}".strip())
    named = [m for m in mentions if not m.pronoun and (m.known or m.literal)]
    # ("Add Ava rather than Tom to Marketing": Ava chosen, no step for Tom; only "instead of" swaps, nlu61)
    if cue == "instead of" and named and not _rights_in(low, generic=False):
        out.swaps += [m.ref for m in named]
    members_too = _leaves_out(cue)
    exclusion = _exclusion(low, mentions, calendar, item, out, members_too=members_too)
    if cue in ("instead of", "rather than") and named and not exclusion.actions:
        return  # the swap says it: "instead of Christine" is not "never Christine"
    if members_too and not exclusion.actions and len(exclusion.refs) > 1:
        # "except Mia and Tom": each one set apart is checked against the set on its own, so a name the set
        # does not hold is asked about, never silently covered by another who matched
        out.exclusions += [replace(exclusion, refs=(ref,)) for ref in exclusion.refs]
        return
    out.exclusions.append(exclusion)


_SETS_APART = (
    *("except", "apart", "other", "excluding", "minus", "barring", "with the", "leaving", "leave out"),
    *("besides", "aside"),
)


def _leaves_out(cue: str) -> bool:
    """Whether a cue sets people apart from a set ("except", "apart from", ...), rather than ruling out."""
    return cue.startswith(_SETS_APART)


def _exclusion(
    low: str,
    mentions: list[Mention],
    calendar: bool,
    said: str,
    out: Scope,
    *,
    keep: bool = False,
    members_too: bool = False,
) -> Exclusion:
    level = _level_in(low) if calendar else None
    if level is not None:
        # ("..., but keep her access as reviewer": the level kept is the most she has, not one below it)
        cap = level if keep else lx.LEVEL_ORDER[max(0, lx.LEVEL_ORDER.index(level) - 1)]
        if not keep and dict(lx.LEVEL_NAMES)[level].search(low):
            out.named_out.add(level)
        elif not keep:
            out.capped_by_ability = True
        if out.level_cap is None or lx.LEVEL_ORDER.index(cap) < lx.LEVEL_ORDER.index(out.level_cap):
            out.level_cap = cap
    rights = _rights_in(low, generic=not calendar)
    if not rights and lx.SENDING.search(low) and not calendar:
        rights = ["send_as", "send_on_behalf"]
    named = tuple(m.ref for m in mentions if not m.pronoun and (m.known or m.literal) and m.ref != "me")
    if not named and members_too and not _rights_in(low, generic=False):
        named = (said.strip(" ,."),)  # an unknown name: it excludes no one, and enforce asks about it
    people = tuple(m.ref for m in mentions if not m.pronoun and m.is_person and m.known and m.ref != "me")
    # "Don't give Sarah send as on support": Sarah, not everyone's send as on support.
    # "Keep Emma on all-sales, take Liam off it": Emma's place, not every change to all-sales.
    # "Keep Emma on all-sales and take her off all-hands": her place on all-sales, not every change of hers
    place = keep and not rights and bool(people) and len(named) > len(people)
    refs = people if (people and (rights or keep) and not place) else named
    together = (
        bool(people) and not rights and (not keep or place) and not members_too and len(refs) > len(people)
    )
    if not rights and level is not None:
        refs = ()  # "not edit it": the level is capped; the share itself is asked for
        return Exclusion(frozenset({"__level__"}), refs, said=said)
    # ("remove his send as on Support but keep his full access there, and give him full access to Sales": a
    # right kept is one not taken away; it rules out no grant of it elsewhere, which batch 48 dropped; nlu145)
    taking = lx.NOT_TAKING.match(said.lower().strip()) is not None or (keep and bool(rights))
    if not rights and not refs and not members_too and not keep:
        # "..., so don't share his calendar" ("his" unread): what it rules out named by what it does; an
        # exclusion of nothing would let the rest plan the very thing it rules out
        rights = sorted(frozenset().union(*(t for t, p in lx.RETRACT_TOPIC if p.search(low))))
    return Exclusion(
        frozenset(rights), refs, members_too=members_too, said=said, together=together, taking=taking
    )


def names_a_right(text: str) -> bool:
    """Whether `text` names Full Access, Send As or Send on Behalf (not "access" alone)."""
    return bool(_rights_in(text.lower(), generic=False))


def _rights_in(low: str, *, generic: bool) -> list[str]:
    found = []
    for action, pattern in _DELEGATION_WORDS.items():
        m = pattern.search(low)
        if m is None:
            continue
        if action == "mailbox_delegation" and not generic and m.group(0) == "access":
            continue
        if action == "send_as" and "send_on_behalf" in found:
            rest = lx.PERMISSIONS["send_on_behalf"].sub(" ", low)
            if not lx.PERMISSIONS["send_as"].search(rest):
                continue
        found.append(action)
    if not found and generic and lx.MAILBOX_RIGHTS_SAID.search(low):
        found = list(_DELEGATION_WORDS)  # "any of his mailbox permissions": each of them
    return found


def _named_instead(level: str, sc: Scope) -> bool:
    """Whether a share's level is the one said by its name in place of levels ruled out by theirs ("Give Ava
    editor, not reviewer", "... rather than reviewer"): the levels are four choices, and ruling one out says
    nothing of the one chosen. Never when an ability was ruled out ("editor, but she mustn't edit")."""
    if sc.capped_by_ability or not sc.named_out or level in sc.named_out:
        return False
    return dict(lx.LEVEL_NAMES)[level].search(sc.text.lower()) is not None


def _level_in(low: str) -> str | None:
    for level, pattern in lx.LEVEL_WORDS:
        if pattern.search(low):
            return level
    return None


# ---- after the rules -----------------------------------------------------------------------------------


def _without_old_address_kept(low: str, text: str) -> str:
    """`low` without the old address said kept working beside a change of a primary address (keep_old, which
    the primary reader sets: lx.NLU134_OLD_ADDRESS_KEPT); as it is beside any other change."""
    if not lx.NLU134_PRIMARY_SAID.search(text):
        return low
    return lx.NLU134_OLD_ADDRESS_KEPT.sub(" ", low)


def residual_negation(text: str) -> str | None:
    """A negation word the scope pass left in the text, other than the modifiers the rules read."""
    low = _without_old_address_kept(lx.NEGATION_MODIFIERS.sub(" ", text.lower()), text)
    m = lx.NEGATION_ANYWHERE.search(low)
    return m.group(0) if m else None


def downgrades(draft: Draft, text: str) -> list[DraftStep]:
    """The calendar shares a request sets to the level it says is enough after taking access away ("no
    longer needs editor ...; reviewer will do"): each gives a level and takes the wider one."""
    parts = [part.strip() for part in lx.LEVEL_PARTS.split(text.lower())]
    if not any(p.fullmatch(part) for part in parts for p in lx.LEVEL_STAYS):
        return []
    return [s for s in draft.steps if s.action == "calendar_share" and s.change == "grant"]


def only_takes_away(text: str) -> bool:
    """Whether every negation left is a word of taking away ("no longer", "shouldn't ... any more")."""
    low = _without_old_address_kept(lx.NEGATION_MODIFIERS.sub(" ", text.lower()), text)
    low = lx.NEGATION_REVOKING.sub(" ", low)
    return lx.NEGATION_ANYWHERE.search(low) is None


def set_apart_members(
    sc: Scope, groups: Iterable[str], steps: Sequence[DraftStep], directory: Directory, requester: Recipient
) -> Scope:
    """ "Give every member of Finance Team reviewer on Mike Smith's calendar, apart from Mike himself": one
    set apart who is a member of a group whose members the change is for is set apart as a member only (a
    recipient), never what they own that the change is on (batch 23 ruled the whole share out). When every
    step is on one and the same thing, or when the one set apart is a member who owns one of several ("...
    Mike's and Christine's mailboxes, except Christine": _member_owns_a_target); otherwise, with several,
    which is set apart is not told, and is left to the reading as before."""
    ids = Ids(directory, requester)
    targets = {
        tuple(sorted(ids.of(str(s.params.get(k, "")))))
        for s in steps
        for k in _TARGET_PARAMS
        if k in s.params
    }
    members: set[str] = set()
    for group in groups:
        members |= ids.members(group)
    if not members:
        return sc
    if len(targets) != 1 and not _member_owns_a_target(sc, targets, members, ids):
        return sc
    # (a person set apart has no members: "members too" only asked when no step was theirs, and a member who
    # owns what the change is on has none, as no one gets a share of their own calendar)
    exclusions = [
        replace(ex, recipients_only=True, members_too=False)
        if ex.refs
        and not ex.together
        and all(ids.of(ref) <= members and not ids.members(ref) for ref in ex.refs)
        else ex
        for ex in sc.exclusions
    ]
    return replace(sc, exclusions=exclusions)


def _member_owns_a_target(sc: Scope, targets: set[tuple[str, ...]], members: set[str], ids: Ids) -> bool:
    """ "Give every member of Finance Team full access to Mike's mailbox and Christine's mailbox, except
    Christine": with several things the change is on, a member set apart who owns one of them is set apart as
    a member (nlu41's leftover): no one gets a right on their own mailbox, so "except Christine" tells
    Christine is left out of the ones given it, and her mailbox stays in."""
    owned = {i for t in targets for i in t}
    return any(
        ex.refs and not ex.together and all(ids.of(ref) <= members and ids.of(ref) & owned for ref in ex.refs)
        for ex in sc.exclusions
    )


def _unsure_may_be_changed(ref: str, steps: list[DraftStep], ids: Ids) -> bool:
    """Whether a name kept whom the directory cannot tell may be one the steps change: always when it names
    no one known; of several, when one of them is among the steps' recipients or the members of a list a
    step names ("remove Priya's access to Sales, John keeps his": no John is changed, whichever is meant;
    nlu112)."""
    if not ids.unsure(ref):
        return False
    found = ids.of(ref)
    if found == frozenset({ref.casefold()}):
        return True
    reached: set[str] = set()
    for step in steps:
        reached |= ids.in_step(step)
        for value in step.params.values():
            for said in value if isinstance(value, list) else [value]:
                if isinstance(said, str):
                    reached |= ids.members(said)
    return bool(found & reached)


def enforce(draft: Draft, sc: Scope, directory: Directory, requester: Recipient) -> Draft:
    """The draft without what the request ruled out, with swaps and level caps applied."""
    ids = Ids(directory, requester)
    steps: list[DraftStep] = []
    used: set[int] = set()
    # (the calendars of several owners shared at once: one of them may be the one left out)
    owners_too = len({s.params.get("owner") for s in draft.steps if s.action == "calendar_share"}) > 1
    for step in draft.steps:
        hits = [i for i, ex in enumerate(sc.exclusions) if _matches(step, ex, ids, owners_too=owners_too)]
        used.update(hits)
        if hits:
            continue
        if sc.unmapped and step.action == "mailbox_delegation" and step.change == "grant":
            trustee = ids.of(str(step.params.get("trustee", "")))
            if any(trustee & ids.of(ref) for ref in sc.unmapped):
                step = step.model_copy(update={"params": {**step.params, "automapping": False}})
        if sc.level_cap and step.action == "calendar_share" and step.change == "grant":
            level = step.params.get("access") or "reviewer"
            if lx.LEVEL_ORDER.index(level) > lx.LEVEL_ORDER.index(sc.level_cap) and not _named_instead(
                level, sc
            ):
                step = step.model_copy(update={"params": {**step.params, "access": sc.level_cap}})
        steps.append(step)
    if vanished := _ruled_out_wholly(draft.steps, steps, sc.exclusions, used):
        # "Give Tom full access but not send as, Ken Adams needs send as": a right ruled out for no one named
        # took every step of someone named after it; never a ready plan without them
        return ask_scope(
            f"I could not tell whether what the request rules out is meant for {vanished!r} too: say for "
            "each person what they should get."
        )
    for ref in sc.swaps:
        steps += [s for s in _swapped(steps, ref, ids) if s not in steps]
    questions = list(draft.questions)
    # ("Remove everyone from all-sales; keep Kim." with two Alex Kims: one kept whom the directory cannot
    # tell matched no step, so the one meant may be among those changed; nlu108)
    missed = [
        ex
        for i, ex in enumerate(sc.exclusions)
        if i not in used
        and (
            ex.members_too
            or (ex.refs and any(_unsure_may_be_changed(ref, draft.steps, ids) for ref in ex.refs))
        )
    ]
    if missed and draft.steps:
        # "everyone in Engineering except Bob", and no Bob among them: the request was misread somewhere.
        about = next((k for s in draft.steps for k in _PEOPLE_PARAMS if k in s.params), "trustee")
        text = f"No one this request covers matches {missed[0].said.strip()!r}: who should be left out?"
        return Draft(
            status="needs_clarification",
            message=text,
            steps=[],
            questions=[*questions, DraftQuestion(about=about, text=text)],
        )
    if within := _ruled_out_within_group(steps, sc.exclusions, ids):
        # "Add Finance Team to all-hands, not Rachel Green": the one ruled out is a member of the group the
        # change is for; made for the group, it reached her as well: asked
        return ask_scope(
            f"The request rules out {within!r}, a member of a group it gives to: name the people who "
            "should get it instead of the group.",
            next((k for s in steps for k in _PEOPLE_PARAMS if k in s.params), "member"),
        )
    placed_nowhere = [
        ex
        for ex in sc.exclusions
        if not (ex.actions or ex.refs or ex.members_too or ex.taking)
        and lx.ACTION_VERB.search(ex.said.lower())
        and lx.PERSON_PRONOUN.search(ex.said.lower())
    ]
    if placed_nowhere and any(ACTIONS[s.action].kind == "write" for s in steps):
        # "Add Ken to all-sales, don't add him yet": what is ruled out names no right and no one the scope
        # could place ("him"), so it rules out nothing here; the change it takes back is asked, never made
        return ask_scope(
            f"I could not tell what {placed_nowhere[0].said.strip()!r} rules out: say it again without it, "
            "or as separate requests."
        )
    if draft.steps and not steps and not questions:
        said = "; ".join(sc.ruled_out) or "what was asked"
        return Draft(
            status="not_understood",
            message=f"Nothing is left to do: the request rules out {said!r}.",
            steps=[],
            questions=[],
        )
    status = "needs_clarification" if questions else ("ready" if steps else draft.status)
    message = (
        draft.message if status != "ready" else f"Understood {len(steps)} step{'s' * (len(steps) != 1)}."
    )
    return Draft(status=status, message=message, steps=steps, questions=questions)


def _ruled_out_wholly(
    planned: list[DraftStep], kept: list[DraftStep], exclusions: list[Exclusion], used: set[int]
) -> str:
    """A person every planned step of whom a ruling-out naming no one took away; "" when none is."""
    if not any(not exclusions[i].refs and exclusions[i].actions for i in used):
        return ""

    def people(steps: list[DraftStep]) -> set[str]:
        return {str(s.params[k]) for s in steps for k in _PEOPLE_PARAMS if s.params.get(k)}

    gone = people(planned) - people(kept)
    return next(iter(sorted(gone)), "") if gone and kept else ""


def _ruled_out_within_group(steps: list[DraftStep], exclusions: list[Exclusion], ids: Ids) -> str:
    """The person a ruling-out names who is a member of a group a granting step is for; "" when none is."""
    for step in steps:
        if ACTIONS[step.action].kind != "write" or step.change not in ("grant", "add", "set"):
            continue
        for key in _PEOPLE_PARAMS:
            value = step.params.get(key)
            if not isinstance(value, str) or not value:
                continue
            members = ids.members(value)
            for ex in exclusions:
                if ex.actions and step.action not in ex.actions:
                    continue
                if any(ids.of(ref) & members for ref in ex.refs):
                    return ex.said.strip() or ex.refs[0]
    return ""


def undoing(draft: Draft, directory: Directory, requester: Recipient) -> str | None:
    """The action of a step another step of the plan undoes: the same recipients (as resolved: "Ken" and
    "Ken Adams" are one person), the inverse change ("Add Ken to all-sales. Drop Ken.")."""
    ids = Ids(directory, requester)
    seen: set[tuple[str, str, tuple[tuple[str, frozenset[str]], ...]]] = set()
    for step in draft.steps:
        spec = ACTIONS[step.action]
        if spec.kind != "write":
            continue
        who = tuple(
            sorted((k, ids.of(v)) for k, v in step.params.items() if k in _WHO and isinstance(v, str) and v)
        )
        inverse = spec.inverse.get(step.change, "")
        if any(a == step.action and c == inverse and _same(w, who) for a, c, w in seen):
            return step.action
        seen.add((step.action, step.change, who))
    return None


def _verb_before_right(low: str) -> str:
    """The verb a clause opens with right before a right ("yoink full access from ..."), when no rule knows
    it as one that gives or takes away ("" else)."""
    for found in lx.VERB_BEFORE_RIGHT.finditer(low):
        if not _known_verb(found.group("verb")):
            return found.group("verb")
    return ""


def _known_verb(verb: str) -> bool:
    return (
        verb in lx.GIVING_WORDS_BEFORE_PERSON
        or verb in lx.GIVING_WORDS_BEFORE_RIGHT
        or verb in lx.CHANGE_VERBS
        or lx.ACTION_VERB.fullmatch(verb) is not None
        or lx.REVOKE.fullmatch(verb) is not None
    )


def crossed(
    draft: Draft, text: str, mentions: Iterable[Mention], directory: Directory, requester: Recipient
) -> str:
    """The safety net for wordings no rule knows (why a ready plan is asked about instead, or ""):

    - a step gives a person something while the text names that person in a losing role ("swap Mike out
      for Rachel" read as a grant to Mike), and no step takes anything from them;
    - a plan only gives while the text tells of a grant made by mistake or takes "it" back ("I've given
      Sarah send as by mistake, take it off" read as the grant);
    - a person gets something while the word right before their name, at the start of a clause, is a
      verb no rule gives with ("add Tom to all-sales, boot Ava from it" read as adding Ava);
    - a whole list is deleted while the text also names a person no step touches ("delete all-hands - no,
      just take David out of it" read as the delete)."""
    ids = Ids(directory, requester)
    low = text.lower()
    people = [m for m in mentions if m.is_person and not m.pronoun and m.ref != "me" and m.known]
    losing = {
        m.ref
        for m in people
        if (
            lx.LOSING_BEFORE.search(low[max(0, m.start - 40) : m.start])
            and not lx.NEGATED_LOSING.search(low[max(0, m.start - 40) : m.start])
        )
        or lx.LOSING_AFTER.match(low[m.end : m.end + 30])
    }
    gaining = {
        m.ref
        for m in people
        if lx.GAINING_BEFORE.search(low[max(0, m.start - 20) : m.start])
        and not lx.NEGATED_GAINING.search(low[max(0, m.start - 30) : m.start])
    }
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    given = [s for s in writes if ACTIONS[s.action].gives_access(s.change)]
    taken = [s for s in writes if not ACTIONS[s.action].gives_access(s.change)]
    taken += downgrades(draft, text)
    if given and not taken and lx.MISTAKE_TAKEN_BACK.search(lx.MISTAKE_LOST_TOLD.sub(" ", low)):
        # "I've given Sarah send as by mistake, take it off": the grant is the story, taking it back the ask
        return (
            "The request tells of access given by mistake and asks to take something back, but the plan only "
            "gives: say again what should be removed, and from whom."
        )
    if taken and lx.MISTAKE_LOST_TOLD.search(low):
        # "give me send as on support@ again, I accidentally deleted it": the removal told is the story, the
        # ask gives back; a plan that takes away beside it may take what the request meant to restore (nlu90)
        return (
            "The request tells of access removed by mistake, but the plan takes access away: say again what "
            "should be given back, and what (if anything) removed."
        )
    if given and not taken and (lead := _verb_before_right(low)):
        # "pls yoink full access from mike on billing": a verb no rule knows, before the right: never a grant
        return (
            f"I could not tell whether {lead!r} gives or takes away: say again what should change, for whom."
        )
    for m in people:
        verb = lx.VERB_BEFORE_PERSON.search(low[: m.start])
        if (
            verb is None
            and m.possessive
            and lx.HELD_ACCESS_AFTER.match(low, m.end)
            and lx.VERB_OF_CHANGE_SAID.search(low) is None
            and any(ids.of(m.ref) & ids.of(str(s.params.get(k, ""))) for s in given for k in _PEOPLE_PARAMS)
        ):
            return (
                f"The request names {m.ref}'s access but says no verb: say whether it should be given or "
                "removed, and which rights."
            )
        if (
            verb is None
            and (verb := lx.VERB_BEFORE_PERSON_POLITE.search(low[: m.start])) is not None
            and _known_verb(verb.group("verb"))
        ):
            continue  # "pls yank mike's full access": the verb after a polite lead, read the same (nlu49)
        if (
            verb is None
            or verb.group("verb") in lx.GIVING_WORDS_BEFORE_PERSON
            or verb.group("verb") in lx.NLU93_COUNTING_BEFORE_PERSON
            or verb.group("verb") in lx.NLU135_BE_BEFORE_PERSON
            or lx.ACTION_VERB.fullmatch(verb.group("verb"))
            or lx.REVOKE.fullmatch(verb.group("verb"))
        ):
            continue
        who = ids.of(m.ref)
        theirs = [s for s in given if any(who & ids.of(str(s.params.get(k, ""))) for k in _PEOPLE_PARAMS)]
        if verb.group("verb") in lx.LOWERING_VERBS and all(
            s.action == "calendar_share"
            and s.params.get("access") in lx.LOWERED_LEVELS
            and any(p.search(low) for level, p in lx.LEVEL_PATTERNS if level == s.params.get("access"))
            for s in theirs
        ):
            continue  # "downgrade Maria to reviewer on Olivia's calendar": the share at the lower level
        if theirs:
            # "add Tom to all-sales, boot Ava from it": a verb no rule knows, read as one more member
            return (
                f"I could not tell what {verb.group('verb')!r} asks for {m.ref}: say again what {m.ref} "
                "should get or lose."
            )
    for ref in losing ^ gaining:
        who = ids.of(ref)
        gets = any(who & ids.of(str(s.params.get(k, ""))) for s in given for k in _PEOPLE_PARAMS)
        loses = any(who & ids.of(str(s.params.get(k, ""))) for s in taken for k in _PEOPLE_PARAMS)
        if (gets and not loses) if ref in losing else (loses and not gets):
            return (
                f"The plan does the opposite of what the request seems to say for {ref}: say again who "
                "should get it and who should lose it."
            )
    deleted = [s for s in writes if s.action == "distribution_list_lifecycle" and s.change == "delete"]
    if not deleted:
        return ""
    touched = frozenset().union(*(ids.in_step(s) for s in writes))
    left = [m.ref for m in people if not (ids.of(m.ref) & touched)]
    gone = frozenset().union(*(ids.of(str(s.params.get("group", ""))) for s in deleted))
    moved = frozenset().union(
        *(
            ids.of(str(s.params.get("member", "")))
            for s in given
            if s.action == "distribution_list_membership"
        )
    )
    # a member change on the list deleted, not the half of a move out of it ("move everyone to X, then
    # delete it"): which of the two was meant is asked
    changed = [
        str(s.params.get("member", ""))
        for s in writes
        if s.action == "distribution_list_membership"
        and ids.of(str(s.params.get("group", ""))) & gone
        and not (s.change == "remove" and ids.of(str(s.params.get("member", ""))) & moved)
    ]
    if left or changed:
        return (
            f"The request deletes a whole list but also names {(left or changed)[0]}: say whether the list "
            "should be deleted or only its members changed."
        )
    return ""


_WHO = frozenset({"mailbox", "trustee", "group", "member", "owner", "grantee", "recipient"})


def _same(a: tuple[tuple[str, frozenset[str]], ...], b: tuple[tuple[str, frozenset[str]], ...]) -> bool:
    """The same roles, each naming a recipient in common (an ambiguous name may be either)."""
    return [k for k, _ in a] == [k for k, _ in b] and all(x & y for (_, x), (_, y) in zip(a, b, strict=True))


def ask_scope(text: str, about: str = "scope") -> Draft:
    return Draft(
        status="needs_clarification",
        message=text,
        steps=[],
        questions=[DraftQuestion(about=about, text=text)],
    )


_PEOPLE_PARAMS = ("trustee", "member", "grantee")
_TARGET_PARAMS = ("mailbox", "group", "owner")


_REQUEST_IDS: ContextVar[dict[tuple[int, int], dict[str, frozenset[str]]] | None] = ContextVar(
    "_REQUEST_IDS", default=None
)
"""While one request is planned (one_request): what each reference resolved to, per directory and requester.
A draft's checks each make their own Ids and resolve the same names again (a failed lookup runs a spelling
search over every name); the directory and the requester do not change while one request is planned."""


@contextmanager
def one_request() -> Iterator[None]:
    """Within it, every Ids for the same directory and requester shares what the references resolved to."""
    token = _REQUEST_IDS.set({})
    try:
        yield
    finally:
        _REQUEST_IDS.reset(token)


class Ids:
    """References to recipient ids, through the directory (a name that resolves to nothing stays text)."""

    def __init__(self, directory: Directory, requester: Recipient) -> None:
        self.directory, self.requester = directory, requester
        self.cache: dict[str, frozenset[str]] = {}
        shared = _REQUEST_IDS.get()
        # (by the exact reference: this instance's own cache, by its folded form, answers as before)
        self._resolved: dict[str, frozenset[str]] = (
            {} if shared is None else shared.setdefault((id(directory), id(requester)), {})
        )

    def of(self, ref: str) -> frozenset[str]:
        key = ref.casefold()
        if key not in self.cache:
            found = self._resolved.get(ref)
            if found is None:
                try:
                    found = frozenset({resolve(self.directory, ref, requester=self.requester).recipient_id})
                except AmbiguousRecipient as exc:
                    found = frozenset(c.recipient_id for c in exc.candidates if isinstance(c, Recipient))
                except ResolutionError:
                    found = frozenset({key})
                self._resolved[ref] = found
            self.cache[key] = found
        return self.cache[key]

    def unsure(self, ref: str) -> bool:
        """Whether `ref` names no one the directory can tell: several, or none."""
        return len(self.of(ref)) != 1 or self.of(ref) == frozenset({ref.casefold()})

    def members(self, ref: str) -> frozenset[str]:
        out: set[str] = set()
        for rid in self.of(ref):
            try:
                out |= {m.recipient_id for m in self.directory.members(rid)}
            except (KeyError, ResolutionError):
                continue
        return frozenset(out)

    def in_people(self, step: DraftStep) -> frozenset[str]:
        """The ids of whom the step is for (trustee, member, grantee), never what it is on."""
        return self.in_step(
            step.model_copy(update={"params": {k: v for k, v in step.params.items() if k in _PEOPLE_PARAMS}})
        )

    def in_step(self, step: DraftStep) -> frozenset[str]:
        out: set[str] = set()
        for value in step.params.values():
            for ref in value if isinstance(value, list) else [value]:
                if isinstance(ref, str) and ref:
                    out |= self.of(ref)
        return frozenset(out)


def _matches(step: DraftStep, ex: Exclusion, ids: Ids, *, owners_too: bool = False) -> bool:
    if "__level__" in ex.actions:
        return False
    if ex.actions and step.action not in ex.actions:
        return False
    if ex.taking and ACTIONS[step.action].gives_access(step.change):
        return False
    if ex.giving and not ACTIONS[step.action].gives_access(step.change):
        return False
    if not ex.refs:
        return bool(ex.actions) and ACTIONS[step.action].kind == "write"
    touched = ids.in_people(step) if ex.recipients_only else ids.in_step(step)
    if owners_too and ex.refs and step.action == "calendar_share" and step.params.get("owner"):
        # "reviewer on the calendar of everyone in Finance Team but Rachel": the one left out of "everyone"
        # owns one of the calendars, never shared (nlu43; with one owner, "apart from Mike himself" on
        # Mike's calendar leaves out a grantee)
        touched |= ids.of(str(step.params["owner"]))
    if ex.together:
        return all(touched & ids.of(ref) for ref in ex.refs)
    wanted: set[str] = set()
    for ref in ex.refs:
        wanted |= ids.of(ref)
        if ex.members_too:
            wanted |= ids.members(ref)
    return bool(touched & wanted)


def _swapped(steps: Iterable[DraftStep], ref: str, ids: Ids) -> list[DraftStep]:
    """'instead of X': X loses, on the same target, what each giving step gives."""
    try:
        is_person = resolve(ids.directory, ref, requester=ids.requester).is_person
    except AmbiguousRecipient as exc:
        # "instead of John" with two Johns: the one who loses it is asked when the step is resolved, never
        # left out (the grant alone was planned, ready, and John kept his access)
        found = [c for c in exc.candidates if isinstance(c, Recipient)]
        if not found or not all(c.is_person for c in found):
            return []
        is_person = True
    except ResolutionError:
        return []
    out = []
    for step in steps:
        spec = ACTIONS[step.action]
        if spec.kind != "write" or not spec.gives_access(step.change):
            continue
        inverse = spec.inverse_of(step.change)
        params = {k: v for k, v in step.params.items() if k in _PEOPLE_PARAMS + _TARGET_PARAMS}
        if is_person and any(k in params for k in _PEOPLE_PARAMS):
            person = next(k for k in _PEOPLE_PARAMS if k in params)
            out.append(DraftStep(action=step.action, change=inverse, params={**params, person: ref}))
        elif (
            not is_person
            and step.action == "distribution_list_membership"
            and "group" in params
            and ids.of(str(params.get("member", ""))) & ids.members(ref)
        ):
            # "Put Mia in Engineering instead of Contractors", Mia on Contractors: the membership she holds
            # is replaced (a move). Only then: "Add Ken to Engineering instead of All Hands" with Ken on no
            # All Hands names the list not chosen, and says nothing of his being on it (batch 32 took him off
            # it; nlu69). A mailbox said so is never a revoke (what anyone holds on it is not read here)
            out.append(DraftStep(action=step.action, change=inverse, params={**params, "group": ref}))
    return out


def contradicted(
    draft: Draft, sc: Scope, mentions_of: MentionFinder, directory: Directory, requester: Recipient
) -> str:
    """The question when a ready plan's change is ruled out again for the same thing, or "".

    "Delete the Contractors list, but don't delete the list", "Remove Ava from all-sales, but keep her on
    it": the ruled-out segment names nothing the plan does not change (each name is one of the plan's, each
    right named is planned, lx.CONTRADICTION_ELSEWHERE absent) and says the inverse of a planned step
    (lx.CONTRADICTS). Which was meant cannot be told; planning either would be a guess.
    """
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    if not writes or sc.withdrawn:
        return ""
    ids = Ids(directory, requester)
    touched = frozenset().union(*(ids.in_step(s) for s in writes))
    planned = {s.action for s in writes}
    levels = {s.params.get("access") for s in writes}
    turns = [part for part in lx.CONTRADICTION_TURN.split(sc.text)[1:] if part.strip()]
    for said in dict.fromkeys(sc.ruled_out + turns):
        low = said.lower()
        if lx.CONTRADICTION_ELSEWHERE.search(low):
            continue
        if not set(_rights_in(low, generic=False)) <= planned:
            continue
        if "calendar_share" in planned and (level := _level_in(low)) is not None and level not in levels:
            continue  # ("change" is a level word only of a calendar)
        found = mentions_of(said)
        if any(not m.pronoun and not (ids.of(m.ref) & touched) for m in found):
            continue
        masked = said
        for m in sorted((m for m in found if not m.pronoun), key=lambda m: m.start, reverse=True):
            masked = f"{masked[: m.start]}{lx.NAMED_MASK}{masked[m.end :]}"
        for step in writes:
            pattern = lx.CONTRADICTS.get((step.action, step.change))
            if pattern is not None and pattern.search(masked):
                return lx.CONTRADICTION_ASK.format(label=ACTIONS[step.action].label, said=said.strip(" ,.;"))
    return ""
