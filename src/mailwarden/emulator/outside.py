"""Changes made outside mailwarden: an admin in the Exchange admin center, as tests and the demo stage them.

The Exchange admin center runs the same cmdlets the admin API does, so an outside change runs the
emulator's own cmdlet handler (same checks, same errors, same state change) and is journaled as that
person's action: the unified audit log then names them (graph/audit_log.py), after its usual lag.

    outside_cmdlet(state, "admin@acme.com", "Add-MailboxPermission",
                   Identity="support@acme.com", User="tom@acme.com", AccessRights="FullAccess")
"""

from __future__ import annotations

from typing import Any

from mailwarden.emulator.exchange import cmdlets as _cmdlets  # noqa: F401  (registers every cmdlet)
from mailwarden.emulator.exchange.errors import CmdletError
from mailwarden.emulator.exchange.params import bind
from mailwarden.emulator.exchange.registry import Call, find_cmdlet
from mailwarden.emulator.state import TenantState

__all__ = ["OutsideChangeFailed", "outside_cmdlet"]


class OutsideChangeFailed(ValueError):
    """The cmdlet refused the change, with Exchange's own message."""


def outside_cmdlet(state: TenantState, actor: str, cmdlet: str, **parameters: Any) -> None:
    """Run one Exchange cmdlet as `actor` (a person's UPN) would from the Exchange admin center.

    Runs its own `state.transaction()`: call it outside one."""
    found = find_cmdlet(cmdlet)
    if found is None or found.name.startswith("Get-"):
        raise OutsideChangeFailed(f"{cmdlet!r} is not an Exchange cmdlet that changes the tenant")
    with state.transaction():
        state.actor, state.cmdlet_parameters = actor, dict(parameters)
        try:
            params = bind(found.name, found.params, found.required, parameters)
            found.handler(Call(state=state, cmdlet=found.name, params=params))
        except CmdletError as error:
            raise OutsideChangeFailed(str(error.body())) from error
        finally:
            state.actor, state.cmdlet_parameters = None, None
