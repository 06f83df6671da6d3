"""The trace (planner/trace.py): a ready plan's every value comes from words the planner read as asked.

The wordings are red team 39's (NLU55 items 1-4) that granted something the text only mentions; the draft
tests call the trace itself on a draft, so what it checks is shown apart from how the planner reads."""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.planner.draft import Draft, DraftStep
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.mentions import NameIndex, find_mentions
from mailwarden.planner.rules import RulesPlanner
from mailwarden.planner.trace import Untraced, untraced
from tests.planner.conftest import NOW


@pytest.fixture
def grace(acme: Directory) -> Recipient:
    return resolve(acme, "grace.hopper@acme.com")


def _ready(*steps: DraftStep) -> Draft:
    return Draft(status="ready", message="", steps=list(steps))


def _grant(mailbox: str, trustee: str, **more: str) -> DraftStep:
    return DraftStep(
        action="mailbox_delegation", change="grant", params={"mailbox": mailbox, "trustee": trustee, **more}
    )


def _trace(text: str, draft: Draft, acme: Directory, grace: Recipient) -> Untraced | None:
    mentions = find_mentions(text, acme, grace, NameIndex(acme))
    return untraced(text, mentions, draft, acme, grace)


def test_a_mailbox_said_as_who_a_person_is_is_not_asked(acme: Directory, grace: Recipient) -> None:
    text = "Give Tom Becker of sales@acme.com full access to support@acme.com"
    asked = _grant("support@acme.com", "Tom Becker")
    assert _trace(text, _ready(asked), acme, grace) is None
    found = _trace(text, _ready(asked, _grant("sales@acme.com", "Tom Becker")), acme, grace)
    assert found is not None
    assert (found.said, found.about) == ("sales@acme.com", "mailbox")
    assert "sales@acme.com" in found.question()


def test_what_a_removal_takes_someone_from_is_asked(acme: Directory, grace: Recipient) -> None:
    # "from" after a person describes them only when the clause goes on to a target of its own; a removal
    # from that place is still what was asked ("move ... from X to Y"), a grant on it is not
    text = "Move Tom Becker from Marketing to All Hands"
    leave = DraftStep(
        action="distribution_list_membership",
        change="remove",
        params={"group": "Marketing", "member": "Tom Becker"},
    )
    join = DraftStep(
        action="distribution_list_membership",
        change="add",
        params={"group": "All Hands", "member": "Tom Becker"},
    )
    assert _trace(text, _ready(join, leave), acme, grace) is None
    wrong = DraftStep(action=join.action, change="add", params={"group": "Marketing", "member": "Tom Becker"})
    assert _trace(text, _ready(join, wrong), acme, grace) is not None


def test_a_value_named_nowhere_is_untraced(acme: Directory, grace: Recipient) -> None:
    found = _trace(
        "Give Tom Becker full access to support@acme.com", _ready(_grant("hr@acme.com", "Tom")), acme, grace
    )
    assert found is not None
    assert found.where == "nowhere in what was asked"


def test_a_corrected_right_and_an_end_on_a_permanent_right(acme: Directory, grace: Recipient) -> None:
    text = "Give Tom send as on billing - scrap that, full access"
    full = _grant("billing", "Tom")
    send_as = DraftStep(action="send_as", change="grant", params={"mailbox": "billing", "trustee": "Tom"})
    assert _trace(text, _ready(full), acme, grace) is None
    found = _trace(text, _ready(send_as, full), acme, grace)
    assert found is not None
    assert (found.said, found.about) == ("Send As", "action")
    text = "Give Tom send as on billing for 2 weeks, and full access too, but the send as permanent"
    ends = send_as.model_copy(update={"params": {**send_as.params, "expires": "2026-03-16T09:00:00+00:00"}})
    found = _trace(text, _ready(ends, full), acme, grace)
    assert found is not None
    assert found.about == "expires"
    forever = full.model_copy(update={"params": {**full.params, "expires": "2026-03-16T09:00:00+00:00"}})
    assert _trace(text, _ready(send_as, forever), acme, grace) is None


_TOM_SUPPORT = ("mailbox_delegation", "grant", {"mailbox": "support@acme.com", "trustee": "Tom"})


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        # nlu55 (merged after the trace) reads these right, ready: the address or team describes the person,
        # the requester's own doing is cut, "scrap that" replaces; the trace asked them before
        (
            "Give Tom Becker of sales@acme.com full access to support@acme.com",
            [("mailbox_delegation", "grant", {"mailbox": "support@acme.com", "trustee": "Tom Becker"})],
        ),
        (
            "Add Rachel Green (finance@acme.com) to all hands",
            [("distribution_list_membership", "add", {"group": "all hands", "member": "Rachel Green"})],
        ),
        (
            "Remove Tom from Marketing, and add Rachel Green from finance to All Hands",
            [
                ("distribution_list_membership", "remove", {"group": "Marketing", "member": "Tom"}),
                ("distribution_list_membership", "add", {"group": "All Hands", "member": "Rachel Green"}),
            ],
        ),
        ("Give Tom full access to support@acme.com; myself, I'll add Ava to All Hands", [_TOM_SUPPORT]),
        (
            "Give Tom send as on billing - scrap that, full access",
            [("mailbox_delegation", "grant", {"mailbox": "billing", "trustee": "Tom"})],
        ),
        # the trace alone asks these
        ("Share my calendar with Tom Becker (ava.johnson@acme.com) as reviewer", "grantee"),
        ("Give Tom Becker full access (Ava's mailbox)", "mailbox"),
        (
            "Give Tom send as on billing for 2 weeks, and full access too, but the send as permanent",
            "expires",
        ),
    ],
)
def test_red_team_39_wordings_are_read_as_asked_or_asked(
    text: str, answer: str | list[tuple[str, str, dict[str, str]]], acme: Directory, grace: Recipient
) -> None:
    draft = RulesPlanner(now=fixed_now(NOW)).draft(text, requester=grace, directory=acme)
    if isinstance(answer, str):
        assert draft.status == "needs_clarification", draft.steps
        assert [q.about for q in draft.questions] == [answer]
    else:
        assert draft.status == "ready", draft.questions
        assert [(s.action, s.change, s.params) for s in draft.steps] == answer


def test_a_right_or_level_said_only_in_a_bracket_that_tells(acme: Directory, grace: Recipient) -> None:
    text = "Give Ava full access to billing@acme.com (send as later maybe)"
    full = _grant("billing@acme.com", "Ava")
    send_as = DraftStep(
        action="send_as", change="grant", params={"mailbox": "billing@acme.com", "trustee": "Ava"}
    )
    assert _trace(text, _ready(full), acme, grace) is None
    found = _trace(text, _ready(full, send_as), acme, grace)
    assert found is not None
    assert (found.said, found.about, found.where) == ("Send As", "action", "in brackets")
    # the same right said as the bracket's whole content is the right asked
    assert (
        _trace("Give Ava full access to billing@acme.com (send as too)", _ready(full, send_as), acme, grace)
        is None
    )
    share = DraftStep(
        action="calendar_share", change="grant", params={"owner": "me", "grantee": "Ava", "access": "editor"}
    )
    found = _trace("Share my calendar with Ava (she had editor before)", _ready(share), acme, grace)
    assert found is not None
    assert found.about == "access"
    assert _trace("Share my calendar with Ava as editor", _ready(share), acme, grace) is None


def test_a_person_and_a_target_asked_in_different_parts_are_no_pair(
    acme: Directory, grace: Recipient
) -> None:
    text = "Give Tom full access to support@acme.com, I also want Ava added to All Hands"
    tom = _grant("support@acme.com", "Tom")
    ava = DraftStep(
        action="distribution_list_membership", change="add", params={"group": "All Hands", "member": "Ava"}
    )
    assert _trace(text, _ready(tom, ava), acme, grace) is None
    found = _trace(text, _ready(tom, ava, _grant("support@acme.com", "Ava")), acme, grace)
    assert found is not None
    assert (found.said, found.about) == ("Ava", "trustee")
    # a part with no target of its own takes the one before
    assert (
        _trace(
            "Give Tom full access to support@acme.com, and Ava too",
            _ready(tom, _grant("support@acme.com", "Ava")),
            acme,
            grace,
        )
        is None
    )
