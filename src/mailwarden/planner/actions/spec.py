"""How an action is described to the planner: the words that point at it, its slots, its modifiers.

A description is data. The engine (planner/engine.py) scores every description against a clause, picks
the reading and fills its slots; the description's reader turns them into steps. Every word comes from
lexicon.py, so a new phrasing is a lexicon entry named here, and a new action is a new description (and
its corpus cases).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from mailwarden.planner.lazy_pattern import Pattern
from mailwarden.planner.lexicon import FORWARD_TARGET_INTRO
from mailwarden.planner.mentions import Mention

__all__ = [
    "ActionDescription",
    "AllOf",
    "AnswerView",
    "AnyOf",
    "ClauseView",
    "Cue",
    "Evidence",
    "Filled",
    "From",
    "Mentions",
    "Modifier",
    "Named",
    "Not",
    "Preceded",
    "ReadAnswer",
    "Rights",
    "RightsAre",
    "Slot",
    "Surroundings",
    "Words",
]


class ClauseView(Protocol):
    """What evidence may look at: the clause's words and mentions, and the facts the reader derives."""

    @property
    def plain(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def mentions(self) -> list[Mention]: ...

    def preceding(self, mention: Mention) -> str:
        """The clause's text before a mention."""
        ...

    def fact(self, name: str) -> bool:
        """A fact only the reader can tell (the rights named, a list in context from an earlier clause)."""
        ...


class Evidence(Protocol):
    def holds(self, clause: ClauseView) -> bool: ...


@dataclass(frozen=True)
class Words:
    """A lexicon pattern found in the clause: in its words (`plain`, other mentions blanked), its masked
    text (`text`), or either; `at_start` when it must open the clause ("who ...", "is ...")."""

    pattern: Pattern
    on: Literal["plain", "text", "either"] = "plain"
    at_start: bool = False

    def holds(self, clause: ClauseView) -> bool:
        texts = {"plain": (clause.plain,), "text": (clause.text,), "either": (clause.text, clause.plain)}[
            self.on
        ]
        find = self.pattern.match if self.at_start else self.pattern.search
        return any(find(t) for t in texts)


@dataclass(frozen=True)
class Mentions:
    """Some mention of the clause is of a kind: 'literal' (an address), 'group', 'mailbox', 'known_group'
    (a list the directory knows, written unquoted: a name, not a new list's title)."""

    kind: Literal["literal", "group", "mailbox", "known_group", "named_group", "person"]
    """'named_group': a list known or read from its name ("the Zebra Club list"); 'person': someone other
    than the requester, not a shared mailbox."""
    at_least: int = 1

    def holds(self, clause: ClauseView) -> bool:
        return sum(1 for m in clause.mentions if self._is(m)) >= self.at_least

    def _is(self, m: Mention) -> bool:
        if self.kind == "literal":
            return m.literal
        if self.kind == "group":
            return m.is_group
        if self.kind == "mailbox":
            return m.is_mailbox_resource
        if self.kind == "named_group":
            return m.group_hint
        if self.kind == "person":
            return m.is_person and not m.is_mailbox_resource and m.ref != "me"
        return m.is_group and not m.quoted and not m.group_hint


@dataclass(frozen=True)
class Preceded:
    """Some list mention has these words right before it ("everyone in §0", "the members of §0")."""

    pattern: Pattern

    def holds(self, clause: ClauseView) -> bool:
        return any(m.is_group and self.pattern.search(clause.preceding(m)) for m in clause.mentions)


@dataclass(frozen=True)
class Named:
    """A fact the reader derives (ClauseView.fact): 'is_read', 'rights', 'membership_context'."""

    name: str

    def holds(self, clause: ClauseView) -> bool:
        return clause.fact(self.name)


@dataclass(frozen=True)
class AnyOf:
    options: tuple[Evidence, ...]

    def holds(self, clause: ClauseView) -> bool:
        return any(e.holds(clause) for e in self.options)


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Evidence, ...]

    def holds(self, clause: ClauseView) -> bool:
        return all(e.holds(clause) for e in self.parts)


@dataclass(frozen=True)
class Not:
    inner: Evidence

    def holds(self, clause: ClauseView) -> bool:
        return not self.inner.holds(clause)


class Surroundings(Protocol):
    """Where a mention stands in its clause: the text right after it, and all the text before it."""

    def after(self, mention: Mention) -> str: ...

    def preceding(self, mention: Mention) -> str: ...

    def joined(self, mention: Mention) -> tuple[Mention, bool] | None:
        """The mention coordinated right after this one ("§0 and §1", "§0, §1"), and whether "or" joins
        them (a choice, not both)."""
        ...


_KINDS: dict[str, Callable[[Mention], bool]] = {
    "person": lambda m: m.is_person,
    "me": lambda m: m.ref == "me",
    "mailbox": lambda m: m.is_mailbox_resource,
    "group": lambda m: m.is_group,
    "address": lambda m: m.literal,
    # a shared or room mailbox that is nobody's own: it can only be the mailbox
    "shared": lambda m: m.is_mailbox_resource and not m.is_person,
    # one recipient, known or written out as an address: a person, a mailbox, a contact, not a list
    "single": lambda m: (m.known or m.literal) and not m.is_group,
    # a list the directory knows (a security group can hold rights), not a name only read as one
    "known_group": lambda m: m.is_group and not m.group_hint,
    # a new list's title as written ("called \"Project Atlas\""): quoted, or read as a list's name
    "name": lambda m: m.quoted or (m.group_hint and not m.known),
    # a list the directory knows, introduced as where mail goes ("on to the Finance Team group"); a list
    # named otherwise ("forward all-sales to Tom") is no forwarding target: which was meant is asked
    "list_as_target": lambda m: m.is_group and not m.group_hint and m.before in FORWARD_TARGET_INTRO,
    # an address that names nothing known (a new one, or a typo resolution asks about)
    "unknown_address": lambda m: m.literal and not m.kinds,
}


@dataclass(frozen=True)
class Cue:
    """What marks a mention for a slot; every part given must hold: the word right before it (`before`),
    the words right after it (`after`, `not_after`), words anywhere before it (`earlier`), whether it is
    an owner ("Olivia's"), of a kind (`kind`: "me", the requester)."""

    before: frozenset[str] | None = None
    after: Pattern | None = None
    not_after: Pattern | None = None
    earlier: Pattern | None = None
    possessive: bool | None = None
    kind: str | None = None

    def marks(self, mention: Mention, where: Surroundings) -> bool:
        if self.kind is not None and not _KINDS[self.kind](mention):
            return False
        if self.before is not None and mention.before not in self.before:
            return False
        if self.possessive is not None and mention.possessive != self.possessive:
            return False
        if self.after is not None or self.not_after is not None:
            after = where.after(mention)
            if self.after is not None and not self.after.match(after):
                return False
            if self.not_after is not None and self.not_after.match(after):
                return False
        return self.earlier is None or self.earlier.search(where.preceding(mention)) is not None


@dataclass(frozen=True)
class Slot:
    """A role the action needs filled: the recipient kinds it accepts and the words that introduce it
    (the word right before the mention: "to", "on", "from" ...).

    The engine fills slots in stages, each over every slot in declared order: first the mentions its
    `cues` mark best, then those its words introduce, then owners, then what is left (engine.fill)."""

    name: str
    kinds: frozenset[str]
    introduced_by: frozenset[str] = frozenset()
    pick: Literal["first", "last", "all"] = "first"
    """Among the mentions its cues mark best or its words introduce, which ("to A, no, to B": the last)."""
    possessive: bool = False
    """When no word introduces it, an owner ("Olivia's mail") fills it."""
    fallback: Literal["first", "last", "all", "none"] = "none"
    """When nothing else does, the mentions no other slot took: the first, the last, or all of them."""
    cues: tuple[tuple[Cue, float], ...] = ()
    """Scored marks ("X the primary address", "Olivia's calendar"): the best mention above zero fills
    the slot, before any introducing word is read."""
    contested: bool = False
    """Cues are read only when another mention of an accepted kind could take the other role ("give Tom
    full access to Sarah": which one owns the mailbox is a contest; "Tom's mailbox" alone is not)."""
    default: str | None = None
    """What fills the slot when nothing in the clause does ("me": the requester's own calendar)."""
    words_only: bool = False
    """Its mentions are words of something written ("a list called Ken Adams Fans"), not recipients: the
    same person named again ("... with Ken Adams") may still fill another slot."""
    role: str = ""
    """The role it fills, when not its name: slots of one role are alternatives, the first filled wins (a
    shared mailbox named, else the owner among people, else an unknown address introduced as one)."""

    @property
    def fills(self) -> str:
        return self.role or self.name

    def introduces(self, mention: Mention) -> bool:
        return mention.before in self.introduced_by

    def accepts(self, mention: Mention) -> bool:
        return any(_KINDS[k](mention) for k in self.kinds if k in _KINDS)

    def score(self, mention: Mention, where: Surroundings) -> float:
        return sum(weight for cue, weight in self.cues if cue.marks(mention, where))


@dataclass(frozen=True)
class Modifier:
    """A parameter the words set: the first pattern found gives its value (`default` when none is).

    `tail`: whether the clause's subordinate tail ("so she can edit it") is read too, and how: 'joined'
    with the clause, or 'after' it (the clause's own words first). A clause with no action of its own
    ("and keep a copy") applies the modifiers of the steps before it, with no default."""

    param: str
    values: tuple[tuple[Pattern, object], ...]
    actions: frozenset[str]
    changes: frozenset[str]
    default: object = None
    tail: Literal["none", "joined", "after"] = "none"

    def read(self, plain: str, tail: str = "", *, fallback: bool = True) -> object:
        """The value the words give; `default` when they give none (None without `fallback`)."""
        texts = {"none": [plain], "joined": [f"{plain} {tail}"], "after": [plain, tail]}[self.tail]
        for said in texts:
            for pattern, value in self.values:
                if pattern.search(said):
                    return value
        return self.default if fallback else None


@dataclass(frozen=True)
class Rights:
    """The rights a clause names, each by its own words, in the order named.

    Declared order settles overlaps: words already read as one right are not read again as a later one
    ("send on behalf as ..." is not also Send As). When none is named, `every` names them all ("all of
    John's permissions")."""

    words: tuple[tuple[Pattern, str], ...]
    every: Pattern | None = None

    def named(self, plain: str) -> list[str]:
        found: list[tuple[int, str]] = []
        claimed: list[tuple[int, int]] = []
        for pattern, action in self.words:
            spans = [m.span() for m in pattern.finditer(plain)]
            free = [(a, b) for a, b in spans if not any(a < y and x < b for x, y in claimed)]
            if free:
                found.append((free[0][0], action))
                claimed += spans
        if not found and self.every is not None and (m := self.every.search(plain)):
            found = [(m.start(), action) for _, action in self.words]
        return [action for _, action in sorted(found, key=lambda f: f[0])]

    def said(self, text: str) -> list[tuple[int, str]]:
        """Every place a right's words stand in `text`, each with its right, in order (a right said twice
        is found twice: "full access and send as on sales@ and full access on finance@")."""
        found: list[tuple[int, str]] = []
        claimed: list[tuple[int, int]] = []
        for pattern, action in self.words:
            spans = [m.span() for m in pattern.finditer(text)]
            found += [(a, action) for a, b in spans if not any(a < y and x < b for x, y in claimed)]
            claimed += spans
        return sorted(found)

    def at(self, text: str, action: str) -> int:
        """Where the words of one right first stand in `text` (-1: not there)."""
        found = self.span(text, action)
        return found[0] if found else -1

    def span(self, text: str, action: str) -> tuple[int, int] | None:
        """Where the words of one right first stand in `text`, start and end."""
        pattern = next(p for p, a in self.words if a == action)
        found = pattern.search(text)
        return found.span() if found else None


@dataclass(frozen=True)
class ActionDescription:
    """One thing mailwarden can be asked to do, as the planner recognises it.

    `requires`: evidence that must all hold for this reading to be considered; `supports`: evidence that
    makes it likelier (each adds its weight). `weight` is the reading's base score: the more specific the
    cue words, the higher (a calendar word outweighs a bare "access"). `reader` names the routine that
    turns the filled slots into steps (rules.py's _Reader). `writes`: a reading that changes something;
    two close write readings are a question, never a guess."""

    name: str
    actions: tuple[str, ...]
    requires: tuple[Evidence, ...]
    weight: float
    reader: str
    label: str
    supports: tuple[tuple[Evidence, float], ...] = ()
    polarity: tuple[tuple[Pattern, str], ...] = ()
    """The change words call for, first found wins; else `changes[0]` of the action (grant, add, set)."""
    slots: tuple[Slot, ...] = ()
    modifiers: tuple[Modifier, ...] = field(default=())
    writes: bool = True

    def slot(self, name: str) -> Slot:
        return next(s for s in self.slots if s.name == name)

    def change(self, plain: str, default: str) -> str:
        return next((change for pattern, change in self.polarity if pattern.search(plain)), default)


@runtime_checkable
class AnswerView(Protocol):
    """A question as a read answer sees it (engine.answer): what the read description filled, the rights
    named."""

    def filled(self, slot: str) -> bool: ...

    @property
    def rights_named(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class Filled:
    """The read description filled this slot ("support" as the mailbox asked about)."""

    slot: str

    def holds(self, clause: ClauseView) -> bool:
        return isinstance(clause, AnswerView) and clause.filled(self.slot)


@dataclass(frozen=True)
class RightsAre:
    """The clause names exactly these rights ("who can send as ...": Send As alone)."""

    actions: frozenset[str]

    def holds(self, clause: ClauseView) -> bool:
        return isinstance(clause, AnswerView) and clause.rights_named == self.actions


@dataclass(frozen=True)
class From:
    """Where a read's parameter comes from: the mentions a slot of the read description took (`slot`), the
    first, the last or `each` (one step per mention), when `when` holds; or a `given` value ("me")."""

    slot: str = ""
    pick: Literal["first", "last", "each"] = "first"
    when: Evidence | None = None
    given: str | None = None
    not_me: bool = False
    """The requester's "me" is not what is asked about ("show me ..." names who reads the answer)."""


@dataclass(frozen=True)
class ReadAnswer:
    """One answer a question can get: the read actions planned, when (all of `when` holds: words, facts,
    `Filled` slots, `RightsAre`), and where each parameter comes from (sources tried in order). An answer
    whose required parameter nothing gives does not apply; the first answer that applies is the plan."""

    name: str
    actions: tuple[str, ...]
    when: tuple[Evidence, ...] = ()
    params: tuple[tuple[str, tuple[From, ...]], ...] = ()
    optional: frozenset[str] = frozenset()
