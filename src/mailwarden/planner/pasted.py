"""Pasted tickets and e-mails: only the body's request is the request.

A ticket or a mail pasted whole names people in its headers ("Requested by:", "Caller:", "From:", "Cc:"),
its ticket line, its greeting, its signature ("Thanks, / Priya Patel | VP Sales") and its quoted reply
("> On Fri, Ken Adams wrote:"). Those people are who wrote, sent, were copied or were quoted: context, never
whom a change is for. Reading them as the body's names would give access to the wrong person, so the lines
are set aside before the planner reads the text. A single-line request is left as it is; a paste with no
body left is not understood rather than read from its headers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mailwarden.planner import agreement
from mailwarden.planner import lexicon as lx
from mailwarden.planner.durations import find_expiry
from mailwarden.planner.lazy_pattern import LazyPattern

if TYPE_CHECKING:
    from mailwarden.planner.mentions import Mention

__all__ = ["body", "in_third_person", "requested_for_given", "summary", "without_asides"]

# Only whether a time is said matters to a note over a message, not when it falls
_ANY_TIME = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def body(text: str, now: dt.datetime | None = None, requester: frozenset[str] = frozenset()) -> str:
    """The lines of `text` that ask for something: headers, the ticket line, greetings, what follows a
    sign-off and quoted lines left out (a sentence wrapped over lines stays one sentence). `now` tells a
    form's start date that is today from a later one (without it, any dated start is read as later).
    `requester`: the requester's own names and addresses (casefolded): a body they wrote keeps its "I"."""
    # ("Reported by Ken Adams: please give full access to hr@": who reported it, said as a label on the
    # request's line, asks as "Request from" does; never whom it is for: rt83b)
    if (opener := lx.REQUEST_FROM_OPENER.match(text) or lx.RT83B_REPORTED_BY_OPENER.match(text)) is not None:
        # "Request from Sarah Connor, approved by Olivia Martin: ...": who asks, then the request (its "me"
        # theirs); who approved is a claim
        return _in_third_person(body(text[opener.end() :], now), {_who(opener.group("who"))})
    lines = _header_block_marked(
        _window_lines([part for line in text.splitlines() for part in _ticket_line_parts(line)], now)
    )
    if sum(1 for line in lines if line.strip()) < 2:
        # ("Jane Doe | Remove Tom from Marketing": the request alone, the name's field cut; nlu65)
        return "\n".join(lines) if lines != text.splitlines() else text
    if _form_refused(lines):
        return ""  # "Status: rejected": nothing in the form is asked for, whatever its other fields say
    kept: list[str] = []
    fielded: list[str] = []
    """The kept lines as written, a "Notes:" or "Request:" label left on (the form reading reads it)."""
    summaries: list[str] = []
    titles: list[str] = []  # (summaries naming only a kind of access: read unless the rest names the right)
    senders: set[str] = set()
    speaker = ""
    """Who speaks on the lines after a chat's speaker line ("Priya Patel  9:12 AM")."""
    ends: dict[int, str] = {}
    """The kept lines that are an end field ("End date: 2026-02-27"), said as an end."""
    above: list[str] = []
    """The quoted lines above the writer's own ("> Can you give Ken send as?" then "Yes please go ahead")."""
    skip_to = 0
    for n, line in enumerate(lines):
        if n < skip_to:
            continue
        if (
            not kept
            and lx.PASTED_QUOTE_MARK.match(line)
            and (pointed := _quoted_above_note(lines, n, now)) is not None
        ):
            # "> Could we get a list called Events ... / pls create as above": the note under the quoted
            # message points at it, as one over it does ("see below")
            return pointed
        if kept and lx.PASTED_QUOTE_MARK.match(line) and (picked := _choice_picked(kept, lines[n:])):
            return picked
        if lx.PASTED_ORIGINAL.match(line) and _approves_own_change(kept):
            break  # "Go ahead and give Jane send as on info@" over the message replied to: context
        # "Yes please go ahead." over a reply's original message: the message is the request, as forwarded
        forwarded_here = lx.PASTED_FORWARDED.match(line) or (
            lx.PASTED_ORIGINAL.match(line) and _points_at_message(kept)
        )
        forwarding = forwarded_here or (lx.PASTED_QUOTE.match(line) and _points_at_message(kept))
        if forwarding and any(
            lx.PASTED_NOT_TO_ACTION.search(k) or lx.PASTED_ASKS_APPROVAL.search(k) for k in kept
        ):
            # "Ignore the request below.": the note takes the forwarded message back; it alone is read
            return ""
        if forwarding and (until := _approved_until(kept, now)) and (sent := _sent_by_one(lines, n)):
            # "Approved, go ahead, but only until the end of the month." over "> From: John Miller / Could I
            # get full access ...": the approval's end is the quoted request's, its "I" the one who sent it
            forwarded = body(sent, now)
            return f"{forwarded}\nOnly {until}." if forwarded else ""
        if (
            forwarding
            and (sent := _sent_by_one(lines, n))
            and (forwarded := body(sent, now))
            and (rights := _approved_rights(kept, forwarded))
        ):
            # "Yes please, go ahead - but send as only, she doesn't need full access." over "> From: Rachel
            # Green / could I get full access and send as ...": the message, without the rights left out
            return f"{forwarded}\n{rights}"
        if forwarding and _limits_message(kept):
            return ""
        if forwarded_here:
            own = _own_changes(kept)
            approval_below = any(lx.PASTED_APPROVAL_BELOW.search(k) for k in kept)
            if (
                own
                and (approval_below or not _points_at_message(kept))
                and not any(lx.PASTED_ALSO.search(k) for k in kept)
            ):
                # "Give me access to Support." over a forwarded "Approved, also give Tom send as on Support
                # and Billing": the note asks on its own and never hands the message on, so the note is the
                # request and the message below its context; what the message adds is nobody's request
                # here (red team 55: an employee's own mail widened by someone else's words); so too when the
                # note says the message below is the approval of what it asks ("see the approval below")
                return own
            forwarded = body("\n".join(lines[n + 1 :]), now)
            return f"{forwarded}\n{own}" if own and forwarded else forwarded
        if (
            lx.PASTED_QUOTE.match(line)
            and any(lx.PASTED_APPROVAL_BELOW.search(k) for k in kept)
            and (own := _own_changes(kept))
        ):
            # "See approval below - please give Noah send as on sales@" over "> Approved. Noah can send as
            # Sales": the note asks, the quoted approval is context (batch 29 read the approval instead)
            return own
        if lx.PASTED_QUOTE.match(line) and _points_at_message(kept):
            # "can you action the request below?": the forwarded message is the request, read in its place
            # A "> From: Sarah" line is the forwarded message's own header (whose "me" its body says);
            # "On Fri, Sarah wrote:" names its writer the same way.
            unmarked = lx.PASTED_QUOTE_MARK.sub("", line)
            quoted = lines[n + 1 :] if lx.PASTED_QUOTE.match(unmarked) else lines[n:]
            if wrote := lx.PASTED_WROTE.match(unmarked):
                quoted = [f"From: {wrote.group('who')}", *quoted]
            forwarded = body("\n".join(lx.PASTED_QUOTE_MARK.sub("", q) for q in quoted), now)
            # "action the request below, and also drop Ken": the note's own change is asked as well; dropping
            # either part would give a ready plan missing what the other asked
            own = _own_changes(kept)
            if own and forwarded and _takes_quoted_ask(kept, lines, n):
                return forwarded  # ("Fine by me, please add her."): the quoted ask, approved, is the request
            return f"{forwarded}\n{own}" if own and forwarded else forwarded
        if not kept and lx.PASTED_QUOTE_MARK.match(line):
            # "> Approved. -- Sarah Connor" above the request: what it answers, quoted first; the writer's own
            # lines come after it (read as the thread, it left nothing to read; batch 20)
            above.append(lx.PASTED_QUOTE_MARK.sub("", line))
            continue
        if lx.PASTED_SIGN_OFF.match(line) or lx.PASTED_QUOTE.match(line):
            break  # a signature or the quoted thread: everything after it is context
        if (
            kept
            and 0 < n < len(lines) - 1
            and not lines[n - 1].strip()
            and lines[n + 1].strip()
            and lx.PASTED_NAME_LINE.match(line)
            # ("add these people to all-sales:" then a name a line: the names listed, no signature)
            and not kept[-1].rstrip().endswith(":")
            and not lx.PASTED_NAME_LINE.match(lines[n + 1])
        ):
            if _points_at_message(kept) and (thread := _thread_after_signature(lines, n)) is not None:
                # "Yes, approved - go ahead. / Priya Patel / VP Sales / > From: Emma ...": the signature
                # under an approval ends the note, not the reading: the quoted request it approves is read
                # (batch 40 stopped at the signature: nothing left, not understood)
                skip_to = thread
                continue
            break  # a signature block under a blank line, its sign-off word left out
        if not line.strip() or lx.PASTED_GREETING.match(line):
            continue
        if (summary := lx.PASTED_SUMMARY.match(line)) is not None:
            if not lx.PASTED_PROBLEM_SUMMARY.match(line[summary.end() :]):
                said = line[summary.end() :].strip()
                (titles if lx.PASTED_TITLE_SUMMARY.fullmatch(said) else summaries).append(said)
            continue
        if header := lx.PASTED_CHAT_HEADER.match(line):
            speaker = header.group("who").strip()
            continue
        chat = lx.PASTED_CHAT_LINE.match(line)
        if chat or speaker:
            # each chat line's "me" is its speaker's; a line that only agrees asks for nothing
            said = line[chat.end() :].strip() if chat else lx.PASTED_CHAT_ADDRESSEE.sub("", line).strip()
            if said and not lx.PASTED_CHAT_AGREES.match(said):
                said = _in_third_person(said, {chat.group("who").strip() if chat else speaker})
                kept.append(said if said[-1] in ".?!" else f"{said}.")
                fielded.append(kept[-1])
            continue
        if sender := lx.PASTED_SENDER.match(line):
            senders.add(_who(sender.group("who")))
        new_list = bool(kept) and _new_list_title(kept[0])
        if new_list and (f := lx.FORM_FIELD.match(line)) and lx.FORM_NEW_LIST_ADDRESS_KEY.fullmatch(f["key"]):
            # "New distribution list request / ... / Email: sales-ops@acme.com": the new list's address, never
            # a ticket's contact
            kept.append(line.strip())
            fielded.append(kept[-1])
            continue
        if lx.PASTED_HEADER.match(line) or lx.PASTED_TICKET_ID.match(line):
            continue
        if _person_field(line, labelled=True) and any(lx.ACTION_VERB.search(x.lower()) for x in lines):
            continue  # "- approver Jane Doe" beside the request: who approved, never whom for (nlu65)
        unlabelled = lx.PASTED_BODY_LABEL.sub("", line).strip()
        label = lx.PASTED_BODY_LABEL.match(line)
        if (
            label is not None
            and label.group("who")
            and (writer := lx.COMMENT_WRITER.match(label.group("who")))
        ):
            # "Comment (Mike Smith, 10:40): please give me send as too": the comment's "me" is its writer's
            unlabelled = _in_third_person(unlabelled, {writer.group("name").strip()})
        if kept and (end := lx.FORM_FIELD.match(line)) and lx.FORM_END_KEY.fullmatch(end["key"].strip()):
            ends[len(kept)] = f"Until {end['value'].strip()}."
        if unlabelled:
            kept.append(unlabelled)
            # ("Notes: for the relaunch", "Request: new primary address": a field of the form; "Request: add
            # Ken to all-sales" stays a sentence, never a form's type the form reading passes over)
            f = lx.FORM_FIELD.match(line)
            labelled = f is not None and (
                (lx.FORM_REASON_KEY.fullmatch(f.group("key").strip()) and _plain_note(f.group("value")))
                or lx.FORM_PRIMARY_TYPE.fullmatch(f.group("value").strip())
            )
            fielded.append(line.strip() if labelled else unlabelled)
    acted = any(
        lx.ACTION_VERB.search(k.lower())
        or lx.FORWARDING_STOPPED.search(k.lower())
        or lx.NLU93_NEED_ASKS.search(k)
        for k in kept
    )
    if above and not acted and _points_at_message(kept):
        # "> Can you give Ken send as on support@?" then "Yes please go ahead": the quoted request, approved
        return body("\n".join(above), now)
    if not acted:
        # "INC0098812 / Caller: ... / Short description: forward ...": a ticket whose only request is its
        # summary (its notes, "Christine Lee stays on finance-team", only say how things are); nothing but
        # context ("Subject: ..." and a signature) is no request to read
        # (a summary field is a sentence of its own: a line after it never continues it)
        named = any(lx.RIGHT_NAMED_OUTRIGHT.search(k.lower()) for k in kept)
        read = [s for s in summaries + (titles if not named else []) if s]
        kept = [s if s[-1] in ".?!" or not kept else f"{s}." for s in read] + kept
        # (the end fields are kept's lines as they were: each moves down with them, never onto the line
        # now in its place; nlu144: "End date:" turned the RITM form's Description into its end)
        ends = {n + len(read): said for n, said in ends.items()}
    # (a "Notes:" line is a field of the form, the reason it gives, when all the other lines are fields)
    form = (_form(fielded, now) if len(fielded) == len(kept) and fielded != kept else "") or _form(kept, now)
    form = form or _form(_boxes_said(kept), now) or _new_list_form(kept)
    if not form:
        # "Description: Rachel needs send as on billing@ / End date: 2026-02-27": a ticket's end field under
        # prose no form reading took is the end of what the prose asks (read as a clause of its own, "end
        # date" changed nothing and the grant was kept for good beside a question; batch 35)
        kept = [ends.get(n, k) for n, k in enumerate(kept)]
    if senders and {sender.casefold() for sender in senders} <= requester:
        # "From: Sarah Connor <sarah@acme.com>" sent by Sarah herself: its "I" is already the requester's
        # ("I'm Chris Lee's manager. Please add him ...": Sarah said in the third person was one more person
        # "him" might be, and it was asked; nlu135)
        return form or "\n".join(kept)
    return _in_third_person(form or "\n".join(kept), senders)


def _choice_picked(note: list[str], quoted: list[str]) -> str:
    """ "Just Rachel, please." over a quoted question offering whom ("Should I give both Rachel Green and
    Christine Lee send as on Billing, or just Rachel?"): the question's change, then the note narrowing it
    (lx.NLU93_CHOICE_NOTE, lx.NLU93_OFFERED_CHOICE); "" when the note or the quote is anything else."""
    if not lx.NLU93_CHOICE_NOTE.fullmatch(" ".join(k.strip() for k in note)):
        return ""
    for line in quoted:
        offered = lx.NLU93_OFFERED_CHOICE.match(lx.PASTED_QUOTE_MARK.sub("", line))
        if offered is not None:
            ask = offered.group("ask").strip(" ,")
            return f"{ask[:1].upper()}{ask[1:]}. {' '.join(k.strip() for k in note)}"
    return ""


def summary(text: str) -> str:
    """The ticket's one summary ("Summary: Send As for Tom Becker on billing@acme.com"), or "" (none, more
    than one, or one that tells what does not work)."""
    said = [
        line[found.end() :].strip()
        for line in text.splitlines()
        if (found := lx.PASTED_SUMMARY.match(line)) is not None
        and not lx.PASTED_PROBLEM_SUMMARY.match(line[found.end() :])
    ]
    return said[0] if len(said) == 1 and said[0] else ""


def _window_lines(lines: list[str], now: dt.datetime | None) -> list[str]:
    """`lines` with a "From: <day>" line over a "To: <day>" line said as the window it is (lexicon
    NLU111_WINDOW_FROM_LINE): "Until Friday." when it opens now, "Starting Wednesday until Friday." (a later
    start, asked) when it opens later; read as a mail's header block, its end was lost (red team 66)."""
    for n in range(len(lines) - 1):
        start = lx.NLU111_WINDOW_FROM_LINE.fullmatch(lines[n])
        end = lx.NLU111_WINDOW_TO_LINE.fullmatch(lines[n + 1])
        if start is None or end is None:
            start = lx.NLU111_WINDOW_START_LINE.fullmatch(lines[n])
            end = lx.NLU111_WINDOW_END_LINE.fullmatch(lines[n + 1])
            around = [line for line in (*lines[:n], *lines[n + 2 :]) if line.strip()]
            if start is None or end is None or any(lx.FORM_FIELD.match(line) for line in around):
                continue  # (a form's start and end fields are the form reading's)
        said = (
            lx.NLU111_WINDOW_NOW_SAY.format(end=end["day"])
            if _starts_now(start["day"], now) or _starts_this_week(start["day"], end["day"], now)
            else lx.NLU111_WINDOW_LATER_SAY.format(start=start["day"], end=end["day"])
        )
        return [*lines[:n], said, *_window_lines(lines[n + 2 :], now)]
    return lines


def _starts_this_week(start: str, end: str, now: dt.datetime | None) -> bool:
    """Whether a window's start is today's weekday, read as the next such day a week on, and falls after
    its end: "From: Monday / To: Friday" said on a Monday is today's Monday (read as next Monday, the window
    ended before it began). Said on a Thursday, it may be next week's: asked as a later start."""
    if now is None or re.match(r"(?:this|next|the coming|coming)\s", start, re.IGNORECASE):
        return False  # ("From: next Monday" is never today's: nlu117, red team 68 granted it at once)
    opens, closes = find_expiry(f"until {start}", now), find_expiry(f"until {end}", now)
    return (
        opens is not None
        and closes is not None
        and opens.expires > closes.expires
        and dt.timedelta(days=6) < opens.expires - now <= dt.timedelta(days=8)
    )


def _header_block_marked(lines: list[str]) -> list[str]:
    """`lines` with the "-----Original Message-----" line a reply's header block stands for set over it
    (lexicon PASTED_QUOTED_FROM): the mail under the writer's own words is the one replied to, context unless
    the words point at it ("please do what Christine asks below"; red team 65 granted it as the request)."""
    for n, line in enumerate(lines):
        one_line = lx.PASTED_QUOTED_FROM_ONE_LINE.match(line) is not None
        if one_line:
            # (the block run onto one line: read as its lines, "From:" then "Sent:" and the rest)
            lines = [*lines[:n], *lx.PASTED_QUOTED_HEADER_INLINE.split(line), *lines[n + 1 :]]
            line = lines[n]
        if (
            lx.PASTED_QUOTED_FROM.match(line)
            and n + 1 < len(lines)
            and lx.PASTED_QUOTED_HEADER.match(lines[n + 1])
            and any(
                earlier.strip() and not lx.PASTED_HEADER.match(earlier) and not lx.PASTED_QUOTE.match(earlier)
                for earlier in lines[:n]
            )
        ):
            above = next((earlier for earlier in reversed(lines[:n]) if earlier.strip()), "")
            if lx.PASTED_QUOTE_MARK.match(line) or any(
                mark.match(above) for mark in (lx.PASTED_ORIGINAL, lx.PASTED_FORWARDED, lx.PASTED_RULE_LINE)
            ):
                return lines  # (marked already: forwarded, the original message, a rule; or quoted with "> ")
            return [*lines[:n], lx.PASTED_ORIGINAL_LINE, *lines[n:]]
    return lines


def _ticket_line_parts(line: str) -> list[str]:
    """A ticket's line split into its fields ("INC0042 | Requester: ... | Request: ..."), what follows its
    number after a bar a line of its own ("SR-5530 | Marketing DL no longer needed - please delete it")."""
    ticket = lx.PASTED_TICKET_ID.match(line)
    titled = lx.PASTED_TRACKER_TITLE.match(line) if ticket is None else None
    if titled is not None and not lx.WRITE_IMPERATIVE.match(line[titled.end() :].strip().lower()):
        # ("ITSD-2291  Send As on Jane's mailbox": a title naming what the ticket is about, no change said,
        # is its summary, read only when the description asks nothing; read as a request, it stood beside a
        # correction of the description and was asked about. "ITHELP-2302 Remove Ava from lists" is kept.)
        return [titled.group("key"), f"Summary: {line[titled.end() :].strip()}"]
    if ticket is None:
        # "Jane Doe | Remove Tom from Marketing": a field holding only a name, or a labelled one, beside the
        # request; each field a line (the person field is then context, never whom for; nlu65)
        fields = lx.PASTED_BAR_SEP.split(line)
        # (only when a field of the line asks for a change: a signature "Liam Brown | Sales Rep | Acme" stays)
        asks = any(lx.ACTION_VERB.search(f.lower()) for f in fields)
        return (
            _told_fields_cut(fields)
            if len(fields) > 1 and asks and any(map(_person_field, fields))
            else [line]
        )
    parts = lx.PASTED_FIELD_SEP.split(line)
    bar = lx.PASTED_TICKET_ID_BAR.match(parts[0], ticket.end())
    if bar is not None:
        parts[:1] = [parts[0][: ticket.end()], parts[0][bar.end() :]]
    # ("SR-2 | Remove Tom from Marketing | Submitted by Jane Doe": a field with no colon is one too; nlu65)
    return _told_fields_cut([field for part in parts for field in lx.PASTED_BAR_SEP.split(part)])


def _told_fields_cut(fields: list[str]) -> list[str]:
    """A ticket line's fields without those naming only who asked, approved or is told, when another field
    asks for a change ("Jane Doe | Remove Tom from Marketing": Jane is no member; nlu65)."""
    if not any(lx.ACTION_VERB.search(f.lower()) for f in fields):
        return fields
    return [f for f in fields if not _person_field(f)]


def _person_field(field: str, *, labelled: bool = False) -> bool:
    """A field naming only who asked, approved or is told ("Submitted by Jane Doe", or "Jane Doe" unless
    `labelled`): no change verb in it."""
    said = lx.PASTED_PERSON_FIELD.match(field)
    return (
        said is not None
        and (not labelled or bool(said.group("label")))
        and not lx.ACTION_VERB.search(field.lower())
    )


def _new_list_title(line: str) -> bool:
    """Whether `line` titles a new list form: the title alone ("New distribution list request") or as the
    form's type ("Request type: New distribution list")."""
    typed = lx.FORM_FIELD.match(line)
    if typed is not None and lx.FORM_TYPE_KEY.fullmatch(typed.group("key").strip()) is not None:
        line = typed.group("value")
    return lx.FORM_NEW_LIST_TITLE.fullmatch(line.strip()) is not None


def _new_list_form(lines: list[str]) -> str:
    """A new list form said as a sentence ("New distribution list request / Name: Sales Ops / Email:
    sales-ops@acme.com / Members: Ava Johnson; Noah Davis"), or "": only its title line, then a name, an
    address and members (a reason may stay), each once. The title may be the form's type field ("Request type:
    New distribution list"), and who asked for it be said ("Requested by: Maria Garcia"); with no address, the
    list's address is made from its name as for any new list named (batch 42)."""
    if len(lines) < 3 or not _new_list_title(lines[0]):
        return ""
    name = address = members = ""
    for line in lines[1:]:
        f = lx.FORM_FIELD.match(line)
        if f is None:
            return ""
        key, value = f.group("key").strip(), f.group("value").strip().rstrip(" .")
        if _person_field(line, labelled=True) and not lx.FORM_NEW_LIST_MEMBERS_KEY.fullmatch(key):
            continue  # ("Requested by: Maria Garcia": who asked, never a member unless listed as one)
        if lx.FORM_NEW_LIST_NAME_KEY.fullmatch(key) and not name and "@" not in value:
            name = value
        elif (
            lx.FORM_NEW_LIST_ADDRESS_KEY.fullmatch(key) and not address and "@" in value and " " not in value
        ):
            address = value
        elif lx.FORM_NEW_LIST_MEMBERS_KEY.fullmatch(key) and not members:
            people = [p for p in lx.FORM_MEMBERS_JOIN.split(value) if p.strip()]
            members = (
                ", ".join(people[:-1]) + (" and " if len(people) > 1 else "") + people[-1] if people else ""
            )
        elif lx.FORM_REASON_KEY.fullmatch(key) and _plain_note(value):
            continue
        else:
            return ""
    if not (name and members):
        return ""
    if not address:
        return lx.FORM_NEW_LIST_NAMED_SAY.format(name=name, members=members)
    return lx.FORM_NEW_LIST_SAY.format(name=name, address=address, members=members)


def _quoted_above_note(lines: list[str], n: int, now: dt.datetime | None) -> str | None:
    """The request of a quoted message (its lines marked ">" from line `n`) that the note under it points at
    ("pls create as above", "can you action the above?"), with the note's own change; "" when the note takes
    the message back or limits it; None when no note under it points at it (the quote is then context)."""
    end = n
    while end < len(lines) and (lx.PASTED_QUOTE_MARK.match(lines[end]) or not lines[end].strip()):
        end += 1
    note: list[str] = []
    for line in lines[end:]:
        if lx.PASTED_SIGN_OFF.match(line) or lx.PASTED_QUOTE.match(line):
            break
        if line.strip() and not lx.PASTED_GREETING.match(line):
            note.append(line.strip())
    if not any(lx.PASTED_POINTS_ABOVE.search(k) for k in note):
        return None
    if any(lx.PASTED_NOT_TO_ACTION.search(k) for k in note) or _limits_message(note, lx.PASTED_POINTS_ABOVE):
        return ""
    quoted = body("\n".join(lx.PASTED_QUOTE_MARK.sub("", q) for q in lines[n:end]), now)
    own = _own_changes(note, lx.PASTED_POINTS_ABOVE)
    return f"{quoted}\n{own}" if own and quoted else quoted


def _thread_after_signature(lines: list[str], n: int) -> int | None:
    """Where the quoted or forwarded message starts after a signature block at line `n` (its name, then a
    few short lines: a title, a team, a phone), or None when something else is said before it."""
    for k in range(n + 1, min(len(lines), n + 6)):
        line = lines[k]
        if lx.PASTED_QUOTE.match(line) or lx.PASTED_FORWARDED.match(line):
            return k
        if line.strip() and (len(line.strip()) > 40 or lx.WRITE_IMPERATIVE.match(line.strip().lower())):
            return None
    return None


def _points_at_message(note: list[str]) -> bool:
    """Whether the note over a message points at it ("see below") or approves it ("Yes please go ahead")."""
    return any(lx.PASTED_POINTS_BELOW.search(k) or lx.PASTED_APPROVES.search(k) for k in note)


def _takes_quoted_ask(note: list[str], lines: list[str], n: int) -> bool:
    """Whether the note approving the message quoted from line `n` asks only that a him/her be given what it
    asks ("Fine by me, please add her."), and the message, sent by one person, asks one thing for them
    ("could I join the Marketing list?"): then the pronoun's change is the quoted ask, not one of its own."""
    clauses = [
        c.strip(" .!")
        for line in note
        for sentence in lx.SENTENCE_END.split(line)
        for c in lx.CLAUSE_JOIN.split(sentence)
        if c.strip(" .!")
    ]
    takes = [c for c in clauses if lx.NOTE_TAKES_QUOTED_ASK.fullmatch(c)]
    if len(takes) != 1 or any(
        c not in takes
        and not lx.PASTED_APPROVES.search(c)
        and not lx.PASTED_CHAT_AGREES.match(c)
        and not lx.PASTED_SIGN_OFF.match(c)
        and not lx.PASTED_PERSON_FIELD.match(c)
        for c in clauses
    ):
        return False
    sent = _sent_by_one(lines, n)
    said = " ".join(q for q in sent.splitlines() if not lx.PASTED_HEADER.match(q))
    sentences = [s for s in lx.SENTENCE_END.split(said) if s.strip()]
    asks = [s for s in sentences if lx.QUOTED_OWN_ASK.search(s)]
    # (one ask of one person: any other sentence that asks or names a change is more than "add her" takes,
    # "On Monday, Rachel wrote: > could I join ...? and give me send as on Sales"; red team 68)
    more = any(
        lx.QUOTED_MORE.search(s)
        or lx.WRITE_IMPERATIVE.match(lx.POLITE.sub("", lx.QUOTED_MORE_LEAD.sub("", s)).strip().lower())
        for s in sentences
        if s not in asks
    )
    return len(asks) == 1 and not more and not lx.QUOTED_OTHERS.search(said) and " and " not in asks[0]


def approves_many_asks(text: str) -> bool:
    """Whether `text` is a note that only approves ("Fine by me, please go ahead.") over a quoted message of
    one sender that asks more than one thing or for more than them: which ask the approval is of is not
    said (one ask is handed on and planned for its asker, body(); red team 68 §7 kept "add her" to one)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if not lx.PASTED_QUOTE.match(line):
            continue
        note = [
            k
            for k in lines[:n]
            if k.strip()
            and not lx.PASTED_HEADER.match(k)
            and not lx.PASTED_NAME_LINE.match(k)
            and not lx.PASTED_GREETING.match(k)
        ]
        return bool(note) and _approves_only(note) and _asks_more_than_once(lines, n)
    return False


def _approves_only(note: list[str]) -> bool:
    """Whether the note over a quoted message only approves it ("Fine by me, please go ahead."), a sign-off
    or the writer's name aside: no "see below" that hands the message on as an order of the note's own."""
    clauses = [
        c.strip(" .!")
        for line in note
        for sentence in lx.SENTENCE_END.split(line)
        for c in lx.CLAUSE_JOIN.split(sentence)
        if c.strip(" .!")
    ]
    return any(lx.PASTED_APPROVES.search(c) for c in clauses) and all(
        lx.PASTED_APPROVES.search(c)
        or lx.PASTED_CHAT_AGREES.match(c)
        or lx.PASTED_SIGN_OFF.match(c)
        or lx.PASTED_PERSON_FIELD.match(c)
        for c in clauses
    )


def _asks_more_than_once(lines: list[str], n: int) -> bool:
    """Whether the message quoted from line `n`, sent by one person, asks more than one thing or for more
    than its sender ("may I join Project Atlas? Could I also get send as on Sales?", "... Liam wants in
    too")."""
    sent = _sent_by_one(lines, n)
    said = " ".join(q for q in sent.splitlines() if not lx.PASTED_HEADER.match(q))
    sentences = [s for s in lx.SENTENCE_END.split(said) if s.strip()]
    asks = [
        s
        for s in sentences
        if lx.QUOTED_OWN_ASK.search(s)
        or lx.WRITE_IMPERATIVE.match(lx.POLITE.sub("", lx.QUOTED_MORE_LEAD.sub("", s)).strip().lower())
    ]
    more = any(lx.QUOTED_MORE.search(s) for s in sentences if s not in asks)
    return bool(sent) and (len(asks) > 1 or (len(asks) == 1 and more))


def _approves_own_change(note: list[str]) -> bool:
    """Whether the note over a reply's original message approves a change it says itself, the approval
    joined straight to it ("Go ahead and give Jane Doe send as on info@acme.com"): the note is the request
    and the message it answers only context. Never when the note points at the message ("see below") or
    adds to it ("go ahead, and also add Ken"): the message is the request then."""
    if any(lx.PASTED_POINTS_BELOW.search(k) or lx.PASTED_ALSO.search(k) for k in note):
        return False
    for line in note:
        approval = lx.PASTED_GO_AHEAD_AND.search(line)
        if approval is not None and lx.WRITE_IMPERATIVE.match(line[approval.end() :].lower()):
            return True
    return False


def _limits_message(note: list[str], points: LazyPattern = lx.PASTED_POINTS_BELOW) -> bool:
    """Whether the note's words pointing at or approving the message below say more that limits it ("go
    ahead, but not the send as", "for Emma only", "until Friday"), a sign-off left out."""
    for line in note:
        pointer = points.search(line) or lx.PASTED_APPROVES.search(line)
        if pointer is None:
            continue
        rest = without_asides(line[: pointer.start()] + " " + line[pointer.end() :])
        # the note's own change ("and also drop Ken from all-sales") is read as a request of its own
        said = " ".join(c for c in lx.CLAUSE_JOIN.split(rest) if not lx.WRITE_IMPERATIVE.match(c.lower()))
        if (
            lx.PASTED_APPROVAL_LIMIT.search(said)
            or lx.LATER_START.search(said.lower())
            or find_expiry(said, _ANY_TIME) is not None
        ):
            return True
    return False


def _approved_until(note: list[str], now: dt.datetime | None) -> str | None:
    """The end the note's approval of the message below sets, when it limits nothing else ("Approved, go
    ahead, but only until the end of the month": "until the end of the month"); None otherwise (a note
    with a change of its own, a right or a person left out, or no end, limits it in a way not read)."""
    ends: list[str] = []
    for line in note:
        if lx.PASTED_POINTS_BELOW.search(line) is None and lx.PASTED_APPROVES.search(line) is None:
            continue
        said = without_asides(line)
        end = find_expiry(said, now or _ANY_TIME)
        if end is None:
            continue
        rest = lx.PASTED_APPROVES.sub(" ", said[: end.start] + " " + said[end.end :])
        if not lx.PASTED_APPROVAL_FILLER.fullmatch(lx.PASTED_POINTS_BELOW.sub(" ", rest)):
            return None
        ends.append(said[end.start : end.end])
    return ends[0] if len(ends) == 1 else None


def _approved_rights(note: list[str], message: str) -> str | None:
    """The rights of the message below the note's approval leaves out, said as "Not the send as." (the
    words the planner reads as ruling a right out), when the approval says nothing but which rights it
    keeps or drops ("go ahead - but send as only, she doesn't need full access": "Not the full access.");
    None otherwise (lx.PASTED_APPROVED_RIGHTS)."""
    kept: set[str] = set()
    dropped: set[str] = set()
    for line in note:
        if lx.PASTED_POINTS_BELOW.search(line) is None and lx.PASTED_APPROVES.search(line) is None:
            continue
        rest = lx.PASTED_POINTS_BELOW.sub(" ", lx.PASTED_APPROVES.sub(" ", without_asides(line))).strip()
        if not lx.PASTED_APPROVED_RIGHTS.fullmatch(rest):
            return None
        for said in lx.PASTED_RIGHT_KEPT.finditer(rest):
            (dropped if said.group("out") else kept).add(_right_named(said.group("right")))
    asked = {_right_named(found.group(0)) for found in lx.PASTED_RIGHT_NAMED.finditer(message)}
    if not (kept or dropped) or kept & dropped or not (kept | dropped) <= asked:
        return None  # (a right the message never asked for: what the approval means is not plain)
    out = (asked - kept if kept else set()) | dropped
    if not out or out == asked:
        return None
    return " ".join(f"Not the {right}." for right in sorted(out))


def _right_named(words: str) -> str:
    """ "send-as", "Full Access rights": the right, as one spelling."""
    plain = re.sub(
        r"^the |^sendas",
        lambda m: "" if m.group(0) == "the " else "send as",
        re.sub(r"[\s-]+", " ", words.lower()),
    )
    return next(right for right in ("full access", "send on behalf", "send as") if plain.startswith(right))


def told_apart(line: str, name: str, what: str) -> str:
    """ "give Alex Kim access ..." answered "the sales one": "give Alex Kim (sales) access ...", the name said
    with what tells the two apart, as a writer says "Alex Kim (Sales)" (each time it is said)."""
    return re.sub(rf"\b{re.escape(name)}(?:\s+[A-Z][\w'-]*)?", lambda m: f"{m.group(0)} ({what})", line)


def _sent_by_one(lines: list[str], n: int) -> str:
    """The message quoted or forwarded from line `n`, its quote marks taken off, when a "From:" line over
    its body names one person (whose "I" its words are); "" otherwise."""
    quoted = [lx.PASTED_QUOTE_MARK.sub("", q) for q in lines[n:]]
    if quoted and (lx.PASTED_QUOTE.match(quoted[0]) or lx.PASTED_FORWARDED.match(quoted[0])):
        if wrote := lx.PASTED_WROTE.match(quoted[0]):
            quoted[0] = f"From: {wrote.group('who')}"
        else:
            quoted = quoted[1:]
    senders = [
        _who(found.group("who"))
        for q in quoted
        if (found := lx.PASTED_SENDER.match(q)) is not None and found.group(0).lstrip()[:4].lower() == "from"
    ]
    if len(senders) != 1 or lx.PASTED_MANY_SENDERS.search(senders[0]):
        return ""
    return "\n".join(quoted)


def _own_changes(note: list[str], points: LazyPattern = lx.PASTED_POINTS_BELOW) -> str:
    """The changes the note above a forwarded message asks itself ("and also drop Ken Adams from
    all-sales"), without its clauses pointing at the message, or "" when it only points at it."""
    clauses = [
        c.strip()
        for line in note
        for sentence in lx.SENTENCE_END.split(line)
        for c in lx.CLAUSE_JOIN.split(sentence)
        if c.strip() and not points.search(c)
    ]
    if not any(lx.WRITE_IMPERATIVE.match(c.lower()) for c in clauses):
        return ""
    return ". ".join(c.rstrip(".") for c in clauses) + "."


def _form(lines: list[str], now: dt.datetime | None = None) -> str:
    """A pasted form said as a sentence ("hr@acme.com for Ken Adams: full access no, send as yes", "share
    Sarah Connor's calendar with Tom Becker as Reviewer"), or "" when the lines are not all fields of one: a
    mailbox, a person, and a yes or no for each right; or a calendar's owner, a person and a level."""
    # ("User:" left empty: whom for is what the form does not say, and is asked; the rest is still the form)
    fields = [lx.FORM_FIELD.match(line) or lx.FORM_EMPTY_FIELD.match(line) for line in lines]
    if len(lines) < 3 or not all(fields):
        return ""
    person_blank = False
    mailbox = person = until = owner = level = new_address = keep_old = group = list_change = ""
    forward_from = forward_to = keep_copy = ""
    start = people = automap = ""
    primary_said = False
    rights: list[str] = []
    type_names: list[str] = []
    for f in fields:
        assert f is not None
        key, value = f.group("key").strip(), f.group("value").strip()
        if not value:
            if not lx.FORM_PERSON_KEY.fullmatch(key) or person_blank:
                return ""  # an empty field other than whom for: the lines are read as they are
            person_blank = True
            continue
        if lx.FORM_MAILBOX_KEY.fullmatch(key):
            # "Mailbox: Billing": a name the field says is a mailbox's, said so ("the Billing mailbox"); alone
            # before "for", a name that is also a word was no mailbox (batch 26 asked which)
            mailbox = (
                lx.FORM_MAILBOX_NAME_SAY.format(name=value)
                if lx.FORM_MAILBOX_NAME.fullmatch(value)
                else value
            )
        elif lx.FORM_OWNER_KEY.fullmatch(key):
            owner = value
        elif lx.FORM_LEVEL_KEY.fullmatch(key):
            level = value
        elif lx.FORM_NEW_ADDRESS_KEY.fullmatch(key):
            # "New address: liam@acme.com", "New primary address: ...": the primary address asked for
            new_address = value
            primary_said = primary_said or lx.PRIMARY_NAMED.search(key.lower()) is not None
        elif lx.FORM_KEEP_OLD_KEY.fullmatch(key):
            if not (lx.FORM_YES.fullmatch(value) or lx.FORM_NO.fullmatch(value)):
                return ""  # "Keep old address: for a month": not a yes or a no, read as it is
            keep_old = "yes" if lx.FORM_YES.fullmatch(value) else "no"
        elif lx.FORM_TYPE_KEY.fullmatch(key):
            primary_said = primary_said or lx.FORM_PRIMARY_TYPE.fullmatch(value) is not None
            if (named := lx.FORM_TYPE_NAMED.search(value)) is not None:
                # "Request type: Calendar sharing (Sarah)": whom the form is about, in brackets; only a name
                # another field says ("Whose calendar: Sarah Connor"), never a note such as "(temporary)"
                type_names.append(named.group("name"))
                value = value[: named.start()]
            if lx.FORM_VALUE_LIMITED.search(value):
                return ""  # "Request type: Remove mailbox permission": no grant, whatever its fields say
            continue  # "Request type: Calendar permission": which form it is, read from its fields
        elif lx.FORM_REASON_KEY.fullmatch(key):
            if lx.NEGATION_ANYWHERE.search(value.lower()) or lx.REVOKE.search(value.lower()):
                return ""  # "Reason: he no longer needs it": the lines are read as they are
            continue
        elif lx.FORM_LIST_KEY.fullmatch(key) and not group:
            group = value
        elif lx.FORM_ACTION_KEY.fullmatch(key) and not list_change:
            # "Action: Add": a bare add or remove, of a list form; anything else is read as it is
            if lx.FORM_LIST_ADD.fullmatch(value.rstrip(" .")):
                list_change = "add"
            elif lx.FORM_LIST_REMOVE.fullmatch(value.rstrip(" .")):
                list_change = "remove"
            else:
                return ""
        elif lx.FORM_PERSON_KEY.fullmatch(key):
            if lx.POSSESSIVE_ROLE.search(value):
                return ""  # "User: Ava Johnson's manager" is someone unnamed, never Ava
            person = value
        elif lx.FORM_LIST_PEOPLE_KEY.fullmatch(key) and not people:
            people = value
        elif lx.FORM_END_KEY.fullmatch(key):
            until = f", until {value}"
        elif lx.FORM_DURATION_KEY.fullmatch(key):
            # "Duration: permanent": no end; "Duration: 2 weeks": the grant's length (nlu152)
            if not lx.FORM_PERMANENT.fullmatch(value.rstrip(" .")):
                until = lx.FORM_DURATION_SAY.format(value=value)
        elif lx.FORM_AUTOMAP_KEY.fullmatch(key):
            # "Automap in Outlook: No": the mailbox opened in Outlook or not (nlu152)
            if not (lx.FORM_YES.fullmatch(value) or lx.FORM_NO.fullmatch(value)):
                return ""
            automap = "," + (lx.AUTOMAP_ON_SAY if lx.FORM_YES.fullmatch(value) else lx.AUTOMAP_OFF_SAY)
        elif lx.FORM_FORWARD_FROM_KEY.fullmatch(key):
            forward_from = value
        elif lx.FORM_FORWARD_TO_KEY.fullmatch(key):
            forward_to = value
        elif lx.FORM_KEEP_COPY_KEY.fullmatch(key):
            if not (lx.FORM_YES.fullmatch(value) or lx.FORM_NO.fullmatch(value)):
                return ""  # "Keep a copy: only of invoices": not a yes or a no, read as it is
            keep_copy = "yes" if lx.FORM_YES.fullmatch(value) else "no"
        elif lx.FORM_START_KEY.fullmatch(key):
            if _starts_now(value, now):
                continue  # "Start: immediately", "Start date: <today>": the change is made now
            if not lx.LATER_START.fullmatch(f"starting {value.lower()}"):
                return ""  # a start the reading cannot place: the lines are read as they are
            # "Start date: next Monday": said as a later start, which the reading asks about
            start = f", starting {value}"
        elif (lx.FORM_YES.fullmatch(value) or lx.FORM_NO.fullmatch(value)) and _names_right(key):
            rights.append(f"{key} {'yes' if lx.FORM_YES.fullmatch(value) else 'no'}")
        else:
            return ""  # a field the form reading does not know: the lines are read as they are
    said_names = {w.casefold() for v in (owner, person, mailbox, forward_from, forward_to) for w in v.split()}
    if any(not {w.casefold() for w in n.split()} <= said_names for n in type_names):
        return ""  # a name in the type's brackets no other field says: the lines are read as they are
    if automap and (forward_from or forward_to or keep_copy or group or list_change or owner or new_address):
        return ""  # (whether Outlook opens a mailbox is said of a mailbox's access only)
    if forward_from or forward_to or keep_copy:
        # "Mailbox to forward: careers@ / Forward to: hr@ / Keep a copy: Yes": a forwarding form, whose mail
        # the mailbox field says, else the one it is requested for; nothing else asked beside it
        source = (
            forward_from or mailbox or (lx.FORM_FORWARD_OWNER_SAY.format(person=person) if person else "")
        )
        if not (forward_to and source) or owner or level or rights or group or list_change:
            return ""
        if (forward_from and mailbox) or new_address or keep_old:
            return ""
        copy = {"yes": lx.FORM_KEEP_COPY_SAY, "no": lx.FORM_NO_COPY_SAY}.get(keep_copy, "")
        return lx.FORM_FORWARD_SAY.format(source=source, target=forward_to, copy=copy) + until + start
    if list_change and mailbox and not group:
        # "Resource: Engineering (engineering@acme.com)" with "[x] Join list": what is joined is a list
        group, mailbox = mailbox, ""
    if people and not (group or list_change):
        return ""  # "Users: ..." beside no list: a form the reading does not know, read as it is
    if group or list_change:
        # "Type: Distribution list change / Requested for: Liam Brown / List: all-hands@ / Action: Add": only
        # a list, one person and a bare add or remove, nothing else; "Users: Ken Adams, Grace Hopper" names
        # several, each added; an end field is the end of each add ("End date: 2026-03-31")
        if person and people:
            return ""
        if people:
            person = lx.FORM_PEOPLE_SAY_JOIN.join(p for p in lx.FORM_MEMBERS_JOIN.split(people) if p.strip())
        if not (group and list_change and person) or mailbox or owner or level or rights or start:
            return ""
        if new_address or keep_old or (lx.FORM_MEMBERS_JOIN.search(person) and not people):
            return ""
        if until and list_change != "add":
            return ""  # (an end of a removal is a removal for a time: read as it is)
        say = lx.FORM_LIST_ADD_SAY if list_change == "add" else lx.FORM_LIST_REMOVE_SAY
        return say.format(person=person, group=group) + until
    if new_address or keep_old:
        # "Request type: Change primary address / User: Liam Brown / New address: liam@acme.com / Keep old
        # address: yes": the primary address form, only when it says it is one and names nothing else
        if (
            not (new_address and person and primary_said)
            or mailbox
            or owner
            or level
            or rights
            or until
            or start
        ):
            return ""
        old = {"yes": lx.FORM_PRIMARY_KEEP_SAY, "no": lx.FORM_PRIMARY_DROP_SAY}.get(keep_old, "")
        return lx.FORM_PRIMARY_SAY.format(person=person, address=new_address, old=old)
    if level and not owner and (parts := lx.FORM_RIGHTS_JOIN.split(level)) and len(parts) > 1:
        # "Access: Full Access + Send As": each right the field lists, asked for
        if not all(_names_right(p) for p in parts) or any(
            lx.REVOKE.search(p.lower())
            or lx.NEGATION_ANYWHERE.search(p.lower())
            or lx.FORM_VALUE_LIMITED.search(p)
            for p in parts
        ):
            return ""
        rights.extend(f"{p.strip()} yes" for p in parts)
        level = ""
    if level and not owner and _names_right(level):
        # "Permission: Send on behalf": the right asked for, said as the form's level
        if (
            lx.REVOKE.search(level.lower())
            or lx.NEGATION_ANYWHERE.search(level.lower())
            or lx.FORM_VALUE_LIMITED.search(level)
        ):
            return ""
        rights.append(f"{level} yes")
        level = ""
    if owner and person and level and not (mailbox or rights):
        # a level no calendar level is named by ("none", "delegate") is not read as a share at all
        if not any(p.search(level.lower()) for _, p in lx.LEVEL_PATTERNS):
            return ""
        return lx.FORM_CALENDAR_SAY.format(owner=owner, person=person, level=level, until=until + start)
    if person_blank and mailbox and rights and not (person or owner or level):
        # "Mailbox: careers@ / User: / Access: Send As": the rights on the mailbox, for someone to be asked
        said = [r.removesuffix(" yes") for r in rights if r.endswith(" yes")]
        if len(said) != len(rights):
            return ""
        return (
            lx.FORM_NO_PERSON_SAY.format(rights=" and ".join(said), mailbox=mailbox) + until + start + automap
        )
    if not (mailbox and person and rights) or owner or level:
        return ""
    return f"{mailbox} for {person}: {', '.join(rights)}{until}{start}{automap}"


def _starts_now(value: str, now: dt.datetime | None) -> bool:
    """Whether a form's start field says the change starts now: "immediately", "today", or a date that is
    today or before it (a form filled in days ago). Without `now` a date is never taken for today."""
    if lx.FORM_START_NOW.fullmatch(value.strip()):
        return True
    if now is None:
        return False
    said, today = find_expiry(f"until {value}", now), find_expiry("until today", now)
    return (
        said is not None
        and today is not None
        and said.start == 0
        and said.end == len(value) + len("until ")
        and said.expires <= today.expires
    )


def _plain_note(value: str) -> bool:
    """Whether a form's note only says why ("for the website relaunch", "he got married"): nothing in it
    limits, rules out, names a right, a time or a change (such a note leaves the form read as sentences)."""
    low = value.lower()
    return not (
        lx.FORM_VALUE_LIMITED.search(value)
        or lx.NEGATION_ANYWHERE.search(low)
        or lx.REVOKE.search(low)
        or _names_right(value)
        or lx.ACTION_VERB.search(low)
        or lx.LATER_START.search(low)
        or find_expiry(value, _ANY_TIME) is not None
        or "@" in value
    )


def _boxes_said(lines: list[str]) -> list[str]:
    """A form with tick boxes said as fields the form reading knows: "Access type: [x] Full Access  [ ] Send
    As" as "Full Access: yes" and "Send As: no"; "Name of person needing access: Ethan" as the person; the
    form's title line ("ACCESS REQUEST FORM") and who approved it (a claim, never a person asked for) left
    out. Lines it does not know are kept as they are (the form reading then refuses them)."""
    out: list[str] = []
    for line in lines:
        if (
            lx.FORM_TITLE_LINE.fullmatch(line.strip()) or lx.FORM_TITLE_PLAIN.fullmatch(line.strip())
        ) and not lx.FORM_TITLE_REMOVAL.search(line):
            # (a title saying a removal is kept: the form is then read as it is, never as a grant; nlu152)
            continue
        f = lx.FORM_FIELD.match(line)
        if f is None:
            out.append(line)
            continue
        key, value = f.group("key").strip(), f.group("value").strip()
        boxes = list(lx.FORM_TICK_BOX.finditer(value))
        ticked = [b.group("what").strip() for b in boxes if b.group("tick").strip()]
        if len(boxes) >= 2 and len(ticked) == 1 and lx.FORM_JOIN_BOX.fullmatch(ticked[0]):
            out.append("Action: add")  # "[x] Join list  [ ] Leave list": the list form's action (nlu49)
        elif len(boxes) >= 2 and len(ticked) == 1 and lx.FORM_LEAVE_BOX.fullmatch(ticked[0]):
            out.append("Action: remove")
        elif (
            lx.FORM_PERSON_EMAIL_KEY.fullmatch(key)
            and any(o.startswith("Person: ") for o in out)
            and _same_person(next(o for o in out if o.startswith("Person: "))[8:], value)
        ):
            continue  # "Employee email: mia.novak@acme.com" under "Employee name: Mia Novak": the same one
        elif len(boxes) >= 2:
            out.extend(
                f"{b.group('what').strip()}: {'no' if not b.group('tick').strip() else 'yes'}" for b in boxes
            )
        elif lx.FORM_PERSON_NEEDING_KEY.fullmatch(key):
            out.append(f"Person: {value}")
        elif lx.FORM_RESOURCE_KEY.fullmatch(key):
            # "Resource: sales@acme.com": what the access is on, said as the mailbox (a calendar or a list
            # there leaves the form unread by _form, as before)
            out.append(f"{lx.FORM_RESOURCE_SAY}: {value}")
        elif not lx.FORM_APPROVAL_KEY.match(key) and not lx.FORM_FILED_BY_KEY.fullmatch(key):
            out.append(line)
    return out


def _same_person(name: str, address: str) -> bool:
    """Whether an address's local part is made of the name's words ("Mia Novak", "mia.novak@acme.com")."""
    local = address.strip().lower().split("@", 1)[0]
    words = [w for w in re.split(r"[^a-z]+", name.lower()) if w]
    return bool(words) and "@" in address and sorted(re.split(r"[._-]+", local)) == sorted(words)


def _form_refused(lines: list[str]) -> bool:
    """Whether the lines hold a form's fields, one of them saying the request was refused."""
    fields = [f for line in lines if (f := lx.FORM_FIELD.match(line)) is not None]
    # (a mail's own headers, "Subject: access declined?", tell of the thread, not of this request)
    said = [f for f in fields if not lx.MAIL_HEADER_FIELD.match(f.group(0))]
    return len(fields) >= 2 and any(
        lx.FORM_REFUSED.search(f.group("value"))
        # ("Approved: no", "Approval: pending": the approval the request waits for is not given)
        or (lx.FORM_APPROVAL_KEY.match(f.group("key")) and lx.FORM_APPROVAL_WITHHELD.match(f.group("value")))
        # ("Approved by: pending", "Duration: until Mike approves": the approval is still to come; rt80b)
        or (
            lx.RT80B_APPROVER_KEY.fullmatch(f.group("key").strip())
            and lx.FORM_APPROVAL_WITHHELD.match(f.group("value"))
        )
        or (
            lx.FORM_DURATION_KEY.fullmatch(f.group("key").strip())
            and lx.RT80B_UNTIL_APPROVED.match(f.group("value"))
        )
        for f in said
    )


def _names_right(value: str) -> bool:
    low = value.lower()
    return bool(lx.FULL_ACCESS.search(low) or any(p.search(low) for p in lx.PERMISSIONS.values()))


def _who(header_value: str) -> str:
    """ "Sarah Connor <sarah@acme.com>" -> the address; "Ken Adams (HR)" -> "Ken Adams"."""
    if address := lx.PASTED_SENDER_ADDRESS.search(header_value):
        return address.group(1)
    return lx.PASTED_SENDER_ASIDE.sub("", header_value).strip(" ,;")


def _in_third_person(body_text: str, senders: set[str]) -> str:
    """The body's "me", "my", "I" are whoever wrote it (its From: / Requested by: line), not the person who
    pasted it: a helpdesk pasting "From: Sarah / Give me full access" must not get the access itself. With
    two different writers named, whose "me" it is cannot be told: nothing is read rather than a guess."""
    senders.discard("")
    if not senders or not (lx.FIRST_PERSON.search(body_text) or lx.TICKET_REQUESTER.search(body_text)):
        return body_text
    if len(senders) > 1:
        return ""
    (sender,) = senders
    # "Request: add requester to ...": the ticket's requester, named on its own line
    body_text = lx.TICKET_REQUESTER.sub(lambda m: f"{sender}'s" if m.group("own") else sender, body_text)
    return lx.FIRST_PERSON.sub(lambda m: _said_of(sender, m.group(0)), body_text)


def in_third_person(said: str, speaker: str) -> str:
    """What `speaker` said, its "me", "my" and "I" theirs (voices.relayed: "Sarah wrote: forward my mail")."""
    return _in_third_person(said, {speaker})


def without_asides(text: str) -> str:
    """The text without asides about how things already are ("Add Tom to all-sales (Mike is already a
    member)"): the person in the aside already has it, and reading them as the request's would add them.
    A sign-off at its end ("... thx liam") goes too: it names who wrote, not whom the change is for."""
    return lx.TRAILING_SIGN_OFF.sub("", lx.ALREADY_ASIDE.sub(" ", text)).rstrip()


def _said_of(sender: str, word: str) -> str:
    """`word` (a FIRST_PERSON match) said of `sender` in the third person."""
    said = word.lower()
    if said in ("my", "mine"):
        return f"{sender}'s"
    if said in ("i'm", "im", "i am"):
        return f"{sender} is"
    if said in ("i've", "i have"):
        return f"{sender} has"
    if said == "i'd":
        return f"{sender} would"
    return sender


def requested_for_given(body_text: str, mentions_of: Callable[[str], Sequence[Mention]]) -> str:
    """A form's body whose one request gives a right to nobody named ("Requested for: Rachel Green / Please
    give reviewer access to Mike Smith's calendar, she prepares his expense reports."), with the one it is
    requested for said as whom it is given to ("Please give Rachel Green reviewer access to ..."); the
    caller, approver and CC are context already left out (nlu163: asked whom for). Only when the field names
    one known person and nothing else, the other lines are the request and the ticket's number, everyone
    else the request names owns what is given ("Mike Smith's calendar"), a he/she there can be the one it
    is requested for and none of the owners, and a his/her there cannot be that one; else read as it is."""
    lines = body_text.split("\n")
    person: Mention | None = None
    field = asked = -1
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        f = lx.FORM_FIELD.match(line)
        if f is None:
            if asked >= 0 or lx.NLU163_GIVE_NO_RECIPIENT.match(line) is None:
                return body_text
            asked = n
        elif lx.PASTED_TICKET_ID.match(f.group("value")) is not None:
            continue  # ("Number: RITM0061577")
        elif lx.FORM_PERSON_KEY.fullmatch(f.group("key").strip()) and person is None:
            named = mentions_of(f.group("value"))
            if len(named) != 1 or not named[0].is_person or named[0].pronoun or not named[0].known:
                return body_text
            if f.group("value").strip(" .") != (named[0].surface or named[0].ref):
                return body_text  # ("Requested for: Rachel Green's team": someone else, unnamed)
            person, field = named[0], n
        else:
            return body_text
    if person is None or asked < 0:
        return body_text
    who = person.surface or person.ref
    said = mentions_of(lines[asked])
    owners = [m.surface or m.ref for m in said if m.is_person and not m.pronoun and m.possessive]
    if any(
        m.ref in ("me", "my manager") or (m.is_person and not m.pronoun and not m.possessive) for m in said
    ):
        return body_text  # (someone named to receive it, or the writer: read as it is)
    for pronoun in lx.PERSON_PRONOUN.finditer(lines[asked].lower()):
        word = pronoun.group(0)
        if lx.SUBJECT_PRONOUN.fullmatch(word) is not None:
            # ("..., she prepares his expense reports": she is the one it is for, never an owner)
            if agreement.cannot_be(word, who):
                # ("Requested for: Lucas Rossi / ... send as on support@, she answers the tickets": whom it
                # is for is not the one the form names; read without the field, it is asked)
                del lines[field]
                return "\n".join(lines)
            if any(not agreement.cannot_be(word, o) for o in owners):
                return body_text
        elif not agreement.cannot_be(word, who):
            return body_text  # ("... to her calendar": whose may be the one it is requested for)
    if who in owners:
        return body_text  # (a right on their own calendar or mailbox given to them: read as it is)
    give = lx.NLU163_GIVE_NO_RECIPIENT.match(lines[asked])
    assert give is not None
    lines[asked] = lx.NLU163_GIVE_TO_SAY.format(
        lead=give.group("lead"), who=who, rest=lines[asked][give.end() :]
    )
    del lines[field]
    return "\n".join(lines)
