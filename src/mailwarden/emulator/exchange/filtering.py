"""-Filter on the Get-* cmdlets: the objects a cmdlet found, kept when the filter holds for them as printed.

Printing every recipient of a 5,000-recipient tenant to test a filter cost 150 ms a filter, and mailwarden
sends dozens in a row (one per 20 addresses, before a bulk run: "does each address still lead to the
object approved?"). So a filter is tested on a view that computes only the properties it names, and a
filter whose every -or branch holds an -eq on an identifying property (EmailAddresses, PrimarySmtpAddress,
ExternalDirectoryObjectId) is tested only on the objects an index of that property's values leads to. The
index gives a superset (every object holding the value, by the comparison filters.py makes), and the filter
itself still decides, so the answer is the one a scan gives. The index belongs to one state of the tenant
(`TenantState.generation`, bumped by every change and reload; a read inside the replication lag gets a
state of its own), so it never answers from an older tenant.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mailwarden.emulator.exchange.filters import Filter, compile_filter, key_of
from mailwarden.emulator.exchange.serialize import Field, Fields
from mailwarden.emulator.state import Recipient, TenantState

_INDEXED = frozenset({"EmailAddresses", "PrimarySmtpAddress", "ExternalDirectoryObjectId"})

# state -> (its generation when indexed, {(property, how it is printed): key -> recipient ids})
_indexes: weakref.WeakKeyDictionary[
    TenantState, tuple[int, dict[tuple[str, Field], dict[str, list[str]]]]
] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def filtered(
    state: TenantState, found: Sequence[Recipient], expression: str, fields: Fields
) -> list[Recipient]:
    """The objects of `found` (in their order) the filter holds for, printed with `fields`. A filter is
    checked (syntax, property names) only when there is something to filter, as Exchange does."""
    if not found:
        return []
    keep = compile_filter(expression, set(fields))
    wanted = _candidates(state, keep, fields)
    tested = found if wanted is None else [r for r in found if r.id in wanted]
    return [r for r in tested if keep(_Printed(state, r, fields))]


def _candidates(state: TenantState, keep: Filter, fields: Fields) -> set[str] | None:
    """Ids of every recipient the filter can hold for, from the index; None when some -or branch has no
    -eq on an indexed property (any object may match it: scan)."""
    keys: list[tuple[str, str]] = []
    for conj in keep.any_of:
        clause = next((c for c in conj if c.prop in _INDEXED and c.equality is not None), None)
        if clause is None or clause.equality is None:
            return None
        keys.append((clause.prop, clause.equality))
    wanted: set[str] = set()
    for prop, key in keys:
        wanted.update(_index(state, prop, fields[prop]).get(key, ()))
    return wanted


def _index(state: TenantState, prop: str, field: Field) -> dict[str, list[str]]:
    """Key of each printed value of `prop` (each value of a list) -> the recipients printing it."""
    with _indexes_lock:
        held = _indexes.get(state)
        if held is None or held[0] != state.generation:
            held = (state.generation, {})
            _indexes[state] = held
        built = held[1].get((prop, field))
    if built is not None:
        return built
    built = {}
    for rid, r in state.recipients.items():
        value = field(state, r)
        for v in value if isinstance(value, list) else [value]:
            key = key_of(v)
            if key is not None:
                built.setdefault(key, []).append(rid)
    with _indexes_lock:
        held[1][(prop, field)] = built
    return built


class _Printed(Mapping[str, Any]):
    """A recipient as the cmdlet prints it, each property computed when the filter first reads it."""

    __slots__ = ("_done", "_fields", "_r", "_state")

    def __init__(self, state: TenantState, r: Recipient, fields: Fields) -> None:
        self._state, self._r, self._fields = state, r, fields
        self._done: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._done:
            self._done[name] = self._fields[name](self._state, self._r)
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)
