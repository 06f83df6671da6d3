"""Everything accounted for: a ready plan must account for every person, mailbox, list and address the
request names, and for every right it names.

The rules read a request clause by clause; a clause no rule reads ("... Ethan needs send as on support@, and
so does David") is silently left out, and the plan looks done. This check runs after a plan is drafted and
refuses to call it ready when something the text names is neither in a step nor in a recognised aside (who
asks, who approved it, a description like "who manages it", a reason clause, a sign-off, a copy line): the
request becomes a question naming what was not understood. A question is always better than a wrong ready
plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft
from mailwarden.planner.mentions import Mention, mask_mentions
from mailwarden.planner.negation import Ids

__all__ = ["Unaccounted", "holding_asides", "unaccounted"]

_REFS = frozenset(
    {"trustee", "member", "grantee", "mailbox", "group", "owner", "recipient", "forward_to", "person"}
)


@dataclass(frozen=True)
class Unaccounted:
    """What the text names that no step or aside accounts for."""

    said: str
    """The words as written ("David Chen", "hr@acme.com", "send as")."""
    about: str
    """The slot a question about it fills: the person slot of the plan, 'mailbox', 'group' or 'action'."""


def unaccounted(
    kept: str,
    mentions: Sequence[Mention],
    draft: Draft,
    directory: Directory,
    requester: Recipient,
    *,
    asides: Sequence[Mention] = (),
    ruled_out: Sequence[str] = (),
    mentions_of: Callable[[str], list[Mention]] | None = None,
    verdicts: Sequence[Mention] = (),
) -> Unaccounted | None:
    """The first thing `kept` (the request as read, negations scoped out) names that `draft`'s steps do
    not account for and no aside explains; None when everything is accounted for."""
    if not any(ACTIONS[s.action].kind == "write" for s in draft.steps) and not lx.PASSED_ON_CHANGE.search(
        kept.lower()
    ):
        # a report changes nothing: nothing it leaves out gives or takes access (unless a change was passed
        # on beside the question: "Ken asked me who has send as on sales@ and asked me to give it to Ava")
        return None
    ids = Ids(directory, requester)
    covered: set[str] = {requester.recipient_id}
    for step in draft.steps:
        covered |= ids.in_step(step)
    if (
        (me := lx.NLU111_ME_ADDED.search(kept)) is not None
        and not any(requester.recipient_id in ids.in_step(s) for s in draft.steps)
        and any(ACTIONS[s.action].gives_access(s.change) for s in draft.steps)
    ):
        # ("Give Tom Becker full access to Finance; same for me.": the change carried over to the writer,
        # who no step is for; the writer is always "accounted for" below, and was left out unasked: nlu111)
        return Unaccounted(me.group(0), _about_person(draft))
    if (same := _same_for_unmet(kept, mentions, draft, ids)) is not None:
        return same
    for group in draft.listed_groups:
        covered |= ids.of(group)
    # what the reader took as an aside, where it stands (the same person may be asked about elsewhere:
    # "Ken is on all-sales. Priya wants Ken off it")
    aside_at = {(m.start, m.end) for m in asides}
    if mentions_of is not None:
        for said in ruled_out:
            covered |= {rid for m in mentions_of(said) for rid in ids.of(m.ref)}
    for m in verdicts:
        if not ids.of(m.ref) & covered:
            # "Send as on sales@ - Ava: yes; Ken: no; Tom: yes.": each one given a verdict is in the plan,
            # or in what the request ruled out
            return Unaccounted(m.surface or m.ref, _about(m, draft))
    # values written into a step ("called Support Team", a new address): what they name is their words
    values = " ".join(
        v.casefold()
        for s in draft.steps
        for k, v in s.params.items()
        if isinstance(v, str) and k not in _REFS
    )
    masked = mask_mentions(kept, mentions)
    accounted_asides = list(lx.ACCOUNTED_ASIDE.finditer(masked))
    aside = {int(n) for a in accounted_asides for n in re.findall(r"§(\d+)§", a.group(0))}
    # ("..., I've got full access to it anyway": what someone holds, told as why; its names and rights are
    # accounted for by being told)
    aside |= {
        int(n) for a in lx.NLU93_HOLDING_TOLD_PART.finditer(masked) for n in re.findall(r"§(\d+)§", a[0])
    }
    # ("..., I get the release mails through Project Phoenix anyway": the way the mail already comes, told)
    aside |= {
        int(n)
        for a in lx.NLU134_MAIL_COMES_THROUGH_TOLD.finditer(masked)
        for n in re.findall(r"§(\d+)§", a[0])
    }
    forwarding = any("forward" in s.action for s in draft.steps) or any(
        lx.FORWARDING.search(said.lower()) for said in ruled_out
    )
    stopping = bool(ruled_out) or lx.REVOKE.search(kept.lower()) is not None
    # "... share Jane Doe's calendar with him. Drop the calendar part.": a right the request took back
    # takes what its part named along
    for taken, _ in (w for w in lx.RIGHT_WORDS.values() if any(w[0].search(r.lower()) for r in ruled_out)):
        for part in re.split(r"[.;!?]|,|\band\b", masked):
            if taken.search(part):
                aside |= {int(n) for n in re.findall(r"§(\d+)§", part)}
    for pair in lx.PAIRED_AFTER.finditer(masked):
        box, who = (mentions[int(pair.group(g).strip("§"))] for g in ("box", "who"))
        if box.is_person or not who.is_person:
            continue
        for s in draft.steps:
            if not ACTIONS[s.action].gives_access(s.change) or not ids.of(box.ref) & ids.in_step(s):
                continue
            if not ids.of(who.ref) & ids.in_step(s):
                # "Give Noah full access to hr@, plus careers@ for Emma": careers@ is Emma's alone
                return Unaccounted(box.surface or box.ref, "coordination")
    for away in lx.TAKEN_AWAY_SAID.finditer(masked):
        m = mentions[int(away.group("what").strip("§"))]
        if any(
            ACTIONS[s.action].gives_access(s.change) and ids.of(m.ref) & ids.in_step(s) for s in draft.steps
        ):
            # "Give Tom full access to support@, and getting rid of careers@ would be great": never a grant
            # on what the text takes away
            return Unaccounted(m.surface or m.ref, "action")
    held = holding_asides(masked)
    holding = {int(n) for a in held for n in re.findall(r"§(\d+)§", a.group(0))}
    if (level := _level_from_an_aside(masked, held, draft)) is not None:
        return level
    if (hidden := _granted_from_an_aside(mentions, holding, draft, ids)) is not None:
        return hidden
    # what someone holds, told in passing, with no step read from it and nothing more said of anyone after
    # it: "- Ava already has it", "Thanks, Ava (send as billing@)": its names and rights are accounted for
    # by being told (nlu40)
    alone = holding_alone(masked)
    if alone:
        aside |= holding
    actions = {s.action for s in draft.steps}
    if not any(ACTIONS[a].kind == "read" for a in actions):
        # (a report on rights accounts for any right it is asked about)
        # (with nothing held alone the text is `masked`, its asides the ones found above: each cut to a space,
        # as a sub cuts it)
        unaside = (
            lx.ACCOUNTED_ASIDE.sub(" ", _without(masked, alone))
            if alone
            else _without(masked, accounted_asides)
        )
        told = lx.NLU93_HOLDING_TOLD_PART.sub(" ", unaside)
        for right, (word, planned) in lx.RIGHT_WORDS.items():
            if (
                word.search(told)
                and not planned & actions
                and not any(word.search(r.lower()) for r in ruled_out)
            ):
                # (a right the request itself took back is accounted for: "..., skip the full access")
                return Unaccounted(right, "action")
    for i, m in enumerate(mentions):
        if m.pronoun or m.ref in ("me", "my manager"):
            continue
        if not m.known and not m.literal:
            continue
        if (m.start, m.end) in aside_at or ids.of(m.ref) & covered:
            continue
        if (m.surface or m.ref).casefold() in values:
            continue
        if i in aside:
            continue
        if forwarding and m.is_person and (m.before == "from" or (m.before == "to" and stopping)):
            # "stop forwarding billing@ to Mike Smith": where the mail went, which the step ends (only
            # where a forwarding is stopped: "Forward my mail to Tom, then to Priya" left Priya out)
            continue
        return Unaccounted(m.surface or m.ref, _about(m, draft))
    return None


def holding_asides(masked: str) -> list[re.Match[str]]:
    """Where the masked request tells what someone holds or who wrote (lx.HOLDING_ASIDE, and where the one
    who already holds it is too: lx.HOLDING_ASIDE_ALSO), in order."""
    found = list(lx.HOLDING_ASIDE.finditer(masked)) + list(lx.HOLDING_ASIDE_ALSO.finditer(masked))
    return sorted(found, key=lambda a: a.start())


def holding_alone(masked: str) -> list[re.Match[str]]:
    """The holding asides of `masked` when nothing after the first of them says more of anyone (a he/she, a
    "too", a change: lx.HOLDING_TOLD_ON, inside them or out); else none."""
    held = holding_asides(masked)
    if not held or lx.HOLDING_TOLD_ON.search(_without(masked[held[0].start() :], ())):
        return []
    return held


def _without(masked: str, held: Sequence[re.Match[str]]) -> str:
    out, last = [], 0
    for a in held:
        if a.start() >= last:
            out.append(masked[last : a.start()])
            last = a.end()
    out.append(masked[last:])
    return " ".join(out)


def _granted_from_an_aside(
    mentions: Sequence[Mention], inside: set[int], draft: Draft, ids: Ids
) -> Unaccounted | None:
    """A step giving access to, or on, someone or something the text names only where it tells what someone
    holds or who wrote (lexicon.HOLDING_ASIDE): "Let Ken send as billing@, as Ava does for support@",
    "... Thanks, Ava (send as billing@)", "- Ava already has it". A grant read from there is asked."""
    outside: set[str] = set()
    for i, m in enumerate(mentions):
        if i not in inside and not m.pronoun:
            outside |= ids.of(m.ref)
    for i in sorted(inside):
        m = mentions[i]
        if m.pronoun or m.ref in ("me", "my manager"):
            continue
        named = ids.of(m.ref)
        if not named or named & outside:
            continue
        if any(ACTIONS[s.action].gives_access(s.change) and named & ids.in_step(s) for s in draft.steps):
            return Unaccounted(m.surface or m.ref, _about(m, draft))
    return None


def _level_from_an_aside(masked: str, held: Sequence[re.Match[str]], draft: Draft) -> Unaccounted | None:
    """A calendar share at a level the request says only where it tells what someone holds ("as reviewer
    like Ava has editor on it" is reviewer, never editor; red team 28)."""
    if not held:
        return None
    outside, last = [], 0
    for a in held:
        outside.append(masked[last : a.start()])
        last = a.end()
    outside.append(masked[last:])
    told = " ".join(outside)
    said_outside = {w.lastgroup for w in lx.LEVEL_SAID.finditer(told)}
    for a in held:
        for w in lx.LEVEL_SAID.finditer(a.group(0)):
            level = w.lastgroup
            if level in said_outside:
                continue
            if any(s.action == "calendar_share" and s.params.get("access") == level for s in draft.steps):
                return Unaccounted(w.group(0), "access")
    return None


def _about(m: Mention, draft: Draft) -> str:
    if m.is_person:
        return _about_person(draft)
    return "action"  # a mailbox, list or address no step is on: what should change for it is asked


def _about_person(draft: Draft) -> str:
    """The person slot of `draft`'s steps, which a question about one more person fills."""
    return next(
        (k for s in draft.steps for k in ("trustee", "member", "grantee") if k in s.params), "trustee"
    )


def _same_for_unmet(kept: str, mentions: Sequence[Mention], draft: Draft, ids: Ids) -> Unaccounted | None:
    """ "the same for him" / "the same on sales@" that no step carries over (nlu162).

    "Give Rachel Green send as on billing@, and the same for him": the him is someone besides those its own
    sentence names, yet no step is for anyone named outside it (it was read as Rachel, and dropped).
    "add Liam Brown to Marketing and the same on sales@acme.com": a mailbox said after "the same" is no
    member of a list, and a list membership has no "same" on a mailbox: asked, never made a member."""
    masked = mask_mentions(kept, mentions)
    for found in lx.NLU162_SAME_FOR.finditer(masked):
        n = int(found.group("n"))
        if n >= len(mentions):
            continue
        m = mentions[n]
        if m.pronoun == "person" and not m.possessive:
            start = max(
                (b.end() for b in lx.NLU162_SENTENCE_BREAK.finditer(masked, 0, found.start())), default=0
            )
            ends = lx.NLU162_SENTENCE_BREAK.search(masked, found.end())
            sentence = masked[start : ends.start() if ends else len(masked)]
            inside = {int(k) for k in re.findall(r"§(\d+)§", sentence)}
            outside = {
                rid
                for k, o in enumerate(mentions)
                if k not in inside and o.is_person and not o.pronoun and o.ref != "me"
                for rid in ids.of(o.ref)
            } - {
                rid
                for k in inside
                if k < len(mentions) and not mentions[k].pronoun
                for rid in ids.of(mentions[k].ref)
            }
            if not any(outside & ids.in_step(s) for s in draft.steps):
                return Unaccounted(m.surface or m.ref, _about_person(draft))
        elif not m.is_person and not m.is_group and not m.pronoun:
            member = {str(s.params.get("member")) for s in draft.steps if s.params.get("member")}
            if ids.of(m.ref) & {rid for ref in member for rid in ids.of(ref)} or not any(
                ids.of(m.ref) & ids.in_step(s) for s in draft.steps
            ):
                # ("add Liam Brown to Marketing. The same on billing@ please": carried over to nothing)
                return Unaccounted(m.surface or m.ref, "action")
    return None
