"""Where a tenant lives: the identity authority, Graph and the Exchange admin API of one cloud.

Microsoft runs separate clouds with their own hosts (public, US Government GCC High, China operated by
21Vianet); the emulator is one more endpoint set, so the demo, the tests and production share one code
path. Hosts are from Microsoft's national cloud tables (learn.microsoft.com/graph/deployments) and the
ExchangeOnlineManagement module's environment names (O365USGovGCCHigh, O365USGovDoD, O365China).
DoD: Graph `dod-graph.microsoft.us` (learn.microsoft.com/graph/deployments, "US Government L5 (DOD)"),
Exchange tokens for `outlook-dod.office365.us` and the module's O365USGovDoD connection host
`webmail.apps.mil`; sign-in is the US Government login host, shared with GCC High.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from ipaddress import ip_address
from urllib.parse import urlsplit

from mailwarden.errors import ConfigError

__all__ = [
    "CHINA",
    "CLOUDS",
    "DOD",
    "MICROSOFT_SUFFIXES",
    "PUBLIC",
    "USGOV",
    "CloudEndpoints",
    "by_name",
    "emulator",
    "exchange_host_setting",
]


@dataclass(frozen=True)
class CloudEndpoints:
    """The base URLs and token audiences of one cloud (no trailing slashes)."""

    name: str
    authority_host: str
    """The identity platform, e.g. `https://login.microsoftonline.com`; the tenant id is appended."""
    graph_url: str
    """Graph's v1.0 root, e.g. `https://graph.microsoft.com/v1.0`."""
    graph_resource: str
    """The audience of Graph tokens; the scope asked for is `<resource>/.default`."""
    exchange_url: str
    """The Exchange admin API root, e.g. `https://outlook.office365.com/adminapi/beta`."""
    exchange_resource: str
    """The audience of Exchange admin API tokens."""
    browser_host: str = ""
    """Where a person's browser opens the identity platform's pages (admin consent), when not the
    authority host: a demo emulator serves them over plain HTTP on loopback so no browser warns."""
    exchange_hosts: tuple[str, ...] = ()
    """The hosts besides `exchange_url`'s that Exchange may send the client to (a regional backend's
    redirect, a page's nextLink): a name, or '.'-led, a domain any host under it. The bearer token goes
    wherever the client follows, so nowhere else (red team 81 F2)."""
    exchange_hosts_added: tuple[str, ...] = ()
    """The tenant's own additions to its cloud's `exchange_hosts` (a sovereign cloud's host, a proxy), a
    connection setting an admin gives (`with_exchange_hosts`, checked by `exchange_host_setting`)."""

    def with_exchange_hosts(self, added: Iterable[str]) -> CloudEndpoints:
        """These endpoints with the tenant's own Exchange hosts added to the cloud's (each checked, a
        wildcard against this cloud's own domains)."""
        domains = self.wildcard_domains
        return replace(
            self,
            exchange_hosts_added=tuple(dict.fromkeys(exchange_host_setting(h, domains) for h in added)),
        )

    @property
    def wildcard_domains(self) -> tuple[str, ...]:
        """The Microsoft domains a wildcard a tenant of this cloud adds may be or be under: its own cloud's
        only, so a public tenant's token never follows to 21Vianet's or a US government cloud's hosts (red
        team 82 F5). An emulator's are the public cloud's, whose tokens it issues."""
        cloud = PUBLIC if self.name == "emulator" else self
        return tuple(h for h in cloud.exchange_hosts if h.startswith("."))

    @property
    def exchange_host(self) -> str:
        """The host of `exchange_url`, the one the client starts on."""
        return (urlsplit(self.exchange_url).hostname or "").lower()

    @property
    def browser_authority(self) -> str:
        return (self.browser_host or self.authority_host).rstrip("/")

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every URL this cloud's connections may contact (for the remote-tenant guard)."""
        return (self.authority_host, self.graph_url, self.exchange_url)

    def exchange_may_send_to(self, host: str) -> bool:
        """Whether the Exchange client may follow Exchange to `host`, the token with it."""
        host = host.strip().lower().rstrip(".")
        allowed = (*self.exchange_hosts, *self.exchange_hosts_added)
        return host == self.exchange_host or any(_names(a, host) for a in allowed)

    @property
    def is_public_login(self) -> bool:
        """True when tokens come from the public cloud's login host (msal may run instance discovery)."""
        return self.authority_host.rstrip("/").lower() == "https://login.microsoftonline.com"


LOOPBACK = "loopback"
"""In `exchange_hosts`: any name or address of this machine (the emulator's regional host)."""


def _names(allowed: str, host: str) -> bool:
    if allowed == LOOPBACK:
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            return ip_address(host.strip("[]")).is_loopback
        except ValueError:
            return False
    return host.endswith(allowed) if allowed.startswith(".") else host == allowed


PUBLIC = CloudEndpoints(
    name="public",
    authority_host="https://login.microsoftonline.com",
    graph_url="https://graph.microsoft.com/v1.0",
    graph_resource="https://graph.microsoft.com",
    exchange_url="https://outlook.office365.com/adminapi/beta",
    exchange_resource="https://outlook.office365.com",
    exchange_hosts=(".outlook.com", ".office365.com"),  # Microsoft's regional backends of this cloud
)

USGOV = CloudEndpoints(
    name="usgov",  # GCC High; GCC (moderate) tenants use the public endpoints
    authority_host="https://login.microsoftonline.us",
    graph_url="https://graph.microsoft.us/v1.0",
    graph_resource="https://graph.microsoft.us",
    exchange_url="https://outlook.office365.us/adminapi/beta",
    exchange_resource="https://outlook.office365.us",
    exchange_hosts=(".office365.us",),  # Microsoft's regional backends of this cloud
)

DOD = CloudEndpoints(
    name="dod",  # US Government L5 (DoD): its own Graph and Exchange hosts, GCC High's login host
    authority_host="https://login.microsoftonline.us",
    graph_url="https://dod-graph.microsoft.us/v1.0",
    graph_resource="https://dod-graph.microsoft.us",
    exchange_url="https://webmail.apps.mil/adminapi/beta",
    exchange_resource="https://outlook-dod.office365.us",
    exchange_hosts=(".apps.mil", ".office365.us"),  # Microsoft's regional backends of this cloud
)

CHINA = CloudEndpoints(
    name="china",
    authority_host="https://login.chinacloudapi.cn",
    graph_url="https://microsoftgraph.chinacloudapi.cn/v1.0",
    graph_resource="https://microsoftgraph.chinacloudapi.cn",
    exchange_url="https://partner.outlook.cn/adminapi/beta",
    exchange_resource="https://partner.outlook.cn",
    exchange_hosts=(".outlook.cn",),  # Microsoft's regional backends of this cloud
)

CLOUDS: dict[str, CloudEndpoints] = {c.name: c for c in (PUBLIC, USGOV, DOD, CHINA)}

MICROSOFT_SUFFIXES = tuple(
    sorted({h for c in CLOUDS.values() for h in c.exchange_hosts if h.startswith(".")})
)
"""The domains of Microsoft's Exchange hosts in its clouds: an added wildcard (".x" or "*.x") is one of
them or narrower, never a domain anyone may register hosts under."""

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
"""A DNS label as a hostname spells it (letters, digits, inner hyphens), matched whole (`fullmatch`: `$`
let a line break through, red team 82 F5)."""
_NUMBER = re.compile(r"0x[0-9a-f]*|[0-9]+")
"""A last label that makes a name an IPv4 address to a resolver or a URL parser (`1.2.3.0x4` is 1.2.3.4)."""


def exchange_host_setting(text: str, domains: Iterable[str] = MICROSOFT_SUFFIXES) -> str:
    """An Exchange host an admin adds to a tenant's connection, as kept: a hostname ("exchange.contoso.de",
    or given as "https://exchange.contoso.de"), or ".domain" ("*.domain" said so) for any host under a
    domain no wider than one of Microsoft's `domains` (the tenant's cloud's, `wildcard_domains`; e.g.
    ".eu.outlook.com"). ConfigError for anything else: another scheme than https, a port or a path, an
    address (in any spelling a resolver reads), a name that is no DNS name, a wildcard wider than that."""
    given = text.strip()
    name = given.lower()
    if "://" in name:
        parts = urlsplit(name)
        if parts.scheme != "https":
            raise ConfigError(f"Exchange host {given!r}: only https hosts; the tenant's token goes there.")
        if parts.port is not None or parts.path not in ("", "/") or parts.query or parts.username:
            raise ConfigError(f"Exchange host {given!r}: give the hostname alone, with no port or path.")
        name = parts.hostname or ""
    if name.startswith("*."):
        name = name[1:]
    suffix = name.startswith(".")
    labels = name.removeprefix(".").removesuffix(".").split(".")
    if (
        len(labels) < 2
        or len(".".join(labels)) > 253
        or not all(_LABEL.fullmatch(label) for label in labels)
        or _NUMBER.fullmatch(labels[-1])
    ):
        raise ConfigError(
            f"Exchange host {given!r} is not a hostname: give one such as 'exchange.contoso.de', or "
            "'.eu.outlook.com' for every host under a domain of Microsoft's."
        )
    kept = ("." if suffix else "") + ".".join(labels)
    domains = tuple(domains)
    if suffix and not any(kept == m or kept.endswith(m) for m in domains):
        raise ConfigError(
            f"Exchange host {given!r}: a wildcard must be one of Microsoft's Exchange domains of the "
            f"tenant's cloud or under one ({', '.join(domains) or 'none'}); name any other host in full."
        )
    return kept


def emulator(url: str, browser_url: str = "") -> CloudEndpoints:
    """The endpoints of a tenant emulator served at `url` (e.g. `https://127.0.0.1:8443`).

    The emulator answers all three faces on one origin and issues tokens with the public cloud's audiences;
    `browser_url` is its plain-HTTP loopback port for the pages a person opens (sign-in, consent, device
    code).
    """
    base = url.rstrip("/")
    return CloudEndpoints(
        name="emulator",
        authority_host=base,
        graph_url=f"{base}/v1.0",
        graph_resource=PUBLIC.graph_resource,
        exchange_url=f"{base}/adminapi/beta",
        exchange_resource=PUBLIC.exchange_resource,
        browser_host=browser_url.rstrip("/"),
        exchange_hosts=(LOOPBACK,),  # its "regional" host: another name of this machine
    )


def by_name(name: str) -> CloudEndpoints:
    """A cloud by its name (`public`, `usgov`, `dod`, `china`), or an alias as Microsoft's tools spell it."""
    key = name.strip().lower()
    if key in _AMBIGUOUS:
        raise ConfigError(
            f"{name!r} covers both US Government clouds, which have different Graph and Exchange hosts: "
            "use 'usgov' for GCC High or 'dod' for DoD (GCC moderate tenants use 'public')."
        )
    key = _ALIASES.get(key, key)
    try:
        return CLOUDS[key]
    except KeyError:
        known = ", ".join(sorted(CLOUDS))
        raise ConfigError(
            f"Unknown cloud {name!r}. Use one of: {known} (or an emulator URL for the demo tenant)."
        ) from None


_ALIASES = {
    "global": "public",
    "azurecloud": "public",
    "o365default": "public",
    "gcchigh": "usgov",
    "usgovernmentl4": "usgov",
    "o365usgovgcchigh": "usgov",
    "usgovdod": "dod",
    "usgovernmentl5": "dod",
    "o365usgovdod": "dod",
    "21vianet": "china",
    "azurechinacloud": "china",
    "o365china": "china",
}

# Azure's environment name spans GCC High and DoD: a DoD tenant sent to GCC High's hosts fails late and
# obscurely, so these names must say which.
_AMBIGUOUS = frozenset({"usgovernment", "azureusgovernment"})
