"""The health check's badge for each notification channel, beside the tenant's capabilities.

    email  green: a sender is set, the app's Graph token carries Mail.Send, and the sender is a mailbox
           amber: no sender set (nobody is told by e-mail); red: set, but it cannot work
    teams  green: a webhook is stored and opens with this installation's key; amber: none set; red: it
           does not open (the key changed)

The channels are kept apart from the capabilities: a channel not set up does not hold a tenant "waiting".
Nothing is sent by the check: a test message would land in a real inbox or channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailwarden.errors import MailwardenError, NotFound
from mailwarden.notifications.config import NotificationConfig, load_config, teams_webhook
from mailwarden.tenants import requirements

if TYPE_CHECKING:
    from mailwarden.connectors.connection import TenantClients
    from mailwarden.tenants.health import Capability
    from mailwarden.workspace import Workspace

__all__ = ["ChannelSetup", "channel_capabilities", "channel_setup"]

MAIL_SEND = requirements.MAIL_SEND.asked
_WITHOUT_MAIL_SEND = next(f.without for f in requirements.FEATURES if requirements.MAIL_SEND in f.graph)


@dataclass(frozen=True)
class ChannelSetup:
    config: NotificationConfig
    teams_opens: bool | None
    """Whether the stored webhook opens with this installation's key (None: none stored)."""


def channel_setup(workspace: Workspace, tenant_key: str) -> ChannelSetup:
    from mailwarden.errors import ConfigError
    from mailwarden.tenants.credentials import Keyring

    config = load_config(workspace.store, tenant_key)
    opens: bool | None = None
    if config.teams:
        try:
            opens = (
                teams_webhook(workspace.store, tenant_key, Keyring.for_home(workspace.settings.home))
                is not None
            )
        except ConfigError:
            opens = False
    return ChannelSetup(config=config, teams_opens=opens)


async def channel_capabilities(
    clients: TenantClients, tenant_key: str, setup: ChannelSetup, graph_roles: frozenset[str] | None
) -> list[Capability]:
    from mailwarden.tenants.health import Badge, Capability, Check

    set_cmd = f"mailwarden notifications set --tenant {tenant_key}"
    sender = setup.config.sender
    email: list[Check] = []
    if not sender:
        email.append(
            Check(
                name="notify_email_sender",
                badge="amber",
                checked="a sender mailbox for e-mail notifications: none set",
                fix=f"Name the mailbox notifications come from: {set_cmd} --sender notifications@yourdomain.",
            )
        )
    else:
        has_role = graph_roles is not None and MAIL_SEND in graph_roles
        email.append(
            Check(
                name="notify_email_permission",
                badge="green" if has_role else "red",
                checked=f"the Graph permission {MAIL_SEND} (send as {sender})",
                fix=None
                if has_role
                else f"Grant the app the Microsoft Graph application permission {MAIL_SEND} and give admin "
                "consent (an Exchange application access policy can limit it to the sender's mailbox). "
                f"Until then, {_WITHOUT_MAIL_SEND}.",
            )
        )
        try:
            found = await clients.graph.user(sender, select=("id", "mail"))
            email.append(
                Check(
                    name="notify_email_sender",
                    badge="green" if found.get("mail") else "red",
                    checked=f"the sender {sender} is a mailbox",
                    fix=None
                    if found.get("mail")
                    else f"{sender} has no mailbox: name a user or shared mailbox.",
                )
            )
        except NotFound:
            email.append(
                Check(
                    name="notify_email_sender",
                    badge="red",
                    checked=f"the sender {sender} exists",
                    fix=f"No user {sender} in the tenant: {set_cmd} --sender <an existing mailbox>.",
                )
            )
        except MailwardenError as exc:
            email.append(
                Check(name="notify_email_sender", badge="amber", checked=f"the sender {sender}", fix=str(exc))
            )
    if setup.teams_opens is None:
        teams = Check(
            name="notify_teams_webhook",
            badge="amber",
            checked="a Teams channel's workflow webhook: none set",
            fix=f"Add the workflow 'Post to a channel when a webhook request is received' to the approvers' "
            f"channel and store its URL: {set_cmd} --teams-webhook (it asks for the URL).",
        )
    elif setup.teams_opens:
        teams = Check(
            name="notify_teams_webhook", badge="green", checked="the Teams webhook is stored (sealed)"
        )
    else:
        teams = Check(
            name="notify_teams_webhook",
            badge="red",
            checked="the stored Teams webhook opens with this installation's key",
            fix=f"The key changed since it was stored: store it again with {set_cmd} --teams-webhook.",
        )

    def worst(checks: list[Check]) -> Badge:
        return max((c.badge for c in checks), key=("green", "amber", "red").index)

    return [
        Capability(
            id="notify_email",
            label="Notifications by e-mail (Graph sendMail)",
            badge=worst(email),
            checks=email,
        ),
        Capability(
            id="notify_teams",
            label="Notifications in Teams (channel webhook)",
            badge=teams.badge,
            checks=[teams],
        ),
    ]
