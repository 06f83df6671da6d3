"""One module per cmdlet family; importing this package registers them all (see registry.py)."""

from mailwarden.emulator.exchange.cmdlets import (
    calendar,
    groups,
    inbox_rules,
    mailbox,
    permissions,
    rbac,
    recipients,
)

__all__ = ["calendar", "groups", "inbox_rules", "mailbox", "permissions", "rbac", "recipients"]
