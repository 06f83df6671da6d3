"""Marks beside the parts of a checklist said on one line (nlu120, red team 68 class 3).

"Please give Tom full access to Sales and Finance. Finance ⏳ Sales ✅" granted both: the line-start checklist
rule (nlu110) and the ticket boxes (forms.py) read a mark before its label, and the held-part check a mark
only at the end of its line. A mark mid-line is of the part on one side of it, and which side is told by the
line's ends: a line that ends with a mark and does not open with one puts each mark after its part; one that
opens with a mark and does not end with one puts each before. Each part is then said with its status in
words ("Finance: pending. Sales: approved."), which the status readings hold or plan as they do when written
so; a line whose marks could be of either part is asked about.
"""

from __future__ import annotations

import itertools
import re

from mailwarden.planner import lexicon as lx

__all__ = ["marked_parts", "said_as_words"]


def said_as_words(text: str) -> tuple[str, str]:
    """`text` with each one-line checklist's marks said as its parts' statuses, and ""; or `text` as it was
    and the question to ask when which part a mark is of cannot be told."""
    for line in text.split("\n")[1:]:
        # ("Sales OK Finance NO Billing OK": a "no" word beside a part may refuse it; asked, nlu126)
        if lx.NLU126_WORD_VERDICT_LINE.fullmatch(line) and lx.NLU126_REFUSING_WORD.search(line):
            return text, lx.NLU126_WORD_VERDICT_ASK.format(said=line.strip())
    if lx.NLU120_PART_MARK.search(text) is None:
        return text, ""
    lines = []
    for line in text.split("\n"):
        said = []
        for sentence in lx.NLU120_SENTENCE_END.split(line):
            read = _sentence(sentence, alone=sentence.strip() == line.strip())
            if read is None:
                return text, lx.NLU120_MARKS_UNCLEAR_ASK.format(said=sentence.strip())
            said.append(read)
        lines.append(" ".join(said))
    return "\n".join(lines), ""


def marked_parts(text: str) -> list[str]:
    """The parts each one-line checklist of `text` sets a mark beside, as said ("Sales", "Finance Billing"):
    each must be one part of the request, and every part of it must carry a mark (nlu125: "Sales ✅ Finance
    Billing ✅" and "Sales ✅ Billing ✅" for Sales, Finance and Billing granted Finance unmarked)."""
    if lx.NLU120_PART_MARK.search(text) is None:
        return []
    parts: list[str] = []
    # (two or more status lines of one part each, "Sales ✅" then "Finance ⏳", are a checklist set down a
    # line at a time: every part the plan changes must carry a mark, "HR" unmarked is asked; nlu128. One
    # such line alone holds that part and plans the rest, nlu124)
    status_lines = sum(
        1
        for line in text.split("\n")
        if (marks := list(lx.NLU120_PART_MARK.finditer(line)))
        and len(marks) == 1
        and _part_alone(line, marks[0])
    )
    for line in text.split("\n"):
        for sentence in lx.NLU120_SENTENCE_END.split(line):
            # (a status line of one part, "Finance ⏳", is no checklist: it holds that part alone, nlu124)
            read = _read(sentence, alone=status_lines >= 2 and sentence.strip() == line.strip())
            if read is not None:
                parts.extend(read[1])
    return parts


def _sentence(sentence: str, *, alone: bool = False) -> str | None:
    """`sentence` with its marks said in words, as it was when it is no checklist said on one line, or None
    when which part a mark is of cannot be told. A line of its own (`alone`) holding one part and one mark
    ("Finance ⏳", "⏳ Finance") says that part's status, as "Finance: pending." does (nlu124: it was
    asked)."""
    read = _read(sentence, alone=alone)
    return None if read is None else read[0]


def _read(sentence: str, *, alone: bool = False) -> tuple[str, list[str]] | None:
    """`_sentence`'s reading, with the parts the marks were set beside (none when it is no checklist)."""
    marks = list(lx.NLU120_PART_MARK.finditer(sentence))
    if all(m.group("word") for m in marks):
        return sentence, []  # ("Billing (denied) and Finance": a bracket is of the words before it)
    stripped = sentence.strip().rstrip(".!?;")
    if alone and len(marks) == 1 and (said := _part_alone(sentence, marks[0])):
        return said, [said.split(":", 1)[0]]
    opens = bool(marks) and not sentence[: marks[0].start()].strip()
    # ("Finance ⏳ thanks": a thanks after the last mark names no part; the line still ends with its mark)
    ends = bool(marks) and (
        not sentence[marks[-1].end() :].strip(" \t.!?;")
        or lx.NLU124_NO_PART_WORDS.fullmatch(sentence[marks[-1].end() :]) is not None
    )
    if not any(sentence[: m.start()].strip() and sentence[m.end() :].strip(" \t.!?;") for m in marks):
        return sentence, []  # (a mark only at an end: the held-part check and the forms read those)
    if lx.NLU124_NO_PART_WORDS.fullmatch(lx.NLU120_PART_MARK.sub(" ", sentence)):
        return sentence, []  # ("Done ✅ thanks": no part named beside the mark, so it is of none)
    if (
        not ends
        and (opens or sentence[: marks[0].start()].rstrip().endswith(":"))
        and all(m.group(0)[:1] in lx.NLU120_BOX_MARKS for m in marks)
    ):
        return sentence, []  # ("Access: ☑ Send As ☐ Full Access": a form's boxes before their labels)
    if opens == ends or not stripped:
        return None
    pieces = [sentence[a.end() : b.start()] for a, b in itertools.pairwise(marks)]
    head = ""
    # (a mark after its part: the line's opening is the first part's; before it, its end the last one's)
    pieces = [sentence[: marks[0].start()], *pieces] if ends else [*pieces, sentence[marks[-1].end() :]]
    parts: list[str] = []
    for n, piece in enumerate(pieces):
        if n == 0 and ends:
            # ("Status: Finance ⏳ Sales ✅": what opens the line before the first part is kept as it is)
            raw = piece.rstrip(lx.NLU120_PART_TRIM)
            piece = lx.NLU120_PART_LABEL_END.split(raw)[-1]
            head = raw[: len(raw) - len(piece)]
        words = lx.NLU120_PART_AND.sub("", piece.strip(lx.NLU120_PART_TRIM + ".!?")).strip(
            lx.NLU120_PART_TRIM
        )
        if not lx.NLU120_PART_WORDS.fullmatch(words):
            return None
        parts.append(words)
    said = " ".join(f"{part}: {_status(mark)}." for part, mark in zip(parts, marks, strict=True))
    return (head.rstrip() + "\n" + said).strip(), parts


def _part_alone(sentence: str, mark: re.Match[str]) -> str:
    """ "Finance: pending." for a line that is one part and its mark, before or after it; "" for any other
    line: one opened by a form's box ("☐ Full Access", forms.py's), one naming no part ("Done ✅") or asking
    a change itself ("Add Tom to Sales ⏳")."""
    before = sentence[: mark.start()].strip(lx.NLU120_PART_TRIM + ".!?")
    after = sentence[mark.end() :].strip(lx.NLU120_PART_TRIM + ".!?")
    if bool(before) == bool(after) or (not before and mark.group(0)[:1] in lx.NLU120_BOX_MARKS):
        return ""
    if mark.group(0)[:1] in "☐☑[":
        return ""  # ("Liam Brown ☐" a line: a form's box beside a name, forms.py's to read; nlu80)
    if mark.group(0)[:1] == "[":
        return ""  # ("Emma Wilson [x]\nLiam Brown [ ]": a typed box a line each is a form's, forms.py's)
    words = before or after
    if (
        not lx.NLU120_PART_WORDS.fullmatch(words)
        or lx.NLU124_NO_PART_WORDS.fullmatch(words)
        or lx.CHANGE_VERB_SAID.search(words)
    ):
        return ""
    return f"{words}: {_status(mark)}."


def _status(mark: re.Match[str]) -> str:
    if (token := mark.group("token")) is not None:
        return lx.NLU126_TOKEN_STATUS[" ".join(token.lower().split())]
    word = mark.group("word")
    if word is not None:
        word = " ".join(word.lower().split())
        return lx.NLU120_WORD_STATUS.get(word, word)
    return lx.NLU120_MARK_STATUS[mark.group(0)[:1]]
