"""Red team 64: a write whose first try may have been carried out (503, or a lost answer) and whose resend
meets an Exchange redirect (302 to a regional backend) loses "this answers a resend" across the hop: the
client's `_post` runs `send_with_retry` once per hop, and only the hop that saw the 5xx marks its response
`RESENT`. The next hop's answer ("already a member": the first try's own doing) reads as a first send's, so
`actions.base.ours` records the step "already" and its end and undo leave the access the step itself gave.
sec62's `Heard` is shared across the hops (the tries after the 503 are told as resends), but the flag the
"already" is judged by was not."""

from __future__ import annotations

import json

import httpx
import pytest

from mailwarden.connectors import ExchangeClient
from mailwarden.connectors import endpoints as cloud
from mailwarden.connectors.on_wire import hearing_writes
from mailwarden.connectors.retry import RetryPolicy
from mailwarden.errors import AlreadyExists

pytestmark = pytest.mark.anyio

ALREADY = {
    "error": {
        "code": "BadRequest",
        "message": "Error executing cmdlet",
        "details": [
            {
                "message": "Ex6F9304|Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException|"
                "The recipient "
                "tom.becker@acme.com is already a member of the group contractors@acme.com."
            }
        ],
    }
}


async def test_an_already_answering_a_resend_after_a_redirect_is_still_marked_resent() -> None:
    seen: list[tuple[str, int]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert body["CmdletInput"]["CmdletName"] == "Add-DistributionGroupMember"
        if request.url.host == "127.0.0.1":
            # First try: 503 after the cmdlet may have run (Exchange cannot say); its resend is redirected.
            status = 503 if not seen else 302
            seen.append((request.url.host, status))
            if status == 503:
                return httpx.Response(503, json={"error": {"code": "ServiceUnavailable", "message": "busy"}})
            return httpx.Response(
                302, headers={"Location": "https://127.0.0.2:446/adminapi/beta/t1/InvokeCommand"}
            )
        seen.append((request.url.host, 400))
        return httpx.Response(400, json=ALREADY)

    told: list[bool] = []  # each try told, and whether it is a resend of one that may have landed
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = ExchangeClient(
            http, cloud.emulator("https://127.0.0.1:4443"), "t1", policy=RetryPolicy(base_delay=0.01)
        )
        with hearing_writes(lambda send: told.append(send.resend)), pytest.raises(AlreadyExists) as caught:
            await client.add_distribution_group_member("contractors@acme.com", "tom.becker@acme.com")
    assert seen == [("127.0.0.1", 503), ("127.0.0.1", 302), ("127.0.0.2", 400)]
    assert told == [False, True, True], (
        "the 503 settles the send across the hop: the tries after it are resends"
    )
    # The first try may have added Tom: "already a member" may be this write's own doing.
    assert caught.value.resent, "the answer after the redirect reads as a first send's 'already'"
