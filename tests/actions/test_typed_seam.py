"""One rule for who holds a permission, one matcher for printed identities (issue 11, "One typed seam").

The same Exchange answer is read by the delegation actions, the views, the delegation report and the
policy's delegate check; each must reach the same verdict. The answers below are what real tenants print
beside plain grants: inherited entries from a parent object, Deny entries, the mailbox's own SELF entry, a
bare SID of a deleted account, and a synced account printed as DOMAIN\\alias.
"""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import read_grants
from mailwarden.actions.mailbox_delegation import ACTION as FULL_ACCESS
from mailwarden.actions.send_as import ACTION as SEND_AS
from mailwarden.actions.views import VIEWS, delegates_of
from mailwarden.connectors.exchange import CmdletResult
from mailwarden.connectors.models import MailboxPermission, RecipientPermission, holders
from mailwarden.directory.identify import identify, names
from mailwarden.model.changes import Change, Refusal
from mailwarden.model.steps import MailboxDelegation, SendAs, parse_step

pytestmark = pytest.mark.anyio

SUPPORT = "support@acme.com"
CHRIS = "chris.lee@acme.com"


def _mbx(user: str, *, inherited: bool = False, deny: bool = False) -> dict[str, Any]:
    return {"User": user, "AccessRights": ["FullAccess"], "IsInherited": inherited, "Deny": deny}


def _rcp(trustee: str, *, inherited: bool = False, control: str = "Allow") -> dict[str, Any]:
    return {
        "Trustee": trustee,
        "AccessRights": ["SendAs"],
        "IsInherited": inherited,
        "AccessControlType": control,
    }


MAILBOX_ANSWER = [
    {"User": "NT AUTHORITY\\SELF", "AccessRights": ["FullAccess", "ReadPermission"], "IsInherited": False},
    _mbx("sarah@acme.com", inherited=True),
    _mbx("tom.becker@acme.com", deny=True),
    _mbx("S-1-5-21-3623811015-3361044348-30300820-1013"),
    _mbx("ACME\\chris.lee"),
]
RECIPIENT_ANSWER = [
    _rcp("NT AUTHORITY\\SELF"),
    _rcp("sarah@acme.com", inherited=True),
    _rcp("tom.becker@acme.com", control="Deny"),
    _rcp("ACME\\chris.lee"),
]


@pytest.fixture
def printed(ctx: ActionContext, monkeypatch: pytest.MonkeyPatch) -> ActionContext:
    """The context, with Exchange answering Support's permission reads as above (everything else live)."""
    exchange = ctx.clients.exchange
    real_invoke, real_run = exchange.invoke, exchange.run
    canned = {"Get-MailboxPermission": MAILBOX_ANSWER, "Get-RecipientPermission": RECIPIENT_ANSWER}

    def answer(cmdlet: str, parameters: Any) -> list[dict[str, Any]]:
        # -User / -Trustee: only the entries of the principal it names (as Exchange resolves it; the
        # actions name a trustee by object id).
        asked = (parameters or {}).get("User") or (parameters or {}).get("Trustee")
        who = ctx.directory.get(asked) if asked else None
        if asked and who is None:
            who = identify(ctx.directory, asked)
        return [
            dict(e)
            for e in canned[cmdlet]
            if not asked
            or (who is not None and names([e.get("User") or e.get("Trustee")], who, ctx.directory))
        ]

    async def invoke(cmdlet: str, parameters: Any = None, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        if cmdlet in canned and str((parameters or {}).get("Identity")).lower() == SUPPORT:
            return answer(cmdlet, parameters)
        return await real_invoke(cmdlet, parameters, *args, **kwargs)

    async def run(cmdlet: str, parameters: Any = None, **kwargs: Any) -> CmdletResult:
        if cmdlet in canned and str((parameters or {}).get("Identity")).lower() == SUPPORT:
            return CmdletResult(value=answer(cmdlet, parameters))
        return await real_run(cmdlet, parameters, **kwargs)

    monkeypatch.setattr(exchange, "invoke", invoke)
    monkeypatch.setattr(exchange, "run", run)
    return ctx


def test_one_rule_holds_only_explicit_allow_entries_of_people() -> None:
    """Inherited, Deny, SELF and SID entries hold nothing; the DOMAIN\\alias entry does."""
    assert holders(map(MailboxPermission.parse, MAILBOX_ANSWER), "FullAccess") == ["ACME\\chris.lee"]
    assert holders(map(RecipientPermission.parse, RECIPIENT_ANSWER), "SendAs") == ["ACME\\chris.lee"]


@pytest.mark.reads_only
async def test_a_synced_account_printed_as_domain_alias_is_recognised(ctx: ActionContext) -> None:
    """'ACME\\chris.lee' names Chris Lee, for the actions' matcher and the views' alike."""
    chris = ctx.recipient(CHRIS)
    found = identify(ctx.directory, "ACME\\chris.lee")
    assert found is not None
    assert found.recipient_id == chris.recipient_id
    assert names(["ACME\\chris.lee"], chris, ctx.directory)
    assert identify(ctx.directory, "NT AUTHORITY\\SELF") is None


@pytest.mark.reads_only
async def test_every_reader_of_the_same_answer_agrees(printed: ActionContext) -> None:
    """The view, the report, the policy's delegate set and the actions' preflights name the same holders."""
    ctx = printed
    chris = ctx.recipient(CHRIS)
    view = await VIEWS["view_mailbox_permissions"].run(
        ctx, parse_step({"action": "view_mailbox_permissions", "mailbox": SUPPORT})
    )
    assert [row["trustee_address"] for row in view.rows] == [CHRIS]

    box = await ctx.clients.exchange.get_mailbox(
        SUPPORT,
        select=["ExternalDirectoryObjectId", "DisplayName", "PrimarySmtpAddress", "RecipientTypeDetails"],
    )
    grants, failures = await read_grants(ctx, [box], batched=False)
    assert not failures
    assert {(g.trustee_address, g.right) for g in grants} == {(CHRIS, "FullAccess"), (CHRIS, "SendAs")}

    assert chris.recipient_id in await delegates_of(ctx, ctx.recipient(SUPPORT))

    for action, step in (
        (FULL_ACCESS, MailboxDelegation(change="grant", mailbox=SUPPORT, trustee=CHRIS)),
        (SEND_AS, SendAs(change="grant", mailbox=SUPPORT, trustee=CHRIS)),
    ):
        change = await action.preflight(ctx, step)  # type: ignore[attr-defined]
        assert isinstance(change, Change)
        assert change.already, (action, change)


@pytest.mark.reads_only
async def test_an_inherited_right_is_neither_held_nor_revocable_here(printed: ActionContext) -> None:
    """Sarah's inherited Full Access and Send As: a grant adds an explicit one; a revoke says why not."""
    for action, grant, revoke in (
        (
            FULL_ACCESS,
            MailboxDelegation(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com"),
            MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee="sarah@acme.com"),
        ),
        (
            SEND_AS,
            SendAs(change="grant", mailbox=SUPPORT, trustee="sarah@acme.com"),
            SendAs(change="revoke", mailbox=SUPPORT, trustee="sarah@acme.com"),
        ),
    ):
        granted = await action.preflight(printed, grant)  # type: ignore[attr-defined]
        assert isinstance(granted, Change)
        assert not granted.already, (action, granted)
        refused = await action.preflight(printed, revoke)  # type: ignore[attr-defined]
        assert isinstance(refused, Refusal)
        assert "inherited" in refused.reason, (action, refused)


@pytest.mark.reads_only
async def test_a_deny_entry_is_no_grant(printed: ActionContext) -> None:
    """Tom's Deny entries take access away: a revoke has nothing to remove."""
    for action, step in (
        (FULL_ACCESS, MailboxDelegation(change="revoke", mailbox=SUPPORT, trustee="tom.becker@acme.com")),
        (SEND_AS, SendAs(change="revoke", mailbox=SUPPORT, trustee="tom.becker@acme.com")),
    ):
        change = await action.preflight(printed, step)  # type: ignore[attr-defined]
        assert isinstance(change, Change)
        assert change.already, (action, change)
