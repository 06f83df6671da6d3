"""What makes planning cheaper must never change what is planned (issue 12, nlu47).

A lexicon pattern with a cue is not run where its cue is absent; its answers are the pattern's own. The
names one request resolves are shared by its checks, and by no other request.
"""

from __future__ import annotations

import re
import re._constants as sre  # the parser's own reading of a pattern (sre_parse warns it is deprecated)
import re._parser as sre_parser
from collections.abc import Callable, Iterable
from typing import Any

import pytest

import mailwarden.planner.lexicon as lx
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner import negation
from mailwarden.planner.evaluate import load_corpus
from mailwarden.planner.lazy_pattern import LazyPattern
from tests.planner.conftest import CORPUS, NEGATION

_TEXTS = [
    "Give Tom send as on Sales, so does Maria Garcia.",
    "Give Tom send as on Sales, so does maria.",
    "add ava to all-sales",
    "",
    "so does Ken",
]


def _answers(p: re.Pattern[str] | LazyPattern, text: str) -> list[object]:
    def spans(m: re.Match[str] | None) -> object:
        return None if m is None else (m.span(), m.groups())

    return [
        spans(p.search(text)),
        spans(p.search(text, 3)),
        spans(p.match(text)),
        spans(p.fullmatch(text)),
        [spans(m) for m in p.finditer(text)],
        p.findall(text),
        p.sub("<>", text),
        p.sub(lambda m: m.group(0).upper(), text, 1),
        p.subn("", text),
        p.split(text),
    ]


@pytest.mark.parametrize("text", _TEXTS)
def test_a_cued_pattern_answers_as_the_pattern_itself(text: str) -> None:
    source = r"(?P<before>[^.]*?),\s+so\s+does\s+(?P<who>[A-Z]\w*)"
    cued = LazyPattern(source, cue=r"so\s+does\s+[A-Z]")
    assert _answers(cued, text) == _answers(re.compile(source), text)
    # (and once compiled, the cued methods stay in place: a second look answers the same)
    assert _answers(cued, text) == _answers(re.compile(source), text)


def test_a_cued_pattern_is_not_compiled_while_its_cue_is_absent() -> None:
    # (a source `re` cannot compile shows when it is compiled: only once the cue is found)
    cued = LazyPattern(r"so does (", cue=r"so\s+does")
    texts = ["add ava to all-sales", "", "so do Ken"]
    assert [cued.search(t) for t in texts] == [None, None, None]
    assert [cued.sub("x", t) for t in texts] == texts
    assert list(cued.finditer("add ava")) == []
    assert cued.split("add ava") == ["add ava"]
    with pytest.raises(re.error):
        cued.search("so does Ken")


def _cued_entries() -> list[str]:
    return [k for k, v in vars(lx).items() if isinstance(v, LazyPattern) and v.cue is not None]


def _held(items: Iterable[tuple[Any, Any]]) -> list[frozenset[str]]:
    """What every match of a parsed pattern (`re._parser`'s items, case kept) holds: clauses, each a set
    of strings of which a match holds at least one. Only what is sure is said: consecutive literals, and
    what a group (with no flags of its own), a repeat of at least once, an atomic group, or every branch
    of an alternation holds; anything else (a class, a lookaround, an optional part) is passed over."""
    held: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            held.append(frozenset(["".join(run)]))
            run = []
        if op is sre.SUBPATTERN and not arg[1] and not arg[2]:  # (group, add_flags, del_flags, items)
            held += _held(arg[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            held += _held(arg[2])  # (min, max, items)
        elif op is sre.ATOMIC_GROUP:
            held += _held(arg)
        elif op is sre.BRANCH:  # (None, [items of each branch])
            each = [_held(branch) for branch in arg[1]]
            if all(each):  # a match holds one of each branch's surest clause
                held.append(frozenset().union(*(max(c, key=_surety) for c in each)))
    if run:
        held.append(frozenset(["".join(run)]))
    return held


def _surety(clause: frozenset[str]) -> int:
    return min(map(len, clause))


def _cannot_match(pattern: str, flags: int) -> Callable[[str], bool]:
    """A test that is True only of texts `pattern` cannot match anywhere: some clause of `_held` none of
    whose strings is in the text. Under IGNORECASE only ASCII strings and texts are judged (lowered: an
    ASCII character matches another ignoring case only as its lowercase; the folds of 'k', 's', 'i' to
    non-ASCII letters need a non-ASCII text); any other text is never ruled out."""
    parsed = sre_parser.parse(pattern, flags)
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    held = [c for c in _held(parsed) if not ignore_case or all(s.isascii() for s in c)]
    held = sorted({frozenset(s.lower() for s in c) if ignore_case else c for c in held}, key=_surety)[::-1]

    def cannot(text: str) -> bool:
        if ignore_case:
            if not text.isascii():
                return False
            text = text.lower()
        return any(all(s not in text for s in clause) for clause in held)

    return cannot


def test_a_text_ruled_out_is_one_the_pattern_cannot_match() -> None:
    cases = [
        (r"(?P<before>[^.]*?),\s+so\s+(?:does|will)\s+(?P<who>[A-Z]\w*)", 0),
        (r"\b(?:give|grant)s?\b.{0,40}?(?:access|rights)+", re.IGNORECASE),
        (r"(?:so|as)\s+(?i:DOES)\s+x?y(?=z)", 0),
        (r"(?>ab|cd)e*f", 0),
    ]
    texts = [
        "Give Tom send as on Sales, so does Maria Garcia.",
        "so will Ken",
        "GRANT the access",
        "gives",
        "grant ßaccess",
        "as does yz",
        "as DOES yz",
        "so dOeS y",
        "abf",
        "cde",
        "cdf",
        "Ken, so will Ken",
    ]
    for pattern, flags in cases:
        full, cannot = re.compile(pattern, flags), _cannot_match(pattern, flags)
        assert any(cannot(t) for t in texts), pattern  # (it does rule out some)
        assert not [t for t in texts if cannot(t) and full.search(t)], pattern


def test_the_lexicon_cues_hold() -> None:
    """On every development and negation text, wherever a cued lexicon pattern matches, its cue is found
    (each cue names what every part of its pattern holds; this checks it on the phrasings we have). A text
    the pattern cannot match (`_cannot_match`: it lacks what every match holds) is not searched."""
    names = _cued_entries()
    assert names
    texts = [c.text for path in (CORPUS, NEGATION) for c in load_corpus(path)]
    for name in names:
        entry: LazyPattern = getattr(lx, name)
        full, cue = re.compile(entry.pattern, entry.flags), re.compile(str(entry.cue), entry.flags)
        cannot = _cannot_match(entry.pattern, entry.flags)
        for text in texts:
            for variant in (text, text.lower()):
                if not cannot(variant) and full.search(variant):
                    assert cue.search(variant), f"{name}: the cue misses {variant!r}"


def test_one_request_resolves_each_name_once(acme: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(directory: Directory, ref: str, **kw: object) -> object:
        calls.append(ref)
        return resolve(directory, ref, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(negation, "resolve", counted)
    me = resolve(acme, "ava.johnson@acme.com")
    with negation.one_request():
        first, second = negation.Ids(acme, me), negation.Ids(acme, me)
        assert first.of("Tom Becker") == second.of("Tom Becker")
        assert first.of("nobody-by-this-name") == second.of("nobody-by-this-name") == {"nobody-by-this-name"}
    assert calls == ["Tom Becker", "nobody-by-this-name"]
    # another request resolves again (nothing is kept past the request)
    assert negation.Ids(acme, me).of("Tom Becker") == first.of("Tom Becker")
    assert calls == ["Tom Becker", "nobody-by-this-name", "Tom Becker"]
