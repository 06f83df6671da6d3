"""Messy structures read as their units (nlu152): a ticket's item list, a chat's turns, a quoted reply.

The sentence readings read a paste as one run of words, and its shapes were lost there: a ticket's header
("Reporter: Sarah Connor", "Assignee: Ken Adams") named people the item "remove his full access" was read as
being about, an item marked "[on hold]" or "❌" was one more part, and a quoted question answered "Please
action." was no request at all. So the text is first split into what it is made of, and each unit is given
what it contributes:

- an item list under a title and header fields ("HELP-2231 Mover: Tom Becker / Reporter: ... / Items: / -
  [approved] remove his full access ..."; "Access review / ✅ Christine Lee - send as on finance@ ..."): each
  item is a request of its own, kept only when its status mark (in words, brackets or emoji) lets it go ahead;
  an item held, rejected, waiting or struck out is never planned, and one whose mark cannot be read is asked.
  The header's people (reporter, assignee) are who filed it; the ticket's subject ("Mover: Tom Becker") is
  whom its items' "his" and "him" are of;
- a chat whose turns are all the requester's ("[14:10] Emma Wilson: ..."): one request said over several
  turns, read as one text (a chat with other speakers is left to voices.relayed);
- a reply or forward whose own words only ask the quoted message done ("Please action.", "Go ahead and set
  that up please."; a forward with no words of its own): the quoted message, without who wrote it, its
  sign-off and the quoted approvals ("> Approved - Priya"), is the request; an approver is never a trustee.

A unit is planned on its own by the whole planner (rules.RulesPlanner), so every sentence reading still
applies to it; the plans are put together, and any unit asked keeps the whole plan asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mailwarden.planner import agreement
from mailwarden.planner import lexicon as lx

__all__ = ["Units", "read"]


@dataclass(frozen=True)
class Units:
    parts: tuple[str, ...]
    """Each unit's words, to be planned on its own."""
    ask: str = ""
    """The question when a unit cannot be read (an item's unreadable status, a quoted refusal, every item
    held): asked, never planned nor dropped."""
    about: str = "scope"
    """The question's slot ("trustee" when whom an item is for cannot be told)."""
    kept: str = ""
    """An item list's text without the items it holds (what the whole request's checks of held parts read:
    a held item is already left out, and its words are no hold on a kept item like it; nlu156)."""
    refused: str = ""
    """Why nothing is planned when the writer's own words turn the quoted ask down (rt80b)."""


def read(text: str, is_requester: Callable[[str], bool]) -> Units | None:
    """The units of `text` when it is one of the structures read here, else None (read as before)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    return (
        _own_refusal(lines)
        or _signer_item(lines)
        or _items(lines)
        or _left_alone(lines)
        or _chats(lines, is_requester)
        or _quoted(lines, is_requester)
        or _yes_to_offer(lines, is_requester)
    )


def _own_refusal(lines: list[str]) -> Units | None:
    """A reply or forward whose own words turn the quoted ask down ("Don't go ahead.", "We won't go ahead with
    this."): nothing of the quoted ask is planned; asked (rt80b: the quoted grant was planned)."""
    at = next((n for n, line in enumerate(lines) if lx.PASTED_ORIGINAL.match(line)), None)
    quoted = [n for n, line in enumerate(lines) if line.lstrip().startswith(">")]
    if at is None and not quoted:
        return None
    own = [
        line for n, line in enumerate(lines) if not line.lstrip().startswith(">") and (at is None or n < at)
    ]
    refused = next((line.strip() for line in own if lx.RT80B_OWN_REFUSAL.match(line)), None)
    return None if refused is None else Units((), refused=lx.RT80B_OWN_REFUSAL_SAID.format(said=refused))


def _items(lines: list[str]) -> Units | None:
    head: list[str] = []
    items: list[tuple[str, str]] = []
    item_lines: list[str] = []
    after: list[str] = []
    for line in lines:
        found = lx.NLU152_ITEM_LINE.match(line)
        if found is not None and (found.group("bullet") or found.group("mark")) and not after:
            items.append((found.group("mark") or "", found.group("item")))
            item_lines.append(line)
        elif items:
            after.append(line)  # (a comment, note or sign-off after the list)
        else:
            head.append(line)
    if len(items) < 2 or not head:
        return None
    title, fields = head[0], head[1:]
    subject = lx.NLU152_TICKET_SUBJECT.search(title) or lx.NLU156_TICKET_SUBJECT.search(title)
    # "Requests for the Careers mailbox, reviewed by ...", "Sales mailbox access review - signed off by ...":
    # the mailbox the title names is every item's, whoever the item names (nlu156)
    box = lx.NLU156_TITLE_MAILBOX.search(title) if subject is None else None
    if subject is None and lx.NLU152_REVIEW_TITLE.search(title) is None and box is None:
        return None
    if any(lx.NLU152_LIST_HEAD.match(f) is None and not _context_field(f) for f in fields):
        return None
    marked = [_status(mark, item) for mark, item in items]
    if all(status == "" for status, _ in marked):
        return None  # (a list with no marks: the sentence and leaver readings read it)
    if (asked := _items_unsure(title, subject is None, items, marked)) is not None:
        return asked
    if (said_after := _said_after(after, marked)) is not None:
        return said_after
    if any(lx.NLU159_LIST_CLOSING.fullmatch(line.strip()) is None for line in after):
        return None  # (words after a list that holds nothing: read as one text, as before)
    if (unread := next((item for status, item in marked if status == "unread"), None)) is not None:
        return Units((), lx.NLU152_UNIT_ASK.format(said=unread))
    kept = [item for status, item in marked if status != "held"]
    if not kept:
        return Units((), lx.NLU152_ALL_HELD_ASK)
    shown = "\n".join(
        [*head, *(line for line, (status, _) in zip(item_lines, marked, strict=True) if status != "held")]
    )
    if subject is not None:
        # a ticket of one person's move: its kept items read together under its title, as the leaver
        # reading reads a list of steps for the one it names ("- add to all-sales" is theirs)
        who = subject.group("who")
        for item in kept:
            # "- give her full access to sales" in Tom Becker's ticket: a pronoun that cannot be the
            # ticket's subject is someone the list does not name; asked whom, never the subject (nlu156)
            pronouns = [*lx.NLU152_PRONOUN_RIGHT.finditer(item), *lx.NLU152_PRONOUN_OBJECT.finditer(item)]
            if any(agreement.cannot_be(p.group(0), who) for p in pronouns):
                return Units(
                    (), lx.NLU156_PRONOUN_NOT_SUBJECT_ASK.format(said=item, who=who), "trustee", shown
                )
        lines = [title, *(lx.NLU152_LIST_ITEM_SAY.format(item=_of_subject(item, who)) for item in kept)]
        return Units(("\n".join(lines),), kept=shown)
    if box is not None:
        return Units(tuple(_on_mailbox(_said(item), box.group("box")) for item in kept), kept=shown)
    return Units(tuple(_said(item) for item in kept), kept=shown)


def _left_alone(lines: list[str]) -> Units | None:
    """A list of changes with an item that keeps something as it is ("- leave her full access to Finance
    alone until the handover is done"): the list without that item, read as before (nlu166: its "until" was
    read as the end of the other items, asked). Only when no other item may take what is kept too ("- remove
    all her access"), and no change is said in the kept item; else None."""
    alone = [
        n for n, line in enumerate(lines) if (found := lx.NLU166_LEFT_ALONE_ITEM.match(line)) is not None
    ]
    if not alone:
        return None
    for n in alone:
        found = lx.NLU166_LEFT_ALONE_ITEM.match(lines[n])
        assert found is not None
        said = (found["what"] or found["what2"] or "") + (found["tail"] or "")
        if lx.CHANGE_VERB_SAID.search(said.lower()) is not None:
            return None  # ("- leave it alone until Friday, then remove it": a change said after)
    rest = [line for n, line in enumerate(lines) if n not in alone]
    items = [line for line in rest if lx.NLU152_ITEM_LINE.match(line)["bullet"]]  # type: ignore[index]
    if not items or any(lx.NLU166_ALL_TAKEN_ITEM.search(item) is not None for item in items):
        return None
    if any(_changed_too(lines[n], items) for n in alone):
        return None
    return Units(("\n".join(rest),))


def _changed_too(kept: str, items: list[str]) -> bool:
    """Whether another item changes what the kept item keeps: the same right on the same thing, or, when the
    kept item names no right ("- leave billing@acme.com alone until April"), anything on that thing (red team
    87: the list read without the kept item granted send as on billing@ beside it)."""
    found = lx.NLU166_LEFT_ALONE_ITEM.match(kept)
    assert found is not None
    what = (found["what"] or found["what2"] or "").casefold()
    rights = {_right(r) for r in lx.NLU166_KEPT_RIGHT.findall(what)}
    things = {w.strip(".") for w in lx.NLU166_KEPT_WORD.findall(lx.NLU166_KEPT_RIGHT.sub(" ", what))}
    things -= lx.NLU166_KEPT_FILLER
    for item in items:
        said = item.casefold()
        words = {w.strip(".") for w in lx.NLU166_KEPT_WORD.findall(said)}
        on_it = any(t in words or any(w.split("@")[0] == t for w in words) for t in things)
        if on_it and (not rights or rights & {_right(r) for r in lx.NLU166_KEPT_RIGHT.findall(said)}):
            return True
    return False


def _right(said: str) -> str:
    """A right as named, its spacing and hyphens aside ("send-as" is "send as")."""
    return "".join(ch for ch in said.casefold() if ch.isalpha())[:8]


def _said_after(after: list[str], marked: list[tuple[str, str]]) -> Units | None:
    """Words after an item list ("Comment: please do the send as anyway", "Note: go ahead with all of them",
    "Priya: fine, do it") never revive an item the list holds or rejects: with one held, asked (nlu159: the
    comment was read with the whole list as one text, and the rejected send as granted to the list the
    approved item named). A thanks or sign-off is no part of it."""
    said = [line.strip() for line in after if lx.NLU159_LIST_CLOSING.fullmatch(line.strip()) is None]
    held = next((item for status, item in marked if status == "held"), None)
    if not said or held is None:
        return None
    return Units((), lx.NLU159_SAID_AFTER_HELD_ASK.format(said=" ".join(said), held=held))


def _on_mailbox(item: str, box: str) -> str:
    """The item with the title's mailbox said after it when it names none ("give Ken Adams send as" as
    "give Ken Adams send as on the Careers mailbox")."""
    if lx.NLU156_ITEM_NAMES_MAILBOX.search(item) is not None:
        return item
    head, comma, rest = item.rstrip(" .;").partition(",")
    if (end := lx.NLU166_ITEM_END_START.search(head)) is not None:
        # ("Rachel Green - full access through 20 March": the mailbox said before the end; nlu166)
        head, rest, comma = head[: end.start()], head[end.start() :] + comma + rest, ""
    return lx.NLU156_ON_MAILBOX_SAY.format(item=head, box=box, rest=comma + rest)


def _context_field(line: str) -> bool:
    """A header field naming who filed, is assigned, or when: context, no request of its own."""
    found = lx.NLU152_FIELD_LINE.match(line)
    return found is not None and (
        lx.NLU152_CONTEXT_KEY.fullmatch(found.group("key").strip()) is not None
        # ("Approver: Priya Patel": who approved, never a trustee; rt80b)
        or lx.RT80B_APPROVER_KEY.fullmatch(found.group("key").strip()) is not None
    )


def _items_unsure(
    title: str, review: bool, items: list[tuple[str, str]], marked: list[tuple[str, str]]
) -> Units | None:
    """An item list whose marks cannot be read as "go ahead with the item" is asked (rt80b):
    - a review's title or legend that says what its marks mean, or that its items are removals ("(✅ =
      remove, ❌ = keep)", "(revoke these)"): the ticked rows were granted;
    - an item struck out with words written after it in its place ("~~give her full access~~ add her to
      all-sales"): the replacement was dropped;
    - an item held or rejected and written again without a mark: it was planned."""
    if review and (legend := lx.RT80B_REVIEW_LEGEND.search(title)) is not None:
        return Units((), lx.RT80B_REVIEW_LEGEND_ASK.format(said=title[legend.start() :].strip()))
    for _, item in items:
        bracket = lx.NLU152_BRACKET_STATUS.match(item)
        words = item[bracket.end() :] if bracket is not None else item
        struck = lx.NLU152_STRUCK.search(words)
        if struck is not None and lx.CHANGE_VERB_SAID.search(rest := words[struck.end() :]) is not None:
            return Units((), lx.RT80B_STRUCK_REPLACED_ASK.format(said=rest.strip()))
    held = {_item_words(item) for status, item in marked if status == "held"}
    again = next((item for status, item in marked if status != "held" and _item_words(item) in held), None)
    return None if again is None else Units((), lx.RT80B_ITEM_AGAIN_ASK.format(said=again))


def _item_words(item: str) -> str:
    return lx.RT80B_ITEM_SPACE.sub(" ", lx.NLU152_STRUCK.sub("", item).replace("~~", "")).strip().casefold()


def _status(mark: str, item: str) -> tuple[str, str]:
    """("kept" | "held" | "unread" | "", the item's words without its mark): "" is an item with no mark."""
    status = (
        ""
        if not mark
        else "kept"
        if lx.NLU152_MARK_KEEPS.match(mark)
        else "held"
        if lx.NLU163_MARK_HOLDS.match(mark)
        else "unread"  # ("❓ Mia Novak: add to All Hands": a mark whose meaning is not known; nlu163)
    )
    if status == "unread":
        return status, item
    # "- remove Lucas Rossi from Engineering [on hold - check with David first]", "... -> ON HOLD until Priya
    # confirms", "give Noah Davis send as - rejected": a status said after the item (nlu156)
    if (after := lx.NLU156_STATUS_AFTER.search(item)) is not None:
        bracketed = after.group("bracket") is not None
        said = after.group("bracket") if bracketed else after.group("said")
        chosen = _chosen(status, said, lx.NLU152_STATUS_HOLDS.match(said.strip()) is not None, bracketed)
        if chosen == "unread":
            return "unread", item
        if chosen is not None:
            status, item = chosen, item[: after.start()].rstrip()
    # "* nothing on the Sales mailbox", "• keep her Reviewer on Priya's calendar": an item that says no
    # change, never a step (nlu156)
    if lx.NLU156_NO_CHANGE_ITEM.match(item) is not None:
        return ("unread" if status == "kept" else "held"), item
    if (bracket := lx.NLU152_BRACKET_STATUS.match(item)) is not None:
        said = bracket.group("status")
        item = item[bracket.end() :]
        holds = not said.strip() or lx.NLU152_STATUS_HOLDS.search(said) is not None
        status = _chosen(status, said, holds, must=True) or "unread"
        if status == "unread":
            return "unread", item
    if (struck := lx.NLU152_STRUCK.search(item)) is not None:
        if item[: struck.start()].strip():
            return "unread", item  # (part of an item struck: what is left is asked)
        return "held", item
    item = lx.NLU152_APPROVED_NOTE.sub("", item).strip()
    notes = lx.NLU152_NOTE.findall(item)
    if any(lx.NLU152_STATUS_HOLDS.search(note) is not None for note in notes):
        return ("unread" if status == "kept" else "held"), item
    return status, item


def _chosen(status: str, said: str, holds: bool, must: bool) -> str | None:
    """The item's status with a status said in words ("approved", "on hold"; `holds` when the words were read
    as holding it): "kept" or "held" as they say; "unread" when they disagree with its mark, or say neither
    where a status `must` be said (in brackets); None when they say neither and need not (the mark's)."""
    said_status = "kept" if lx.NLU152_STATUS_KEEPS.match(said) is not None else "held" if holds else ""
    if not said_status:
        return "unread" if must else None
    return said_status if not status or status == said_status else "unread"


def _of_subject(item: str, who: str) -> str:
    """The item with the ticket subject's pronouns said as the subject's name ("remove his full access" as
    "remove Tom Becker's full access", "add him to all-sales" as "add Tom Becker to all-sales")."""
    item = lx.NLU152_PRONOUN_RIGHT.sub(lx.NLU152_PRONOUN_RIGHT_SAY.format(subject=who), item)
    return lx.NLU152_PRONOUN_OBJECT.sub(who, item)


def _signer_item(lines: list[str]) -> Units | None:
    """An item line, not held, whose first name is followed by words saying that one approves, or naming a
    second person before the right ("✅ Mike Smith: approves Noah Davis full access to Info", "✅ Mike Smith:
    Noah Davis - full access"), under any title: whom it is for is asked, never the signer granted (rt85a:
    H1, both were granted)."""
    for line in lines:
        found = lx.NLU152_ITEM_LINE.match(line)
        if found is None or not (found.group("bullet") or found.group("mark")):
            continue
        if found.group("mark") and lx.NLU163_MARK_HOLDS.match(found.group("mark")) is not None:
            continue
        item = found.group("item")
        words = item[b.end() :] if (b := lx.NLU152_BRACKET_STATUS.match(item)) is not None else item
        named = lx.NLU152_WHO_DASH_WHAT.match(words)
        if named is not None and lx.RT85A_ITEM_WHAT_OTHER.match(named.group("what")) is not None:
            return Units(
                (), lx.RT85A_ITEM_WHAT_OTHER_ASK.format(said=item, who=named.group("who")), "trustee"
            )
    return None


def _said(item: str) -> str:
    """The item as a request: "Christine Lee - send as on finance@" as "give Christine Lee send as on
    finance@"."""
    if lx.CHANGE_VERB_SAID.search(item) is None and (
        (named := lx.NLU152_WHO_DASH_WHAT.match(item)) is not None
    ):
        return lx.NLU152_WHO_DASH_WHAT_SAY.format(who=named.group("who"), what=named.group("what"))
    return item


def _chats(lines: list[str], is_requester: Callable[[str], bool]) -> Units | None:
    """A chat ("[14:10] Emma Wilson: ..." on every line), its turns read once: all the requester's, or with a
    turn only acknowledging."""
    turns = [turn for line in lines if (turn := lx.NLU152_CHAT_TURN.match(line)) is not None]
    if len(turns) != len(lines):
        return None
    return _chat(turns, is_requester) or _acked_chat(lines, turns)


def _chat(turns: list[re.Match[str]], is_requester: Callable[[str], bool]) -> Units | None:
    said: list[str] = []
    for turn in turns:
        who = (turn.group("who") or turn.group("who2") or "").strip()
        if not is_requester(who):
            return None  # (another speaker: voices.relayed reads whose words are whose)
        words = turn.group("said").strip()
        if said and (members := lx.NLU152_TURN_MEMBERS.match(words)) is not None:
            said[-1] += ", " + lx.NLU152_TURN_MEMBERS_SAY.format(who=members.group("who"))
            continue
        said.append(words)
    if (back := _turn_taken_back(turns[1:])) is not None:
        return back
    return Units(("\n".join(said),))


def _turn_taken_back(turns: list[re.Match[str]]) -> Units | None:
    """A later turn that takes the earlier ones back ("hold on, he's staying", "nvm"): asked, never planned
    (rt80b: the removal the first turn asked was planned)."""
    for turn in turns:
        if lx.RT80B_TURN_TAKEN_BACK.match(said := turn.group("said").strip()):
            return Units((), lx.RT80B_TURN_TAKEN_BACK_ASK.format(said=said))
    return None


def _acked_chat(lines: list[str], turns: list[re.Match[str]]) -> Units | None:
    """A chat whose later turns include one only acknowledging ("[09:04] Ken Adams: 👍 on it"): the chat
    without it, read as before (who says "on it" is working the request, never part of it; nlu156)."""
    acked = [n for n, turn in enumerate(turns) if n and lx.NLU156_ACK_TURN.match(turn["said"])]
    if not acked:
        return None
    said = " ".join(turn["said"] for n, turn in enumerate(turns) if n not in acked).lower()
    for n in acked:
        given = ((turns[n]["who"] or turns[n]["who2"] or "").split() or [""])[0].lower()
        if not given or given in lx.NLU156_WORDS.findall(said):
            return None  # ("ken can you do one for me" ... "Ken Adams: on it": the one acking is asked)
    return Units(("\n".join(line for n, line in enumerate(lines) if n not in acked),))


def _quoted(lines: list[str], is_requester: Callable[[str], bool]) -> Units | None:
    forwarded = lx.NLU152_THREAD_SUBJECT.match(lines[0]) is not None
    if forwarded:
        forward = lx.NLU152_FORWARD_SUBJECT.match(lines[0]) is not None
        lines = lines[1:]
    else:
        forward = False
    quoted = [line for line in lines if line.lstrip().startswith(">")]
    own = [line for line in lines if not line.lstrip().startswith(">")]
    if quoted and own and (headed := _reply_words(own, is_requester)) is not None:
        own = headed
    if not quoted or any(lx.NLU152_GO_AHEAD_NOTE.match(line) is None for line in own):
        return None
    if not own and not forward:
        return None  # (a reply that says nothing of its own asks nothing)
    words = [lx.NLU152_QUOTE_MARKS.sub("", line).strip() for line in quoted]
    asked = [w for w in words if w and lx.NLU152_QUOTED_CONTEXT.match(w) is None]
    if (refused := next((w for w in asked if lx.NLU152_QUOTED_REFUSED.match(w)), None)) is not None:
        return Units((), lx.NLU152_QUOTED_REFUSED_ASK.format(said=refused))
    if isinstance(answered := _quoted_answer(asked), Units):
        return answered
    asked = answered
    if not asked or any(
        lx.NLU152_FIRST_PERSON.search(lx.NLU152_APPROVED_BY_ME.sub("", w)) is not None for w in asked
    ):
        return None  # (the quoted writer's "me" is no one this reply can tell)
    # "> Olivia, could Grace Hopper get free/busy on your calendar ...?" answered by Olivia: the "your" the
    # quoted writer says to the one replying is the replier's own (nlu156)
    to_replier = [_to_replier(w, is_requester) for w in asked]
    replied = [w for w in to_replier if w is not None]
    if len(replied) != len(to_replier):
        return None  # (a "you" of someone else than the one replying)
    said = [
        lx.NLU152_CAN_BE_ON_SAY.format(who=can.group("who"), what=can.group("what"))
        if (can := lx.NLU152_CAN_BE_ON.match(w)) is not None
        else w
        for w in replied
    ]
    return Units((" ".join(said),))


def _quoted_answer(asked: list[str]) -> Units | list[str]:
    """The quoted lines after a quoted question are its answer (rt80b): a name alone is its writer signing,
    never one more item of the ask; an answer that approves only a part, or defers ("Ken yes, Lucas no",
    "Only Ken", "Ask Priya", "Just full access") is asked, its names never added to the ask."""
    at = next((n for n, w in enumerate(asked) if w.rstrip().endswith("?")), None)
    if at is None:
        return asked
    kept = asked[: at + 1]
    for w in asked[at + 1 :]:
        if lx.RT80B_QUOTED_SIGNATURE.match(w) is not None:
            continue
        if lx.RT80B_QUOTED_ANSWER.search(w) is not None:
            return Units((), lx.RT80B_QUOTED_ANSWER_ASK.format(said=w))
        kept.append(w)
    return kept


def _reply_words(own: list[str], is_requester: Callable[[str], bool]) -> list[str] | None:
    """A reply's own lines without its headers ("From: Olivia Martin", "Subject: RE: calendar") and its
    writer's sign-off, when it has headers; else None (read as said)."""
    words = [line for line in own if lx.PASTED_HEADER.match(line) is None]
    if len(words) == len(own):
        return None
    if words and (name := lx.NLU152_NAME_LINE.match(words[-1])) is not None and is_requester(name["name"]):
        words = words[:-1]
    return words


def _to_replier(said: str, is_requester: Callable[[str], bool]) -> str | None:
    """A quoted line said to someone by name ("Olivia, could ... your calendar"): when that someone is the one
    replying, the line with its "your" as the replier's "my"; a "you" said to anyone else is None."""
    to = lx.NLU156_QUOTED_VOCATIVE.match(said)
    if to is None:
        return said
    if not is_requester(to["name"]) or lx.NLU156_YOU.search(said) is not None:
        # (a "you" said to someone else; or "can you ask IT to ...": the replier asked to act, read as before)
        return None if lx.NLU156_SECOND_PERSON.search(said) else said
    return lx.NLU156_YOURS.sub(lambda m: lx.NLU156_SECOND_PERSON_SAY[m[0].lower()], said[to.end() :])


def _yes_to_offer(lines: list[str], is_requester: Callable[[str], bool]) -> Units | None:
    """A reply whose own words are only a yes, with what it keeps out ("Yes please go ahead, but leave Lucas
    on it"), over the quoted writer's offer ("Shall I remove both of them from the Contractors list?"): the
    offer, with the reply's scope, is the request. The reply's headers, greeting and sign-off, and the
    quoted mail's headers, are who wrote and when."""
    at = next((n for n, line in enumerate(lines) if lx.PASTED_ORIGINAL.match(line)), None)
    if at is None:
        return None
    own = [
        line
        for line in lines[:at]
        if lx.PASTED_HEADER.match(line) is None and lx.PASTED_GREETING.match(line) is None
    ]
    if own and (name := lx.NLU152_NAME_LINE.match(own[-1])) is not None and is_requester(name.group("name")):
        own = own[:-1]  # (the writer signing off)
    if len(own) != 1 or (yes := lx.NLU152_YES_TO_QUOTED.match(own[0])) is None:
        return None
    quoted = [
        lx.NLU152_QUOTED_GREETING.sub("", line).strip()
        for line in lines[at + 1 :]
        if lx.PASTED_HEADER.match(line) is None and lx.PASTED_QUOTED_HEADER.match(line) is None
    ]
    said = " ".join(w for w in quoted if w)
    offers = list(lx.NLU152_SHALL_I.finditer(said))
    if len(offers) != 1 or said[offers[0].end() :].strip():
        return None  # (no offer, several, or words after it: read as before)
    if lx.NLU152_FIRST_PERSON.search(said[: offers[0].start()]) is not None:
        return None
    rest = yes.group("rest") or ""
    offer = lx.NLU152_SHALL_I_SAY.format(
        what=offers[0].group("what"), rest=", " + rest.rstrip(" .") if rest else ""
    )
    return Units(((said[: offers[0].start()] + offer).strip(),))
