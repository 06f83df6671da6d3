"""Actions: one module per action id, each with preflight, apply and revert; views for the reads.

`WRITE_ACTIONS` maps an action id of the plan JSON to its implementation; `VIEWS` maps each read view.
`execute()` in base.py is the one path every write takes (preflight, apply, verify).
"""

from __future__ import annotations

from typing import Any

from mailwarden.actions import (
    calendar_share,
    change_primary_alias,
    distribution_list_lifecycle,
    distribution_list_membership,
    email_forwarding_internal,
    mailbox_delegation,
    send_as,
    send_on_behalf,
)
from mailwarden.actions.base import ActionContext, StepOutcome, View, WriteAction, execute
from mailwarden.actions.views import VIEWS

__all__ = ["VIEWS", "WRITE_ACTIONS", "ActionContext", "StepOutcome", "View", "WriteAction", "execute"]

WRITE_ACTIONS: dict[str, WriteAction[Any]] = {
    module.ACTION.action: module.ACTION
    for module in (
        mailbox_delegation,
        send_as,
        send_on_behalf,
        distribution_list_membership,
        distribution_list_lifecycle,
        change_primary_alias,
        calendar_share,
        email_forwarding_internal,
    )
}
