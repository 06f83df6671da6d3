"""The lexicon is the one source of words: every entry is read, and the readers hold none of their own.

A word pattern written inline in the reader is a phrasing a newcomer cannot find (and a lexicon entry nothing
reads is a phrasing that silently does nothing), so both fail here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args, get_type_hints

import mailwarden.planner.lexicon as lx
from mailwarden.planner.actions.spec import Mentions, Slot

PLANNER = Path(lx.__file__).parent
READERS = [PLANNER / "rules.py", PLANNER / "engine.py", *sorted((PLANNER / "actions").glob("*.py"))]
_RE_CALLS = {"search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split", "compile"}
_WORD = re.compile(r"[a-z]{2,}")
_WORDS = re.compile(r"\w+")
_ESCAPES = re.compile(r"\\[a-zA-Z]|\(\?[^)]*?\)|\[[^\]]*\]")


def _entries() -> list[str]:
    return [name for name in vars(lx) if name.isupper() and not name.startswith("_")]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_every_lexicon_entry_is_read_by_the_planner() -> None:
    # An entry's name is read where it stands as a whole word (`\bNAME\b`): one of the other sources'
    # words, gathered once (a search per entry and file took seconds: a thousand entries, thirty files).
    read = {
        w
        for p in PLANNER.rglob("*.py")
        if p.name != "lexicon.py"
        for w in _WORDS.findall(p.read_text(encoding="utf-8"))
    }
    own = (PLANNER / "lexicon.py").read_text(encoding="utf-8")
    unused = [
        name
        for name in _entries()
        if name not in read
        # an entry another entry is built from (LEVEL_PATTERNS from ...) is read through it
        and len(re.findall(rf'(?<!")\b{name}\b(?!")', own)) < 2
    ]
    assert not unused, f"lexicon entries nothing reads (delete them or use them): {unused}"


def _word_patterns(path: Path) -> list[str]:
    found = []
    for node in ast.walk(_tree(path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if not (isinstance(owner, ast.Name) and owner.id == "re" and node.func.attr in _RE_CALLS):
            continue
        for arg in node.args[:1]:
            if (
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and _WORD.search(_ESCAPES.sub("", arg.value))
            ):
                found.append(f"{path.name}:{node.lineno} {arg.value!r}")
    return found


def _word_sets(path: Path) -> list[str]:
    """`x in ("to", "for")`, `x == "from"`, `s.startswith(("access", ...))`: words for the lexicon."""
    found = []
    for node in ast.walk(_tree(path)):
        literals: list[ast.expr] = []
        if isinstance(node, ast.Compare) and any(
            isinstance(o, (ast.In, ast.NotIn, ast.Eq)) for o in node.ops
        ):
            literals = list(node.comparators)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("startswith", "endswith")
        ):
            literals = list(node.args[:1])
        for lit in literals:
            items = lit.elts if isinstance(lit, (ast.Tuple, ast.Set, ast.List)) else [lit]
            words = [
                i.value
                for i in items
                if isinstance(i, ast.Constant) and isinstance(i.value, str) and i.value.isalpha()
            ]
            if words and _is_prose(words):
                found.append(f"{path.name}:{node.lineno} {words}")
    return found


def _is_prose(words: list[str]) -> bool:
    # Action ids, changes and parameter names are the model's vocabulary (model/steps.py), not phrasing.
    from mailwarden.model.steps import ACTIONS

    model = (
        set(ACTIONS) | {c for a in ACTIONS.values() for c in a.changes} | {a.kind for a in ACTIONS.values()}
    )
    # a draft's status, and what a pronoun stands for (mentions.py): codes, not words a person types
    model |= {"me", "ready", "person", "group"}
    model |= set(get_args(get_type_hints(Mentions)["kind"]))  # the kinds of mention a description asks for
    model |= set(get_args(get_type_hints(Slot)["fallback"]))  # how a slot is filled
    return any(w not in model for w in words)


def test_the_readers_hold_no_word_of_their_own() -> None:
    readers = [p for p in READERS if p.exists()]
    assert readers
    inline = [hit for p in readers for hit in _word_patterns(p) + _word_sets(p)]
    assert not inline, "word patterns outside lexicon.py (move them there):\n" + "\n".join(inline)
