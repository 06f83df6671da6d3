"""Proxy addresses: the rules Exchange applies when EmailAddresses, WindowsEmailAddress or
PrimarySmtpAddress change.

`SMTP:` marks the primary address (exactly one), `smtp:` the others; an address without a prefix is SMTP.
A new address must be well formed, in an accepted (verified) domain of the tenant, and not held by another
recipient as any proxy address or UPN. Texts: the proxy collision sentence is Exchange's
(ProxyAddressExistsException; older reports print it without the holder's name); the multiple-primary
sentence is Exchange's DataValidationException text; the unaccepted-domain sentence is UNCONFIRMED
(NotAcceptedDomainException is the type Exchange names).
"""

from __future__ import annotations

import re

from mailwarden.emulator.exchange.errors import PROXY_IN_USE, CmdletError, task_error
from mailwarden.emulator.exchange.serialize import name_of
from mailwarden.emulator.state import Recipient, TenantState

_VALIDATION = "Microsoft.Exchange.Data.DataValidationException"
_NOT_ACCEPTED = "Microsoft.Exchange.Data.Directory.NotAcceptedDomainException"
_SMTP = re.compile(r"^[^@\s\"<>()\[\],;:\\]+@[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)


def normalize(value: str) -> str:
    """'SMTP:a@b', 'smtp:a@b' or 'a@b' (which is smtp:) → prefixed, the address part lower case."""
    value = value.strip()
    prefix, sep, rest = value.partition(":")
    if not sep or "@" in prefix:
        return f"smtp:{value.lower()}"
    if prefix.lower() == "smtp":
        return f"{prefix}:{rest.strip().lower()}" if prefix in ("SMTP", "smtp") else f"smtp:{rest.lower()}"
    return value


def address_of(proxy: str) -> str:
    return proxy.split(":", 1)[1]


def is_smtp(proxy: str) -> bool:
    return proxy.lower().startswith("smtp:")


def check_available(state: TenantState, holder: Recipient | None, proxy: str) -> None:
    """Refuse an SMTP address that is malformed, outside the accepted domains, or held by someone else."""
    address = address_of(proxy)
    if not _SMTP.match(address):
        raise task_error(
            f'The email address "{address}" isn\'t correct. Please use this format: user name, '
            "the @ sign, followed by the domain name. For example, tonysmith@contoso.com or "
            "tony.smith@contoso.com.",
            _VALIDATION,
        )
    domain = address.rsplit("@", 1)[1]
    accepted = state.domain(domain)
    if accepted is None or not accepted.verified:
        raise task_error(
            f'The email address "{address}" can\'t be used because the domain "{domain}" isn\'t '
            "an accepted domain for your organization.",
            _NOT_ACCEPTED,
        )
    owner = state.address_owner(address)
    if owner is None:
        # A soft-deleted mailbox keeps its addresses until it is purged (it may be restored).
        owner = next(
            (r for r in state.data.soft_deleted.values() if f"smtp:{address}" in _lowered(r)),
            None,
        )
    if owner is not None and (holder is None or owner.id != holder.id):
        raise CmdletError(
            400,
            PROXY_IN_USE,
            f'The proxy address "{proxy.split(":", 1)[0].upper()}:{address}" is already being '
            f'used by the proxy addresses or LegacyExchangeDN of "{name_of(owner)}". Please '
            "choose another proxy address.",
        )


def _lowered(r: Recipient) -> set[str]:
    return {p.lower() for p in r.email_addresses} | (
        {f"smtp:{r.user_principal_name.lower()}"} if r.user_principal_name else set()
    )


def _with_one_primary(proxies: list[str]) -> list[str]:
    primaries = [p for p in proxies if p.startswith("SMTP:")]
    if len(primaries) > 1:
        raise task_error(
            "There are multiple primary SMTP addresses. Please ensure there is only one primary "
            "address for each address type.",
            _VALIDATION,
        )
    if not primaries:
        # Exchange makes the first SMTP address primary when none is marked.
        first = next((i for i, p in enumerate(proxies) if is_smtp(p)), None)
        if first is None:
            raise task_error("The EmailAddresses list must contain at least one SMTP address.", _VALIDATION)
        proxies = [*proxies]
        proxies[first] = "SMTP:" + address_of(proxies[first])
    return proxies


def replaced(state: TenantState, holder: Recipient | None, values: list[str]) -> list[str]:
    """The full new list of proxy addresses when a plain list replaces them all."""
    proxies: list[str] = []
    seen: set[str] = set()
    for proxy in (normalize(v) for v in values):
        if proxy.lower() in seen:
            continue
        seen.add(proxy.lower())
        if is_smtp(proxy):
            check_available(state, holder, proxy)
        proxies.append(proxy)
    return _with_one_primary(proxies)


def edited(state: TenantState, holder: Recipient, add: list[str], remove: list[str]) -> list[str]:
    """The new list after GenericHashTable Add/Remove; adding 'SMTP:x' makes x the primary."""
    proxies = list(holder.email_addresses)
    for proxy in (normalize(v) for v in remove):
        if proxy.startswith("SMTP:") or (is_smtp(proxy) and address_of(proxy) == holder.primary_smtp):
            raise task_error(
                f'The primary SMTP address "{address_of(proxy)}" can\'t be removed. Make another '
                "address primary first.",
                _VALIDATION,
            )
        proxies = [p for p in proxies if p.lower() != proxy.lower()]
    for proxy in (normalize(v) for v in add):
        if is_smtp(proxy):
            check_available(state, holder, proxy)
            existing = [p for p in proxies if is_smtp(p) and address_of(p) == address_of(proxy)]
            if proxy.startswith("SMTP:"):
                proxies = [
                    ("smtp:" + address_of(p)) if p.startswith("SMTP:") else p
                    for p in proxies
                    if p not in existing
                ]
                proxies.insert(0, proxy)
            elif not existing:
                proxies.append(proxy)
        elif proxy.lower() not in {p.lower() for p in proxies}:
            proxies.append(proxy)
    return _with_one_primary(proxies)


def with_primary(state: TenantState, holder: Recipient | None, proxies: list[str], address: str) -> list[str]:
    """`proxies` with `address` made primary; the old primary stays as an smtp: address."""
    proxy = "SMTP:" + address_of(normalize(address))
    check_available(state, holder, proxy)
    rest = [
        ("smtp:" + address_of(p)) if p.startswith("SMTP:") else p
        for p in proxies
        if not (is_smtp(p) and address_of(p) == address_of(proxy))
    ]
    return [proxy, *rest]


def store(state: TenantState, holder: Recipient, proxies: list[str]) -> None:
    holder.email_addresses = proxies
    holder.primary_smtp = next(address_of(p) for p in proxies if p.startswith("SMTP:"))
    state.reindex()
    state.mark_dirty()
