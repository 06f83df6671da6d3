"""What makes planning cheaper must never change what is planned (issue 12, nlu47).

A lexicon pattern with a cue is not run where its cue is absent; its answers are the pattern's own. The
names one request resolves are shared by its checks, and by no other request.
"""

from __future__ import annotations

import re

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


def test_the_lexicon_cues_hold() -> None:
    """On every development and negation text, wherever a cued lexicon pattern matches, its cue is found
    (each cue names what every part of its pattern holds; this checks it on the phrasings we have)."""
    names = _cued_entries()
    assert names
    texts = [c.text for path in (CORPUS, NEGATION) for c in load_corpus(path)]
    for name in names:
        entry: LazyPattern = getattr(lx, name)
        full, cue = re.compile(entry.pattern, entry.flags), re.compile(str(entry.cue), entry.flags)
        for text in texts:
            for variant in (text, text.lower()):
                if full.search(variant):
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
