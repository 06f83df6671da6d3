"""Ticket checkboxes and pasted tables, read before the request's words are (nlu76, issue 12 B/C).

A form's boxes say which of its options are asked for: only the ticked ones are kept, an empty box's label
is cut (never a step), and a box whose state cannot be read, or a form with none ticked, is asked. A pasted
table (CSV, TSV or Markdown, with a header row) is one request per row, each read from its own cells; a row
with a cell that says nothing asks that row's part, and a table whose columns cannot be told is asked whole,
never read in part."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mailwarden.planner import lexicon as lx
from mailwarden.planner import negation
from mailwarden.planner.draft import Draft, DraftQuestion, DraftStep
from mailwarden.planner.durations import find_expiry


def checked(text: str) -> str | Draft:
    """The text with each line's empty boxes cut with their labels and each ticked box's mark cut, or the
    question when a box cannot be read or none is ticked; the text as it was when it has no boxes."""
    if (struck := lx.STRUCK_SAID.search(text)) is not None:
        # "| ~~Liam Brown~~ | ...": what the writer struck is no change, and what is left may not be one
        return negation.ask_scope(lx.STRUCK_ASK.format(said=struck.group(0)))
    if lx.ANY_BOX.search(text) is None:
        return text
    lines: list[str] = []
    ticked: list[str] = []
    for line in text.split("\n"):
        boxes = list(lx.ANY_BOX.finditer(line))
        if not boxes:
            lines.append(line)
            continue
        labelled = [
            (box, lx.BOX_LABEL_TRIM.sub("", line[box.end() : nxt.start() if nxt else len(line)]))
            for box, nxt in zip(boxes, [*boxes[1:], None], strict=True)
        ]
        for box, label in labelled:
            if lx.UNREAD_BOX.fullmatch(box.group(0)):
                return negation.ask_scope(lx.BOXES_UNREAD_ASK.format(label=f"{box.group(0)} {label}".strip()))
            beyond = lx.BOX_LABEL_BEYOND_OPTION.search(label) is not None
            if len(boxes) >= 2 and beyond and not lx.CHECKED_BOX.fullmatch(box.group(0)):
                return negation.ask_scope(lx.BOXES_LABEL_ASK.format(label=f"{box.group(0)} {label}"))
        head = line[: boxes[0].start()]
        ticks_head = len(boxes) == 1 and bool(head.strip(" -*•\t:"))
        if not ticks_head and any(
            not label and lx.CHECKED_BOX.fullmatch(b.group(0)) for b, label in labelled
        ):
            # "[x]" alone, or "[x] [ ] Send As": a tick with nothing it ticks
            return negation.ask_scope(lx.BOXES_UNREAD_ASK.format(label=line.strip()))
        if len(boxes) == 1 and not labelled[0][1] and ticks_head:
            # "Emma Wilson [x]", "User: Liam Brown [ ]": a box after the words ticks them; an unticked person
            # or option is never a step (nlu80, rt52 A2)
            if lx.CHECKED_BOX.fullmatch(boxes[0].group(0)):
                ticked.append(head.strip())
                lines.append(head.rstrip())
            continue
        field = lx.FORM_FIELD.match(line)
        if field is not None and len(list(lx.FORM_TICK_BOX.finditer(field.group("value")))) >= 2:
            # "Access type: [x] Full Access  [ ] Send As": a form's field the ticket reading takes box by box
            # (pasted._boxes_said); its state is checked here all the same
            ticked += [label for box, label in labelled if lx.CHECKED_BOX.fullmatch(box.group(0))]
            lines.append(line)
            continue
        kept = [label for box, label in labelled if lx.CHECKED_BOX.fullmatch(box.group(0))]
        ticked += kept
        if any(kept):
            lines.append(head + ", ".join(k for k in kept if k))
        elif head.strip(" -*•\t") and not head.rstrip().endswith(":"):
            lines.append(head)  # "Emma Wilson [ ] ...": who the line is about stays, none of its options
    if not ticked:
        return negation.ask_scope(lx.BOXES_NONE_TICKED_ASK)
    removal = next((t for t in ticked if lx.BOX_REMOVES.search(t)), None)
    grant = next((t for t in ticked if t and not lx.BOX_REMOVES.search(t)), None)
    if removal is not None and grant is not None:
        # "[x] Full Access / [x] Remove Send As": each box is its own change; read as one text the removal
        # would take both (nlu80, rt52 A4)
        return negation.ask_scope(lx.BOXES_MIXED_ASK.format(removal=removal, grant=grant))
    return "\n".join(lines)


@dataclass(frozen=True)
class Table:
    rows: list[tuple[int, str, dict[str, str]]]
    """Each row's number (1 the first under the header), its text as pasted, and its cells by column."""
    columns: frozenset[str]
    outside: list[str]
    """The lines around the table, as said."""


def _cells(line: str, sep: str) -> list[str]:
    if sep == "|":
        line = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in line.split(sep)]


def _column(header: str) -> str | None:
    said = " ".join(re.sub(r"[^\w/ ]+", " ", header.lower()).split())
    return next((col for col, words in lx.TABLE_COLUMNS.items() if said in words), None)


def table(text: str) -> Table | Draft | None:
    """The pasted table in `text` (a header row of known column words, then rows split as it is), the
    question when lines are set out as a table whose columns cannot be told, or None."""
    lines = text.split("\n")
    for at, line in enumerate(lines):
        for sep in ("\t", "|", ","):
            if line.count(sep) < (2 if sep == "|" and line.strip().startswith("|") else 1):
                continue
            header = _cells(line, sep)
            columns = [_column(h) for h in header]
            if (
                any(c is None for c in columns)
                or "person" not in columns
                or len(set(columns)) != len(columns)
            ):
                continue
            if "target" not in columns:
                continue
            rows: list[tuple[int, str, dict[str, str]]] = []
            end = at + 1
            for row_line in lines[at + 1 :]:
                if sep == "|" and lx.TABLE_RULE.fullmatch(row_line):
                    end += 1
                    continue
                if not row_line.strip() or row_line.count(sep) == 0:
                    break
                cells = _cells(row_line, sep)
                cells += [""] * (len(header) - len(cells))
                if len(cells) > len(header):
                    return negation.ask_scope(lx.TABLE_UNREAD_ASK)
                named = {c: v for c, v in zip(columns, cells, strict=True) if c is not None}
                rows.append((len(rows) + 1, row_line.strip(), named))
                end += 1
            if not rows:
                continue
            outside = [x for x in lines[:at] + lines[end:] if x.strip()]
            return Table(rows, frozenset(c for c in columns if c), outside)
    # a Markdown or tab-set table with no header read: asked whole, never read in part
    ruled = any(lx.TABLE_RULE.fullmatch(x) for x in lines if "|" in x)
    # (a tab between words, never one that only indents a line: "\tThanks" in a pasted mail is no cell)
    tabbed = sum(1 for x in lines if re.search(r"\S\t+\S", x)) >= 2
    if ruled or tabbed or _comma_rows(lines):
        return negation.ask_scope(lx.TABLE_UNREAD_ASK)
    return None


def _comma_rows(lines: list[str]) -> bool:
    """Three lines or more in a row with the same number (two or more) of commas and no change verb in any:
    values set out as a CSV whose header was not read ("Name,Email,Rights / Tom,tom@acme.com,FA / ...")."""
    run: list[str] = []
    for line in [*lines, ""]:
        if line.count(",") >= 2 and (not run or line.count(",") == run[0].count(",")):
            run.append(line)
            continue
        if len(run) >= 3 and not any(lx.CHANGE_VERB_SAID.search(x.lower()) for x in run):
            return True
        run = [line] if line.count(",") >= 2 else []
    return False


def _row_text(
    n: int, said: str, cells: dict[str, str], columns: frozenset[str], removing: bool, end: str
) -> str | Draft:
    """One row said as a request carrying the end said beside the table, or the question for the part it
    leaves unsaid."""
    parts = {c: v for c, v in cells.items() if not lx.TABLE_UNREAD_CELL.fullmatch(v.strip().lower())}
    if any(lx.TABLE_END_SAID.search(v) for c, v in parts.items() if c != "action"):
        # "Full Access (temp)": an end in a cell is asked, never dropped with the rest of the cell
        return negation.ask_scope(lx.TABLE_END_ASK.format(said=said), "expires")
    example = lx.TABLE_ROW_GRANT_ACCESS.format(
        person="Tom Becker", access="full access", target="support@acme.com"
    )
    for column, about in (
        ("person", "trustee"),
        ("target", "mailbox"),
        ("access", "access"),
        ("action", "action"),
    ):
        if column in columns and column not in parts:
            return negation.ask_scope(
                lx.TABLE_CELL_ASK.format(row=n, said=said, column=column, example=example), about
            )
    if "action" in parts:
        act = parts["action"].strip().lower()
        if lx.TABLE_REMOVE.fullmatch(act):
            removing = True
        elif lx.TABLE_GRANT.fullmatch(act):
            removing = False
        else:
            return negation.ask_scope(
                lx.TABLE_CELL_ASK.format(row=n, said=said, column="action", example=example), "action"
            )
    if removing and end:
        # "Remove these until Friday:": an end on a removal is no end a removal can have
        return negation.ask_scope(lx.TABLE_END_ASK.format(said=end), "expires")
    person, target = parts["person"], parts["target"]
    if "access" in parts and not lx.NLU94_TABLE_RIGHT_KNOWN.fullmatch(parts["access"]):
        # ("Read": no right the catalog has; read as a sentence it would be full access, nlu94)
        return negation.ask_scope(
            lx.TABLE_CELL_ASK.format(row=n, said=said, column="access", example=example), "access"
        )
    if "access" in parts:
        say = lx.TABLE_ROW_REMOVE_ACCESS if removing else lx.TABLE_ROW_GRANT_ACCESS
        return f"{say.format(person=person, access=parts['access'], target=target)} {end}".strip()
    say = lx.TABLE_ROW_REMOVE if removing else lx.TABLE_ROW_ADD
    return f"{say.format(person=person, target=target)} {end}".strip()


def _around(found: Table, now: dt.datetime) -> str | Draft:
    """The end said beside the table that every row carries ("" when none), or the question when a line
    beside it is not understood: a table is read as steps only when every line around it is (nlu80, rt52 B1,
    B2). A line that asks a change of its own is read on its own (planned)."""
    end = ""
    signed = False
    for x in found.outside:
        if sign_off := lx.TABLE_SIGN_OFF.search(x):
            rest = x[sign_off.end() :]
            if not rest.strip(" \t,.!-"):
                signed = True  # "Thanks / Grace": the lines after are who wrote it
                continue
            # "thanks. he's leaving so skip liam", "ta - until friday": what follows the thanks is read (rt54)
            x = rest
        if signed and _signature(x, now):
            continue
        x = lx.TABLE_END_LEAD.sub(lx.TABLE_END_LEAD_SAY, x, count=1)
        said = find_expiry(x, now)
        if said is not None and lx.TABLE_END_FILLER.fullmatch(x[: said.start] + " " + x[said.end :]):
            if end:
                return negation.ask_scope(lx.TABLE_END_ASK.format(said=x.strip()), "expires")
            end = x[said.start : said.end]  # "Until 13 March:", "All of the above until 13 March."
            continue
        if lx.TABLE_END_SAID.search(x):
            # "for the duration of the audit", "while Priya is away": an end no date can be set for
            return negation.ask_scope(lx.TABLE_END_ASK.format(said=x.strip()), "expires")
        if lx.TABLE_AROUND_CHANGES.search(x):
            # "not Liam", "Emma should get Send As instead": it changes rows the rows alone cannot say
            return negation.ask_scope(lx.TABLE_AROUND_ASK.format(said=x.strip()))
        if not lx.TABLE_LEAD_IN.search(x) and not lx.CHANGE_VERB_SAID.search(x):
            return negation.ask_scope(lx.TABLE_AROUND_ASK.format(said=x.strip()))
    return end


def _signature(line: str, now: dt.datetime) -> bool:
    """Whether a line after a sign-off is a signature (a name, a title): short, and saying no change, no
    negation and no end; anything else there ("Thanks / not Liam though") is read like any line (rt54)."""
    return (
        len(line.split()) <= 5
        and find_expiry(line, now) is None
        and not lx.TABLE_END_SAID.search(line)
        and not lx.TABLE_AROUND_CHANGES.search(line)
        and not lx.CHANGE_VERB_SAID.search(line)
    )


def planned(found: Table, plan: Callable[[str], Draft], now: dt.datetime) -> Draft:
    """Each row planned on its own and the plans put together; any row not read asks, never dropped."""
    end = _around(found, now)
    if isinstance(end, Draft):
        return end
    removing = any(lx.TABLE_LEAD_REMOVE.search(x) for x in found.outside)
    example = lx.TABLE_ROW_GRANT_ACCESS.format(
        person="Tom Becker", access="full access", target="support@acme.com"
    )
    parts: list[tuple[str, str | Draft]] = [
        (said, _row_text(n, said, cells, found.columns, removing, end)) for n, said, cells in found.rows
    ]
    # the words around the table that ask something of their own are one more request, never dropped
    parts += [
        (x, x) for x in found.outside if not lx.TABLE_LEAD_IN.search(x) and lx.CHANGE_VERB_SAID.search(x)
    ]
    return put_together(
        (
            row if isinstance(row, Draft) else plan(row),
            lx.TABLE_ROW_ASK.format(row=n, said=said, example=example),
        )
        for n, (said, row) in enumerate(parts, start=1)
    )


def put_together(drafts: Iterable[tuple[Draft, str]]) -> Draft:
    """The plans of a request's parts as one plan (a table's rows, a paste's units: planner/units.py): each
    draft with the question to ask when it is not understood, never dropped; any question asks the whole."""
    steps: list[DraftStep] = []
    asked: list[DraftQuestion] = []
    for draft, unread in drafts:
        if draft.status == "not_understood":
            asked.append(DraftQuestion(about="scope", text=unread))
            continue
        steps += draft.steps
        asked += draft.questions
    if asked:
        return Draft(status="needs_clarification", message=asked[0].text, steps=steps, questions=asked)
    n = len(steps)
    return Draft(status="ready", message=f"Understood {n} step{'s' if n != 1 else ''}.", steps=steps)
