"""Compiled regular expressions kept between processes, beside the bytecode, as Python keeps a module's.

A command that plans compiles about four hundred of the lexicon's patterns when it first matches with them
(planner/lazy_pattern.py): about 0.3 s of CPU in every `mailwarden plan`, a third of the command, spent
parsing the same sources into the same code every time. `re` compiles in two steps: Python code parses the
source and generates the regular expression engine's code (a list of integers), and `_sre.compile` builds
the pattern from that code. Here the first step's result is kept in a file, so a later process builds the
pattern from it directly, in microseconds:

    compiled = compile_kept(source, flags)   # == re.compile(source, flags): the same code, the same pattern

The file is where Python writes the planner's bytecode (`importlib.util.cache_from_source`, which follows
PYTHONPYCACHEPREFIX), named for the interpreter (`patterns.cpython-311.marshal`), and is written when and
where bytecode is: not with PYTHONDONTWRITEBYTECODE, not where the folder cannot be written (then every
process compiles as before). It holds what `re` would compile, keyed by the source and the flags, with the
interpreter's full version and the engine's magic number: another interpreter's file, or a file that cannot
be read, is ignored, and `_sre.compile` checks the code it is given (it refuses code that is not valid).
A digest of the marshalled entries heads them: a file damaged on disk (marshal can crash on bytes it did not
write) or of another format is ignored before it is unmarshalled. It is readable by its writer alone. A
pattern read from it is equal to what `re.compile` gives (a compiled pattern's equality compares the
engine's code), which tests/planner/test_kept_patterns.py checks for every pattern of the lexicon. Who can
write the file can write the bytecode beside it, which Python runs: keeping it there trusts no one more.

Only the planner's own sources are compiled through it: the lexicon's patterns (LazyPattern) and the
planner modules' fixed ones, never one built from a tenant's data (names and addresses of its people would
be written beside the bytecode, which any user of the installation may read): those `re.compile` as before.

What a process compiled that the file did not hold is added when the process exits (to what the file holds
then, written to a new file and moved into place: two processes writing at once lose nothing but an entry
one of them adds again later). A file grown past `_MOST` entries (sources edited many times) is started
again from what the process used.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import hmac
import importlib
import importlib.util
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any

__all__ = ["compile_kept"]

# What `re._compiler.compile` hands `_sre.compile`, the pattern's source aside: the flags with those the
# source sets inline, the code (as bytes of the engine's code words), the number of groups, the group
# names' indexes and the group names by index.
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

_HEAD = b"mailwarden kept patterns 2\n"
_DIGEST_SIZE = 32
_PAYLOAD_AT = len(_HEAD) + _DIGEST_SIZE

_MOST = 3000
"""Entries past which the file starts again (the whole planner has about 1,400 patterns and cues)."""

_compiled: dict[tuple[str, int], re.Pattern[str]] = {}
_kept: dict[tuple[str, int], _Entry] | None = None  # the file's entries, read at the first compile
_added: dict[tuple[str, int], _Entry] = {}


def compile_kept(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, built from the kept code when the file holds it."""
    key = (pattern, int(flags))
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = _build(key)
    return found


def _build(key: tuple[str, int]) -> re.Pattern[str]:
    kept = _entries()
    entry = kept.get(key)
    if entry is not None:
        # Code the engine refuses ("invalid SRE code"), or words cut short: compiled afresh, as re does.
        with contextlib.suppress(RuntimeError, ValueError, TypeError, OverflowError):
            return _from_entry(key[0], entry)
    entry, compiled = _compile(*key)
    if entry is not None:
        if not _added:
            atexit.register(_keep)
        _added[key] = entry
    return compiled


def _engine() -> Any:
    return importlib.import_module("_sre")  # the engine `re` builds its patterns with


def _code_type() -> str | None:
    """The array type of the engine's code words, or None when this interpreter's `re` is not CPython's."""
    if sys.implementation.name != "cpython":
        return None
    size = getattr(_engine(), "CODESIZE", None)
    return next((t for t in ("I", "L") if array(t).itemsize == size), None)


def _from_entry(pattern: str, entry: _Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = entry
    words = array(str(_code_type()), code).tolist()
    compiled: re.Pattern[str] = _engine().compile(pattern, flags, words, groups, groupindex, indexgroup)
    return compiled


def _compile(pattern: str, flags: int) -> tuple[_Entry | None, re.Pattern[str]]:
    """The pattern compiled as `re._compiler.compile` does, with what it gave the engine (None: compiled by
    `re.compile` itself, when this interpreter's `re` is not the one this reads)."""
    code_type = _code_type()
    if code_type is None or flags & re.DEBUG:
        return None, re.compile(pattern, flags)
    try:
        parsed = importlib.import_module("re._parser").parse(pattern, flags)
        code = importlib.import_module("re._compiler")._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry: _Entry = (
            int(flags | parsed.state.flags),
            array(code_type, code).tobytes(),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        compiled = _from_entry(pattern, entry)
    except re.error:
        raise  # the source is not a pattern: as re.compile says
    except Exception:  # noqa: BLE001 - another version's internals: compiled as ever, and nothing kept
        return None, re.compile(pattern, flags)
    return entry, compiled


def _file() -> Path | None:
    """Where the kept patterns are (beside this module's bytecode), or None where Python keeps no bytecode."""
    try:
        bytecode = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    return Path(bytecode).with_name(f"patterns.{sys.implementation.cache_tag}.marshal")


def _stamp() -> tuple[str, int]:
    """What a kept file must have been written by: this interpreter's version and its engine's magic."""
    return sys.version, int(getattr(_engine(), "MAGIC", 0))


def _read(path: Path | None) -> dict[tuple[str, int], _Entry]:
    if path is None or _code_type() is None:
        return {}
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    # marshal is not safe on bytes it did not write (one flipped bit can crash the interpreter: red team 77):
    # the payload is unmarshalled only when its digest, written before it, says it is the bytes written.
    head, digest, payload = data[: len(_HEAD)], data[len(_HEAD) : _PAYLOAD_AT], data[_PAYLOAD_AT:]
    if head != _HEAD or not hmac.compare_digest(digest, _digest(payload)):
        return {}
    try:
        # (marshal, as Python reads the bytecode beside it from the same folder)
        stamp, entries = marshal.loads(payload)  # noqa: S302 # nosec B302
        if tuple(stamp) != _stamp() or not isinstance(entries, dict):
            return {}
    except Exception:  # noqa: BLE001 - any other shape: another tool's file of that name, ignored
        return {}
    return entries


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest()


def _entries() -> dict[tuple[str, int], _Entry]:
    global _kept
    if _kept is None:
        _kept = _read(_file())
    return _kept


def _keep() -> None:
    """Add what this process compiled to the file (at exit; nothing when bytecode is not written)."""
    path = _file()
    if path is None or sys.dont_write_bytecode or not _added:
        return
    entries = {**_read(path), **_added}
    if len(entries) > _MOST:
        kept = _entries()
        entries = {key: kept[key] for key in _compiled if key in kept} | _added
    payload = marshal.dumps((_stamp(), entries))
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A new file of a name no one can guess, opened O_EXCL (never through a link planted in the folder),
        # readable by this user alone, moved into place whole.
        handle, temporary = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(_HEAD + _digest(payload) + payload)
        os.replace(temporary, path)
    except OSError:  # a folder this user cannot write: compiled again next time, as before
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _added.clear()
