"""Telling a caller that a request goes on the wire now: after its token and the tenant's budget.

A bulk run marks a step "may have been sent" (workflow/service.py `mark_sent`) when the `$batch` carrying
it goes out. Called before `httpx` sends, the mark would come before the token fetch (the client's `auth`)
and the wait for the tenant's budget (connectors/budget.py, a request hook): a `$batch` cancelled there (a
sibling failed: connectors/together.py `all_of`) sent nothing, yet its steps would read as maybe sent (red
team 54). So the caller's hook rides on the request (`told`) and is called by the last request hook of the
client (`hear_on_wire`), right before the bytes leave.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["hear_on_wire", "told"]

_ON_WIRE = "mailwarden.on_wire"


def told(before_send: Callable[[], None] | None) -> dict[str, Any]:
    """The request `extensions` that have `before_send` called right before the request goes out."""
    return {_ON_WIRE: before_send} if before_send is not None else {}


def hear_on_wire(http: httpx.AsyncClient) -> None:
    """Make `_on_wire` the last of `http`'s request hooks (after the budget's wait), once."""
    hooks = http.event_hooks
    before = [hook for hook in hooks.get("request", []) if hook is not _on_wire]
    http.event_hooks = {**hooks, "request": [*before, _on_wire]}


async def _on_wire(request: httpx.Request) -> None:
    hook = request.extensions.get(_ON_WIRE)
    if callable(hook):
        hook()
