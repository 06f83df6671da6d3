"""A pattern built from the kept code is the pattern `re` compiles (planner/kept_patterns.py, issue 14).

A compiled pattern's equality compares the regular expression engine's code, so `==` with `re.compile` is
the check that nothing the planner matches changes when its patterns come from the file.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mailwarden.planner.lexicon as lx
from mailwarden.planner import kept_patterns
from mailwarden.planner.lazy_pattern import LazyPattern


@pytest.fixture
def kept_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A process's state of kept patterns afresh, with its file in `tmp_path`, written by `_keep`."""
    path = tmp_path / "pycache" / "patterns.marshal"
    monkeypatch.setattr(kept_patterns, "_file", lambda: path)
    monkeypatch.setattr(kept_patterns, "_compiled", {})
    monkeypatch.setattr(kept_patterns, "_kept", None)
    monkeypatch.setattr(kept_patterns, "_added", {})
    monkeypatch.setattr(kept_patterns.atexit, "register", lambda f: f)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def _next_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_patterns, "_compiled", {})
    monkeypatch.setattr(kept_patterns, "_kept", None)
    monkeypatch.setattr(kept_patterns, "_added", {})


def _held(path: Path) -> tuple[object, dict[tuple[str, int], object]]:
    """What a kept file holds: (stamp, entries), past its head and digest."""
    stamp, entries = marshal.loads(path.read_bytes()[kept_patterns._PAYLOAD_AT :])
    return stamp, entries


def _write(path: Path, held: object) -> None:
    """A kept file holding `held`, with the head and digest the module writes (so it is read)."""
    payload = marshal.dumps(held)
    path.write_bytes(kept_patterns._HEAD + kept_patterns._digest(payload) + payload)


def _sources() -> list[tuple[str, int]]:
    found = [p for p in vars(lx).values() if isinstance(p, LazyPattern)]
    return sorted({(s, int(p._flags)) for p in found for s in (p.pattern, p.cue) if s is not None}, key=repr)


def test_every_lexicon_pattern_kept_is_the_pattern_re_compiles(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources()
    assert len(sources) > 300
    compiled = [kept_patterns.compile_kept(*s) for s in sources]
    kept_patterns._keep()
    _next_process(monkeypatch)
    again = [kept_patterns.compile_kept(*s) for s in sources]
    assert kept_patterns._added == {}  # all built from the file
    for (source, flags), first, read in zip(sources, compiled, again, strict=True):
        expected = re.compile(source, flags)
        assert first == expected, source
        assert read == expected, source
        assert (read.flags, read.groups, read.groupindex) == (
            expected.flags,
            expected.groups,
            expected.groupindex,
        )


def test_a_kept_pattern_matches_as_re_compiles_it(kept_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = r"(?P<who>[A-Z]\w+)\s+(?i:SEND)\s+as\b(?=\s)"
    kept_patterns.compile_kept(source, re.IGNORECASE)
    kept_patterns._keep()
    _next_process(monkeypatch)
    read = kept_patterns.compile_kept(source, re.IGNORECASE)
    assert kept_patterns._added == {}
    text = "Give Tom send As on Sales, and maria SEND as too"
    expected = re.compile(source, re.IGNORECASE)
    assert [m.span() + m.groups() for m in read.finditer(text)] == [
        m.span() + m.groups() for m in expected.finditer(text)
    ]
    assert read.sub(r"<\g<who>>", text) == expected.sub(r"<\g<who>>", text)


def test_a_process_adds_what_it_compiled_to_what_the_file_holds(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_patterns.compile_kept(r"a+b", 0)
    kept_patterns._keep()
    _next_process(monkeypatch)
    kept_patterns.compile_kept(r"c+d", re.IGNORECASE)
    kept_patterns._keep()
    _stamp, entries = _held(kept_file)
    assert set(entries) == {("a+b", 0), ("c+d", int(re.IGNORECASE))}


def test_nothing_is_written_where_python_writes_no_bytecode(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    kept_patterns.compile_kept(r"a+b", 0)
    kept_patterns._keep()
    assert not kept_file.exists()


def test_another_interpreters_or_a_broken_file_is_compiled_afresh(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_patterns.compile_kept(r"a+b", 0)
    kept_patterns._keep()
    _stamp, entries = _held(kept_file)
    _write(kept_file, (("another version", 1), entries))
    _next_process(monkeypatch)
    assert kept_patterns.compile_kept(r"a+b", 0) == re.compile(r"a+b")
    assert ("a+b", 0) in kept_patterns._added

    # Code the engine refuses (a file cut short, or written over) is not used either.
    flags, code, *rest = entries[("a+b", 0)]
    broken = {("a+b", 0): (flags, code[: len(code) // 2], *rest)}
    _write(kept_file, (kept_patterns._stamp(), broken))
    _next_process(monkeypatch)
    assert kept_patterns.compile_kept(r"a+b", 0) == re.compile(r"a+b")

    kept_file.write_bytes(b"not marshal")
    _next_process(monkeypatch)
    assert kept_patterns.compile_kept(r"a+b", 0) == re.compile(r"a+b")


def test_a_damaged_or_foreign_file_is_ignored_before_it_is_unmarshalled(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """marshal can crash the interpreter on bytes it did not write (red team 77: one flipped bit, or eleven
    crafted bytes, crashed every process that plans until the file was deleted): a file whose digest does not
    match, or of another shape, is compiled afresh and never unmarshalled."""
    kept_patterns.compile_kept(r"a+b", 0)
    kept_patterns._keep()
    whole = kept_file.read_bytes()
    unmarshalled: list[bytes] = []
    real_loads = marshal.loads
    monkeypatch.setattr(kept_patterns.marshal, "loads", lambda b: unmarshalled.append(b) or real_loads(b))
    for at in range(0, len(whole), max(1, len(whole) // 40)):
        damaged = bytearray(whole)
        damaged[at] ^= 0x80
        kept_file.write_bytes(bytes(damaged))
        _next_process(monkeypatch)
        assert kept_patterns.compile_kept(r"a+b", 0) == re.compile(r"a+b")
        assert ("a+b", 0) in kept_patterns._added, at
    for foreign in (b"\xa9\x01{\xa9\x01r\x01\x00\x00\x00N0", marshal.dumps((5, {}))):
        kept_file.write_bytes(foreign)
        _next_process(monkeypatch)
        assert kept_patterns.compile_kept(r"a+b", 0) == re.compile(r"a+b")
    assert unmarshalled == []
    _write(kept_file, (5, {}))  # the right head over another shape: read, and ignored
    _next_process(monkeypatch)
    assert kept_patterns.compile_kept(r"a+b", 0) == re.compile(r"a+b")
    assert ("a+b", 0) in kept_patterns._added


def test_the_file_is_written_anew_never_through_a_link_and_for_its_writer_alone(
    kept_file: Path, tmp_path: Path
) -> None:
    """Written to a new file of an unguessable name opened O_EXCL, then moved into place: a link planted in
    the folder under the name a pid would give is never written through (red team 77)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    kept_file.parent.mkdir(parents=True)
    (kept_file.parent / f"{kept_file.name}.{os.getpid()}.tmp").symlink_to(victim)
    kept_patterns.compile_kept(r"a+b", 0)
    kept_patterns._keep()
    assert victim.read_text() == "precious"
    assert ("a+b", 0) in _held(kept_file)[1]
    assert kept_file.stat().st_mode & 0o777 == 0o600


def test_a_source_that_is_no_pattern_raises_as_re_does(kept_file: Path) -> None:
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        kept_patterns.compile_kept(r"so does (", 0)


_SOURCES = """
import json
from tests.planner.test_kept_patterns import _sources

print(json.dumps(_sources()))
"""


def test_the_lexicon_builds_the_same_sources_in_every_process() -> None:
    """A source built from a set in its iteration order (which differs from process to process, as
    strings' hashes do) would be compiled afresh in every process and added to the file each time."""
    seen = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SOURCES], capture_output=True, text=True, check=True, env=env, timeout=120
        )
        seen.append([tuple(s) for s in json.loads(done.stdout)])
    assert seen[0] == seen[1] == _sources()
