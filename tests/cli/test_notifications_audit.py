"""An admin's change of notification settings is in the signed audit log: who, before and after, never the
Teams webhook's URL."""

from __future__ import annotations

from mailwarden.audit import AuditRecord
from mailwarden.settings import load_settings
from mailwarden.workspace import Workspace
from tests.cli.conftest import Cli

GRACE = "grace.hopper@acme.com"
WEBHOOK = "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/run?sig=s3cr3tSig"


def _records(cli: Cli) -> list[AuditRecord]:
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(cli.home)}))
    try:
        assert workspace.audit.verify().ok
        return workspace.audit.records(event="notifications.set")
    finally:
        workspace.close()


def test_changing_the_sender_and_webhook_is_audited_without_the_url(cli: Cli) -> None:
    """Grace moves e-mail to another sender and stores a webhook: one record each, naming her, the sender
    before and after, the channel switched on; the webhook's URL (its signature) is in none."""
    code, out, err = cli("notifications", "set", "--sender", "it-notices@acme.com", "--as", GRACE)
    assert code == 0, out + err
    code, out, err = cli("notifications", "set", "--teams-webhook", "--as", GRACE, input=WEBHOOK + "\n")
    assert code == 0, out + err
    sender, webhook = _records(cli)[-2:]
    assert (sender.actor, sender.tenant, sender.target) == (GRACE, "demo", "demo")
    assert isinstance(sender.before, dict)
    assert isinstance(sender.after, dict)
    assert sender.after["sender"] == "it-notices@acme.com" != sender.before["sender"]
    assert isinstance(webhook.before, dict)
    assert isinstance(webhook.after, dict)
    assert (webhook.before["teams"], webhook.after["teams"]) == (False, True)
    assert webhook.detail == {"teams_webhook": "replaced"}
    assert all(
        "s3cr3tSig" not in r.model_dump_json() and "logic.azure" not in r.model_dump_json()
        for r in _records(cli)
    )


def test_switching_e_mail_off_is_audited_and_a_no_change_is_not(cli: Cli) -> None:
    """Stopping e-mail (approvers would hear nothing) is recorded; setting what is already set is not."""
    assert cli("notifications", "set", "--no-email", "--as", GRACE)[0] == 0
    [off] = _records(cli)[-1:]
    assert isinstance(off.after, dict)
    assert off.after["sender"] is None
    count = len(_records(cli))
    assert cli("notifications", "set", "--no-email", "--as", GRACE)[0] == 0
    assert len(_records(cli)) == count


def test_a_refused_change_leaves_no_record(cli: Cli) -> None:
    """An employee may not change the settings: nothing is changed and nothing recorded."""
    code, _, _ = cli("notifications", "set", "--sender", "me@acme.com", "--as", "tom.becker@acme.com")
    assert code == 1
    assert _records(cli) == []
