"""The health check's badge for each notification channel, beside the tenant's capabilities.

    email  green: a sender is set, the app's Graph token carries Mail.Send, and the sender is a mailbox
           amber: no sender set (nobody is told by e-mail); red: set, but it cannot work
    teams  green: a webhook is stored and opens with this installation's key; amber: none set; red: it
           does not open (the key changed)
    teams_feed  green: a Teams app is named and the app's Graph token carries TeamsActivity.Send; amber:
           none named; red: named, but the permission is missing (every approver's feed would refuse)

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
    from mailwarden.tenants.health import Capability, Check
    from mailwarden.workspace import Workspace

__all__ = ["ChannelSetup", "channel_capabilities", "channel_setup"]

MAIL_SEND = requirements.MAIL_SEND.asked
_WITHOUT_MAIL_SEND = next(f.without for f in requirements.FEATURES if requirements.MAIL_SEND in f.graph)
TEAMS_ACTIVITY_SEND = "TeamsActivity.Send"


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
        email.append(
            _role_check(
                "notify_email_permission",
                MAIL_SEND,
                graph_roles,
                f"send as {sender}",
                "an Exchange application access policy can limit it to the sender's mailbox",
                without=_WITHOUT_MAIL_SEND,
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

    feed = _feed_check(setup.config.teams_app_id, graph_roles, set_cmd)

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
        Capability(
            id="notify_teams_feed",
            label="Notifications in each approver's Teams activity feed (Graph)",
            badge=feed.badge,
            checks=[feed],
        ),
    ]


def _feed_check(teams_app_id: str | None, graph_roles: frozenset[str] | None, set_cmd: str) -> Check:
    from mailwarden.tenants.health import Check

    if not teams_app_id:
        return Check(
            name="notify_teams_feed",
            badge="amber",
            checked="a Teams app for activity feed notifications: none set",
            fix="Upload mailwarden's Teams app (its webApplicationInfo naming this app), install it for the "
            f"approvers and name it: {set_cmd} --teams-app <its id>.",
        )
    return _role_check(
        "notify_teams_feed",
        TEAMS_ACTIVITY_SEND,
        graph_roles,
        f"Teams app {teams_app_id}",
        "without it every approver's activity feed refuses the notification",
    )


def _role_check(
    name: str,
    role: str,
    graph_roles: frozenset[str] | None,
    what: str,
    why: str,
    *,
    without: str | None = None,
) -> Check:
    """Green when the app's Graph token carries `role`; red with the grant to make otherwise (and, with
    `without`, what does not work until then)."""
    from mailwarden.tenants.health import Check

    has_role = graph_roles is not None and role in graph_roles
    return Check(
        name=name,
        badge="green" if has_role else "red",
        checked=f"the Graph permission {role} ({what})",
        fix=None
        if has_role
        else f"Grant the app the Microsoft Graph application permission {role} and give admin consent "
        f"({why})." + (f" Until then, {without}." if without else ""),
    )
