"""A status said of the request, or of one part of it (red team 55, class 1).

"Give Ken access to Info -- REJECTED", "[DUPLICATE]", "Please disregard: ...", a ticket update "Ken no longer
needs this, please close": the request is refused, cancelled or taken back, and nothing may be planned from
it. Said of one part ("Billing: on hold", "(Billing pending approval)", "Mike said no to Billing", "Ken no
longer.", "Actually, leave Marketing."), that part is dropped, read as "Not Billing." the way the negation
reading already drops a part said with "not". A past report of access given ("Ken was given Info access last
week (for reference)") tells how things were: context, never a step. A change waiting for someone's approval,
or for people the planner cannot list ("everyone who reports to Priya"), is asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft

__all__ = ["halted", "held_apart"]


def held_apart(text: str, refuse: Callable[[str], Draft], ask: Callable[[str], Draft]) -> Draft | None:
    """What the request's frame says of it, before its sentences are read (nlu98): marked as no request
    ("Draft: ...", "Example request: ..."), or a Subject or P.S. that holds it ("Subject: ON HOLD", "P.S.
    don't do this until Priya approves"). `refuse(why)` when the whole is held; `ask(question)` when the
    hold names a part of the request ("Subject: Billing - denied")."""
    if (marked := lx.NLU98_NOT_A_REQUEST.match(text)) is not None:
        return refuse(lx.NLU98_NOT_A_REQUEST_SAY.format(said=marked.group(0)[:-1].strip(" \t:-–—")))
    for line in lx.NLU98_HEADER_LINE.finditer(text):
        body = lx.NLU100_HEADER_NOT_HELD.sub(" ", line.group("body"))
        if lx.NLU98_HEADER_HOLD.search(body) is None:
            continue
        rest = text[: line.start()] + text[line.end() :]
        if not rest.strip() or lx.NLU100_HOLD_LIFTED.search(rest) or lx.NLU100_HOLD_LIFTED.search(body):
            continue
        key = "Subject" if line.group("key").lower().startswith("subj") else "P.S."
        said = body.strip()
        # (a name of the request said beside the hold: of that part, or of the whole? asked)
        names = re.findall(r"\b[A-Z][\w@.-]*[a-z][\w@.-]*\b", lx.NLU98_HEADER_HOLD.sub(" ", body))
        if any(re.search(rf"(?<![\w@.-]){re.escape(n)}(?![\w@-])", rest) for n in names):
            return ask(lx.NLU98_HEADER_HOLD_ASK.format(key=key, said=said))
        return refuse(lx.NLU98_HEADER_HOLD_SAY.format(key=key, said=said))
    return None


def halted(text: str, refuse: Callable[[str], Draft], ask: Callable[[str], Draft]) -> str | Draft:
    """`text` with the parts a status takes back dropped and past reports cut; or `refuse(why)` when the whole
    request is taken back or waits for an approval, `ask(question)` when it names people by whom they report
    to."""
    if (opener := lx.NLU87_DISREGARD_OPENER.match(text)) is not None:
        return refuse(lx.NLU87_HALT_SAY.format(said=opener.group(0)[:-1].strip()))
    if (
        (need := lx.NLU110_CANT_WITHOUT.search(text)) is not None
        and text[: need.start()].strip(" \t\n.,;")
        and not lx.NLU110_TAKES_AWAY.search(text[: need.start()] + text[need.end() :])
    ):
        # ("... He can't work without it.": why the access is needed, said after the request)
        text = text[: need.start()] + text[need.end() :]
    for line in lx.NLU87_UPDATE_LINE.finditer(text):
        body = line.group("body").strip()
        rest = (text[: line.start()] + text[line.end() :]).strip(" \t\n-–—=_>")
        if rest and (
            lx.NLU87_UPDATE_HALT.search(body)
            or lx.NLU87_WHOLE_HALT.fullmatch(body)
            or lx.TICKET_HALTED.fullmatch(body)
        ):
            return refuse(lx.NLU87_HALT_SAY.format(said=line.group(0).strip(" \t>")))
    # a part's own status first ("Sales not yet.", "Liam pending Mike's approval."): said of one part, it
    # holds that part only, never the whole as a bare "not yet" or "pending Maria's return" does (nlu110)
    text = lx.NLU100_NUMBER_ABBREVIATION.sub("number ", text)
    text = _additive_front_cut(text)
    if (cut := lx.NLU114_NO_OBJECTION.sub(" ", text)).strip(" \t\n.,;"):
        # ("Mike hasn't objected.": the request stands, said with no objection to it)
        text = cut
    objects = lx.NLU114_AGENT_OBJECTS.search(text)
    if objects is not None and text[: objects.start()].strip(" \t\n.,;"):
        return refuse(lx.NLU87_HALT_SAY.format(said=objects.group(0).strip(" \t\n.!")))
    pending = lx.NLU136_WHOLE_APPROVAL_PENDING.search(text)
    if pending is not None and text[: pending.start()].strip(" \t\n.,;"):
        # (asked, as the same hold set down as a mark is: "Approval ⏳", nlu131)
        return ask(lx.NLU136_WHOLE_APPROVAL_PENDING_ASK.format(said=pending.group(0).strip(" \t\n-–—*•>.!")))
    others = lx.NLU136_REST_HELD.search(text)
    if others is not None and text[: others.start()].strip(" \t\n.,;"):
        return ask(lx.NLU117_HELD_ASK.format(said=others.group(0).strip(" \t\n,;.!")))
    just = _so_just(text, ask)
    if isinstance(just, Draft):
        return just
    only = _only_approved(just, ask)
    if isinstance(only, Draft):
        return only
    if (taken := _taken_from_part(only)) is not None:
        return ask(lx.NLU110_TAKEN_FROM_PART_ASK.format(said=taken))
    statused = _part_statuses(_restored(only), refuse, ask)
    if isinstance(statused, Draft):
        return statused
    text = statused
    if (later := lx.NLU87_NOT_YET.search(text)) is not None and text[: later.start()].strip():
        return refuse(lx.NLU87_NOT_YET_SAY.format(said=later.group(0).strip(" ,;")))
    for sentence in re.split(r"(?<=[.!?;])\s+|\n+", text):
        # (a forward said not to stop, in the sentence that names it: kept as it is, nothing cleared)
        if (kept := lx.NLU108_NOT_STOPPED.search(sentence)) is not None and lx.FORWARDING.search(sentence):
            return refuse(lx.NLU108_NOT_STOPPED_SAY.format(said=kept.group(0).strip()))
    if (scoped := lx.NLU108_STOP_SCOPED.search(text)) is not None:
        return ask(lx.NLU108_STOP_SCOPED_ASK.format(said=scoped.group(0).strip()))
    if (missing := lx.NLU108_APPROVAL_MISSING.search(text)) is not None and text[: missing.start()].strip():
        return refuse(lx.NLU87_AWAITS_APPROVAL_SAY.format(said=missing.group(0).strip()))
    if (back := lx.NLU108_TAKEN_BACK_LAST.search(text)) is not None and text[: back.start()].strip():
        return refuse(lx.NLU87_HALT_SAY.format(said=back.group(0).strip()))
    if (pending := lx.NLU108_PENDING_EVENT.search(text)) is not None:
        return refuse(lx.NLU108_WAITS_SAY.format(said=pending.group(0).strip()))
    for drop in lx.NLU98_DROP_PART.finditer(text):
        if _said_before(drop.group("what"), text[: drop.start()]):
            return ask(lx.NLU98_DROP_PART_ASK.format(said=drop.group(0).strip()))
    text = _parts_dropped(text)
    for topic in lx.NLU98_PART_TOPIC.finditer(text):
        what, comment = (
            topic.group("what") or topic.group("what2"),
            topic.group("comment") or topic.group("comment2"),
        )
        if lx.NLU98_TOPIC_READ.search(comment) is None and _said_before(what, text[: topic.start()]):
            return ask(lx.NLU98_PART_STATE_ASK.format(said=topic.group(0).strip()))
    for state in lx.NLU98_PART_STATE_SAID.finditer(text):
        if _said_before(state.group("what"), text[: state.start()]):
            return ask(lx.NLU98_PART_STATE_ASK.format(said=state.group(0).strip(" \t-–—")))
    for held in lx.NLU148_PART_HELD.finditer(text):
        # ("sales@ and billing@, no billing", "Sales mailbox pending."; nlu148, red team 76)
        what = (held.group("what") or held.group("what2") or held.group("what3")).strip()
        if re.search(rf"(?<![\w.-]){re.escape(what)}(?![\w-])", text[: held.start()], re.IGNORECASE):
            return ask(lx.NLU98_PART_STATE_ASK.format(said=held.group(0).strip(" \t-–—,")))
    if (unplaced := _unplaced(text)) is not None:
        return ask(lx.NLU92_UNPLACED_ASK.format(said=unplaced))
    parts = [p.strip(" \t:-–—,") for p in lx.NLU87_APART.split(text)]
    parts = [p for p in parts if p.strip(" .!")]
    # (first or last: a mark in the middle, "- Noah Davis (on hold)" in a list, is said of what it follows)
    for part in {parts[0], parts[-1]} if len(parts) > 1 else ():
        if lx.NLU87_WHOLE_HALT.fullmatch(part):
            return refuse(lx.NLU87_HALT_SAY.format(said=part))
    text = _past_cut(text)
    if not text.strip(" \t\n.,;"):
        return refuse("The request only tells what was done before; it asks for no change.")
    text = _approval_of_other(text)
    if (waits := lx.NLU87_AWAITS_APPROVAL.search(text) or lx.NLU91_HELD_UNTIL.search(text)) is not None:
        # (as "once Priya approves" always was: nothing to plan until it is approved)
        return refuse(lx.NLU87_AWAITS_APPROVAL_SAY.format(said=waits.group(0).strip()))
    # ("- cc Mike Smith, he refused", "- he wasn't keen", "- asked Mike, no": refused in other words; nlu143)
    if (
        withheld := lx.NLU138_APPROVAL_WITHHELD.search(text)
        or lx.NLU143_REFUSED_AFTER.search(text)
        or lx.NLU143_ASIDE_BARE_NO.search(text)
    ) is not None:
        return ask(lx.NLU138_APPROVAL_WITHHELD_ASK.format(said=withheld.group(0).strip()))
    if (replied := _reply_not_agreed(text)) is not None:
        return ask(lx.NLU148_REPLY_NOT_AGREED_ASK.format(said=replied))
    if isinstance(approved := _approval_of_part(text, ask), Draft):
        return approved
    text = approved
    for condition in lx.NLU98_CONDITION.finditer(text):
        if lx.NLU130_PROMISE_BEFORE.search(text[: condition.start()]) is None:
            return ask(lx.NLU98_CONDITION_ASK.format(said=condition.group(0).strip()))
    if (reports := lx.NLU87_REPORTS_OF.search(text)) is not None:
        return ask(lx.NLU87_REPORTS_OF_SAY.format(said=reports.group(0).strip()))
    return text


def _reply_not_agreed(text: str) -> str | None:
    """The consulted aside and its bare reply ("- asked Mike, pending", "- checked with Mike, ok for sales")
    when the reply is no known agreement of the whole request (nlu148, red team 76), else None."""
    for found in lx.NLU148_ASIDE_REPLY.finditer(text):
        reply = found.group("reply")
        if lx.NLU148_REPLY_AGREES.fullmatch(reply) or lx.NLU148_REPLY_NOT_REPLY.search(reply):
            continue
        return found.group(0).strip(" \t-–—")
    return None


def _approval_of_part(text: str, ask: Callable[[str], Draft]) -> str | Draft:
    """`text` with an approval said of what the request asks ("- Mike approved sales", "- Mike gave the ok
    for sales") cut: who approved is context, never a trustee. Said of one part where the request joins two
    or more ("sales@ and finance@ - Mike gave the ok for sales"), it covers only that one: asked (nlu148, red
    team 76). "Mike only approved Finance" is _only_approved's."""
    for approval in lx.NLU148_APPROVAL_OF_PART.finditer(text):
        before = text[: approval.start()]
        if not lx.ACTION_VERB.search(before.lower()):
            continue  # ("Jane Doe agreed to remove Tom from Marketing": the approval is the request's own)
        if lx.NLU148_APPROVAL_OF_ALL.search(approval.group("what")) is None and lx.NLU148_PARTS_JOINED.search(
            before
        ):
            return ask(lx.NLU148_APPROVAL_OF_PART_ASK.format(said=approval.group(0).strip(" \t,;-–—")))
        return _approval_of_part(before + text[approval.end() :], ask)
    return text


def _approval_of_other(text: str) -> str:
    """`text` without the sentences that wait for an approval of something the request does not name ("I'm
    still waiting for approval on the new laptop, unrelated."): no word of what the approval is of is one of
    the request's, so it holds none of it. An approval of the request, a part of it, or of "it" holds."""
    for waits in lx.NLU87_AWAITS_APPROVAL.finditer(text):
        of = lx.NLU110_APPROVAL_OF_WHAT.match(text, waits.end())
        if of is None:
            continue
        words = [
            w for w in re.findall(r"[\w@.'’-]+", of.group("what")) if not lx.NLU110_NOT_A_THING.fullmatch(w)
        ]
        start = max(text.rfind(c, 0, waits.start()) for c in ".!?;\n") + 1
        rest = text[:start] + text[of.end() :]
        if not words or not rest.strip(" \t\n.,;") or lx.ACTION_VERB.search(text[start : of.end()].lower()):
            continue
        if any(re.search(rf"(?<![\w@.-]){re.escape(w)}(?![\w@-])", rest, re.IGNORECASE) for w in words):
            continue
        return _approval_of_other(rest)
    return text


def _taken_from_part(text: str) -> str | None:
    """What a later removal says ("Withdraw Tom from Sales.") when it takes someone the request gives to off a
    part it gives, or None."""
    for found in lx.NLU110_TAKEN_FROM_PART.finditer(text):
        before = text[: found.start()]
        if not lx.NLU110_GIVES.search(before) or _named_before(found.group("who"), before) is None:
            continue
        if _subject_parts(found.group("subject"), before):
            return found.group(0).strip(" \t,;-–—")
    return None


def _additive_front_cut(text: str) -> str:
    """`text` without a fronted "besides <something>," that adds to the request ("Besides Finance, Tom also
    needs full access to Sales"): with "also"/"too" after it, or said of "that", it names what is had or said
    besides, and sets nothing apart. Before a word for everyone ("Besides Tom, remove everyone"), or what
    stays or is taken, it is left."""

    def cut(found: re.Match[str]) -> str:
        rest = found.group("rest")
        additive = lx.NLU114_ADDITIVE_WORD.search(rest) or lx.NLU114_THAT.fullmatch(found.group("what"))
        if not additive or lx.NLU114_SETS_APART.search(rest):
            return found.group(0)
        return found.group(0)[: len(found.group(0)) - len(found.group(0).lstrip(" \t"))] + rest

    return lx.NLU114_ADDITIVE_FRONT.sub(cut, text)


def _so_just(text: str, ask: Callable[[str], Draft]) -> str | Draft:
    """`text` with a sentence that ends in a consequence naming the parts that go ahead ("Actually wait, Mike
    hasn't approved Sales yet, so just Finance for now") read as that consequence alone ("Just Finance."): the
    reason before it only says why the rest waits. A reason naming a part said to go ahead ("Mike hasn't
    approved Finance, so just Finance") cannot be told: asked. A reason holding a change of its own, or a part
    the request never named, leaves the sentence as said."""
    for found in lx.NLU114_SO_JUST.finditer(text):
        before = text[: found.start()]
        parts = _subject_parts(found.group("subject"), before)
        reason = found.group("reason")
        if not parts or lx.ACTION_VERB.search(reason.lower()):
            continue
        if any(re.search(rf"(?<![\w@.-]){re.escape(p)}(?![\w@-])", reason, re.IGNORECASE) for p in parts):
            return ask(lx.NLU114_SO_JUST_ASK.format(said=found.group(0).strip(" \t,;-–—")))
        said = lx.NLU114_SO_JUST_SAY.format(what=" and ".join(parts))
        return _so_just(before + said + text[found.end() :], ask)
    return text


def _only_approved(text: str, ask: Callable[[str], Draft]) -> str | Draft:
    """`text` with the parts an approval said to reach only some of them leaves out dropped, read as "Not
    <part>." ("Give Tom access to Finance and Sales. Mike only approved Finance."): the approved part is one
    of the parts the request lists; which ones wait cannot be told when it is not (asked)."""
    for found in lx.NLU110_ONLY_APPROVED.finditer(text):
        if not found.group("agent") and not found.group("approved"):
            continue  # ("only Finance, please": no approval said)
        before = text[: found.start()]
        said = found.group(0).strip(" \t,;-–—")
        # (an approval of something the request never named approves none of it: "Mike only approved Billing")
        parts = _subject_parts(found.group("subject"), before) or []
        rest = re.split(r"[.!?;\n]", text[found.end() :])[0]
        listed = _listed(before)
        # ("Only Tom is approved" of "Tom Becker and Liam Brown": a first name is the one listed with it)
        kept = [[w for w in listed if re.fullmatch(rf"(?:{re.escape(p)})(?:\s.*)?", w, re.I)] for p in parts]
        if (
            parts
            and not listed
            and lx.NLU100_TAIL_READ.fullmatch(found.group("tail") or "")
            and not rest.strip(" \t,")
        ):
            # (nlu114) "Give Tom full access to Finance. Mike only approved Finance.": no list to keep some
            # of; the approval says what goes ahead, read as "Just Finance." is (asked where that cannot be
            # told)
            said_just = lx.NLU114_SO_JUST_SAY.format(what=" and ".join(parts))
            return _only_approved(text[: found.start()] + said_just + text[found.end() :], ask)
        if (
            not parts
            or not lx.NLU100_TAIL_READ.fullmatch(found.group("tail") or "")
            or rest.strip(" \t,")
            or any(len(k) != 1 for k in kept)
        ):
            return ask(lx.NLU110_ONLY_APPROVED_ASK.format(said=said))
        approved = {k[0] for k in kept}
        dropped = "".join(lx.NLU87_PART_HALTED_SAY.format(what=w) for w in listed if w not in approved)
        return _only_approved(text[: found.start()] + (dropped or " ") + text[found.end() :], ask)
    return text


def _restored(text: str) -> str:
    """`text` without a part's strike that a later correction takes back, nor that correction ("NVM Sales.
    Actually, Sales is fine, do both."): the last word on the part is the one that stands (red team 68 found
    the strike win and Sales left out). A correction naming another part, or saying more than a restore, is
    left as it is."""
    for found in lx.NLU100_PART_STRUCK.finditer(text):
        if (said := _correction_of(text, found)) is None:
            continue
        start, end, restores = said
        if restores:
            return _restored(text[: found.start()] + " " + text[found.end() : start] + " " + text[end:])
        # ("NVM Sales. Actually, Finance is fine.": the part said fine stands already; the strike stays, and
        # the sentence asks nothing more (read as a correction, it gave Sales back)
        return text[:start] + " " + text[end:]
    return text


def struck_taken_back(text: str) -> list[tuple[int, int]]:
    """Where `text` strikes a part that a later correction takes back in ("NVM Sales. Actually, do both."):
    the held-part check (held_parts) reads the request whole, and a hold the request itself lifts is none."""
    spans = []
    for found in lx.NLU100_PART_STRUCK.finditer(text):
        if "\n" in found.group("subject"):
            # ("nvm sales\nactually sales is fine": the part's words ran on over the line break into the
            # correction; a strike said on a line of its own ends with its line)
            line_end = text.find("\n", found.start("subject"))
            found = lx.NLU100_PART_STRUCK.search(text, found.start(), line_end) or found
        if (said := _correction_of(text, found)) is not None and said[2]:
            spans.append((found.start(), found.end()))
    return spans


def _correction_of(text: str, found: re.Match[str]) -> tuple[int, int, bool] | None:
    """The later sentence that corrects the strike `found` with nothing but restores: its span in `text`, and
    whether it takes the struck part back (it or "do both"; False: it says only that parts never struck are
    fine); None when no sentence after it does either."""
    parts = _subject_parts(found.group("subject"), text[: found.start()])
    if not parts:
        return None
    rest = text[found.end() :]
    for sentence in re.finditer(r"[^.!?\n]+[.!?]*", rest):
        cue = lx.NLU116_RESTORE_CUE.match(sentence.group(0))
        if cue is None:
            continue
        clauses = [c for c in re.split(r"[,;]", sentence.group(0)[cue.end() :]) if c.strip()]
        read = [lx.NLU116_RESTORE_CLAUSE.fullmatch(c) for c in clauses]
        if not clauses or any(r is None for r in read):
            continue
        named = {(r["fine"] or r["kept"] or r["back"] or "").strip().lower() for r in read if r is not None}
        struck = {p.lower() for p in parts}
        named -= {""}
        end = found.end() + sentence.end()
        start = found.end() + sentence.start()
        if named <= struck and (named & struck or any(r is not None and r["all"] for r in read)):
            return start, end, True
        before = text[: found.start()]
        if named and not named & struck and all(_subject_parts(n, before) for n in named):
            return start, end, False
    return None


def _part_statuses(text: str, refuse: Callable[[str], Draft], ask: Callable[[str], Draft]) -> str | Draft:
    """`text` with each part a clause gives a status of dropped, read as "Not <part>." (nlu100): the clause's
    subject is a part the request names before it (in any case, by its address, or by a reference: "the
    second one"), its predicate a refusal or a hold ("Billing and Finance are on hold", "billing's been
    denied", "Strike the Billing part", "Billing (denied)"). A status said by a system or by no one ("rejected
    by the system", "blocked by nobody") reports, and is cut; one that cannot be told ("denied by mistake",
    "denied before", "Finance first, Billing later", "that one" of two) is asked; "wait on Mike" of someone
    the request does not name waits for them (nothing planned)."""
    for pattern in (
        lx.NLU100_PART_ASIDE,
        lx.NLU100_PART_STRUCK,
        lx.NLU100_PART_STATUS,
        lx.NLU108_AGENT_REFUSED,
        lx.NLU108_AGENT_HELD,
        lx.NLU108_APPROVAL_OF,
        lx.NLU108_PART_APPROVAL,
        lx.NLU110_APPROVALS_LABEL,
        lx.NLU108_PUT_OFF,
        lx.NLU108_WAITING_TO_HEAR,
    ):
        out: list[str] = []
        after: list[str] = []
        at = 0
        for found in pattern.finditer(text):
            # (a bracket is said of the part it follows: that part is named in the request itself)
            aside = pattern is lx.NLU100_PART_ASIDE
            cut = found.end("subject") if aside else found.start()
            read = _status_read(found, text[:cut], "" if aside else text[found.end() :])
            if read is None:
                continue
            said = found.group(0).strip(" \t,;-–—")
            if read == "ask":
                return ask(lx.NLU100_STATUS_ASK.format(said=said))
            if read == "wait":
                return refuse(lx.NLU87_AWAITS_APPROVAL_SAY.format(said=said))
            dropped = "".join(lx.NLU87_PART_HALTED_SAY.format(what=what) for what in read)
            if aside:
                # (the part stays where the request names it: only the bracket goes, its status said after)
                out.append(text[at : found.end("subject")])
                after.append(dropped)
            else:
                out.append(text[at : found.start()])
                out.append(dropped or " ")
            at = found.end()
        # (said after the whole, on a line of its own: a form reads a box line with what stands on it, and
        # "[ ] Finance (not approved)" must not take its "Not Finance." away with it)
        text = "".join(out) + text[at:] + ("\n" + "".join(after).strip(" .") + "." if after else "")
    return text


def _status_read(found: re.Match[str], before: str, after: str) -> list[str] | str | None:
    """What a status clause found between `before` and `after` (what follows it) does: the parts it
    drops (none: a report, cut), "ask", "wait", or None when its subject is no part of the request, or more
    is said after it than a status holds."""
    parts = _subject_parts(found.group("subject"), before)
    groups = found.groupdict()
    tail = found.group("tail") or ""
    if parts is None and groups.get("verb"):
        # ("nvm the Sales part, Mike wants to review it": the list after the verb ran on into the next clause;
        # the parts named first are struck, and what follows may only give the reason)
        items = lx.NLU100_LISTED_APART.split(found.group("subject").strip())
        for n in range(len(items) - 1, 0, -1):
            first = _subject_parts(", ".join(items[:n]), before)
            if first:
                subject = found.group("subject")
                more = subject[subject.rfind(items[n]) :] + tail + after
                said = re.split(r"[.!?;\n]", more)[0]
                if lx.NLU110_HOLD_REASON.fullmatch(said) or lx.NLU114_ALREADY_IN_PLACE.fullmatch(said):
                    return first
                # ("Never mind Chris, only Tom": the correction names who of the request goes ahead, read as
                # one; "only Ava" of someone it never named, instead of the rest or besides them? asked)
                stays = lx.NLU114_STAYS_CORRECTION.fullmatch(said)
                kept = _subject_parts(stays.group("name"), before) if stays is not None else None
                if kept and not {k.lower() for k in kept} & {f.lower() for f in first}:
                    return None
                # ("scratch Tom, Ava": the name after it is one more said in the correction, read there)
                return (
                    None
                    if re.fullmatch(r"\s*(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?\s*", said)
                    else "ask"
                )
    if groups.get("wait") and parts is None:
        # ("wait on Mike": someone the request does not name as a part, whose word the change waits for)
        who = found.group("subject").strip()
        if re.match(r"(?-i:[A-Z])", who) and not lx.NLU100_NO_PART.fullmatch(who.split()[0]):
            return "wait"
        return None
    if parts is None:
        return None
    if parts == []:
        return "ask"
    if lx.NLU100_BY_SYSTEM.match(tail) or lx.NLU100_BY_NO_ONE.match(tail):
        return []
    if (groups.get("awaits") or "").lower().startswith("waiting") and lx.NLU108_WAITED_FOR.search(
        found.group(0)
    ):
        return "ask"
    if lx.NLU100_TAIL_UNSURE.search(tail):
        return "ask"
    awaited = lx.NLU110_AWAITED.match(groups.get("awaits") or "")
    if awaited is not None and _named_before(awaited.group("who"), before) is not None:
        # ("Finance is awaiting Tom" of Tom given Finance: held for him, or expecting him? asked)
        return "ask"
    refused = groups.get("refused") or ""
    if lx.NLU100_REPORT_UNLESS_AGENT.fullmatch(refused) and not lx.NLU100_AGENT_SAID.match(tail):
        return "ask"
    if lx.NLU100_LATER.fullmatch(groups.get("held") or ""):
        sentence = re.split(r"[.!?;\n]", before)[-1] + found.group(0) + re.split(r"[.!?;\n]", after)[0]
        if lx.NLU100_ORDER.search(sentence):
            return "ask"
    if not lx.NLU100_TAIL_READ.fullmatch(tail):
        # ("Sales is on hold as Legal needs to check it first": its reason, given in the clause)
        if re.match(r"\s*(?:as|since|because)\s", tail, re.IGNORECASE) and lx.NLU110_HOLD_REASON.fullmatch(
            tail
        ):
            return parts
        return None
    # ("Ken is out" of a person given to: out of the request, or of the office? "out of office" is no status)
    if lx.NLU105_OUT.fullmatch(refused) and any(_spelled_as_person(p, before) for p in parts):
        return "ask"
    rest = re.split(r"[.!?;\n]", after)[0]
    if rest.strip(" \t,") and lx.NLU110_HOLD_REASON.fullmatch(rest.lstrip(" \t,")):
        return parts
    if rest.strip(" \t,") and not lx.NLU100_TAIL_READ.fullmatch(rest.lstrip(" \t,")):
        # (said on after a comma: another part's clause, or words that may take the status back)
        following = lx.NLU100_NEXT_CLAUSE.match(rest)
        if following is None or _named_before(following.group("next"), before) is None:
            return "ask"
    return parts


def _subject_parts(subject: str, before: str) -> list[str] | None:
    """The parts of the request a clause's subject names, as the request named them; [] when it refers to
    one that cannot be told ("that one" of two); None when any of it is no part of the request."""
    found: list[str] = []
    for item in lx.NLU100_LISTED_APART.split(subject.strip()):
        frame = lx.NLU100_ITEM_FRAME.match(item.strip())
        name = frame.group("name") if frame else item.strip()
        if (ref := lx.NLU100_REFERENCE.match(item.strip())) is not None:
            listed = _listed(before)
            if not listed:
                return None
            if ref.group("all"):
                found.extend(listed)
            elif ref.group("that"):
                if len(listed) > 1:
                    return []
                found.append(listed[0])
            elif ref.group("first"):
                found.append(listed[0])
            elif ref.group("second") and len(listed) > 1:
                found.append(listed[1])
            elif ref.group("third") and len(listed) > 2:
                found.append(listed[2])
            elif ref.group("last"):
                found.append(listed[-1])
            else:
                return []
            continue
        if lx.NLU100_NO_PART.fullmatch(name.split()[0]):
            return None
        named = _named_before(name, before)
        if named is None and "@" in name:
            named = _named_before(name.split("@")[0], before)
        if named is None:
            return None
        found.append(named)
    return found


def _spelled_as_person(part: str, before: str) -> bool:
    """Whether the request spelled `part` as a person's name, a first name and a surname ("Ken" of "Ken
    Adams", or "Ken Adams" itself): capitalised words side by side (lexicon NLU105_OUT)."""
    if re.fullmatch(r"(?-i:[A-Z])[a-z'’-]+\s+(?-i:[A-Z])[a-z'’-]+", part):
        return True
    if not re.fullmatch(r"(?-i:[A-Z])[a-z'’-]+", part):
        return False
    word = re.escape(part)
    beside = rf"(?<![\w@.-]){word}\s+(?-i:[A-Z])[a-z'’-]+|(?-i:[A-Z])[a-z'’-]+\s+{word}(?![\w@-])"
    return re.search(beside, before) is not None


def _named_before(name: str, before: str) -> str | None:
    """`name` as the request spelled it before (a capital or an address: a part's name, not a word of
    the sentence), or None."""
    for said in re.finditer(rf"(?<![\w@.-]){re.escape(name)}(?![\w@-])", before, re.IGNORECASE):
        spelled = said.group(0)
        if spelled[:1].isupper() or "@" in spelled:
            return _said_before(spelled, before) or spelled
    return None


def _listed(before: str) -> list[str]:
    """The parts the request lists last before a reference to one of them ("Billing and Finance")."""
    lists = list(lx.NLU100_LISTED.finditer(before))
    if not lists:
        return []
    return [p.strip().rstrip(".") for p in lx.NLU100_LISTED_APART.split(lists[-1].group(0)) if p.strip()]


def forwarding_only_stopped(text: str) -> bool:
    """Whether `text` names a forwarding and says each one it names with a stop ("stop forwarding billing@ to
    her"): a "cancel the forwarding" beside it says the stop again, never takes it back (nlu141)."""
    said = list(lx.NLU141_FORWARDING_WORD.finditer(text))
    stopped = [m.span() for m in lx.NLU141_FORWARDING_STOPPED.finditer(text)]
    return bool(said) and all(any(a <= m.start() < b for a, b in stopped) for m in said)


def _parts_dropped(text: str) -> str:
    """`text` with each part a status takes back said as "Not <part>." (a part named before it only: a
    "cancel Billing" of something the request never asked for is left to be read as a change of its own)."""

    def dropped(found: re.Match[str]) -> str:
        group = next(g for g in ("what", "what2", "what3", "what4", "what5") if found.group(g))
        before = text[: found.start()]
        # ("leave Marketing and all-sales": each part kept; one the request never named leaves it all as said)
        parts = [_said_before(p, before) for p in lx.NLU92_PARTS_APART.split(found.group(group))]
        if not all(parts):
            return found.group(0)
        if (
            group == "what3"
            and lx.NLU141_FORWARDING_WORD.fullmatch(found.group(group))
            and forwarding_only_stopped(before)
        ):
            # "..., stop forwarding billing@ to her, please cancel the forwarding": the stop said again, never
            # a part taken back (red team 75 dropped the stop; the mail kept flowing)
            return found.group(0)
        return "".join(lx.NLU87_PART_HALTED_SAY.format(what=what) for what in parts)

    text = lx.NLU87_PART_HALTED.sub(dropped, text)
    text = lx.NLU91_PART_HALTED.sub(dropped, text)
    return _status_first(text)


def _said_before(what: str, before: str) -> str:
    """The part `what` names as the request named it before, or "" when it did not: "Lee" after "Chris Lee"
    is Chris Lee (a surname said alone points back to the one person named in full with it)."""
    # (a part's name may hold a dot, "hr@acme.com"; the full stop that ends "leave Marketing." is not its)
    what = what.strip().rstrip(".")
    if not what:
        return ""
    if not re.search(rf"(?<![\w@.-]){re.escape(what)}(?![\w@-])", before, re.IGNORECASE):
        return ""
    full = {m.group(0) for m in re.finditer(rf"\b[A-Z][\w'-]*\s+{re.escape(what)}(?![\w@-])", before)}
    full = {f for f in full if not lx.NLU92_NOT_A_FIRST_NAME.fullmatch(f.split()[0])}
    return full.pop() if len(full) == 1 else what


def _status_first(text: str) -> str:
    """`text` with a status line said before the part it holds ("Sales: on hold. Give Tom access to Sales and
    Billing") moved after it, as "Not Sales.": a status line is never a change of its own, whichever side of
    the request it stands on (red team 56 P3)."""
    held: list[str] = []

    def moved(found: re.Match[str]) -> str:
        # ("Actually, leave Marketing. Remove Tom from all-sales and Marketing": kept, as a status line is)
        said = found.group("what") or found.group("what5") or ""
        after = text[found.end() :]
        parts = [_said_before(p, after) for p in lx.NLU92_PARTS_APART.split(said)]
        if not said or not all(parts):
            return found.group(0)
        held.extend(parts)
        return " "

    text = lx.NLU87_PART_HALTED.sub(moved, text)
    return text + "".join(lx.NLU87_PART_HALTED_SAY.format(what=what) for what in held)


def _unplaced(text: str) -> str | None:
    """A status said of a part the request names nowhere else, beside a request: "Actually, leave Marketing."
    ("leave" as keep, or as go?), "Add Tom to all-sales. Sales on hold." (the name is a piece of one the
    request does name: that list, or something else?), "Finance Team is on hold." of a request naming Finance.
    What it holds back cannot be told: asked, never
    planned round. A status of a part no piece of the request names ("Add Tom to Marketing. Sales on hold.")
    holds back none of it."""
    for pattern, groups in (
        (lx.NLU87_PART_HALTED, ("what", "what2", "what5")),
        (lx.NLU91_PART_HALTED, ("what",)),
    ):
        for found in pattern.finditer(text):
            group = next((g for g in groups if found.group(g)), None)
            if group is None:
                continue
            rest = text[: found.start()] + text[found.end() :]
            if not rest.strip(" \t\n.,;:!-–—"):
                continue
            what = found.group(group).strip().rstrip(".")
            piece = rf"(?:[\w@.-][-@.]{re.escape(what)}(?![\w])|(?<![\w@.-]){re.escape(what)}[-@.][\w])"
            # ("Finance Team is on hold" of "access to Billing and Finance": a word of it is a part named)
            words = what.split()
            named = len(words) > 1 and any(
                re.search(rf"(?<![\w@.-]){re.escape(w)}(?![\w@-])", rest, re.IGNORECASE) for w in words
            )
            if group == "what5" or named or re.search(piece, rest, re.IGNORECASE):
                return found.group(0).strip(" \t\n.,;:")
    return None


def _past_cut(text: str) -> str:
    """`text` without the sentences that report access given before ("... last week (for reference)"); what
    follows a "this time" is the request."""
    cut = lx.NLU87_PAST_GIVEN.sub(" ", text)
    if cut == text or lx.NLU87_SAME_AGAIN.search(cut):
        return text  # ("...; please do the same for Chris": the past is what the request points back to)
    cut = lx.NLU87_THIS_TIME.sub("", cut.strip(" \t\n;,.()"))
    return re.sub(r"^\s*\(\s*for\s+reference\s*\)\s*", "", cut, flags=re.IGNORECASE)
