"""The `$filter` language of Graph's directory: a parser and an evaluator over an entity's JSON.

Supported, as Graph supports them on directory objects: `eq ne gt ge lt le`, `in (...)`, `and or not`,
parentheses, `startsWith(p,'x')`, `endsWith(p,'x')`, and lambdas over collections
(`proxyAddresses/any(x:x eq 'smtp:a@b.com')`, `groupTypes/any(c:c eq 'Unified')`). String comparison
is case-insensitive, as in the directory. The parser records which operators Graph counts as
*advanced* (`ne`, `not`, `endsWith`, comparisons with `null`), so the caller can refuse them without
`ConsistencyLevel: eventual` and `$count=true`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from mailwarden.emulator.graph.errors import GraphError, bad_request

Env = Mapping[str, Any]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<number>-?\d+(?:\.\d+)?)(?![\w-])
      | (?P<name>[A-Za-z_$][\w.$]*)
      | (?P<punct>[(),:/])
    )""",
    re.VERBOSE,
)
_COMPARISONS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})
_FUNCTIONS = {"startswith": "startsWith", "endswith": "endsWith"}


def _fold(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _compare(op: str, left: Any, right: Any) -> bool:
    left, right = _fold(left), _fold(right)
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if left is None or right is None:
        return False
    try:
        return bool({"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}[op])
    except TypeError:
        return False


@dataclass(frozen=True)
class _Literal:
    value: Any

    def evaluate(self, item: Env, scope: Env) -> Any:
        return self.value


@dataclass(frozen=True)
class _Path:
    segments: tuple[str, ...]

    def evaluate(self, item: Env, scope: Env) -> Any:
        head, *rest = self.segments
        value: Any = scope[head] if head in scope else item.get(head)
        for segment in rest:
            value = value.get(segment) if isinstance(value, Mapping) else None
        return value


@dataclass(frozen=True)
class _Compare:
    op: str
    left: _Path | _Literal
    right: _Path | _Literal

    def evaluate(self, item: Env, scope: Env) -> bool:
        return _compare(self.op, self.left.evaluate(item, scope), self.right.evaluate(item, scope))


@dataclass(frozen=True)
class _In:
    left: _Path
    values: tuple[Any, ...]

    def evaluate(self, item: Env, scope: Env) -> bool:
        value = _fold(self.left.evaluate(item, scope))
        return any(value == _fold(v) for v in self.values)


@dataclass(frozen=True)
class _Function:
    name: str
    left: _Path | _Literal
    right: _Path | _Literal

    def evaluate(self, item: Env, scope: Env) -> bool:
        value, affix = self.left.evaluate(item, scope), self.right.evaluate(item, scope)
        if not isinstance(value, str) or not isinstance(affix, str):
            return False
        value, affix = value.lower(), affix.lower()
        return value.startswith(affix) if self.name == "startsWith" else value.endswith(affix)


@dataclass(frozen=True)
class _Any:
    collection: _Path
    variable: str
    body: _Node

    def evaluate(self, item: Env, scope: Env) -> bool:
        values = self.collection.evaluate(item, scope) or []
        return any(self.body.evaluate(item, {**scope, self.variable: v}) for v in values)


@dataclass(frozen=True)
class _Bool:
    op: str  # "and" | "or" | "not"
    operands: tuple[_Node, ...]

    def evaluate(self, item: Env, scope: Env) -> bool:
        if self.op == "not":
            return not self.operands[0].evaluate(item, scope)
        if self.op == "and":
            return all(o.evaluate(item, scope) for o in self.operands)
        return any(o.evaluate(item, scope) for o in self.operands)


_Node = _Compare | _In | _Function | _Any | _Bool


@dataclass(frozen=True)
class Filter:
    """A parsed `$filter`: `matches(entity_json)`, and the advanced operators it uses, in order."""

    text: str
    root: _Node
    advanced: tuple[str, ...] = field(default=())

    def matches(self, item: Env) -> bool:
        return bool(self.root.evaluate(item, {}))


def _syntax_error(text: str, detail: str) -> GraphError:
    return bad_request(f"Invalid filter clause: {detail} in '{text}'.", "BadRequest")


class _Parser:
    def __init__(self, text: str, type_name: str, properties: Collection[str]) -> None:
        self.text = text
        self.type_name = type_name
        self.properties = properties
        self.tokens = self._tokenize(text)
        self.pos = 0
        self.variables: list[str] = []
        self.advanced: list[str] = []

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if m is None or m.lastgroup is None:
                raise _syntax_error(text, f"syntax error at position {pos}")
            tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        return tokens

    # ---- token helpers -----------------------------------------------------------------------
    def _peek(self, offset: int = 0) -> tuple[str, str] | None:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def _next(self) -> tuple[str, str]:
        tok = self._peek()
        if tok is None:
            raise _syntax_error(self.text, "unexpected end of expression")
        self.pos += 1
        return tok

    def _is_word(self, word: str) -> bool:
        tok = self._peek()
        return tok is not None and tok[0] == "name" and tok[1].lower() == word

    def _expect(self, punct: str) -> None:
        kind, value = self._next()
        if kind != "punct" or value != punct:
            raise _syntax_error(self.text, f"expected '{punct}' but found '{value}'")

    # ---- grammar -----------------------------------------------------------------------------
    def parse(self) -> Filter:
        root = self._or()
        if self._peek() is not None:
            raise _syntax_error(self.text, f"unexpected '{self._next()[1]}'")
        return Filter(self.text, root, tuple(self.advanced))

    def _or(self) -> _Node:
        operands = [self._and()]
        while self._is_word("or"):
            self.pos += 1
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else _Bool("or", tuple(operands))

    def _and(self) -> _Node:
        operands = [self._unary()]
        while self._is_word("and"):
            self.pos += 1
            operands.append(self._unary())
        return operands[0] if len(operands) == 1 else _Bool("and", tuple(operands))

    def _unary(self) -> _Node:
        if self._is_word("not"):
            self.pos += 1
            self.advanced.append("not")
            return _Bool("not", (self._unary(),))
        return self._primary()

    def _primary(self) -> _Node:
        tok = self._peek()
        if tok == ("punct", "("):
            self.pos += 1
            node = self._or()
            self._expect(")")
            return node
        if (
            tok is not None
            and tok[0] == "name"
            and tok[1].lower() in _FUNCTIONS
            and self._peek(1) == ("punct", "(")
        ):
            name = _FUNCTIONS[tok[1].lower()]
            self.pos += 2
            left = self._operand()
            self._expect(",")
            right = self._operand()
            self._expect(")")
            if name == "endsWith":
                self.advanced.append(name)
            return _Function(name, left, right)
        left = self._operand()
        if isinstance(left, _Path) and self._peek() == ("punct", "/"):
            return self._lambda(left)
        kind, op = self._next()
        op = op.lower()
        if kind == "name" and op == "in":
            if not isinstance(left, _Path):
                raise _syntax_error(self.text, "'in' needs a property on its left")
            return _In(left, self._list())
        if kind != "name" or op not in _COMPARISONS:
            raise _syntax_error(self.text, f"unknown operator '{op}'")
        right = self._operand()
        if op == "ne":
            self.advanced.append("ne")
        elif isinstance(right, _Literal) and right.value is None:
            self.advanced.append(op)
        return _Compare(op, left, right)

    def _lambda(self, collection: _Path) -> _Node:
        self._expect("/")
        kind, word = self._next()
        if kind != "name" or word.lower() != "any":
            raise _syntax_error(self.text, f"unsupported lambda '{word}'")
        self._expect("(")
        kind, variable = self._next()
        if kind != "name":
            raise _syntax_error(self.text, "expected a range variable")
        self._expect(":")
        self.variables.append(variable)
        body = self._or()
        self.variables.pop()
        self._expect(")")
        return _Any(collection, variable, body)

    def _list(self) -> tuple[Any, ...]:
        self._expect("(")
        values = [self._literal_value()]
        while self._peek() == ("punct", ","):
            self.pos += 1
            values.append(self._literal_value())
        self._expect(")")
        return tuple(values)

    def _literal_value(self) -> Any:
        operand = self._operand()
        if not isinstance(operand, _Literal):
            raise _syntax_error(self.text, "expected a literal")
        return operand.value

    def _operand(self) -> _Path | _Literal:
        kind, value = self._next()
        if kind == "string":
            return _Literal(value[1:-1].replace("''", "'"))
        if kind == "number":
            return _Literal(float(value) if "." in value else int(value))
        if kind != "name":
            raise _syntax_error(self.text, f"unexpected '{value}'")
        low = value.lower()
        if low in ("true", "false"):
            return _Literal(low == "true")
        if low == "null":
            return _Literal(None)
        # A path: the range variable of an enclosing lambda, or a property of the entity.
        segments = [value]
        while self._peek() == ("punct", "/"):
            after = self._peek(1)
            if after is None or after[0] != "name" or after[1].lower() == "any":
                break
            self.pos += 2
            segments.append(after[1])
        if segments[0] not in self.variables and segments[0] not in self.properties:
            raise bad_request(
                f"Could not find a property named '{segments[0]}' on type '{self.type_name}'.", "BadRequest"
            )
        return _Path(tuple(segments))


def parse_filter(text: str, type_name: str, properties: Collection[str]) -> Filter:
    """Parse `text` for entities of `type_name` whose JSON has `properties`; 400 in Graph's words if not."""
    return _Parser(text, type_name, properties).parse()
