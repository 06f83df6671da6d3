"""The addresses Exchange Online gives a new list beyond the one asked for (security 26 left over).

`New-DistributionGroup -PrimarySmtpAddress desk@acme.com -Alias desk` makes a list that also receives mail at
desk@<tenant>.onmicrosoft.com: the default email address policy gives every mail-enabled recipient an
address in the tenant's initial domain. A forwarding or Inbox rule that names that address hands its mail to
the new list's members as surely as one naming the address asked for, so the forwarded-mail scan of a new
list reads every address the list will get (workflow/list_rights.py, `given_addresses`).

The alias is the one the action will choose (actions/distribution_list_lifecycle.py: the address's local
part, numbered when a recipient has it already); the directory may be older than the tenant, so each alias
from the local part up to one past the first free one is scanned, in every verified *.onmicrosoft.com
domain (the initial domain and, in a hybrid tenant, its mail. domain): more addresses than the list may get,
never fewer of those the directory can predict.
"""

from __future__ import annotations

import re

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import normalize_address

__all__ = ["ALIAS_CHARS", "INITIAL_DOMAIN_SUFFIX", "alias_base", "new_list_addresses"]

ALIAS_CHARS = re.compile(r"[^a-z0-9!#$%&*+\-/=?^_`{|}~.]")
"""What is not an alias character in Exchange, less the apostrophe (it would need quoting in an OPATH
filter)."""
INITIAL_DOMAIN_SUFFIX = ".onmicrosoft.com"


def alias_base(address: str) -> str:
    """The alias the action asks for a list at `address`: its local part, Exchange's characters only."""
    return ALIAS_CHARS.sub("", address.split("@", 1)[0].lower()) or "list"


def new_list_addresses(directory: Directory, address: str) -> list[str]:
    """`address` (normalised) and the addresses in the tenant's initial domain a new list at it will get
    (or may get: see the module's note); `[]` when `address` is not an address."""
    try:
        primary = normalize_address(address)
    except ValueError:
        return []
    domains = [d.name for d in directory.domains if d.verified and d.name.endswith(INITIAL_DOMAIN_SUFFIX)]
    if not domains or primary.rsplit("@", 1)[1] in domains:
        return [primary]
    base = alias_base(primary)
    taken = {r.alias.lower() for r in directory if r.alias}
    aliases, n = [base], 1
    while aliases[-1] in taken:
        n += 1
        aliases.append(f"{base}{n}")
    aliases.append(f"{base}{n + 1}")  # one past: the directory may not know a recipient made since
    # The address is numbered past the addresses held in the domain, not the aliases taken (a recipient may
    # hold ea-desk@ and ea-desk2@<tenant>.onmicrosoft.com as proxies while none has the alias ea-desk: the
    # list gets ea-desk3@, which was never read: red team 36); one past again for what the directory
    # does not know yet.
    out = [primary]
    for d in domains:
        for a in aliases:
            local, m = a, 1
            while directory.by_address(f"{local}@{d}") is not None:
                m += 1
                local = f"{a}{m}"
            out += [f"{local}@{d}", f"{a}{m + 1}@{d}"] if m > 1 else [f"{local}@{d}"]
    return list(dict.fromkeys(out))
