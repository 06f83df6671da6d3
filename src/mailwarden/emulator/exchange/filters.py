"""The -Filter parameter: the part of Exchange's OPATH syntax that admins and mailwarden write.

    EmailAddresses -eq 'smtp:x@acme.com'
    RecipientTypeDetails -eq 'SharedMailbox' -and DisplayName -like 'Sa*'

Comparisons (-eq, -ne, -like, -notlike) between a property and a quoted value, $true, $false or $null,
joined by -and / -or (-and binds tighter). A multi-valued property (EmailAddresses) matches when any value
does; comparisons ignore case, as Exchange's do. The filter is evaluated on the object as the cmdlet prints
it, so every printed property is filterable; filtering.py computes only the properties a filter names.

The proxy-address properties (EmailAddresses, ExternalEmailAddress, ForwardingSmtpAddress) compare a
complete address as a proxy address, an unprefixed one being SMTP: "When you use a complete email address,
you don't need to account for the smtp: prefix. If you use wildcards, you do. For example, if
"EmailAddresses -eq 'lila@fabrikam.com'" returns a match, "EmailAddresses -like 'lila*'" won't return a
match, but "EmailAddresses -like 'smtp:lila*'" will" (MicrosoftDocs/office-docs-powershell,
exchange/docs-conceptual/filter-properties.md, EmailAddresses, ExternalEmailAddress and
ForwardingSmtpAddress). So -eq / -ne parse the value (`proxy_key`); -like compares the printed text.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mailwarden.emulator.exchange.errors import PARAMETER_BINDING, CmdletError

_CLAUSE = re.compile(
    r"""^\(*\s*(\w+)\s+-(eq|ne|like|notlike)\s+('((?:[^']|'')*)'|"((?:[^"]|"")*)"|\$(true|false|null))\s*\)*$""",
    re.IGNORECASE,
)
_JOIN = re.compile(r"\s+-(or|and)\s+", re.IGNORECASE)


def _joined(expression: str) -> list[tuple[str, str]]:
    """The clauses of `expression` with the -or / -and before each ("" before the first), split only outside
    quoted values: a quoted value is one operand whatever words it holds, and a quote doubled inside a value
    quoted with it is one quote of the value (PowerShell's about_Quoting_Rules: 'don''t', and "" in a value
    quoted with double quotes)."""
    parts: list[tuple[str, str]] = []
    join, start, i, quote = "", 0, 0, ""
    while i < len(expression):
        char = expression[i]
        if quote:
            if char == quote:
                if expression[i + 1 : i + 2] == quote:
                    i += 2
                    continue
                quote = ""
            i += 1
            continue
        if char in "'\"":
            quote = char
            i += 1
            continue
        found = _JOIN.match(expression, i)
        if found is not None and char.isspace():
            parts.append((join, expression[start:i]))
            join, start, i = found.group(1).lower(), found.end(), found.end()
            continue
        i += 1
    parts.append((join, expression[start:]))
    return parts


PROXY_PROPERTIES = frozenset({"EmailAddresses", "ExternalEmailAddress", "ForwardingSmtpAddress"})


def proxy_key(text: str) -> str:
    """A proxy address as -eq compares it: lower case, "smtp:" when it has no prefix of its own."""
    prefix, sep, _ = text.partition(":")
    return f"smtp:{text.lower()}" if not sep or "@" in prefix else text.lower()


def _invalid(text: str) -> CmdletError:
    return CmdletError(
        400,
        PARAMETER_BINDING,
        'Cannot bind parameter \'Filter\' to the target. Exception setting "Filter": "' + text + '"',
    )


@dataclass(frozen=True)
class Clause:
    """`prop -op value`; `value` None stands for $null."""

    prop: str
    op: str
    value: str | None

    def holds(self, obj: Mapping[str, Any]) -> bool:
        actual = obj.get(self.prop)
        values = actual if isinstance(actual, list) else [actual]
        hit = any(self._matches(v) for v in values) if values else self._matches(None)
        return not hit if self.op in ("ne", "notlike") else hit

    def _matches(self, actual: Any) -> bool:
        if self.value is None:
            return actual is None or actual == []
        text = key_of(actual)
        if text is None:
            return False
        if self.op in ("like", "notlike"):
            return fnmatch.fnmatchcase(text, self.value.lower())
        return text == self._key

    @property
    def _key(self) -> str | None:
        if self.value is None:
            return None
        return proxy_key(self.value) if self.prop in PROXY_PROPERTIES else self.value.lower()

    @property
    def equality(self) -> str | None:
        """The key an object's value must have, lower case, for this clause to hold (`key_of`); None when
        the clause can hold for values of other keys (-ne, -like, $null)."""
        return self._key if self.op == "eq" else None


def key_of(value: Any) -> str | None:
    """The key an -eq clause compares one (single) value of a property by: None never equals anything.
    (A printed proxy address always has its prefix, so its key is its text in lower case.)"""
    return None if value is None else str(value).lower()


@dataclass(frozen=True)
class Filter:
    """Disjunctions of conjunctions of clauses: `any_of[i]` holds when all its clauses do."""

    any_of: tuple[tuple[Clause, ...], ...]

    def __call__(self, obj: Mapping[str, Any]) -> bool:
        return any(all(c.holds(obj) for c in conj) for conj in self.any_of)


def compile_filter(expression: str, properties: set[str]) -> Filter:
    """A predicate over printed objects; `properties` are the property names the cmdlet prints."""
    known = {p.lower(): p for p in properties}
    any_of: list[tuple[Clause, ...]] = []
    all_of: list[Clause] = []
    for join, clause in _joined(expression.strip()):
        if join == "or":
            any_of.append(tuple(all_of))
            all_of = []
        match = _CLAUSE.match(clause.strip())
        if match is None:
            raise _invalid(
                "Invalid filter syntax. For a description of the filter parameter syntax see "
                f'the command help.\n"{expression}" at position 1.'
            )
        prop = known.get(match.group(1).lower())
        if prop is None:
            raise _invalid(
                f'"{match.group(1)}" is not a recognized filterable property. For a list of '
                "filterable properties see the command help."
            )
        if match.group(4) is not None:
            quoted: str | None = match.group(4).replace("''", "'")
        elif match.group(5) is not None:
            quoted = match.group(5).replace('""', '"')
        else:
            quoted = None
        value: str | None = (
            quoted
            if quoted is not None
            else (None if match.group(6).lower() == "null" else match.group(6).capitalize())
        )
        all_of.append(Clause(prop, match.group(2).lower(), value))
    any_of.append(tuple(all_of))
    return Filter(tuple(any_of))
