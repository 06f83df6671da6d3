"""Inbox rules: Get-InboxRule, New-InboxRule, Enable-/Disable-InboxRule, Remove-InboxRule.

A rule that forwards (-ForwardTo, -ForwardAsAttachmentTo) or redirects (-RedirectTo) sends the mail that
lands in a mailbox on, as ForwardingAddress does, whoever set it up (the user in Outlook, or an admin).
Only these actions, an optional -SubjectContainsWords condition and -StopProcessingRules are modelled.

What Exchange Online prints (Get-InboxRule, MicrosoftDocs office-docs-powershell Get-InboxRule.md; how
tools read it: CIPP-API Invoke-ListUserMailboxRules.ps1 and Push-GetMailboxRulesBatch.ps1 call
`Get-InboxRule -Mailbox <upn>` one per mailbox, in a bulk $batch, and read Name, Identity, Enabled,
ForwardTo, RedirectTo; scripts such as JeremyTBradshaw/PowerShell Get-ForwardingInboxRules.ps1 and
HersheyTaichou/CodeBible-Module Get-ForwardRules.ps1 split each target on its routing type):
  - Identity is `<mailbox Name>\\<RuleIdentity>`, RuleIdentity a 64-bit number as text, MailboxOwnerId the
    mailbox's Name;
  - ForwardTo, RedirectTo and ForwardAsAttachmentTo are lists of strings, null when unset: a recipient of
    the organisation as `"Display Name" [EX:<LegacyExchangeDN>]`, an outside address as
    `"pat@example.net" [SMTP:pat@example.net]`. The EX form names no address: a client finds the
    recipient with Get-Recipient -Identity <LegacyExchangeDN> (resolve.py accepts it).
  - a rule holds the address-book entry of each target it was given (display name and address), not a link
    to the object: a target deleted since is still printed by its display name and DN, which Get-Recipient
    no longer finds (`InboxRule.entries`), rather than dropped from the rule. What Outlook shows for such a
    rule (a broken recipient; InError) is UNCONFIRMED and not modelled.
-Mailbox: app-only callers have no mailbox of their own, so Get-InboxRule and New-InboxRule need -Mailbox
(or an -Identity of the form mailbox\\rule); the text of that refusal is UNCONFIRMED. The Description
wording is UNCONFIRMED too (Exchange's prints each condition and action on its own line, as here).
"""

from __future__ import annotations

import uuid
from typing import Any

from mailwarden.emulator.exchange import serialize
from mailwarden.emulator.exchange.cmdlets.common import record_change
from mailwarden.emulator.exchange.errors import ambiguous, argument_not_found, object_not_found, task_error
from mailwarden.emulator.exchange.params import flag, text, texts
from mailwarden.emulator.exchange.registry import Call, Result, cmdlet
from mailwarden.emulator.exchange.resolve import MAILBOXES, candidates, legacy_dn, resolve
from mailwarden.emulator.state import InboxRule, Recipient, TenantState

_NS = uuid.UUID("5d3b0f8e-41a2-4c7e-9a51-0c2f6e1d7b34")
_TARGETS = (
    ("ForwardTo", "forward_to", "forward the message to"),
    ("RedirectTo", "redirect_to", "redirect the message to"),
    ("ForwardAsAttachmentTo", "forward_as_attachment_to", "forward the message as an attachment to"),
)


def printed_target(state: TenantState, target: str, rule: InboxRule | None = None) -> str | None:
    """One ForwardTo / RedirectTo entry as Exchange prints it. A recipient deleted since the rule was made
    is printed as the rule keeps it (its display name and LegacyExchangeDN then: `rule.entries`), as
    Exchange keeps the entry the rule was given; None only for one the rule holds no entry for."""
    if "@" in target:
        return f'"{target}" [SMTP:{target}]'
    found = state.get(target)
    if found is None:
        return rule.entries.get(target) if rule is not None else None
    return f'"{found.display_name}" [EX:{legacy_dn(found)}]'


def keep_entries(state: TenantState, rule: InboxRule) -> InboxRule:
    """`rule` holding the entry of each of its targets inside the tenant, as printed now."""
    for _, attribute, _ in _TARGETS:
        for target in getattr(rule, attribute):
            if (printed := printed_target(state, target)) is not None and "@" not in target:
                rule.entries.setdefault(target, printed)
    return rule


def _targets(state: TenantState, values: list[str]) -> list[str]:
    """Recipient ids for values naming a recipient of the tenant, outside SMTP addresses as they are."""
    out: list[str] = []
    for value in values:
        found = candidates(state, value)
        if len(found) > 1:
            raise ambiguous(value)
        if found:
            out.append(found[0].id)
            continue
        address = value.strip().removeprefix("smtp:").removeprefix("SMTP:").lower()
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            raise argument_not_found(value)
        out.append(address)
    return list(dict.fromkeys(out))


def _description(state: TenantState, rule: InboxRule) -> str:
    lines: list[str] = []
    if rule.subject_contains_words:
        words = " or ".join(f"'{w}'" for w in rule.subject_contains_words)
        lines += ["If the message:", f"\tincludes {words} in the subject"]
    lines.append("Take the following actions:")
    for _, attribute, phrase in _TARGETS:
        printed = [p for t in getattr(rule, attribute) if (p := printed_target(state, t, rule))]
        if printed:
            lines.append(f"\t{phrase} {' or '.join(printed)}")
    if rule.stop_processing_rules:
        lines.append("\tstop processing more rules")
    return "\r\n".join(lines) + "\r\n"


def render(state: TenantState, box: Recipient, rule: InboxRule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Name": rule.name,
        "Identity": f"{serialize.name_of(box)}\\{rule.rule_identity}",
        "RuleIdentity": rule.rule_identity,
        "MailboxOwnerId": serialize.name_of(box),
        "Enabled": rule.enabled,
        "Priority": rule.priority,
        "Description": _description(state, rule),
        "SubjectContainsWords": list(rule.subject_contains_words) or None,
        "StopProcessingRules": rule.stop_processing_rules,
        "InError": False,
        "IsValid": True,
        "ObjectState": "Unchanged",
    }
    for printed_name, attribute, _ in _TARGETS:
        printed = [p for t in getattr(rule, attribute) if (p := printed_target(state, t, rule))]
        out[printed_name] = printed or None
    return out


def _mailbox_and_rule(call: Call) -> tuple[Recipient, str | None]:
    """The mailbox a call is about (-Mailbox, or the part of -Identity before a backslash) and the rule it
    names (the rest of -Identity), if any."""
    p = call.params
    identity = p.text("Identity") if p.get("Identity") is not None else None
    mailbox = p.text("Mailbox") if p.get("Mailbox") is not None else None
    rule = identity
    if identity is not None and "\\" in identity:
        head, _, rule = identity.rpartition("\\")
        mailbox = mailbox or head
    if mailbox is None:
        raise task_error(
            f"{call.cmdlet}: name the mailbox with -Mailbox (or -Identity <mailbox>\\<rule>); an app has "
            "no mailbox of its own."
        )
    return resolve(call.state, mailbox, kinds=MAILBOXES), rule


def _find(call: Call, box: Recipient, rule: str) -> InboxRule:
    wanted = rule.strip().lower()
    found = [r for r in box.inbox_rules if r.rule_identity == wanted or r.name.lower() == wanted]
    if len(found) > 1:
        raise ambiguous(rule)
    if not found:
        raise object_not_found(call.params.text("Identity"))
    return found[0]


@cmdlet(
    "Get-InboxRule",
    entity="InboxRule",
    Mailbox=text,
    Identity=text,
    IncludeHidden=flag,
    BypassScopeCheck=flag,
)
def get_inbox_rule(call: Call) -> Result:
    state = call.state
    box, rule = _mailbox_and_rule(call)
    shown = [r for r in box.inbox_rules if call.params.get("IncludeHidden") or not r.hidden]
    rules = [_find(call, box, rule)] if rule else sorted(shown, key=lambda r: r.priority)
    return Result(items=rules, render=lambda r: render(state, box, r))


@cmdlet(
    "New-InboxRule",
    entity="InboxRule",
    required=("Name",),
    Name=text,
    Mailbox=text,
    ForwardTo=texts,
    RedirectTo=texts,
    ForwardAsAttachmentTo=texts,
    SubjectContainsWords=texts,
    StopProcessingRules=flag,
    Enabled=flag,
    Force=flag,
)
def new_inbox_rule(call: Call) -> Result:
    state, p = call.state, call.params
    if p.get("Mailbox") is None:
        raise task_error("New-InboxRule: name the mailbox with -Mailbox; an app has no mailbox of its own.")
    box = resolve(state, p.text("Mailbox"), kinds=MAILBOXES)
    name = p.text("Name").strip()
    if not name:
        raise task_error("The Name of an Inbox rule can't be empty.")
    number = uuid.uuid5(_NS, f"{box.id}:{len(box.inbox_rules)}:{name}").int >> 65
    rule = InboxRule(
        rule_identity=str(number),
        name=name,
        enabled=p.get("Enabled") is not False,
        priority=len(box.inbox_rules) + 1,
        forward_to=_targets(state, p.get("ForwardTo") or []),
        redirect_to=_targets(state, p.get("RedirectTo") or []),
        forward_as_attachment_to=_targets(state, p.get("ForwardAsAttachmentTo") or []),
        subject_contains_words=list(p.get("SubjectContainsWords") or []),
        stop_processing_rules=bool(p.get("StopProcessingRules")),
    )
    box.inbox_rules.append(keep_entries(state, rule))
    record_change(call, box, box.primary_smtp, rule=name, rule_identity=rule.rule_identity)
    return Result(items=[rule], render=lambda r: render(state, box, r))


def _set_enabled(call: Call, enabled: bool) -> Result:
    box, name = _mailbox_and_rule(call)
    if not name:
        raise object_not_found(call.params.text("Mailbox"))
    rule = _find(call, box, name)
    if rule.enabled != enabled:
        rule.enabled = enabled
        record_change(call, box, box.primary_smtp, rule=rule.name, enabled=enabled)
    return Result()


_SWITCHES = {"Confirm": flag, "Force": flag, "AlwaysDeleteOutlookRulesBlob": flag}


_RULE = {"Identity": text, "Mailbox": text, **_SWITCHES}


@cmdlet("Enable-InboxRule", entity="InboxRule", required=("Identity",), **_RULE)
def enable_inbox_rule(call: Call) -> Result:
    return _set_enabled(call, True)


@cmdlet("Disable-InboxRule", entity="InboxRule", required=("Identity",), **_RULE)
def disable_inbox_rule(call: Call) -> Result:
    return _set_enabled(call, False)


@cmdlet("Remove-InboxRule", entity="InboxRule", required=("Identity",), **_RULE)
def remove_inbox_rule(call: Call) -> Result:
    box, name = _mailbox_and_rule(call)
    if not name:
        raise object_not_found(call.params.text("Mailbox"))
    rule = _find(call, box, name)
    box.inbox_rules = [r for r in box.inbox_rules if r is not rule]
    record_change(call, box, box.primary_smtp, rule=rule.name, rule_identity=rule.rule_identity)
    return Result()
