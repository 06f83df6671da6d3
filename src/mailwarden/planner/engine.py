"""The one engine that reads every action description (planner/actions/) against a clause.

Each description whose required evidence holds is a reading, scored by its weight plus the weight of the
supporting evidence found. The best reading wins; when another reading that would change something scores
within CLOSE of it, or finds a place for more of what the text names, the engine does not guess: the reader
asks which was meant. A clause with no reading is no action of its own: it may modify the steps before it
(`follow_up`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mailwarden.planner import lexicon as lx
from mailwarden.planner.actions import DESCRIPTIONS, ActionDescription
from mailwarden.planner.actions.spec import ClauseView, From, Modifier, ReadAnswer, Slot, Surroundings
from mailwarden.planner.mentions import Mention

__all__ = [
    "CLOSE",
    "Choice",
    "Filled",
    "Reading",
    "answer",
    "choose",
    "each",
    "fill",
    "follow_up",
    "modifier",
    "readings",
    "unfit",
]

CLOSE = 5.0
"""Two write readings nearer than this are a question. Weights say how specific a description's cue words
are; cue words as specific as each other (a forwarding verb and a calendar word: "forward my calendar to
Sarah") are declared within CLOSE, so text naming both is asked about rather than guessed."""


@dataclass(frozen=True)
class Reading:
    description: ActionDescription
    score: float
    unfit: int = 0
    """The mentions it has no slot for: a reading that leaves out what the text names is no clear winner."""


@dataclass(frozen=True)
class Choice:
    reading: Reading | None
    """The reading to plan; None: the clause names no action (or the engine asks, see `rivals`)."""
    rivals: tuple[Reading, ...] = ()
    """Write readings too close to call: the person is asked which they meant."""


def unfit(description: ActionDescription, mentions: Iterable[Mention]) -> int:
    """The mentions that name something (known, an address, a list) that no slot of the description takes."""
    if not description.slots:
        return 0  # a question names anything it asks about
    return sum(
        1
        for m in mentions
        if (m.known or m.literal or m.is_group) and not any(s.accepts(m) for s in description.slots)
    )


def readings(clause: ClauseView, descriptions: Iterable[ActionDescription] = DESCRIPTIONS) -> list[Reading]:
    """Every reading whose required evidence holds, best first (declared order breaks ties): its weight plus
    the weight of the supporting evidence found."""
    found = []
    for d in descriptions:
        if all(e.holds(clause) for e in d.requires):
            score = d.weight + sum(w for e, w in d.supports if e.holds(clause))
            found.append(Reading(d, score, unfit(d, clause.mentions)))
    return sorted(found, key=lambda r: -r.score)


def choose(clause: ClauseView, descriptions: Iterable[ActionDescription] = DESCRIPTIONS) -> Choice:
    ranked = readings(clause, descriptions)
    if not ranked:
        return Choice(None)
    best = ranked[0]
    # close: scored within CLOSE, or placing more of what the text names ("forward all-sales to Tom": no
    # forwarding slot takes a list, a list change does; which was meant is a question)
    close = [r for r in ranked[1:] if best.score - r.score < CLOSE or r.unfit < best.unfit]
    if best.description.writes and any(r.description.writes for r in close):
        return Choice(None, (best, *[r for r in close if r.description.writes]))
    return Choice(best)


@dataclass(frozen=True)
class Filled:
    slots: dict[str, list[Mention]]
    introduced: frozenset[str]
    """The slots a word or a cue of their own filled ("to Tom"), not an owner, a default or what was left."""

    either: dict[str, list[Mention]] = field(default_factory=dict)
    """Slots whose mention was offered with an alternative ("all-sales or all-hands"): which is a question."""
    split: list[tuple[Mention, Mention]] = field(default_factory=list)
    """Mentions joined by "and" that landed in different roles, or one in none ("add Tom and all-sales to
    all-hands"): the coordination is ambiguous, and planning one reading could drop what the other names."""

    def get(self, name: str) -> Mention | None:
        found = self.slots.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list[Mention]:
        return list(self.slots.get(name, []))

    def said(self, name: str) -> Mention | None:
        return self.get(name) if name in self.introduced else None


class _Nowhere:
    """Mentions with no clause around them: no cue that reads the words beside a mention holds."""

    def after(self, mention: Mention) -> str:
        return ""

    def preceding(self, mention: Mention) -> str:
        return ""

    def joined(self, mention: Mention) -> tuple[Mention, bool] | None:
        return None


def fill(
    description: ActionDescription, mentions: list[Mention], where: Surroundings | None = None
) -> Filled:
    """The description's slots from the clause's mentions, in stages, each over the slots in declared order:
    the mention a slot's cues mark best, then those its own words introduce, then owners, then what is left;
    last a slot's default. A slot takes only the kinds it accepts; a mention (or a recipient already named)
    fills one slot at most; a slot nothing fills is left out (the reader asks). A mention coordinated with
    one a slot took ("to all-sales and Project Phoenix") fills the same slot: each is meant, none dropped;
    one offered as an alternative ("all-sales or all-hands") is recorded in `either`."""
    around = where or _Nowhere()
    found: dict[str, list[Mention]] = {}
    either: dict[str, list[Mention]] = {}
    used: set[int] = set()
    refs: set[str] = set()

    def coordinated(slot: Slot, chosen: list[Mention]) -> list[Mention]:
        out = list(chosen)
        # "to all-sales and to Engineering" with the last one picked: the ones joined before it by the same
        # introducing word come too
        for m in chosen:
            first = m
            while (
                (before := next((p for p in mentions if around.joined(p) == (first, False)), None))
                is not None
                and slot.introduces(first)
                and before.before == first.before
                and id(before) not in used
                and before not in out
                and slot.accepts(before)
            ):
                out.insert(out.index(first), before)
                first = before
        for m in list(out):
            at = around.joined(m)
            while at is not None:
                nxt, alternative = at
                if id(nxt) in used or nxt in out or not slot.accepts(nxt):
                    break
                if alternative:
                    either[slot.fills] = [*either.get(slot.fills, [m]), nxt]
                else:
                    out.append(nxt)
                at = around.joined(nxt)
        return out

    def free(slot: Slot, options: Iterable[Mention]) -> list[Mention]:
        return [m for m in options if id(m) not in used and m.ref not in refs and slot.accepts(m)]

    def take(slot: Slot, chosen: list[Mention]) -> None:
        if slot.fills in found or not chosen:
            return
        chosen = coordinated(slot, chosen)
        found[slot.fills] = chosen
        for m in chosen:
            used.add(id(m))
            if not slot.words_only:
                refs.add(m.ref)

    def one(options: list[Mention], pick: str) -> list[Mention]:
        return {"first": options[:1], "last": options[-1:]}.get(pick, options)

    cued: set[int] = set()
    """The mentions a cue placed: their role is said of them ("Sam as its only member"), so being joined
    to a mention of another role by "and" is no doubt about either."""
    for slot in description.slots:
        if not slot.cues or slot.fills in found:
            continue
        options = free(slot, mentions)
        if slot.contested and len(options) < 2:
            continue
        scores = [slot.score(m, around) for m in options]
        best = max(scores, default=0.0)
        if best > 0:
            marked = one([m for m, s in zip(options, scores, strict=True) if s == best], slot.pick)
            if any(cue.after is not None for cue, _ in slot.cues):
                # "Sam and Ava as its first members": what is said after the last is said of each joined
                while (
                    marked
                    and (
                        before := next((p for p in mentions if around.joined(p) == (marked[0], False)), None)
                    )
                    is not None
                ):
                    if id(before) in used or before in marked or not (before.known and slot.accepts(before)):
                        break
                    marked.insert(0, before)
                cued.update(id(m) for m in marked)
            take(slot, marked)
    for slot in description.slots:
        take(slot, one(free(slot, [m for m in mentions if slot.introduces(m)]), slot.pick))
    introduced = frozenset(found)
    for slot in description.slots:
        if slot.possessive:
            take(slot, one(free(slot, [m for m in mentions if m.possessive]), "first"))
    for slot in description.slots:
        if slot.fallback != "none":
            left = free(slot, mentions)
            take(slot, one(left, slot.fallback))
    for slot in description.slots:
        if slot.default is not None and slot.fills not in found:
            found[slot.fills] = [Mention(slot.default, 0, 0)]
    _alternatives(found, either, mentions, around)
    return Filled(found, introduced, either, _split(found, mentions, around, cued))


def _alternatives(
    found: dict[str, list[Mention]],
    either: dict[str, list[Mention]],
    mentions: list[Mention],
    around: Surroundings,
) -> None:
    """Mentions offered as alternatives ("Tom or Ava", "Tom, Ava or Sarah") that a slot took together (what
    was left over fills a slot whole): one of them is meant, which is a question, never all of them."""
    for role, taken in found.items():
        seen: set[int] = set()
        for m in mentions:
            if id(m) in seen:
                continue
            chain, alternative, at = [m], False, around.joined(m)
            while at is not None and at[0] not in chain:
                chain.append(at[0])
                alternative = alternative or at[1]
                at = around.joined(at[0])
            seen.update(id(x) for x in chain)
            inside = [x for x in chain if x in taken]
            if alternative and len(inside) > 1:
                offered = either.setdefault(role, [])
                offered += [x for x in inside if x not in offered]


def _split(
    found: Mapping[str, list[Mention]], mentions: list[Mention], around: Surroundings, cued: set[int]
) -> list[tuple[Mention, Mention]]:
    role = {id(m): name for name, taken in found.items() for m in taken}
    split = []
    for m in mentions:
        at = around.joined(m)
        if at is None or at[1] or id(m) in cued or id(at[0]) in cued:
            continue
        here, there = role.get(id(m)), role.get(id(at[0]))
        if here != there and (here or there):
            split.append((m, at[0]))
    return split


def each(**roles: Sequence[Mention | str]) -> list[dict[str, str]]:
    """One step's recipients per combination of what fills each role ("Ava and Tom ... support and sales":
    four), in the order named: the one place filled slots become pairs, so no named object is dropped."""
    refs = {name: [m if isinstance(m, str) else m.ref for m in filled] for name, filled in roles.items()}
    return [dict(zip(refs, combo, strict=True)) for combo in itertools.product(*refs.values())]


def _modifiers() -> dict[tuple[str, str], list[Modifier]]:
    table: dict[tuple[str, str], list[Modifier]] = {}
    for d in DESCRIPTIONS:
        for m in d.modifiers:
            for action in m.actions:
                for change in m.changes:
                    listed = table.setdefault((action, change), [])
                    if m not in listed:
                        listed.append(m)
    return table


_BY_STEP = _modifiers()


def modifier(description: ActionDescription, param: str) -> Modifier:
    return next(m for m in description.modifiers if m.param == param)


def follow_up(action: str, change: str, params: Mapping[str, Any], plain: str) -> dict[str, Any]:
    """A clause with no action of its own ("and keep a copy", "read-only"): the modifiers it sets on a step
    already planned. Only what the words say changes; nothing falls back to a default."""
    updated = dict(params)
    for m in _BY_STEP.get((action, change), []):
        value = m.read(plain, fallback=False)
        if value is not None:
            updated[m.param] = value
    return updated


class _Answering:
    """A question as the read answers see it (spec.AnswerView): the clause, what the read description
    filled, and the rights it names."""

    def __init__(self, clause: ClauseView, filled: Filled, rights: Sequence[str]) -> None:
        self._clause, self._filled = clause, filled
        self.rights_named = frozenset(rights)
        self.plain, self.text, self.mentions = clause.plain, clause.text, clause.mentions

    def preceding(self, mention: Mention) -> str:
        return self._clause.preceding(mention)

    def fact(self, name: str) -> bool:
        return self._clause.fact(name)

    def filled(self, slot: str) -> bool:
        return bool(self._filled.all(slot))

    def _asker(self, m: Mention) -> bool:
        """The requester as the one asking ("I need a report on Priya"), not one of those asked about
        ("what can Tom and I access?": coordinated with another)."""
        if m.ref != "me" or m.before in lx.COORDINATOR_BEFORE or m not in self.mentions:
            return False
        at = re.search(rf"§{self.mentions.index(m)}(?!\d)", self.text)
        return not (at and lx.COORDINATION.match(self.text[at.end() :].lstrip()))

    def source(self, sources: Sequence[From]) -> list[str]:
        """The references the first source that gives any gives (one, or each for `each`)."""
        for src in sources:
            if src.when is not None and not src.when.holds(self):
                continue
            if src.given is not None:
                return [src.given]
            refs = [m.ref for m in self._filled.all(src.slot) if not (src.not_me and self._asker(m))]
            if refs:
                return {"first": refs[:1], "last": refs[-1:]}.get(src.pick, refs)
        return []


def answer(
    answers: Iterable[ReadAnswer], clause: ClauseView, filled: Filled, rights: Sequence[str]
) -> list[tuple[str, dict[str, str]]]:
    """The read steps (action, params) of the first answer that applies to a question: its evidence holds
    and every parameter it requires is given; one step per combination of what `each` source gives."""
    view = _Answering(clause, filled, rights)
    for a in answers:
        if not all(e.holds(view) for e in a.when):
            continue
        roles: dict[str, list[str]] = {}
        for param, sources in a.params:
            found = view.source(sources)
            if found:
                roles[param] = found
            elif param not in a.optional:
                break
        else:
            return [(action, pair) for pair in each(**roles) for action in a.actions]
    return []


@dataclass(frozen=True)
class Speakers:
    """Who in a clause is the one asking: never a recipient of what the clause asks for."""

    drop: frozenset[int] = frozenset()
    """The speakers' mention numbers."""
    cuts: tuple[tuple[int, int], ...] = ()
    """The spans of the masked text that say who asks ("§0 asked whether", "on behalf of §2,")."""
    unsure: bool = False
    """A speech word whose subject the rule could not place, or a pronoun after a speaker ("Maria said he
    needs ..."): who the change is for is asked, never guessed."""
    asker_is_pronoun: bool = False
    """The one speaker asked whether you could do it, and no one else is named: a pronoun after is them
    ("Sarah was wondering if you could give her full access to hr@")."""


def _team_aside_blanked(rest: str, mentions: Sequence[Mention]) -> str:
    """`rest` with a team or mailbox named alone between commas at its start blanked ("Maria Garcia, HR, wants
    ...": where Maria works, lx.NLU147_TEAM_ASIDE), offsets kept; a person named there is left as said."""
    aside = lx.NLU147_TEAM_ASIDE.match(rest)
    if aside is None:
        return rest
    n = int(aside.group("n"))
    if n >= len(mentions) or mentions[n].is_person or mentions[n].pronoun or mentions[n].ref == "me":
        return rest
    return " " * aside.end() + rest[aside.end() :]


def speakers(text: str, mentions: Sequence[Mention], named_before: bool = False) -> Speakers:
    """The one rule for people who ask rather than receive, over a masked clause (§N per mention).

    A person is the one asking when a speech or request verb follows them ("Maria asked whether Ava could
    get ...", "my manager asked me to get ..."), when wanting is said of someone else ("Olivia wants Maria
    to ..."), or when the request is said to be theirs ("on behalf of Maria, ...", "at Maria's request").
    The requester is never dropped: "me" after the verb is who the change is for, unless the verb makes
    them the one doing it ("asked me to give Ava ...").  `named_before`: someone was named in a clause before
    this one (a pronoun may stand for them)."""
    drop: set[int] = set()
    cuts: list[tuple[int, int]] = []
    own_asks: list[tuple[int, int]] = []
    asked_you: set[int] = set()
    wished_by_me: set[int] = set()
    for found in re.finditer(r"§(\d+)(?!\d)", text):
        i = int(found.group(1))
        if i >= len(mentions) or not mentions[i].is_person:
            continue
        rest = text[found.end() :]
        if (own := lx.ASKED_FOR_SELF.match(rest)) is not None:
            own_asks.append((found.end(), found.end() + own.end()))
            continue  # "Liam asked to see my calendar": Liam wants it for himself
        if (
            (own := lx.NLU161_NEEDS_SHARED_WITH_SELF.match(rest)) is not None
            and _person_pronoun(mentions, int(own.group("pronoun")))
            and not named_before
            and not re.search(r"§\d", text[: found.start()])
            and not _someone_after(rest[own.end() :], mentions)
        ):
            own_asks.append((found.end(), found.end() + own.end()))
            continue  # "Liam needs Priya's calendar shared with him": his own need (nlu161)
        if (
            (own := lx.ASKED_FOR_RIGHT.match(rest)) is not None
            and not _someone_after(rest[own.end() :], mentions)
            and not _pronoun_after(rest[own.end() :], mentions)
        ):
            own_asks.append((found.end(), found.end() + own.end()))
            continue  # "Olivia, our CEO, asked for full access to info@": no one else named, it is for her
        if (knows := lx.KNOWS_AVAILABILITY.match(rest)) is not None:
            own_asks.append((found.end(), found.end() + knows.end()))
            continue  # "Tom wants to know when Olivia is free": Tom needs to see, he asks nothing passed on
        if mentions[i].ref == "me" and lx.REQUESTER_ASKED.match(rest):
            continue  # "I was asked by Olivia to add Priya": asked, not asking (read in the loop below)
        said = lx.SPEECH_VERB.match(rest)
        # "Olivia wants Maria to ...", "my manager Priya wants me on ..." (two names for one person first)
        # ("Sarah's manager Olivia wants her added ...": who Olivia is, said before her name)
        first = found.start() == 0 or lx.NAMED_BEFORE_SPEAKER.fullmatch(text[: found.start()]) is not None
        wants = lx.WANTS_FOR_ANOTHER.match(_team_aside_blanked(rest, mentions)) if first else None
        if (
            wants is not None
            and not lx.WANTS_DONE_BY_US.search(wants.group(0))
            and not re.match(r"§\d", rest[wants.end() :])
            and not _person_after(rest[wants.end() :], mentions)
            and not _pronoun_after(rest[wants.end() :], mentions)
        ):
            wants = None  # "Ethan needs send on behalf for support@": "for" names the mailbox, no one else
        if wants is not None and _only_owners_after(text, found.end() + wants.end(), mentions):
            # "Tom Becker needs send on behalf for Sarah's mailbox": whose mailbox, no one it is wanted for
            # (batch 32 dropped Tom as the one asking and asked whom it is for)
            wants = None
        if wants is not None and lx.WANTED_AS_OWN_PRIMARY.match(rest[wants.end() :]):
            wants = None  # "Sarah would like sarah.connor@ as her primary address": her own change
        # ("Olivia would like Maria to get ceo@ as her primary": the one named next is whom it is wanted for)
        for_another = (
            wants is not None
            and lx.WANTED_TO_GET.match(rest[wants.end() :]) is not None
            and _another_person_next(rest[wants.end() :], mentions)
        )
        if wants is None and first:
            wants = lx.WANTS_THING_DONE.match(rest)  # "Olivia wants the forwarding on careers@ stopped"
        if wants is None and first:
            wants = lx.WANTS_A_REPORT.match(rest)  # "Grace wants a list of the shared mailboxes"
        if mentions[i].ref == "me" and (wish := _wished_for_pronoun(rest, mentions)) is not None:
            # "I'd like her to get full access to Olivia Martin's mailbox": the writer wishing is never the
            # "her", on any mailbox (red team 85 H5 granted the writer too; rt85b)
            wished_by_me.add(i)
            drop.add(i)
            cuts.append((found.start(), found.end() + wish))
            continue
        if mentions[i].ref == "me" and not (
            (said and _someone_after(rest[said.end() :], mentions))
            or (wants and _wished_for_another(rest[wants.end() :], mentions))
        ):
            continue  # "I asked for full access": the requester is who it is for
        if (
            mentions[i].ref == "me"
            and said is None
            and wants
            and _person_pronoun_next(rest[wants.end() :], mentions)
        ):
            # "I'd like her to get ...": the writer wishing is never the "her" (nlu162)
            wished_by_me.add(i)
        if wants is not None and any(
            m.pronoun == "person"
            and m.possessive
            and not _object_pronoun(text, k, mentions)
            and not (for_another and _primary_pronoun(text, k))
            for k, m in enumerate(mentions)
        ):
            wants = None  # "Olivia wants Maria to see her calendar": Olivia's calendar, she is an owner
        verb = said or wants
        if verb is None:
            continue
        if (
            said is not None
            and lx.ASKING_SPEECH.search(said.group(0))
            and lx.ASKED_OF_YOU.match(rest[said.end() :])
        ):
            asked_you.add(i)
        end = found.end() + verb.end()
        # "Sarah from the Finance Team asked ...": where the one asking works is no one the change is for
        drop.update(
            int(n) for n in re.findall(r"§(\d+)(?!\d)", text[found.end() : end]) if int(n) < len(mentions)
        )
        if said is not None:
            end = _after_speech(text, end, mentions, drop)
        else:
            end = _wanted_of_me(text, end, mentions, drop)
        drop.add(i)
        start = found.start()
        # "my manager Priya asked me ...", "Priya, my manager, asked ...": two names for one speaker;
        # "Sarah and Tom were wondering ...": each of those asking together
        while (same := lx.SPEAKER_BEFORE.search(text[:start])) is not None:
            j = int(same.group(1))
            if j >= len(mentions) or not mentions[j].is_person or mentions[j].ref == "me":
                break
            drop.add(j)
            start = same.start()
        cuts.append((start, end))
    for found in re.finditer(r"§(\d+)(?!\d)", text):
        i = int(found.group(1))
        if i in drop or i >= len(mentions) or mentions[i].ref != "me":
            continue
        verb = lx.ASKED_OF_ME.search(text[: found.start()])
        agent_end = _agent_end(text[found.end() :])
        if verb is not None and agent_end is not None:
            # "Grace asked me to give Ava ..." (no one read in "Grace"): the requester only does it
            drop.add(i)
            start = 0 if not re.search(r"§\d", text[: verb.start()]) else verb.start()
            cuts.append((start, found.end() + agent_end))
            continue
        for told in _requester_told(text, found, mentions):
            drop.add(i)
            cuts.append(told)
            # "I was asked by Olivia to ...", "... to Marketing by HR": who asked is no one the change is for
            drop.update(
                int(n) for n in re.findall(r"§(\d+)(?!\d)", text[told[0] : told[1]]) if int(n) < len(mentions)
            )
    for found in re.finditer(r"§(\d+)(?!\d)", text):
        i = int(found.group(1))
        if i in drop or i >= len(mentions) or not mentions[i].is_person or mentions[i].ref == "me":
            continue
        if (copied := _copied_in(text, found)) is not None:
            drop.add(i)
            cuts.append(copied)
    own_asks += [found.span() for found in lx.ASKED_FOR_IT.finditer(text)]
    for found in lx.SPEAKER_NAMED.finditer(text):
        i = int(found.group("who") or found.group("at"))
        if i < len(mentions) and mentions[i].is_person and mentions[i].ref != "me":
            drop.add(i)
            # "On behalf of Mike Smith (Finance): ...": where the one asking works, said in brackets
            drop.update(int(n) for n in re.findall(r"§(\d+)(?!\d)", found.group(0)) if int(n) < len(mentions))
            cuts.append(found.span())
    if (writing := lx.WRITING_FOR.match(text)) is not None:
        passed = {int(n) for n in re.findall(r"§(\d+)(?!\d)", writing.group(0))}
        if any(i < len(mentions) and mentions[i].is_person and mentions[i].ref != "me" for i in passed):
            drop.update(i for i in passed if i < len(mentions) and mentions[i].is_person)
            cuts.append(writing.span())
    left = _without(text, cuts + own_asks)
    speech = lx.SPEECH_ANYWHERE.search(left)
    before_speech = speech is not None and any(
        int(n) not in drop and mentions[int(n)].is_person and mentions[int(n)].ref != "me"
        for n in re.findall(r"§(\d+)(?!\d)", left[: speech.start()])
        if int(n) < len(mentions)
    )
    asked_for = {
        int(asked.group("pronoun"))
        for at in re.finditer(r"§(\d+)(?!\d)§?", text)
        if int(at.group(1)) in drop and (asked := lx.ASKED_FOR_PRONOUN.match(text[at.end() :])) is not None
    }
    pronoun_after = bool(drop - wished_by_me) and any(
        m.pronoun == "person"
        and m.ref != "me"
        and k not in asked_for
        and (not m.possessive or _object_pronoun(text, k, mentions))
        for k, m in enumerate(mentions)
    )
    asker_is_pronoun = not before_speech and _asker_is_pronoun(drop, asked_you, mentions)
    return Speakers(
        frozenset(drop),
        tuple(sorted(cuts)),
        before_speech or (pronoun_after and not asker_is_pronoun),
        asker_is_pronoun,
    )


def _person_pronoun(mentions: Sequence[Mention], k: int) -> bool:
    """ "him", "her", "them" (never "his", "their"): a person the change may be for, said as a pronoun."""
    return k < len(mentions) and mentions[k].pronoun == "person" and not mentions[k].possessive


def _object_pronoun(text: str, k: int, mentions: Sequence[Mention]) -> bool:
    """ "give her full access": a "her" before a right is whom it is given to as much as whose it is."""
    if mentions[k].surface.lower() != "her":
        return False  # "his", "their" are only ever whose
    at = re.search(rf"§{k}(?!\d)", text)
    return at is not None and lx.RIGHT_AFTER_PRONOUN.match(text[at.end() :]) is not None


def _primary_pronoun(text: str, k: int) -> bool:
    """ "... to get ceo@ as her primary address": whose primary is the one getting it, never an owner."""
    at = re.search(rf"§{k}(?!\d)", text)
    return at is not None and lx.PRIMARY_AFTER_PRONOUN.match(text[at.end() :]) is not None


def _asker_is_pronoun(drop: set[int], asked_you: set[int], mentions: Sequence[Mention]) -> bool:
    """One person asked whether you could do it, no one else is named, and each pronoun is one person."""
    askers = {mentions[i].ref for i in drop if mentions[i].ref != "me"}
    if len(askers) != 1 or not any(mentions[i].ref in askers for i in asked_you):
        return False
    rest = [m for k, m in enumerate(mentions) if k not in drop and m.ref != "me"]
    pronouns = [m for m in rest if m.pronoun == "person"]
    if not pronouns or any(m.is_person and not m.pronoun for m in rest):
        return False
    return all(m.surface.lower() not in lx.PLURAL_PRONOUN for m in pronouns)


def _wished_for_another(rest: str, mentions: Sequence[Mention]) -> bool:
    """ "I'd like Tom to get send as", "I want to add Tom (him) to all-sales": the person named next, after
    the change verb a wish to change opens with, is whom it is for, never the one wishing (nlu153)."""
    if _another_person_next(rest, mentions) or _person_pronoun_next(rest, mentions):
        return True
    after = lx.NLU153_CHANGE_VERB_LEAD.sub("", rest)
    if after == rest:
        return False
    first = re.match(r"§(\d+)(?!\d)", after)
    if first is not None and int(first.group(1)) < len(mentions):
        nxt = mentions[int(first.group(1))]
        if nxt.pronoun == "person" and not nxt.possessive and nxt.ref != "me":
            return True
    return _another_person_next(after, mentions)


def _wished_for_pronoun(rest: str, mentions: Sequence[Mention]) -> int | None:
    """Where the wish ends in "I'd like her to get ...", "I'd love for him to have ...", after the writer's
    mention: a him/her said next is whom it is wished for (rt85b)."""
    wish = lx.RT85B_WISH_FOR_PRONOUN.match(rest)
    if wish is None or not _person_pronoun(mentions, int(wish.group("n"))):
        return None
    return wish.end() if mentions[int(wish.group("n"))].ref != "me" else None


def _person_pronoun_next(rest: str, mentions: Sequence[Mention]) -> bool:
    """ "I'd like her to get send as", "I want him on all-sales": a him/her wished for is someone else, as a
    name there is; the one wishing is never who it is for (nlu162)."""
    first = re.match(r"§(\d+)(?!\d)", rest)
    return (
        first is not None
        and _person_pronoun(mentions, int(first.group(1)))
        and mentions[int(first.group(1))].ref != "me"
    )


def _another_person_next(rest: str, mentions: Sequence[Mention]) -> bool:
    """ "I'd like Tom to get send as": the requester wants it for the person named next, not for themselves;
    "I'd like Sarah's calendar shared with me" names whose calendar, and the requester still gets it."""
    first = re.match(r"§(\d+)(?!\d)", rest)
    if first is None or int(first.group(1)) >= len(mentions):
        return False
    nxt = mentions[int(first.group(1))]
    return nxt.is_person and nxt.ref != "me" and not nxt.possessive


def _pronoun_after(rest: str, mentions: Sequence[Mention]) -> bool:
    """ "Sarah requested send as on billing for him": a him/her after a right asked for is someone else,
    not (surely) the one asking; so is someone known by a role to them ("for his assistant")."""
    roles = {found.group(1) for found in lx.UNNAMED_ROLE.finditer(rest)}
    return any(
        int(n) < len(mentions)
        and mentions[int(n)].pronoun == "person"
        and mentions[int(n)].ref != "me"
        and (not mentions[int(n)].possessive or n in roles)
        for n in re.findall(r"§(\d+)(?!\d)", rest)
    )


def _subject_pronoun_next(rest: str, mentions: Sequence[Mention]) -> bool:
    """Whether a he/she/they opens `rest` (a clause's subject, not whose: "she should have ...")."""
    if lx.SPEECH_BARE_CLAUSE.match(rest):
        return True  # a pronoun no mention stands for yet
    nxt = re.match(r"\s*§(\d+)(?!\d)", rest)
    if nxt is None or int(nxt.group(1)) >= len(mentions):
        return False
    who = mentions[int(nxt.group(1))]
    return who.pronoun == "person" and who.ref != "me" and not who.possessive


def _person_after(rest: str, mentions: Sequence[Mention]) -> bool:
    """Anyone named in `rest`, the requester too ("My boss wants send as on billing@ for me")."""
    return any(
        int(n) < len(mentions) and mentions[int(n)].is_person for n in re.findall(r"§(\d+)(?!\d)", rest)
    )


def _only_owners_after(text: str, at: int, mentions: Sequence[Mention]) -> bool:
    """Whether every person named in `text` from `at` on is said as whose mailbox it is ("... for §1 mailbox",
    the mention possessive), so none is someone else a change is wanted for."""
    people = [
        found
        for found in re.finditer(r"§(\d+)(?!\d)", text[at:])
        if int(found.group(1)) < len(mentions) and mentions[int(found.group(1))].is_person
    ]
    return bool(people) and all(
        mentions[int(found.group(1))].possessive
        and lx.MAILBOX_AFTER.match(text[at + found.end() :].lstrip("§ "))
        for found in people
    )


def _someone_after(rest: str, mentions: Sequence[Mention]) -> bool:
    return any(
        int(n) < len(mentions) and mentions[int(n)].is_person and mentions[int(n)].ref != "me"
        for n in re.findall(r"§(\d+)(?!\d)", rest)
    )


def _after_speech(text: str, end: int, mentions: Sequence[Mention], drop: set[int]) -> int:
    """Where what a speaker said starts: past "me to" when the requester only does it ("asked me to give
    Ava ..."), past "me that" ("told me that ..."), past "whether", "if", "that"."""
    obj = re.match(r"§(\d+)(?!\d)", text[end:])
    if obj is not None and int(obj.group(1)) < len(mentions) and mentions[int(obj.group(1))].ref == "me":
        at = end + obj.end()
        if (agent_end := _agent_end(text[at:])) is not None:
            drop.add(int(obj.group(1)))
            return at + agent_end
        if (link := lx.SPEECH_LINK.match(text[at:])) is not None:
            drop.add(int(obj.group(1)))
            return at + link.end()
        if lx.SPEECH_BARE_CLAUSE.match(text[at:]):
            # "Jane told me she needs full access": "that" left out; the requester only heard it
            drop.add(int(obj.group(1)))
            return at
        if lx.SPEECH_QUESTION.match(text[at:]):
            # "Ken asked me who has send as on sales@": the requester was only asked; the question is theirs
            drop.add(int(obj.group(1)))
            return at
        # "Sarah told me Tom needs send as": the requester only heard it; Tom is whom it is about
        nxt = re.match(r"\s*§(\d+)(?!\d)", text[at:])
        if nxt is not None and int(nxt.group(1)) < len(mentions):
            who = mentions[int(nxt.group(1))]
            if who.is_person and who.ref != "me" and not who.possessive:
                drop.add(int(obj.group(1)))
                return at + nxt.start(1) - 1
        return end
    link = lx.SPEECH_LINK.match(text[end:])
    return end + link.end() if link else end


def _wanted_of_me(text: str, end: int, mentions: Sequence[Mention], drop: set[int]) -> int:
    """ "Sarah wants me to give Liam send as": the requester only does it, as after "asked me to"; who gets
    it is said after (the requester's "me" dropped, the cut past "to")."""
    obj = re.match(r"§(\d+)(?!\d)", text[end:])
    if obj is None or int(obj.group(1)) >= len(mentions) or mentions[int(obj.group(1))].ref != "me":
        return end
    at = end + obj.end()
    if (agent_end := _agent_end(text[at:])) is None:
        return end
    drop.add(int(obj.group(1)))
    return at + agent_end


def _requester_told(text: str, found: re.Match[str], mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """The spans to cut when the requester's I/me only thinks, is asked, is told or does the change for
    someone else named after ("I think Liam needs ...", "I've been asked to get Chris ...", "ping me when Liam
    has ...", "if I could add Emma ..."), else none."""
    rest = text[found.end() :]
    if (think := lx.REQUESTER_THINKS.match(rest)) is not None and (
        _someone_after(rest[think.end() :], mentions) or _subject_pronoun_next(rest[think.end() :], mentions)
    ):
        # ("I think she should have send as ...": the requester only thinks it; she is never the requester)
        return [(found.start(), found.end() + think.end())]
    if (asked := lx.REQUESTER_ASKED.match(rest)) is not None:
        agent_end = _agent_end(rest[asked.end() :])
        if agent_end is not None:
            cut = [(found.start(), found.end() + asked.end() + agent_end)]
            by = lx.REQUESTER_ASKED_BY_AFTER.search(rest)
            if "by" not in asked.group(0).split() and by is not None:
                cut.append((found.end() + by.start(), found.end() + by.end()))
            return cut
    if (
        lx.REQUESTER_ASKED_IF.search(text[: found.start()])
        and (does := lx.REQUESTER_DOES.match(rest)) is not None
        and _another_person_next(rest[does.end() :], mentions)
    ):
        return [(found.start(), found.end() + does.end())]
    notify = lx.NOTIFY_ME_BEFORE.search(text[: found.start()])
    if notify is not None and (after := lx.NOTIFY_ME_AFTER.match(rest)) is not None:
        return [(notify.start(), found.end() + after.end())]
    return []


def _copied_in(text: str, found: re.Match[str]) -> tuple[int, int] | None:
    """The span to cut when a person is only copied in or heads the message in a role that approves ("Tom
    (FYI) - ...", "..., olivia cc", "fyi Tom - ...", "Chris Lee (approver) - please add ..."), else None."""
    rest = text[found.end() :]
    if (after := lx.TOLD_AFTER.match(rest)) is not None:
        return found.start(), found.end() + after.end()
    # (set off by a dash only: "Olivia is fine with it, please add her" names whom "her" is not)
    if re.search(r"\s-\s*$", text[: found.start()]) and (said := lx.APPROVED_AFTER.match(rest)) is not None:
        return found.start(), found.end() + said.end()
    if (before := lx.TOLD_BEFORE.search(text[: found.start()])) is not None and re.match(
        r"\s*(?:[-:,]|$)", rest
    ):
        return before.start(), found.end()
    if not text[: found.start()].strip() and (role := lx.ROLE_HEADER.match(rest)) is not None:
        return found.start(), found.end() + role.end()
    if re.search(r"\s-\s*$", text[: found.start()]) and (role := lx.ROLE_TRAILER.match(rest)) is not None:
        return found.start(), found.end() + role.end()
    return None


def _agent_end(rest: str) -> int | None:
    """Where what the requester is asked to do starts in `rest` ("to give ...", "to ask you to give ..."),
    or None when the requester is not the one asked to do it."""
    relay = lx.SPEECH_RELAY.match(rest)
    at = relay.end() if relay else 0
    if relay is None and (bare := lx.SPEECH_RELAY_BARE.match(rest)) is not None:
        # read as if "to" were said before the bare verb, so the change verbs are the ones SPEECH_AGENT knows
        agent = lx.SPEECH_AGENT.match("to " + rest[bare.end() :])
        return bare.end() if agent else None
    agent = lx.SPEECH_AGENT.match(rest[at:])
    return at + agent.end() if agent else None


def _without(text: str, cuts: Iterable[tuple[int, int]]) -> str:
    for a, b in sorted(cuts, reverse=True):
        text = text[:a] + " " + text[b:]
    return text
