"""The remote-tenant guard: with `ALLOW_REMOTE_TENANTS` off, only loopback hosts may be contacted.

The test suite turns the flag off for the whole session, so a test that builds a connection to a real
tenant by mistake fails before any request leaves the machine.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import mailwarden.connectors as _package
from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.errors import RemoteTenantBlocked


def is_loopback(url: str) -> bool:
    """True when `url`'s host is this machine (127.0.0.0/8, ::1 or `localhost`)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_allowed(endpoints: CloudEndpoints) -> None:
    """Raise `RemoteTenantBlocked` if remote tenants are disabled and any endpoint is not loopback."""
    if _package.ALLOW_REMOTE_TENANTS:
        return
    for url in endpoints.hosts:
        if not is_loopback(url):
            raise RemoteTenantBlocked(url)
