"""Pasted tickets and e-mails: only the body's request is the request.

A ticket or a mail pasted whole names people in its headers ("Requested by:", "Caller:", "From:", "Cc:"),
its ticket line, its greeting, its signature ("Thanks, / Priya Patel | VP Sales") and its quoted reply
("> On Fri, Ken Adams wrote:"). Those people are who wrote, sent, were copied or were quoted: context, never
whom a change is for. Reading them as the body's names would give access to the wrong person, so the lines
are set aside before the planner reads the text. A single-line request is left as it is; a paste with no
body left is not understood rather than read from its headers.
"""

from __future__ import annotations

from mailwarden.planner import lexicon as lx

__all__ = ["body", "without_asides"]


def body(text: str) -> str:
    """The lines of `text` that ask for something: headers, the ticket line, greetings, what follows a
    sign-off and quoted lines left out (a sentence wrapped over lines stays one sentence)."""
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) < 2:
        return text
    kept: list[str] = []
    for n, line in enumerate(lines):
        if lx.PASTED_QUOTE.match(line) and kept and all(lx.PASTED_POINTS_BELOW.search(k) for k in kept):
            # "can you action the request below?": the forwarded message is the request, read in its place
            return body("\n".join(lx.PASTED_QUOTE_MARK.sub("", q) for q in lines[n + 1 :]))
        if lx.PASTED_SIGN_OFF.match(line) or lx.PASTED_QUOTE.match(line):
            break  # a signature or the quoted thread: everything after it is context
        if not line.strip() or lx.PASTED_GREETING.match(line):
            continue
        if lx.PASTED_HEADER.match(line) or lx.PASTED_TICKET_ID.match(line):
            continue
        line = lx.PASTED_BODY_LABEL.sub("", line).strip()
        if line:
            kept.append(line)
    # nothing but context ("Subject: ..." and a signature): no request to read, rather than its names
    return "\n".join(kept)


def without_asides(text: str) -> str:
    """The text without asides about how things already are ("Add Tom to all-sales (Mike is already a
    member)"): the person in the aside already has it, and reading them as the request's would add them."""
    return lx.ALREADY_ASIDE.sub(" ", text)
