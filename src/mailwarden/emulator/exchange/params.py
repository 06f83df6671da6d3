"""Binding a cmdlet's JSON parameters the way Exchange's PowerShell binder does.

Parameter names are case-insensitive; a name the cmdlet does not declare fails with PowerShell's
ParameterBindingException. Values arrive as the ExchangeOnlineManagement module encodes them
(exchange-api.md §1.4): strings, arrays, booleans for switches, `null`, and
`{"@odata.type": "#Exchange.GenericHashTable", "Add": ..., "Remove": ...}` for edits of multi-valued
properties. Each declared parameter is a converter from the raw JSON value to a Python value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mailwarden.emulator.exchange.errors import (
    CmdletError,
    bad_argument,
    missing_parameter,
    unknown_parameter,
)

Converter = Callable[[str, Any], Any]

# Accepted by every cmdlet and without effect here (the API never prompts, and nothing runs "what if").
COMMON = ("Confirm", "WhatIf", "Verbose", "Debug", "ErrorAction", "WarningAction", "Force")
HASHTABLE_TYPE = "#Exchange.GenericHashTable"


@dataclass(frozen=True)
class MultiValue:
    """A multi-valued property's new value: a full replacement, or additions and removals."""

    replace: list[str] | None = None
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unlimited:
    """ResultSize "Unlimited"."""


UNLIMITED = Unlimited()


class Bound:
    """The bound parameters of one call, by canonical name; `None` is an explicit JSON null."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def text(self, name: str) -> str:
        value = self._values[name]
        assert isinstance(value, str)
        return value

    def names(self) -> list[str]:
        return list(self._values)


def bind(
    cmdlet: str, spec: Mapping[str, Converter], required: tuple[str, ...], raw: Mapping[str, Any] | None
) -> Bound:
    """Check `raw` against the cmdlet's declared parameters and convert each value."""
    by_lower = {name.lower(): name for name in spec}
    common = {name.lower() for name in COMMON}
    values: dict[str, Any] = {}
    for key, value in (raw or {}).items():
        if "@" in key:  # "<Param>@odata.type" annotations travel beside the value they describe
            continue
        name = by_lower.get(key.lower())
        if name is None:
            if key.lower() in common:
                continue
            raise unknown_parameter(key)
        values[name] = None if value is None else spec[name](name, value)
    for name in required:
        if values.get(name) is None:
            raise missing_parameter(cmdlet, name)
    return Bound(values)


# ---- converters --------------------------------------------------------------------------------


def text(name: str, value: Any) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise bad_argument(name, value, "System.String", "Only a single string value is accepted.")
    return str(value)


def texts(name: str, value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text(name, item) for item in items]


def flag(name: str, value: Any) -> bool:
    """A switch or a Boolean parameter: JSON true/false (PowerShell also takes "True"/"False")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "$true", "$false"):
        return value.lower().lstrip("$") == "true"
    raise bad_argument(
        name,
        value,
        "System.Boolean",
        "Cannot convert value to type System.Boolean. Boolean parameters accept only "
        "Boolean values and numbers, such as $True, $False, 1 or 0.",
    )


def multi(name: str, value: Any) -> MultiValue:
    """A plain list replaces; a GenericHashTable with Add/Remove keys (any case) edits."""
    if isinstance(value, dict):
        if str(value.get("@odata.type", "")).lstrip("#").lower() != HASHTABLE_TYPE.lstrip("#").lower():
            raise bad_argument(
                name,
                value,
                "Microsoft.Exchange.Data.MultiValuedProperty",
                'The object must be tagged "@odata.type": "#Exchange.GenericHashTable" '
                "to be bound as a hashtable.",
            )
        add: list[str] = []
        remove: list[str] = []
        for key, item in value.items():
            if key.startswith("@"):
                continue
            if key.lower() == "add":
                add += texts(name, item)
            elif key.lower() == "remove":
                remove += texts(name, item)
            else:
                raise bad_argument(
                    name,
                    value,
                    "Microsoft.Exchange.Data.MultiValuedProperty",
                    f"The hashtable key '{key}' isn't valid; use Add or Remove.",
                )
        return MultiValue(add=add, remove=remove)
    return MultiValue(replace=texts(name, value))


def result_size(name: str, value: Any) -> int | Unlimited:
    if isinstance(value, str) and value.lower() == "unlimited":
        return UNLIMITED
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = 0
    if isinstance(value, bool) or size <= 0:
        raise bad_argument(
            name,
            value,
            "Microsoft.Exchange.Data.Unlimited`1[System.UInt32]",
            'The value must be a positive number or "Unlimited".',
        )
    return size


def choice(type_name: str, *values: str) -> Converter:
    """One value of an enum, matched case-insensitively, returned in Exchange's casing."""

    def convert(name: str, value: Any) -> str:
        return _enum_value(name, value, type_name, values)

    return convert


def choices(type_name: str, *values: str) -> Converter:
    """Several enum values: an array, or one comma-separated string ("Delegate,CanViewPrivateItems")."""

    def convert(name: str, value: Any) -> list[str]:
        items = value if isinstance(value, list) else str(value).split(",")
        return [_enum_value(name, item, type_name, values) for item in items if str(item).strip()]

    return convert


def _enum_value(name: str, value: Any, type_name: str, values: tuple[str, ...]) -> str:
    wanted = str(value).strip()
    for candidate in values:
        if candidate.lower() == wanted.lower():
            return candidate
    raise bad_argument(
        name,
        value,
        type_name,
        f"Unable to match the identifier name {wanted} to a valid enumerator name. Specify "
        f"one of the following enumerator names and try again:\n{', '.join(values)}",
    )


__all__ = [
    "COMMON",
    "UNLIMITED",
    "Bound",
    "CmdletError",
    "Converter",
    "MultiValue",
    "Unlimited",
    "bind",
    "choice",
    "choices",
    "flag",
    "multi",
    "result_size",
    "text",
    "texts",
]
