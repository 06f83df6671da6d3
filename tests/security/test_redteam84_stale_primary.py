"""Red team 84 F1: the requester's address now was read from the store's copy of the directory by object id,
trusting the primary address their row names. An admin gives Tom's tom.becker@ to Ava; Ava signs in, which
reads HER row alone into the copy (api/deps.py Runtime.person, cli/session.py): the address table gives
tom.becker@ to her, but Tom's row still names it as his primary until his row is read again. Meanwhile Tom's
request's news went to tom.becker@ (Ava's mailbox), and she was its requester to `reads_text` and
`comments_for` (the whole text, every comment). Now an address the copy gives someone else is never the
requester's: where Tom is now is in doubt, his news goes nowhere (the outbox records why), he is not gone.

Also the test objid2's read fix lacked: read back from a store whose copy was refreshed after the move, the
address filed under is not the requester's (a store that still counted it gave its new holder the text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.requests import COMMENT_WITHHELD, TEXT_WITHHELD, RequestView
from mailwarden.notifications.events import Event
from mailwarden.notifications.outbox import IN_DOUBT
from mailwarden.notifications.templates import Person, message_context
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.workflow.seen import seen_by
from mailwarden.workflow.service import Actor
from tests.notifications.test_notifications import _ask, _configure, _deliver, _inbox, _records
from tests.security.test_requester_by_object_id import AVA, _moved
from tests.security.test_requester_by_object_id_reads import SARAH, SUPPORT_FOR_TOM, TOM, TOM_NOW, _stored
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import TENANT, Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

TEXT = "Send As on support@ for me, the Q3 escalations"


def _ava_signs_in(flow: Flow) -> Actor:
    """What Ava's sign-in does to the store's copy: her row alone is read (tom.becker@ is hers now)."""
    ava = flow.person(TOM)  # the live directory, read again after the move
    RecipientCache(flow.service.store).upsert(TENANT, ava)
    return Actor(actor_id=ava.recipient_id, address=TOM, is_admin=False)


def _as_read_by(view: RequestView, address: str) -> dict[str, object]:
    """What a mail about `view` to `address` (an approver's, not an admin's) tells them."""
    return message_context(
        view,
        Event.DENIED,
        person=lambda a: Person(name=a, address=a),
        recipient=Person(name="Ava", address=address),
        link=None,
        tenant_name=TENANT,
        admin=False,
    )


async def test_toms_news_goes_to_no_one_while_the_copy_gives_his_primary_address_to_ava(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SUPPORT_FOR_TOM, text=TEXT)
    later = await _ask(flow, TOM, SUPPORT_FOR_TOM)
    await _moved(flow, tenant, TOM)  # Ava holds tom.becker@ now (live)
    ava = _ava_signs_in(flow)
    flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == [], "Ava (at tom.becker@) was mailed Tom's request's news"
    said = {(r.event, r.recipient, r.state, r.last_error) for r in _records(flow.service.store)}
    assert ("denied", view.requester_id, "queued", IN_DOUBT) in said, said  # held (red team 86 F3); says why

    seen = flow.service.get(TENANT, view.request_id)
    assert seen.requester_in_doubt
    assert seen.requester_now is None, seen.requester_now
    assert not seen.requester_gone  # Tom is still in the tenant
    assert seen.requester_shown == TOM
    assert not seen.is_requesters_address(TOM), "tom.becker@ (Ava's) counted as the requester's"
    told = _as_read_by(seen, TOM)
    assert told["request"]["text"] == TEXT_WITHHELD  # type: ignore[index]
    assert [a["justification"] for a in told["approvals"]] == [COMMENT_WITHHELD]  # type: ignore[attr-defined]
    assert told["requester"] == Person(name=TOM, address=TOM)  # not named as Ava from the copy
    # Signed in, Ava holds tom.becker@: never the requester's, even on a view that counted it.
    counted = seen.model_copy(update={"requester_addresses": frozenset({TOM})})
    assert seen_by(ava, counted).text == TEXT_WITHHELD

    # Once the next sync reads Tom's row, his news reaches him at his address now.
    RecipientCache(flow.service.store).upsert(TENANT, flow.person(TOM_NOW))
    flow.service.deny(TENANT, later.request_id, flow.actor(SARAH), "Not your queue.")
    await _deliver(flow, tmp_path)
    assert _inbox(tenant, AVA) == []
    assert [m["subject"] for m in _inbox(tenant, TOM_NOW)] == [
        f"[mailwarden] Your request was denied ({later.request_id[:8]})"
    ]


async def test_read_back_after_the_move_the_address_filed_under_is_not_the_requesters(
    flow: Flow, tenant: TenantState, tmp_path: Path
) -> None:
    """objid2's read fix, through the store: its copy refreshed after the move, the request read back does
    not count tom.becker@ (Ava's) as Tom's; a mail to her there withholds its text and comments."""
    _configure(flow, tmp_path)
    view = await _ask(flow, TOM, SUPPORT_FOR_TOM, text=TEXT)
    flow.service.deny(TENANT, view.request_id, flow.actor(SARAH), "Not your queue.")
    await _moved(flow, tenant, TOM)
    _stored(flow)
    seen = flow.service.get(TENANT, view.request_id)
    assert seen.requester_now == TOM_NOW
    assert not seen.reads_text(TOM), seen.requester_addresses
    assert [a.justification for a in seen.comments_for(TOM)["approvals"]] == [COMMENT_WITHHELD]
    assert _as_read_by(seen, TOM)["request"]["text"] == TEXT_WITHHELD  # type: ignore[index]
