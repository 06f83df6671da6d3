"""Ticket checkboxes and pasted tables, read before the request's words are (nlu76, issue 12 B/C).

A form's boxes say which of its options are asked for: only the ticked ones are kept, an empty box's label
is cut (never a step), and a box whose state cannot be read, or a form with none ticked, is asked. A pasted
table (CSV, TSV or Markdown, with a header row) is one request per row, each read from its own cells; a row
with a cell that says nothing asks that row's part, and a table whose columns cannot be told is asked whole,
never read in part."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mailwarden.planner import lexicon as lx
from mailwarden.planner import negation
from mailwarden.planner.draft import Draft, DraftQuestion, DraftStep


def checked(text: str) -> str | Draft:
    """The text with each line's empty boxes cut with their labels and each ticked box's mark cut, or the
    question when a box cannot be read or none is ticked; the text as it was when it has no boxes."""
    if lx.ANY_BOX.search(text) is None:
        return text
    lines: list[str] = []
    ticked = 0
    for line in text.split("\n"):
        boxes = list(lx.ANY_BOX.finditer(line))
        if not boxes:
            lines.append(line)
            continue
        field = lx.FORM_FIELD.match(line)
        if field is not None and len(list(lx.FORM_TICK_BOX.finditer(field.group("value")))) >= 2:
            # "Access type: [x] Full Access  [ ] Send As": a form's field the ticket reading takes box by box
            # (pasted._boxes_said); its state is checked here all the same
            unread = [b for b in boxes if lx.UNREAD_BOX.fullmatch(b.group(0))]
            if unread:
                return negation.ask_scope(lx.BOXES_UNREAD_ASK.format(label=field.group("value").strip()))
            ticked += sum(1 for b in boxes if lx.CHECKED_BOX.fullmatch(b.group(0)))
            lines.append(line)
            continue
        head = line[: boxes[0].start()]
        kept: list[str] = []
        for box, nxt in zip(boxes, [*boxes[1:], None], strict=True):
            label = lx.BOX_LABEL_TRIM.sub("", line[box.end() : nxt.start() if nxt else len(line)])
            if lx.UNREAD_BOX.fullmatch(box.group(0)):
                return negation.ask_scope(lx.BOXES_UNREAD_ASK.format(label=f"{box.group(0)} {label}".strip()))
            if lx.CHECKED_BOX.fullmatch(box.group(0)):
                ticked += 1
                if label:
                    kept.append(label)
        if kept:
            lines.append(head + ", ".join(kept))
        elif head.strip(" -*•\t") and not head.rstrip().endswith(":"):
            lines.append(head)  # "Emma Wilson [ ] ...": who the line is about stays, none of its options
    if not ticked:
        return negation.ask_scope(lx.BOXES_NONE_TICKED_ASK)
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
    n: int, said: str, cells: dict[str, str], columns: frozenset[str], removing: bool
) -> str | Draft:
    """One row said as a request, or the question for the part it leaves unsaid."""
    parts = {c: v for c, v in cells.items() if not lx.TABLE_UNREAD_CELL.fullmatch(v.strip().lower())}
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
    person, target = parts["person"], parts["target"]
    if "access" in parts:
        say = lx.TABLE_ROW_REMOVE_ACCESS if removing else lx.TABLE_ROW_GRANT_ACCESS
        return say.format(person=person, access=parts["access"], target=target)
    say = lx.TABLE_ROW_REMOVE if removing else lx.TABLE_ROW_ADD
    return say.format(person=person, target=target)


def planned(found: Table, plan: Callable[[str], Draft]) -> Draft:
    """Each row planned on its own and the plans put together; any row not read asks, never dropped."""
    removing = any(lx.TABLE_LEAD_REMOVE.search(x) for x in found.outside)
    steps: list[DraftStep] = []
    asked: list[DraftQuestion] = []
    example = lx.TABLE_ROW_GRANT_ACCESS.format(
        person="Tom Becker", access="full access", target="support@acme.com"
    )
    parts: list[tuple[str, str | Draft]] = [
        (said, _row_text(n, said, cells, found.columns, removing)) for n, said, cells in found.rows
    ]
    # the words around the table that ask something of their own are one more request, never dropped
    parts += [
        (x, x) for x in found.outside if not lx.TABLE_LEAD_IN.search(x) and lx.CHANGE_VERB_SAID.search(x)
    ]
    for n, (said, row) in enumerate(parts, start=1):
        draft = row if isinstance(row, Draft) else plan(row)
        if draft.status == "not_understood":
            asked.append(
                DraftQuestion(about="scope", text=lx.TABLE_ROW_ASK.format(row=n, said=said, example=example))
            )
            continue
        steps += draft.steps
        asked += draft.questions
    if asked:
        return Draft(status="needs_clarification", message=asked[0].text, steps=steps, questions=asked)
    n = len(steps)
    return Draft(status="ready", message=f"Understood {n} step{'s' if n != 1 else ''}.", steps=steps)
