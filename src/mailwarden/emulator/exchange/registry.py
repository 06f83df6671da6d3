"""The cmdlets the emulator runs: each is a handler plus its declared parameters, registered by name.

A handler gets a `Call` (the tenant state and the bound parameters) and returns a `Result`: the objects it
outputs, unrendered, and the render function that turns one into Exchange's PascalCase JSON. Keeping them
unrendered lets invoke.py page first and render only one page of a 2,500-mailbox tenant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mailwarden.emulator.exchange.params import Bound, Converter
from mailwarden.emulator.state import TenantState


@dataclass(frozen=True)
class Call:
    state: TenantState
    cmdlet: str
    params: Bound


def _as_is(item: Any) -> dict[str, Any]:
    assert isinstance(item, dict)
    return item


@dataclass
class Result:
    items: Sequence[Any] = ()
    render: Callable[[Any], dict[str, Any]] = _as_is
    warnings: list[str] = field(default_factory=list)


Handler = Callable[[Call], Result]


@dataclass(frozen=True)
class Cmdlet:
    name: str
    entity: str  # the OData entity set in @odata.context
    handler: Handler
    params: dict[str, Converter]
    required: tuple[str, ...]

    @property
    def pages(self) -> bool:
        return "ResultSize" in self.params


CMDLETS: dict[str, Cmdlet] = {}


def cmdlet(
    name: str, *, entity: str, required: tuple[str, ...] = (), **params: Converter
) -> Callable[[Handler], Handler]:
    """Register the decorated handler as cmdlet `name` with the declared parameters."""

    def register(handler: Handler) -> Handler:
        CMDLETS[name.lower()] = Cmdlet(
            name=name, entity=entity, handler=handler, params=params, required=required
        )
        return handler

    return register


def find_cmdlet(name: str) -> Cmdlet | None:
    return CMDLETS.get(name.strip().lower())
