"""The classes behind held-out batch 6's misses, each in wordings other than the corpus case's.

The corpus holds the batch's own sentences; these are other ways of saying the same thing, so a fix that
only fitted one sentence fails here. Each case is planned and resolved against the Acme directory at the
corpus's fixed "now".
"""

from __future__ import annotations

import pytest

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.planner import typos
from mailwarden.planner.evaluate import fixed_now
from mailwarden.planner.rules import RulesPlanner
from tests.planner.cases import in_role, ready, ready_tuples
from tests.planner.conftest import NOW, plan_in_order

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    ("text", "role", "gets", "model"),
    [
        ("Give Ava Johnson send as on sales@acme.com just like Noah Davis does", "trustee", "ava", "noah"),
        (
            "Tom Becker needs the same send as on support@acme.com that Chris Lee has",
            "trustee",
            "tom",
            "chris",
        ),
        ("Add Ava Johnson, who works in sales, to the All Hands list", "member", "ava", None),
        (
            "Give Liam Brown, who reports to Mike Smith, full access to support@acme.com",
            "trustee",
            "liam",
            "mike",
        ),
    ],
)
def test_a_person_named_as_a_model_or_a_description_gets_nothing(
    acme: Directory, text: str, role: str, gets: str, model: str | None
) -> None:
    steps = ready(acme, text, GRACE)
    who = in_role(steps, role)
    assert len(who) == 1
    assert next(iter(who)).startswith(gets)
    assert model is None or not any(model in str(s) for s in steps)


@pytest.mark.parametrize(
    ("text", "requester", "member"),
    [
        ("Ava Johnson should also be on the Marketing list", GRACE, "ava.johnson@acme.com"),
        ("Tom Becker must be in all-sales by Monday", GRACE, "tom.becker@acme.com"),
        (
            "Hi Grace,\n\nMaria asked me to get Tom Becker added to the Marketing list.\n\n"
            "Thanks\nKen Adams\n",
            "ken.adams@acme.com",
            "tom.becker@acme.com",
        ),
    ],
)
def test_who_should_be_on_a_list_joins_it_and_the_sender_does_not(
    acme: Directory, text: str, requester: str, member: str
) -> None:
    steps = ready(acme, text, requester)
    assert in_role(steps, "member") == {member}
    assert all(s["change"] == "add" for s in steps)


def test_forward_it_forwards_the_mailbox_the_request_is_about(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "the billing mailbox should also reach Christine Lee, please forward it to her",
        GRACE,
        "mailbox",
        "forward_to",
    ) == [("billing@acme.com", "christine.lee@acme.com")]


def test_forward_it_with_no_mailbox_to_point_at_is_asked(acme: Directory) -> None:
    status, steps, questions = plan_in_order(acme, "Tom Becker is back, please forward it to him", GRACE)
    assert status == "needs_clarification"
    assert "mailbox" in questions, questions
    assert not any(s.get("mailbox") == GRACE for s in steps)


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("Give Tom Becker full access to sales@acme.com. Also Ava Johnson.", "trustee", 2),
        ("Let Ava Johnson see my calendar, read only. Tom Becker as well.", "grantee", 2),
        ("Give Tom Becker send as on sales@acme.com. And Ava Johnson and Liam Brown too.", "trustee", 3),
    ],
)
def test_names_said_alone_after_a_change_get_the_same_change(
    acme: Directory, text: str, role: str, expected: int
) -> None:
    steps = ready(acme, text, GRACE)
    assert len(in_role(steps, role)) == expected
    assert len({(s["action"], s["change"]) for s in steps}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker to the Marketing list. Sarah",
        "Give Tom Becker full access to sales@acme.com. Thanks! Ava Johnson",
    ],
)
def test_a_name_signed_at_the_end_gets_nothing(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 1
    assert "tom.becker@acme.com" in str(steps)


def test_names_said_alone_after_a_forwarding_are_asked(acme: Directory) -> None:
    status, _, _ = plan_in_order(acme, "Forward my mail to Tom Becker. Also Ava Johnson.", GRACE)
    assert status == "needs_clarification"


def test_a_correction_keeps_what_it_adds_after_the_name(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Forward info@acme.com to Jane Doe. Actually, make that Olivia Martin and keep a copy",
        GRACE,
        "forward_to",
        "keep_copy",
    ) == [("olivia.martin@acme.com", True)]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("giv emma ful acces", "give emma full access"),
        ("plz remvoe noah", "plz remove noah"),
        ("forwrad my mail", "forward my mail"),
        ("shre my calender", "share my calendar"),
        ("nevr give Tom send as", "never give Tom send as"),
    ],
)
def test_a_slip_in_a_cue_word_is_read_as_the_word(typed: str, read: str) -> None:
    assert typos.corrected(typed, frozenset())[0] == read


@pytest.mark.parametrize(
    "text",
    [
        "Tom will live in the remote office",  # "live" is no slip of "give", "remote" none of "remove"
        "the email was sent",  # English words one slip from a cue word stay
        "Give Shred access",  # "shred" is a word, whatever it is near
    ],
)
def test_words_and_names_are_never_corrected(text: str) -> None:
    assert typos.corrected(text, frozenset())[0] == text


def test_a_name_is_never_read_as_a_cue_word() -> None:
    assert typos.corrected("add grnat to sales", frozenset({"grnat"}))[0] == "add grnat to sales"


def test_a_slip_in_a_negation_word_rules_out_rather_than_grants(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "nevr giv Tom Becker send as on support@acme.com", GRACE)
    assert status != "ready"
    assert steps == []


def test_the_plan_says_what_a_slip_was_read_as(acme: Directory) -> None:
    me = resolve(acme, GRACE)
    draft = RulesPlanner(now=fixed_now(NOW)).draft(
        "grnat Ava Johnson sned as on sales@acme.com", requester=me, directory=acme
    )
    assert draft.status == "ready"
    assert "'grnat' as 'grant'" in draft.message


@pytest.mark.parametrize(
    "text",
    [
        "Back up Tom Becker's mailbox please",
        "Import Tom Becker's emails from the old server",
        "Convert Lucas Rossi's mailbox into a shared mailbox",
    ],
)
def test_what_no_action_does_is_not_understood(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Export a list of every shared mailbox",
        "Export the delegation report for support@acme.com",
        "Who has send as on sales@acme.com? Need it before 5pm PST",  # PST the time zone, not a file
    ],
)
def test_an_exported_report_is_still_a_read(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert steps
    assert all(s["change"] == "read" for s in steps)


@pytest.mark.parametrize(
    ("text", "address", "name"),
    [
        (
            "Create a DL: Design Team, design@acme.com, members Ava Johnson and Tom Becker",
            "design@acme.com",
            "Design Team",
        ),
        (
            "Create a new list: design-team@acme.co.uk, display name Design Team",
            "design-team@acme.co.uk",
            "Design Team",
        ),
        (
            "Create a list called Board Members, board@acme.com, empty for now",
            "board@acme.com",
            "Board Members",
        ),
    ],
)
def test_a_new_list_said_after_a_colon_keeps_its_address_and_name(
    acme: Directory, text: str, address: str, name: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "group", "display_name") == [(address, name)]


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("Ava Johnson is leaving, so remove her from all-sales", GRACE),
        ("Tom Becker is the new support lead, so give him full access to support@acme.com", GRACE),
        ("Give Ava Johnson full access to support@acme.com to cover for Chris Lee", GRACE),
    ],
)
def test_a_statement_or_whom_a_change_stands_in_for_is_context(
    acme: Directory, text: str, requester: str
) -> None:
    steps = ready(acme, text, requester)
    assert len(steps) == 1
    assert "chris" not in str(steps)


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker to the Markteing list",
        "Add Tom Becker to the Enginering group",
        "Remove Emma Wilson from the sales-team list",
    ],
)
def test_a_misspelt_list_is_asked_about(acme: Directory, text: str) -> None:
    status, _, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "group" in questions


@pytest.mark.parametrize(
    ("text", "action", "change", "trustee"),
    [
        ("Don't give Ava Johnson full access to sales@acme.com, only send as", "send_as", "grant", "ava"),
        (
            "Not full access for Tom Becker on billing@acme.com, just send on behalf",
            "send_on_behalf",
            "grant",
            "tom",
        ),
        (
            "Tom Becker: keep send as on support@acme.com, remove full access",
            "mailbox_delegation",
            "revoke",
            "tom",
        ),
    ],
)
def test_a_right_said_alone_is_for_the_one_person_ruled_out_or_kept(
    acme: Directory, text: str, action: str, change: str, trustee: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s["change"]) for s in steps] == [(action, change)]
    assert str(steps[0]["trustee"]).startswith(trustee)


def test_a_ruled_out_removal_leaves_the_change_asked_for(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Don't give Ava editor on Priya's calendar, just let her view it", GRACE, "grantee", "access"
    ) == [("ava.johnson@acme.com", "reviewer")]


@pytest.mark.parametrize(
    "text",
    [
        "i need full access to the sales mailbox, Priya Patel approved it",
        "Give me full access to the sales mailbox. My manager has already approved this.",
    ],
)
def test_who_approved_is_no_recipient(acme: Directory, text: str) -> None:
    steps = ready(acme, text, "alex.kim@acme.com")
    assert in_role(steps, "trustee") == {"alex.kim@acme.com"}


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # a note that only points at the forwarded message: that message is the request
        (
            "Please see below, thanks\n\n> On Mon, Mike Smith wrote:\n"
            "> Please add Ava Johnson to the Marketing list.\n",
            "distribution_list_membership",
        ),
        # a request of its own: the forwarded message after it stays context
        (
            "Please give Tom Becker send as on sales@acme.com\n\n-----Original Message-----\n"
            "From: Mike Smith\nPlease add Ava Johnson to the Marketing list.\n",
            "send_as",
        ),
    ],
)
def test_a_forwarded_message_is_the_request_only_when_the_note_points_at_it(
    acme: Directory, text: str, action: str
) -> None:
    steps = ready(acme, text, "christine.lee@acme.com")
    assert [s["action"] for s in steps] == [action]
