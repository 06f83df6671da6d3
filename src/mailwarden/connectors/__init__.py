"""Connectors: the only code that speaks HTTP to a tenant (Microsoft Graph and the Exchange admin API).

    connection = TenantConnection(endpoints=emulator(url), tenant_id=..., client_id=...,
                                  credential=ClientSecretCredential(Secret(...)), ca_file=...)
    async with open_tenant(connection) as tenant:
        await tenant.graph.users()
        await tenant.exchange.add_recipient_permission("support@acme.com", "sarah@acme.com")

Everything above the connectors works on dicts and `mailwarden.errors`; nothing above looks at HTTP.
"""

# Tests set this to False: a connection to a non-loopback host then raises RemoteTenantBlocked before any
# request (read at call time by connectors.guard, so flipping it works after import).
ALLOW_REMOTE_TENANTS = True

from mailwarden.connectors.auth import MsalAuth, TokenSource  # noqa: E402
from mailwarden.connectors.connection import (  # noqa: E402
    CertificateCredential,
    ClientSecretCredential,
    Credential,
    TenantClients,
    TenantConnection,
    Timeouts,
    open_tenant,
)
from mailwarden.connectors.endpoints import CHINA, DOD, PUBLIC, USGOV, CloudEndpoints, by_name, emulator  # noqa: E402
from mailwarden.connectors.exchange import (  # noqa: E402
    Cmdlet,
    CmdletOutcome,
    CmdletResult,
    ExchangeClient,
    hashtable,
)
from mailwarden.connectors.graph import GraphBatchRequest, GraphBatchResult, GraphClient  # noqa: E402
from mailwarden.connectors.retry import RetryPolicy, next_delay  # noqa: E402
from mailwarden.connectors.secret import Secret  # noqa: E402

__all__ = [
    "ALLOW_REMOTE_TENANTS",
    "CHINA",
    "DOD",
    "PUBLIC",
    "USGOV",
    "CertificateCredential",
    "ClientSecretCredential",
    "CloudEndpoints",
    "Cmdlet",
    "CmdletOutcome",
    "CmdletResult",
    "Credential",
    "ExchangeClient",
    "GraphBatchRequest",
    "GraphBatchResult",
    "GraphClient",
    "MsalAuth",
    "RetryPolicy",
    "Secret",
    "TenantClients",
    "TenantConnection",
    "Timeouts",
    "TokenSource",
    "by_name",
    "emulator",
    "hashtable",
    "next_delay",
    "open_tenant",
]
