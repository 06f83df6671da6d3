import pytest

from mailwarden.actions.base import ActionContext


@pytest.mark.reads_only
@pytest.mark.anyio
async def test_context_directory_holds_the_acme_support_mailbox(ctx: ActionContext) -> None:
    """Discovery through the connectors finds the Support shared mailbox with Sarah as its owner."""
    support = ctx.recipient("helpdesk@acme.com")
    assert support.primary_address == "support@acme.com"
    assert ctx.directory.get(support.owners[0]).primary_address == "sarah@acme.com"
