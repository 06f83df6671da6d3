"""Every ready step traced to what was asked: the structural guarantee that a plan gives nothing the text only
mentions.

accounted.py checks one direction: everything the request names is in a step or a recognised aside. This
module checks the other: every value of every step of a ready plan (whom it is for, what it is on, which
right, until when) must come from words the planner read as part of an asking clause. The rules planner
cuts what it recognises as no part of the request (who asks, who is told, reasons, negations, corrections
...) before it reads; what is left (`kept`) is what it read as asked. Inside that text some words still
only describe or tell, and a step read from them gives access nobody asked for (red team 39: "Give Tom
Becker of sales@acme.com full access to support@acme.com" granted on sales@ too).
Those spans are found here, over the same masked text the planner reads (§N§ per mention):

- a description of a person: an address, list or team after "of", "at" (and "from" / "in" when the clause
  goes on to its own target: "add Rachel Green from finance to All Hands"), or in brackets after them
  ("Rachel Green (finance@acme.com)", "Tom Becker (ava.johnson@acme.com)");
- anything else a bracket tells ("... full access (Ava's mailbox)", "(he covers for Ava)", "(she had editor
  before)"); not a bracket that only names what the words before it describe ("the shared mailbox
  (support@acme.com)"), adds one more ("(and Ava too)") or says the right asked ("(full access)");
- someone said to be away ("Chris Lee is away - full access on billing@ please"): asked for only by a
  he/she after ("... full access to her mailbox");
- the requester's own doing ("...; myself, I'll add Ava to All Hands");
- what a correction replaces ("send as on billing - scrap that, full access": the right before it);
- (nlu59, red team 41) after a request with a person and a target of its own, a part whose subject (a person,
  he/she) has a verb of its own that gives nothing ("- Ava used to have it", "- he was on Sales before"): the
  person and what it names; a person in a "whom Ava recommended" clause or said unsure ("maybe Ava too", "Ava
  too?"); a name alone at the very start before a request with a person of its own ("Ava - please add Tom to
  Marketing": whom the message is addressed to); "I'd also like Ava to approve it" (Ava, and the requester by
  that alone); an address set off after a person ("Tom Becker <sales@acme.com>", "Tom Becker - sales@ -").

A value is traced when a mention outside those spans names it (or a pronoun there stands for it), or when the
planner derived it from words that imply it: the requester for I/me/my, the members of a list the text names
("everyone in Finance"), the people of an attached file, a new list's name, what a cut part named for the
rest to refer to ("Don't give Tom full access to billing, give him send on behalf"; a removal may take from
anyone it named: "... instead of Liam"). A right or a calendar level is traced unless every word naming it is
said in those spans (a right no word names is the verb's: "let Ken send as billing@"); an end unless the text
says the right it is on is permanent. A giving step's person and target must be asked together: in one part
of the request (split at commas, stops and dashes), or one in a part naming none of the other's kind ("Ava as
well", "and to All Hands", "there"). A value that cannot be traced makes the plan a question about that slot,
never a ready plan (rules.RulesPlanner._draft asks it after accounted.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Attachment, Draft, DraftStep
from mailwarden.planner.mentions import Mention, mask_mentions
from mailwarden.planner.negation import Ids

__all__ = ["Untraced", "untraced"]

REF_PARAMS = frozenset(
    {
        "trustee",
        "member",
        "members",
        "grantee",
        "mailbox",
        "group",
        "owner",
        "recipient",
        "forward_to",
        "person",
    }
)
"""The step parameters that hold references (whom for, what on); the others hold values of their own."""

# -- the words: lexicon.py's TRACE_* patterns (compiled on first use; issue 14), under the names used here --
DESCRIBED_BY = lx.TRACE_DESCRIBED_BY
DESCRIBED_SET_OFF = lx.TRACE_DESCRIBED_SET_OFF
DESCRIBED_FROM = lx.TRACE_DESCRIBED_FROM
BRACKETED = lx.TRACE_BRACKETED
BRACKET_NAMES = lx.TRACE_BRACKET_NAMES
BRACKET_FILLER = lx.TRACE_BRACKET_FILLER
BRACKET_ADDS = lx.TRACE_BRACKET_ADDS
AWAY_TOLD = lx.TRACE_AWAY_TOLD
OWN_DOING = lx.TRACE_OWN_DOING
CORRECTED = lx.TRACE_CORRECTED
PERMANENT = lx.TRACE_PERMANENT
SAID_OF = lx.TRACE_SAID_OF
SAID_IN_CLAUSE = lx.TRACE_SAID_IN_CLAUSE
UNSURE = lx.TRACE_UNSURE
ADDRESSED = lx.TRACE_ADDRESSED
WANTS_OTHER = lx.TRACE_WANTS_OTHER
GIVING_AFTER = lx.TRACE_GIVING_AFTER
REASON_PRONOUN_BEFORE = lx.TRACE_REASON_PRONOUN_BEFORE
POSSESSED = lx.TRACE_POSSESSED
REASON_PRONOUN_AFTER = lx.TRACE_REASON_PRONOUN_AFTER
_SENTENCE_END = lx.TRACE_SENTENCE_END
_PART_END = lx.TRACE_PART_END
PLACE_REFERRED = lx.TRACE_PLACE_REFERRED
_PARTS = lx.TRACE_PARTS

_M = r"§(\d+)§"
AWAY = "as someone said to be away"
SAID_ABOUT = "as what is said about them"
OWNING_SLOTS = frozenset({"mailbox", "owner", "recipient"})

_NOWHERE = "nowhere in what was asked"


@dataclass(frozen=True)
class Untraced:
    """A step value no asking words account for."""

    said: str
    """The value as the plan holds it ("sales@acme.com", "Send As"; for an end, the right it is on)."""
    about: str
    """The slot a question about it fills."""
    where: str
    """Where the text says it instead ("in brackets", "as a description of Tom Becker", ...)."""
    text: str = ""
    """The question, when the general one does not fit."""

    def question(self) -> str:
        if self.text:
            return self.text
        if self.about == "expires":
            return (
                f"The request gives an end to {self.said} {self.where}: say again which right ends when, and "
                "which is for good."
            )
        if self.where == _NOWHERE:
            return (
                f"The request does not ask for a change on {self.said!r}: say again what should change, and "
                "for whom (or as separate requests)."
            )
        return (
            f"The request names {self.said!r} only {self.where}, not as something to change: say again what "
            "should change, and for whom (or as separate requests)."
        )


@dataclass(frozen=True)
class _Spans:
    """The mentions (by index) the masked request says outside an asking clause, with why."""

    aside: dict[int, str]
    corrected: list[tuple[int, int]]
    """Masked spans a correction replaced."""
    origin: frozenset[int] = frozenset()
    """The asides read after "from"/"in" a person: what a removal takes them from ("move Tom from X to Y")."""
    told: tuple[tuple[int, int, str], ...] = ()
    """Masked spans said apart from what is asked (a bracket that tells, the requester's own doing), and why:
    a right or level said only there is not asked either."""
    wanting: bool = False
    """"I'd like Ava to approve it": the requester is named only as who wants something of someone else."""


def _spans(masked: str, mentions: Sequence[Mention], ids: Ids, directory: Directory) -> _Spans:
    aside: dict[int, str] = {}
    told: list[tuple[int, int, str]] = []

    def person(i: int) -> bool:
        return i < len(mentions) and mentions[i].is_person and not mentions[i].pronoun

    for found in DESCRIBED_BY.finditer(masked):
        who, what = int(found.group("who")), int(found.group(2))
        if person(who) and what < len(mentions) and not mentions[what].pronoun:
            aside.setdefault(what, f"as a description of {mentions[who].surface or mentions[who].ref}")
    for found in DESCRIBED_SET_OFF.finditer(masked):
        who, what = int(found.group("who")), int((found.group("a") or found.group("b")).strip("§"))
        if person(who) and what < len(mentions) and not mentions[what].pronoun:
            aside.setdefault(what, f"as a description of {mentions[who].surface or mentions[who].ref}")
    origin: set[int] = set()
    said = list(SAID_OF.finditer(masked))
    for found in said:
        subj = found.group("subj")
        before = [int(n) for n in re.findall(_M, masked[: found.start()]) if int(n) < len(mentions)]
        if GIVING_AFTER.search(found.group("rest")) or not (
            any(person(n) for n in before)
            and any(
                (not mentions[n].is_person or mentions[n].possessive) and not mentions[n].pronoun
                for n in before
            )
        ):
            continue  # told before the request, or asking on ("Ava is covering, so give her ..."): as read
        if subj.startswith("§") and mentions[int(subj.strip("§"))].ref == "me":
            continue  # ("..., I need the same"): the requester's own words, as the planner reads them
        if subj.startswith("§"):
            who = int(subj.strip("§"))
            # (a he/she after asks for them only what its own part says: "- Ava had it. Give her send as
            # too" is never full access for Ava, so it asks; a he/she in a part with a target of its own is
            # paired with that target by _apart: "- Olivia is on it, add her to all-sales too")
            if person(who) and mentions[who].ref != "me" and not _asked_after(found.end(), masked, mentions):
                aside.setdefault(who, SAID_ABOUT)
            elif not person(who) and who < len(mentions) and not mentions[who].pronoun:
                continue  # ("Marketing is where ...": a target as the subject; read as the planner reads it)
        for n in re.findall(_M, found.group("rest")):
            i = int(n)
            if i < len(mentions) and not mentions[i].pronoun and mentions[i].ref != "me":
                aside.setdefault(i, SAID_ABOUT)
                if not mentions[i].is_person:
                    origin.add(i)
    for found in lx.NLU153_PERSON_READS_THEM.finditer(masked):
        # ("Give Tom send as on billing@ - Rachel Green checks them and finance handles those": who reads the
        # mail, told after the request; a reason, never one more trustee: nlu153)
        reader, read = int(found.group("who")), str(found.group("what"))
        if not re.search(_M, masked[: found.start()]) or not person(reader) or mentions[reader].ref == "me":
            continue
        if read.startswith("§") and not mentions[int(read.strip("§"))].pronoun:
            continue  # ("..., and Ken checks billing@": one more mailbox, asked as before)
        aside.setdefault(reader, "as who reads the mail")
    for found in lx.NLU153_STILL_NEEDED.finditer(masked):
        # ("Give Tom full access to billing@. Liam still needs full access there", "..., send as was needed by
        # Liam only"): what someone still needs, or needed, told after the request; never a grant asked
        who = int((found.group("a") or found.group("b")).strip("§"))
        if person(who) and mentions[who].ref != "me" and re.search(_M, masked[: found.start()]):
            aside.setdefault(who, "as what they still need or needed")
    for found in SAID_IN_CLAUSE.finditer(masked):
        if person(who := int(found.group("subj").strip("§"))) and mentions[who].ref != "me":
            aside.setdefault(who, SAID_ABOUT)
    for found in UNSURE.finditer(masked):
        if (
            person(who := int((found.group("a") or found.group("b")).strip("§")))
            and mentions[who].ref != "me"
        ):
            aside.setdefault(who, "as a maybe")
    if (addressed := ADDRESSED.match(masked)) is not None:
        who = int(addressed.group("who").strip("§"))
        rest = [int(n) for n in re.findall(_M, addressed.group("rest"))]
        if (
            person(who)
            and mentions[who].ref != "me"
            and "@" not in mentions[who].ref
            and not mentions[who].is_group
            and any(n < len(mentions) and mentions[n].is_person and not mentions[n].pronoun for n in rest)
        ):
            aside.setdefault(who, "as whom the message is addressed to")
    wanting = False
    for found in WANTS_OTHER.finditer(masked):
        me, who = int(found.group("i").strip("§")), int(found.group("who").strip("§"))
        if me < len(mentions) and mentions[me].ref == "me" and person(who):
            aside.setdefault(me, "as who wants it")
            aside.setdefault(who, "as whom you want something of")
            wanting = True
    for found in DESCRIBED_FROM.finditer(masked):
        who, what = int(found.group("who")), int(found.group(2))
        if person(who) and what < len(mentions) and not mentions[what].is_person and what not in aside:
            aside[what] = f"as where {mentions[who].surface or mentions[who].ref} is from"
            origin.add(what)
    for i, m in enumerate(mentions):
        name = re.split(r"[(<]", m.surface, maxsplit=1)[0].strip(" ,")
        if not name or name == m.surface.strip() or m.pronoun:
            continue
        # "Rachel Green (finance@acme.com)" read as one mention of the address: a name that is someone else
        # puts the address in brackets after them
        real = {r for r in ids.of(name) if directory.get(r) is not None}
        # ("Chris (Finance)" read as Christine Lee: a department said beside a name cut short chose among
        # those it may be short for, mentions._namesakes; no address there)
        if real and not real & ids.of(m.ref) and "@" in m.surface[len(name) :]:
            aside.setdefault(i, f"in brackets after {name}")
    for found in BRACKETED.finditer(masked):
        inside = found.group("inside")
        after_a_mention = re.search(r"§\d+§\s*$", masked[: found.start()]) is not None
        if not after_a_mention and BRACKET_NAMES.fullmatch(inside):
            # "the Billing mailbox (finance@acme.com)": a bracket naming something else than the one its
            # mailbox was just named as leaves which one is meant unsaid (nlu153: both were planned)
            named_box = lx.NLU153_NAMED_BOX_BEFORE.search(masked[: found.start()])
            inner = [int(n) for n in re.findall(_M, inside) if int(n) < len(mentions)]
            if named_box is not None and inner and int(named_box.group("n")) < len(mentions):
                box = mentions[int(named_box.group("n"))]
                if not any(ids.of(mentions[n].ref) & ids.of(box.ref) for n in inner):
                    for n in inner:
                        aside.setdefault(n, f"in brackets after {box.surface or box.ref}")
                    continue
        if (
            BRACKET_ADDS.search(inside)
            or (not after_a_mention and BRACKET_NAMES.fullmatch(inside))
            or _only_rights(inside)
        ):
            continue  # "the shared mailbox (support@acme.com)", "(and Ava too)": what is asked, said exactly
        told.append((*found.span(), "in brackets"))
        for n in re.findall(_M, inside):
            aside.setdefault(int(n), "in brackets")
    for found in AWAY_TOLD.finditer(masked):
        who = int(found.group("who"))
        if person(who) and mentions[who].ref != "me":
            aside.setdefault(who, AWAY)
    for found in OWN_DOING.finditer(masked):
        subj = found.group("subj")
        if subj.startswith("§") and mentions[int(subj.strip("§"))].ref != "me":
            continue  # ("Tom will add ...": someone else's doing, read as the planner reads it)
        told.append((*found.span(), "as what you will do yourself"))
        for n in re.findall(_M, found.group(0)):
            aside.setdefault(int(n), "as what you will do yourself")
    corrected: list[tuple[int, int]] = []
    for found in CORRECTED.finditer(masked):
        start = max((e.end() for e in _SENTENCE_END.finditer(masked, 0, found.start())), default=0)
        corrected.append((start, found.start()))
    return _Spans(aside, corrected, frozenset(origin), tuple(told), wanting)


def _asked_after(end: int, masked: str, mentions: Sequence[Mention]) -> bool:
    """A part after `end` with a he/she and a target of its own ("add her to all-sales")."""
    for part in _PARTS.split(masked[end:]):
        said = [int(n) for n in re.findall(_M, part) if int(n) < len(mentions)]
        if any(mentions[n].pronoun == "person" for n in said) and any(
            not mentions[n].pronoun and not mentions[n].is_person for n in said
        ):
            return True
    return False


def _inside(at: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


def _refs(step: DraftStep) -> list[tuple[str, str]]:
    out = []
    for key, value in step.params.items():
        if key not in REF_PARAMS:
            continue
        for ref in value if isinstance(value, list) else [value]:
            if isinstance(ref, str) and ref:
                out.append((key, ref))
    return out


def untraced(
    kept: str,
    mentions: Sequence[Mention],
    draft: Draft,
    directory: Directory,
    requester: Recipient,
    *,
    carried: Sequence[Mention] = (),
    ruled_out: Sequence[Mention] = (),
    listed_groups: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
) -> Untraced | None:
    """The first value of a ready `draft`'s write steps that no asking words of `kept` (the request as the
    planner read it, `mentions` its mentions) account for; None when each is traced (or the draft is not
    ready).

    `carried`: what the parts the planner cut but remembered name (a "keep" part, your own trouble),
    `ruled_out`: what the negated parts name; the rest may refer to either. `listed_groups`: lists whose
    members the planner named."""
    if draft.status != "ready" or not draft.steps:
        return None
    ids = Ids(directory, requester)
    masked = mask_mentions(kept, mentions)
    spans = _spans(masked, mentions, ids, directory)
    at = {int(f.group(1)): f.start() for f in re.finditer(_M, masked)}
    asking: set[str] = set()
    taken_from: set[str] = set()
    told: dict[str, str] = {}
    """What is named only outside an asking clause, and where."""
    for i, m in enumerate(mentions):
        if m.pronoun:
            continue
        named = ids.of(m.ref)
        if i in spans.origin:
            taken_from |= named
        if i in spans.aside:
            told.update(dict.fromkeys(named - told.keys(), spans.aside[i]))
        elif i in at and _inside(at[i], spans.corrected) and _replaced(at[i], masked, mentions[i], mentions):
            told.update(dict.fromkeys(named - told.keys(), "in a part a correction replaced"))
        else:
            asking |= named
    # the requester (I/me/my), unless "I'd like Ava to approve it" is all that names them
    wants_only = spans.wanting and not any(
        m.ref == "me" for i, m in enumerate(mentions) if i not in spans.aside
    )
    derived: set[str] = set() if wants_only else {requester.recipient_id}
    # what a cut part named is what the rest refers to with a pronoun, or for a role the rest leaves unsaid
    # ("Don't give Tom full access to billing, give him send on behalf": Tom by "him", billing unsaid)
    referred = any(m.pronoun for i, m in enumerate(mentions) if i not in spans.aside)
    unsaid_people = not any(m.is_person for i, m in enumerate(mentions) if i not in spans.aside)
    unsaid_targets = not any(not m.is_person for i, m in enumerate(mentions) if i not in spans.aside)
    # (a removal may take from anyone a cut part named: "Add Noah to All Hands instead of Liam")
    # (what the requester's own trouble or a "keep" part is about may be the target: "I don't get the
    # all-sales emails. Could you add me?"; never a person by that alone)
    carried_any: set[str] = set()
    for m, told_of in [*((m, True) for m in carried), *((m, False) for m in ruled_out)]:
        if not m.pronoun:
            carried_any |= ids.of(m.ref)
            if (
                referred
                or (unsaid_people if m.is_person else unsaid_targets)
                or (told_of and not m.is_person)
            ):
                derived |= ids.of(m.ref)
    for group in listed_groups:
        derived |= ids.members(group)
    # (nlu153) who is named only as a mailbox ("the Former Employee mailbox (pat.gone@acme.com)"): never whom
    # access is given to
    as_box: set[str] = set()
    elsewhere: set[str] = set()
    for i, m in enumerate(mentions):
        if m.pronoun or i not in at:
            continue
        boxed = lx.NLU153_NAME_THEN_BOX.match(masked, at[i]) or lx.NLU153_IN_BOX_BRACKET.search(
            masked[: at[i]]
        )
        (as_box if boxed else elsewhere).update(ids.of(m.ref))
    only_box = as_box - elsewhere
    for a in attachments:
        for ref in a.references:
            derived |= ids.of(ref)
    for step in draft.steps:
        if ACTIONS[step.action].kind != "write":
            continue
        gives = ACTIONS[step.action].gives_access(step.change)
        for key, ref in _refs(step):
            named = ids.of(ref)
            if gives and key in ("trustee", "grantee") and named & only_box and not named & derived:
                return Untraced(ref, key, "as a mailbox")
            if named & asking or (not gives and named & taken_from):
                continue  # ("move Tom from Contractors to Engineering": what he is taken from is asked)
            if step.change == "create" and key == "group" and not any(directory.get(r) for r in named):
                continue  # a new list: traced to the name it is called by (its display_name)
            if where := next((told[r] for r in sorted(named) if r in told), ""):
                if where == AWAY and _object_pronoun(masked, mentions, spans, at, key):
                    continue  # ("Christine is off; give Rachel full access to her mailbox": her)
                if where == AWAY and _mail_of_the_one_away(step, key, mentions, spans, ids):
                    continue  # ("Tom is away, forward mail to Ava": Tom's mail, the only mail named)
                return Untraced(ref, key, where)
            if (
                named & derived
                or (not gives and named & carried_any)
                or (ref in ("me", "my manager") and not wants_only)
            ):
                continue  # the requester (I/me/my), a list's members, a file's people, what is carried
            return Untraced(ref, key, _NOWHERE)
        if gives and (apart := _apart(step, masked, mentions, spans, ids)) is not None:
            return apart
        if (right := _right_untraced(step, masked, spans)) is not None:
            return Untraced(*right)
        if (level := _level_untraced(step, masked, spans)) is not None:
            return Untraced(*level)
        if "expires" in step.params and (forever := _said_permanent(step, masked)) is not None:
            return Untraced(forever, "expires", f"while it says {forever} is permanent")
    return None


def _after_fix(at: int, masked: str) -> str | None:
    """The words of the correction after `at` up to the end of its sentence (None: no correction follows)."""
    fix = next((f for f in CORRECTED.finditer(masked) if f.start() > at), None)
    if fix is None:
        return None
    end = _SENTENCE_END.search(masked, fix.end())
    return masked[fix.end() : end.start() if end else len(masked)]


def _replaced(at: int, masked: str, mine: Mention, mentions: Sequence[Mention]) -> bool:
    """A mention before a correction is replaced when the words after it name one of the same kind."""
    after = _after_fix(at, masked)
    return after is not None and any(
        int(n) < len(mentions) and mentions[int(n)].is_person == mine.is_person for n in re.findall(_M, after)
    )


def _only_rights(inside: str) -> bool:
    """ "(full access)", "(reviewer)", "(send as and full access)": the right asked, said in brackets."""
    rest = lx.LEVEL_SAID.sub(" ", inside)
    for word, _ in lx.RIGHT_WORDS.values():
        rest = word.sub(" ", rest)
    return rest != inside and BRACKET_FILLER.fullmatch(rest) is not None


def _told_at(at: int, spans: _Spans) -> str:
    return next((why for a, b, why in spans.told if a <= at < b), "")


def _right_untraced(step: DraftStep, masked: str, spans: _Spans) -> tuple[str, str, str] | None:
    """The step's right, slot and where it is said when every word naming it is said apart from what is
    asked: before a correction that names another right, in a bracket that tells, in the requester's own
    doing. A right no word names is implied by the verb ("let Ken send as billing@"): traced to it."""
    if not ACTIONS[step.action].gives_access(step.change):
        return None
    for right, (word, planned) in lx.RIGHT_WORDS.items():
        if step.action not in planned:
            continue
        found = list(word.finditer(masked))
        where = [
            _told_at(f.start(), spans)
            or (
                "in a part a correction replaced"
                if _inside(f.start(), spans.corrected) and _other_right_after(f.start(), masked, right)
                else ""
            )
            for f in found
        ]
        if found and all(where):
            return right, "action", where[0]
    return None


def _level_untraced(step: DraftStep, masked: str, spans: _Spans) -> tuple[str, str, str] | None:
    """A calendar share's level said only apart from what is asked ("(Tom has editor)"); a level no word
    says is the one the contract fixes or the reader asked for."""
    level = step.params.get("access")
    if step.action != "calendar_share" or not isinstance(level, str):
        return None
    found = [w for w in lx.LEVEL_SAID.finditer(masked) if w.lastgroup == level]
    where = [_told_at(w.start(), spans) for w in found]
    if found and all(where):
        return found[0].group(0), "access", where[0]
    return None


def _other_right_after(at: int, masked: str, right: str) -> bool:
    after = _after_fix(at, masked)
    return after is not None and any(
        other != right and word.search(after)
        for other, (word, _) in lx.RIGHT_WORDS.items()
        if other not in ("calendar", "forwarding")
    )


def _said_permanent(step: DraftStep, masked: str) -> str | None:
    """The step's right when the text says that right is permanent ("..., but the send as permanent")."""
    for right, (word, planned) in lx.RIGHT_WORDS.items():
        if step.action not in planned:
            continue
        for found in word.finditer(masked):
            end = _SENTENCE_END.search(masked, found.end())
            piece = _PART_END.split(masked[found.end() : end.start() if end else len(masked)])[0]
            if PERMANENT.search(piece):
                return right
    return None


_WHO = ("trustee", "member", "grantee", "forward_to")
_WHAT = ("mailbox", "group", "owner")


def _apart(
    step: DraftStep, masked: str, mentions: Sequence[Mention], spans: _Spans, ids: Ids
) -> Untraced | None:
    """A giving step whose person and target are each asked, but in different parts of the request, each
    part with a person and a target of its own ("Give Tom full access to support@, I also want Ava added to
    All Hands" is never Ava on support@): the pair is traced to no one part."""
    who = [(k, str(step.params[k])) for k in _WHO if isinstance(step.params.get(k), str)]
    what = [(k, str(step.params[k])) for k in _WHAT if isinstance(step.params.get(k), str)]
    if not who or not what:
        return None
    p_ids, t_ids = ids.of(who[0][1]), ids.of(what[0][1])
    parts: list[tuple[set[str], set[str], bool, bool]] = []
    last = 0
    for cut in [*_PARTS.finditer(masked), None]:
        end = cut.start() if cut else len(masked)
        people: set[str] = set()
        targets: set[str] = set()
        any_person = any_target = False
        for n in re.findall(_M, masked[last:end]):
            i = int(n)
            if i >= len(mentions) or i in spans.aside:
                continue
            m = mentions[i]
            target = m.pronoun != "person" or m.possessive if m.pronoun else not m.is_person or m.possessive
            if m.pronoun:
                any_person |= not target
                any_target |= target
                if target:
                    targets |= t_ids
                else:
                    people |= p_ids
                continue
            (targets if target else people).update(ids.of(m.ref))
            any_person |= not target
            any_target |= target
        if PLACE_REFERRED.search(masked[last:end]):
            targets |= t_ids  # "Add Ava there": where the part before said
            any_target = True
        parts.append((people, targets, any_person, any_target))
        last = cut.end() if cut else end
    for people, targets, any_person, any_target in parts:
        if (people & p_ids and (targets & t_ids or not any_target)) or (targets & t_ids and not any_person):
            return None
    if not any(people & p_ids for people, *_ in parts) or not any(
        targets & t_ids for _, targets, *_ in parts
    ):
        return None  # (one of them derived or carried: traced above)
    return Untraced(
        who[0][1],
        who[0][0],
        f"apart from {what[0][1]!r}",
        f"The request asks for {who[0][1]!r} and for {what[0][1]!r} in different parts, each with a change "
        "of its own: say each change with whom it is for (or as separate requests).",
    )


def _mail_of_the_one_away(
    step: DraftStep, key: str, mentions: Sequence[Mention], spans: _Spans, ids: Ids
) -> bool:
    """Whether a forwarding's mailbox is the mail of someone said to be away because the request names
    nothing else whose mail it could be: every mention outside the asides is where the mail goes ("Tom is
    away, forward mail to Ava"; rules._Reader._unsaid_mail_owner reads it so). With anyone else named, the
    one away is a reason only, as for any other change."""
    if step.action != "email_forwarding_internal" or key != "mailbox":
        return False
    target = ids.of(str(step.params.get("forward_to") or ""))
    return all(m.pronoun or i in spans.aside or ids.of(m.ref) <= target for i, m in enumerate(mentions))


def _object_pronoun(
    masked: str, mentions: Sequence[Mention], spans: _Spans, at: dict[int, int], key: str
) -> bool:
    """Whether a he/she outside the asides is whom or what the change is on ("... full access to her
    mailbox", "give him send as"), not the reason for it ("to cover her work", "for her", "in her place"):
    only the first lets the rest ask for someone said to be away, and only in the slot the pronoun holds:
    "her mailbox" is whose mailbox, never who gets the right ("Ava is on leave; Tom needs full access to her
    mailbox and send as for her" read Ava as the trustee on Tom's mailbox: red team 41)."""
    for i, m in enumerate(mentions):
        if not m.pronoun or i in spans.aside:
            continue
        if i not in at:
            return True
        end = at[i] + len(f"§{i}§")
        if REASON_PRONOUN_BEFORE.search(masked, 0, at[i]) or REASON_PRONOUN_AFTER.match(masked, end):
            continue
        if (POSSESSED.match(masked, end) is not None) == (key in OWNING_SLOTS):
            return True
    return False
