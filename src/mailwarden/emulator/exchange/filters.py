"""The -Filter parameter: the part of Exchange's OPATH syntax that admins and mailwarden write.

    EmailAddresses -eq 'smtp:x@acme.com'
    RecipientTypeDetails -eq 'SharedMailbox' -and DisplayName -like 'Sa*'

Comparisons (-eq, -ne, -like, -notlike) between a property and a quoted value, $true, $false or $null,
joined by -and / -or (-and binds tighter). A multi-valued property (EmailAddresses) matches when any value
does; comparisons ignore case, as Exchange's do. The filter is evaluated on the object as the cmdlet prints
it, so every printed property is filterable.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

from mailwarden.emulator.exchange.errors import PARAMETER_BINDING, CmdletError

Predicate = Callable[[dict[str, Any]], bool]
_CLAUSE = re.compile(
    r"""^\(*\s*(\w+)\s+-(eq|ne|like|notlike)\s+('([^']*)'|"([^"]*)"|\$(true|false|null))\s*\)*$""",
    re.IGNORECASE,
)


def _invalid(text: str) -> CmdletError:
    return CmdletError(
        400,
        PARAMETER_BINDING,
        'Cannot bind parameter \'Filter\' to the target. Exception setting "Filter": "' + text + '"',
    )


def compile_filter(expression: str, properties: set[str]) -> Predicate:
    """A predicate over printed objects; `properties` are the property names the cmdlet prints."""
    known = {p.lower(): p for p in properties}
    any_of: list[list[Predicate]] = []
    for disjunct in re.split(r"\s+-or\s+", expression.strip(), flags=re.IGNORECASE):
        all_of: list[Predicate] = []
        for clause in re.split(r"\s+-and\s+", disjunct.strip(), flags=re.IGNORECASE):
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
            quoted = match.group(4) if match.group(4) is not None else match.group(5)
            value: str | None = (
                quoted
                if quoted is not None
                else (None if match.group(6).lower() == "null" else match.group(6).capitalize())
            )
            all_of.append(_comparison(prop, match.group(2).lower(), value))
        any_of.append(all_of)
    return lambda obj: any(all(p(obj) for p in conj) for conj in any_of)


def _comparison(prop: str, op: str, value: str | None) -> Predicate:
    def holds(actual: Any) -> bool:
        if value is None:
            return actual is None or actual == []
        if actual is None:
            return False
        text = str(actual).lower()
        if op in ("like", "notlike"):
            return fnmatch.fnmatchcase(text, value.lower())
        return text == value.lower()

    def test(obj: dict[str, Any]) -> bool:
        actual = obj.get(prop)
        values = actual if isinstance(actual, list) else [actual]
        hit = any(holds(v) for v in values) if values else holds(None)
        return not hit if op in ("ne", "notlike") else hit

    return test
