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

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.steps import ACTIONS
from mailwarden.planner import lexicon as lx
from mailwarden.planner.draft import Draft
from mailwarden.planner.negation import Ids

__all__ = ["marked_parts", "parts_as_asked", "said_as_words", "status_unmet"]


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
                parts.extend(part for part, _ in read[1])
    return parts


def status_unmet(draft: Draft, text: str, directory: Directory, requester: Recipient) -> str:
    """What the status lines set down after the request's first line leave unmet by `draft`'s writes, or ""
    (nlu131, red team 71 class 2). A status line is one part and its mark ("Billing ✅", "⏳ Finance") or a
    checklist said on one line ("Sales ✅, Finance ⏳"); its part is matched to what the plan changes by any
    name the directory knows it by, whatever form the request used ("finance@" and "Finance" are one). Once a
    part is marked approved, every part the plan changes must be ("Billing ✅" for Sales, Billing and Finance
    granted all three; a right marked approved, "Full access ✅", likewise leaves the plan's other rights
    unapproved, nlu142); a part marked held is never changed ("sales@ and finance@.\nFinance ⏳" granted
    finance@); and a hold set on what is no part of the request ("Mike ⏳", "Approval ⏳") holds it whole."""
    if "\n" not in text.strip() or (
        lx.NLU120_PART_MARK.search(text) is None and lx.NLU120_HOLD_CUE.search(text) is None
    ):
        return ""
    statuses: list[tuple[str, str, str]] = []
    ids = Ids(directory, requester)
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if n == 0 or not line.strip():
            continue
        rest = "\n".join(lines[:n] + lines[n + 1 :])
        held = _held_in_words(line)
        if held and not ids.unsure(lx.NLU125_PART_KIND_AFTER.sub("", held)):
            # ("Finance – pending": a line of a part and its hold in words is a status line as "Finance ⏳",
            # when its words name one the directory knows: "Status of Billing: rejected" is the readings')
            statuses.append((held, "pending", rest))
            continue
        for sentence in lx.NLU120_SENTENCE_END.split(line):
            read = _read(sentence, alone=sentence.strip() == line.strip())
            statuses.extend((part, status, rest) for part, status in (read[1] if read else ()))
    if not statuses:
        return ""
    writes = [s for s in draft.steps if ACTIONS[s.action].kind == "write"]
    sides = [
        [(str(s.params[k]), ids.of(str(s.params[k]))) for s in writes for k in keys if s.params.get(k)]
        for keys in (("mailbox", "group"), ("trustee", "member", "grantee"))
    ]
    changed = frozenset().union(*(found for side in sides for _, found in side))
    approved: set[str] = set()
    approved_rights: set[str] = set()
    for part, status, rest in statuses:
        rights = [action for action, right in lx.NLU120_HELD_RIGHTS if right.fullmatch(part)]
        if rights:
            if status not in lx.NLU131_APPROVING and any(s.action in rights for s in writes):
                return lx.NLU117_HELD_ASK.format(said=f"{part} {status}")
            if status in lx.NLU131_APPROVING:
                approved_rights.update(rights)
            continue
        found = ids.of(lx.NLU125_PART_KIND_AFTER.sub("", part))
        if status in lx.NLU131_APPROVING:
            approved |= found
        elif found & changed or not _named_in(rest, part, found, directory):
            # (a held part the plan changes, or a hold on someone or something the request does not name:
            # "Mike ⏳" may be the one whose word the whole request waits on)
            return lx.NLU117_HELD_ASK.format(said=f"{part} {status}")
    if approved_rights:
        # ("full access and send as on sales@.\nFull access ✅": a mark that approves one right leaves every
        # other right the plan gives unapproved, as "Billing ✅" leaves the other mailboxes, nlu142)
        for s in writes:
            if s.action in lx.NLU142_RIGHT_SAID and s.action not in approved_rights:
                return lx.NLU125_UNMARKED_ASK.format(said=lx.NLU142_RIGHT_SAID[s.action])
    if approved:
        for side in sides:
            if any(found & approved for _, found in side):
                for ref, found in side:
                    if not found & approved:
                        return lx.NLU125_UNMARKED_ASK.format(said=ref)
    return ""


def parts_as_asked(text: str, directory: Directory, requester: Recipient) -> str:
    """`text` with the part each status line after its first names said as the request says it, when the
    two are one recipient by different names (nlu136): "sales@ and finance@.\nFinance ⏳" asked where
    "Sales and Finance.\nFinance ⏳" held Finance, the status readings matching a part by its words only.
    The line's part becomes the request's own form ("finance@ ⏳"), whichever of its names (display name,
    alias, address or its local part) either used."""
    if "\n" not in text.strip() or (
        lx.NLU120_PART_MARK.search(text) is None and lx.NLU120_HOLD_CUE.search(text) is None
    ):
        return text
    ids = Ids(directory, requester)
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if n == 0 or not line.strip():
            continue
        parts = [held] if (held := _held_in_words(line)) else []
        for sentence in lx.NLU120_SENTENCE_END.split(line):
            read = _read(sentence, alone=sentence.strip() == line.strip())
            parts.extend(part for part, _ in (read[1] if read else ()))
        rest = "\n".join(lines[:n] + lines[n + 1 :])
        for part in dict.fromkeys(parts):
            name = lx.NLU125_PART_KIND_AFTER.sub("", part)
            if _said_as(rest, name) or ids.unsure(name):
                continue
            (rid,) = ids.of(name)
            one = directory.get(rid)
            if one is None:
                continue
            names = [one.primary_address, one.display_name, *filter(None, [one.alias])]
            form = next((said for said in (_said_as(rest, x) for x in names if x) if said), "")
            form = form or _said_as(rest, one.primary_address.split("@", 1)[0], local=True)
            if form and ids.of(form) == {rid}:
                # (a hold in words after its part is said after a colon, as marks are said: "finance@
                # pending" and "- finance@: pending" are read as no status line; the bullet goes with it)
                at = re.search(rf"(?<![\w@.-]){re.escape(name)}(?![\w@-])", lines[n])
                if at is None:
                    continue
                if part == held and lx.NLU120_PART_MARK.search(lines[n]) is None:
                    lines[n] = f"{form}: " + lines[n][at.end() :].lstrip(lx.NLU136_HOLD_WORDS_LEAD)
                else:
                    lines[n] = lines[n][: at.start()] + form + lines[n][at.end() :]
    return "\n".join(lines)


def _said_as(text: str, name: str, *, local: bool = False) -> str:
    """How `text` says `name` as it is, or as an address's `local` part with its "@" and any domain after
    it; or ""."""
    at = r"@(?:[\w-]+(?:\.[\w-]+)*)?" if local else ""
    said = re.search(rf"(?<![\w@.-]){re.escape(name)}{at}(?![\w@-])", text, re.IGNORECASE)
    return "" if said is None else said.group(0)


def _held_in_words(line: str) -> str:
    """The part a line of one part and its hold said in words names ("Finance – pending", "- Sales: on
    hold"), or ""."""
    words = lx.NLU131_WORDS_LINE.match(line)
    if words is None:
        return ""
    ends = [w.end() for w in re.finditer(r"\S+", line[: words.end()]) if w.start() >= words.start("words")]
    for at in reversed(ends):
        said = line[words.start("words") : at]
        held = lx.NLU117_HELD_AFTER.match(line, at)
        if held is not None and not line[held.end() :].strip(" \t.!"):
            if lx.NLU124_NO_PART_WORDS.fullmatch(said) or lx.CHANGE_VERB_SAID.search(said):
                return ""
            return said
    return ""


def _named_in(rest: str, part: str, found: frozenset[str], directory: Directory) -> bool:
    """Whether `rest` (the request without the status line) names `part` by its words, or by the name,
    alias or address local part of one the directory resolves it to."""
    names = {part}
    for rid in found:
        if (one := directory.get(rid)) is not None:
            names |= {one.display_name, one.primary_address.split("@", 1)[0], *filter(None, [one.alias])}
    low = rest.casefold()
    return any(
        re.search(rf"(?<![\w@.-]){re.escape(name.casefold())}(?![\w-])", low) for name in names if name
    )


def _sentence(sentence: str, *, alone: bool = False) -> str | None:
    """`sentence` with its marks said in words, as it was when it is no checklist said on one line, or None
    when which part a mark is of cannot be told. A line of its own (`alone`) holding one part and one mark
    ("Finance ⏳", "⏳ Finance") says that part's status, as "Finance: pending." does (nlu124: it was
    asked)."""
    read = _read(sentence, alone=alone)
    return None if read is None else read[0]


def _read(sentence: str, *, alone: bool = False) -> tuple[str, list[tuple[str, str]]] | None:
    """`_sentence`'s reading, with the parts the marks were set beside and the status each says (none when
    it is no checklist)."""
    marks = list(lx.NLU120_PART_MARK.finditer(sentence))
    if all(m.group("word") for m in marks):
        return sentence, []  # ("Billing (denied) and Finance": a bracket is of the words before it)
    stripped = sentence.strip().rstrip(".!?;")
    if alone and len(marks) == 1 and (said := _part_alone(sentence, marks[0])):
        part, status = said.split(": ", 1)
        return said, [(part, status.rstrip("."))]
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
    statuses = [(part, _status(mark)) for part, mark in zip(parts, marks, strict=True)]
    said = " ".join(f"{part}: {status}." for part, status in statuses)
    return (head.rstrip() + "\n" + said).strip(), statuses


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
    # ("⏳ finance (Mike)": who the status waits on, in brackets after the part, names no part)
    words = lx.NLU131_PART_ASIDE.sub("", before or after)
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
