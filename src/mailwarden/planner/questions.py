"""A text that asks rather than tells is answered, never turned into a change.

"Where does Chris Lee's Send As on the Support mailbox come from?" names a right, a person and a mailbox,
exactly what a grant names; read as a request it would give the access it asks about. A question (a wh-word,
"whether", "does/is/has ...", "can you check", a question mark) that is not a request put as a question
("can you give ...", "could you add ...?", "can I get ...?") and has no sentence telling what to change may
be planned as reads only: the report that answers it, or nothing (not understood), never a write.
"""

from __future__ import annotations

from mailwarden.planner import lexicon as lx

__all__ = ["asks_only"]


def asks_only(text: str) -> bool:
    """Whether `text` (cleaned, any case) only asks: some sentence is a question, none is a change asked
    for, whether outright or as a question."""
    low = text.lower()
    if lx.REQUEST_FORM.search(lx.WHY_CLAUSE.sub("why", low)) or lx.PASSED_ON_CHANGE.search(low):
        return False
    sentences = [s.strip(" ,;-") for s in lx.SENTENCE_END.split(low) if s.strip(" ,;-")]
    if any(lx.WRITE_IMPERATIVE.match(part.strip()) for s in sentences for part in lx.CLAUSE_JOIN.split(s)):
        return False
    return any(lx.INTERROGATIVE.search(s) for s in sentences)
