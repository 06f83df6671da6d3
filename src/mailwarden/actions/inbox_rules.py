"""Inbox rules that send mail on, as the read views show them (read-only: mailwarden never writes rules).

An enabled Inbox rule with ForwardTo, RedirectTo or ForwardAsAttachmentTo sends the mail that lands in a
mailbox to those recipients, whoever set it up; one forwarding outside the organisation is what an admin
checking "internal-only forwarding" wants to see. Get-InboxRule -Mailbox reads them (one cmdlet per
mailbox). Exchange prints a target inside the organisation as `"Display Name" [EX:<LegacyExchangeDN>]`,
which names no address: it is placed in the directory by the alias the DN ends with
(`.../cn=Recipients/cn=<32 hex digits>-<alias>`), else by its display name when one recipient carries it
(a display name is never read as an address or alias: red team 30); an outside one as
`"p@x.net" [SMTP:p@x.net]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mailwarden.connectors.exchange import Cmdlet
from mailwarden.directory.reach import RULE_FIELDS, rule_targets
from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient

__all__ = ["RuleForward", "forwarding_rules", "inbox_rules_cmdlet"]

_ACTIONS = (
    ("ForwardTo", "forwards to"),
    ("RedirectTo", "redirects to"),
    ("ForwardAsAttachmentTo", "forwards as an attachment to"),
)


def inbox_rules_cmdlet(identity: str) -> Cmdlet:
    return Cmdlet("Get-InboxRule", {"Mailbox": identity, "IncludeHidden": True}, RULE_FIELDS)


@dataclass(frozen=True)
class RuleForward:
    """One target of one enabled Inbox rule that sends mail on."""

    rule: str
    action: str
    """'forwards to', 'redirects to', 'forwards as an attachment to'."""
    target: str
    """The target as a person reads it: 'Tom Becker (tom.becker@acme.com)', or the outside address."""
    target_id: str | None
    """The target's directory id, when the directory knows it."""
    outside: bool
    """Mail that leaves the organisation: an SMTP address not in a verified domain, or a mail contact or a
    guest (printed by DN like a colleague)."""
    identity: str = ""
    """The target as Get-Recipient -Identity takes it: its LegacyExchangeDN, or the SMTP address."""
    printed: str = ""
    """The target as Exchange printed it (`"Display Name" [EX:<LegacyExchangeDN>]`, or an SMTP form)."""

    def sentence(self) -> str:
        if self.outside:
            where = " (outside the organisation)"
        elif self.target_id is None:
            # printed by DN, yet no one in the directory: a contact or guest made since it was read looks
            # the same, so it is never called internal (forwarding itself looks it up live and refuses)
            where = " (not found in the directory: it may be outside the organisation)"
        else:
            where = ""
        return f"rule {self.rule!r} {self.action} {self.target}{where}"


def _place(directory: Directory, printed: str) -> tuple[str, str, Recipient | None, bool]:
    """How a target is shown, the DN or address it names, the recipient it is, and whether it is outside."""
    value, smtp = rule_targets(printed)
    if smtp:
        found = directory.by_address(value)
        return value, value, found, found is None and not directory.is_internal_address(value)
    display = printed_display_name(printed)
    # The DN names the object (its alias, cut at 40 characters); the display name is only a name, which
    # its owner may have made read like someone else's address or alias (red team 30): it is matched as a
    # display name, never as an address, and only when the DN places no one.
    found = _by_dn_alias(directory, value)
    if found is None and display:
        named = directory.named(display)
        found = named[0] if len(named) == 1 else None
    # A mail contact or a guest is printed by DN like a colleague; the mail still leaves (red team 30).
    return display or value, value, found, found is not None and not found.internal


_DN_TAIL = re.compile(r"[0-9a-f]{32}-(.+)", re.IGNORECASE)


def dn_alias(dn: str) -> str | None:
    """The alias (cut at 40 characters, casefolded) an Exchange Online LegacyExchangeDN ends with
    (`.../cn=<32 hex digits>-<alias>`); None for a DN of another shape."""
    # (a DN of another shape, as a migrated or hybrid mailbox keeps, e.g. `.../cn=mary-jane`, names no alias
    # after a dash: "jane" would be someone else)
    tail = _DN_TAIL.fullmatch(dn.rsplit("cn=", 1)[-1])
    return tail.group(1).casefold() if tail is not None else None


def printed_display_name(printed: str) -> str:
    """The display name in a rule target printed as `"Display Name" [EX:...]` ('' when none is quoted)."""
    shown = printed.strip()
    return shown[1 : shown.index('"', 1)] if shown.startswith('"') and '"' in shown[1:] else ""


def _by_dn_alias(directory: Directory, dn: str) -> Recipient | None:
    """The one recipient whose alias a LegacyExchangeDN ends with (`.../cn=<32 hex digits>-<alias>`)."""
    alias = dn_alias(dn)
    if alias is None:
        return None
    if len(alias) >= _DN_ALIAS_CUT:
        # The DN keeps an alias's first 40 characters: a recipient whose whole alias is those 40 is only
        # one of those it may be; any longer alias that starts with them is another (red team 33).
        cut = [r for r in directory if r.alias and r.alias[:_DN_ALIAS_CUT].casefold() == alias]
        return cut[0] if len(cut) == 1 else None
    exact = directory.by_alias(alias)
    if exact:
        return exact[0] if len(exact) == 1 else None
    return None


_DN_ALIAS_CUT = 40
"""Exchange Online's LegacyExchangeDN keeps this many characters of the alias."""


def forwarding_rules(directory: Directory, rules: Iterable[Mapping[str, Any]]) -> list[RuleForward]:
    """Every target of the enabled rules among `rules` (Get-InboxRule's objects) that send mail on."""
    out: list[RuleForward] = []
    for rule in rules:
        if rule.get("Enabled") is False:
            continue
        name = str(rule.get("Name") or rule.get("Identity") or "")
        for field, action in _ACTIONS:
            for printed in rule.get(field) or []:
                shown, identity, found, outside = _place(directory, str(printed))
                out.append(
                    RuleForward(
                        rule=name,
                        action=action,
                        target=found.label() if found is not None else shown,
                        target_id=found.recipient_id if found is not None else None,
                        outside=outside,
                        identity=identity,
                        printed=str(printed),
                    )
                )
    return out
