"""Safe misses of batches 19 and 20 as classes, each with wordings of its own (the corpus holds the
originals): chat shorthand, pasted forms and tickets, which report a person or a mailbox asks for, a reason
that is no length. What a reading may now plan, and the neighbouring wordings that must still be asked.

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner import rules
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

GRACE = "grace.hopper@acme.com"


def _step(action: str, change: str, **params: Any) -> dict[str, Any]:
    return {"action": action, "change": change, **params}


# ---- chat shorthand: texting spellings and abbreviations of the request's own words ---------------------


@pytest.mark.parametrize(
    ("text", "requester", "steps"),
    [
        (
            "cud i get sendas on the careers mailbox? mia sed its fine",
            "lucas.rossi@acme.com",
            [_step("send_as", "grant", mailbox="careers@acme.com", trustee="lucas.rossi@acme.com")],
        ),
        (
            "addd ken adams to projct atlas",
            GRACE,
            [
                _step(
                    "distribution_list_membership",
                    "add",
                    group="project-atlas@acme.com",
                    member="ken.adams@acme.com",
                )
            ],
        ),
        (
            "FWD sales@ -> liam brown pls",
            GRACE,
            [
                _step(
                    "email_forwarding_internal",
                    "set",
                    mailbox="sales@acme.com",
                    forward_to="liam.brown@acme.com",
                    keep_copy=False,
                )
            ],
        ),
        (
            "rmv tom becker + ken adams from marketing dl",
            GRACE,
            [
                _step("distribution_list_membership", "remove", group="marketing@acme.com", member=m)
                for m in ("ken.adams@acme.com", "tom.becker@acme.com")
            ],
        ),
        (
            "deleg report 4 noah davis",
            GRACE,
            [_step("delegation_report", "read", trustee="noah.davis@acme.com")],
        ),
        (
            "fwd my mail 2 david chen",
            "jane.doe@acme.com",
            [
                _step(
                    "email_forwarding_internal",
                    "set",
                    mailbox="jane.doe@acme.com",
                    forward_to="david.chen@acme.com",
                    keep_copy=False,
                )
            ],
        ),
    ],
)
def test_chat_shorthand_is_read_as_the_words(
    acme: Directory, text: str, requester: str, steps: list[dict[str, Any]]
) -> None:
    status, got, questions = plan_in_order(acme, text, requester)
    key = lambda s: sorted(s.items())  # noqa: E731
    assert (status, questions) == ("ready", [])
    assert sorted((dict(s) for s in got), key=key) == sorted(
        ({**s, **({"automapping": True} if s["action"] == "mailbox_delegation" else {})} for s in steps),
        key=key,
    )


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("addd ken adams to projct atlass", None),  # a misspelt list name: never a silent pick
        ("rmv ken adamz from marketing dl", "member"),
        ("FWD sales@ -> liam browne", "forward_to"),
    ],
)
def test_chat_shorthand_with_a_misspelt_name_is_still_asked(
    acme: Directory, text: str, about: str | None
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status != "ready"
    assert steps == [] or about is not None
    if about is not None:
        assert about in questions


@pytest.mark.parametrize(
    "text",
    [
        "add 2 people to all-sales",
        "give them 2 of the rights",
        # a date: "until 2 March" read as "until to March" would lose the end
        "give tom full access to info@acme.com until 2 march",
        "send as on info@acme.com 2 march to 4 april",
        "access 4 march onwards",
        "give ava editor 2 friday",
    ],
)
def test_a_count_is_never_read_as_for_or_to(text: str) -> None:
    assert rules._shorthand(text) == text


# ---- reports: a mailbox -> who can get into it; a person -> what they can get into ----------------------


@pytest.mark.parametrize(
    ("text", "mailbox"),
    [
        ("whos got access to hr@ ??", "hr@acme.com"),
        ("who's got access to the careers mailbox?", "careers@acme.com"),
        ("who has got full access to info@acme.com", "info@acme.com"),
    ],
)
def test_whos_got_access_to_a_mailbox_is_who_can_open_it(acme: Directory, text: str, mailbox: str) -> None:
    status, steps, _ = plan_in_order(acme, text, "maria.garcia@acme.com")
    assert (status, steps) == ("ready", [_step("view_mailbox_permissions", "read", mailbox=mailbox)])


def test_whos_got_access_to_a_calendar_is_still_the_calendar(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "who's got access to my calendar?", "maria.garcia@acme.com")
    assert (status, steps) == (
        "ready",
        [_step("view_calendar_permissions", "read", owner="maria.garcia@acme.com")],
    )


def test_who_got_access_in_the_past_is_not_who_can_open_it_now(acme: Directory) -> None:
    _, steps, _ = plan_in_order(acme, "who got access to sales@ last week?", GRACE)
    assert all(s["action"] != "view_mailbox_permissions" for s in steps)


def test_what_a_person_has_got_access_to_is_their_reach(acme: Directory) -> None:
    steps = ready(acme, "what has Tom Becker got access to?", GRACE)
    assert [s["action"] for s in steps] == ["access_report"]
    assert steps[0].get("person") == "tom.becker@acme.com"


# ---- a reason told after the request (what happened, who is leaving) is no length and no later start -------


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "remove mia novak from contractors@ - her contract ended friday",
            _step(
                "distribution_list_membership",
                "remove",
                group="contractors@acme.com",
                member="mia.novak@acme.com",
            ),
        ),
        (
            "[10:02] Grace Hopper: pls take ken adams off all-sales - his contract ended last week",
            _step(
                "distribution_list_membership",
                "remove",
                group="all-sales@acme.com",
                member="ken.adams@acme.com",
            ),
        ),
        (
            "fwd liam browns mail to noah davis, hes leaving end of month",
            _step(
                "email_forwarding_internal",
                "set",
                mailbox="liam.brown@acme.com",
                forward_to="noah.davis@acme.com",
                keep_copy=False,
            ),
        ),
    ],
)
def test_a_reason_told_after_the_request_is_no_length(
    acme: Directory, text: str, step: dict[str, Any]
) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert (status, steps, questions) == ("ready", [step], [])


@pytest.mark.parametrize(
    "text",
    [
        # a day the change itself may wait for: asked, never planned for now
        "give tom becker full access to support@ - his shift starts monday",
        "give mia novak full access to info@ - she starts friday",
        # a future event the removal may wait for
        "remove mia novak from contractors - she's leaving friday",
    ],
)
def test_a_start_after_a_dash_is_still_asked(acme: Directory, text: str) -> None:
    status, _, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"


# ---- forms and tickets: a rights field listing several rights; the primary address form; a plain note ------


def test_a_ticket_field_listing_rights_grants_each(acme: Directory) -> None:
    text = (
        "INC-2210\nRequested by: Priya Patel\nMailbox: sales@acme.com\nUser: Liam Brown\n"
        "Access: Full Access & Send on Behalf\nNotes: he joins the sales team\n"
    )
    steps = ready(acme, text, GRACE)
    assert sorted(s["action"] for s in steps) == ["mailbox_delegation", "send_on_behalf"]
    assert {(s["mailbox"], s["trustee"]) for s in steps} == {("sales@acme.com", "liam.brown@acme.com")}


@pytest.mark.parametrize(
    "note",
    [
        "no send as",  # rules one of the listed rights out
        "only full access for now",
        "until Friday",  # a time a note gives is no plain reason
        "also add him to all-sales",  # a change of its own
    ],
)
def test_a_note_that_says_more_than_why_is_never_passed_over(acme: Directory, note: str) -> None:
    text = f"Mailbox: info@acme.com\nUser: Ken Adams\nAccess: Full Access + Send As\nNotes: {note}\n"
    status, _, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"  # the form is read as its sentences, which leave it to a question


@pytest.mark.parametrize(
    ("text", "recipient", "address", "keep_old"),
    [
        (
            "Request type: Primary address change\nEmployee: Maria Garcia\nNew address: maria@acme.com\n"
            "Keep old address: no\n",
            "maria.garcia@acme.com",
            "maria@acme.com",
            False,
        ),
        (
            "Name: Tom Becker\nRequest: change primary address\nNew primary address: tom@acme.com\n"
            "Keep old address: yes\nNotes: shorter address for his business cards\n",
            "tom.becker@acme.com",
            "tom@acme.com",
            True,
        ),
    ],
)
def test_the_primary_address_form_is_the_change_it_says(
    acme: Directory, text: str, recipient: str, address: str, keep_old: bool
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == (
        "ready",
        [_step("change_primary_alias", "set", recipient=recipient, new_address=address, keep_old=keep_old)],
    )


@pytest.mark.parametrize(
    "text",
    [
        # a form of another kind with a new address: an alias added, never the primary changed
        "Request type: Add alias\nUser: Liam Brown\nNew address: liam@acme.com\nKeep old address: yes\n",
        # whether the old address stays, said as neither yes nor no
        "User: Liam Brown\nNew primary address: liam@acme.com\nKeep old address: for a month\n",
    ],
)
def test_a_primary_form_that_says_otherwise_is_not_planned(acme: Directory, text: str) -> None:
    status, _, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"


# ---- a quoted message with the note under it pointing up at it; a list asked for by its name ----


def test_a_note_under_a_quoted_request_pointing_at_it_makes_it_the_request(acme: Directory) -> None:
    text = (
        "Fwd: new DL\n\n> We need a DL named Book Club, book-club@acme.com\n\n"
        "can you set this up as per the above?\n"
    )
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == (
        "ready",
        [
            _step(
                "distribution_list_lifecycle",
                "create",
                group="book-club@acme.com",
                display_name="Book Club",
                members=[],
            )
        ],
    )


def test_a_note_under_a_quoted_request_adds_its_own_change(acme: Directory) -> None:
    text = (
        "> Please give Ken Adams full access to info@acme.com\n\n"
        "can you do the above please, and also add him to all-sales\n"
    )
    steps = ready(acme, text, GRACE)
    assert sorted(s["action"] for s in steps) == ["distribution_list_membership", "mailbox_delegation"]


@pytest.mark.parametrize(
    "note",
    [
        "ignore the above",
        "as above but only the full access",  # limits it: never the whole message
        "as per the above, until Friday",
        "thanks, noted",  # points at nothing: the quote is context
    ],
)
def test_a_note_under_a_quote_that_limits_or_ignores_it_plans_nothing(acme: Directory, note: str) -> None:
    text = f"> Please give Ken Adams full access to info@acme.com and send as\n\n{note}\n"
    status, _, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"


@pytest.mark.parametrize(
    "text",
    [
        "could I get a list called Book Club",
        "we need a mailing list named Book Club",
    ],
)
def test_a_list_asked_for_by_its_name_is_created(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "change", "display_name") == [
        ("distribution_list_lifecycle", "create", "Book Club")
    ]


def test_a_list_of_things_is_no_list_to_create(acme: Directory) -> None:
    status, steps, _ = plan_in_order(acme, "can I get a list of all the DLs", GRACE)
    assert (status, steps) == ("ready", [_step("list_distribution_lists", "read")])


# ---- a move to another team, told with a day after a removal: why, never when --------------------------


@pytest.mark.parametrize(
    ("text", "requester", "member"),
    [
        (
            "Hello,\nPlease take me off all-hands? I'm transferring to the ops team next month.\n"
            "Thanks\nAva\n\nCc: Priya Patel\nSent from my iPhone\n",
            "ava.johnson@acme.com",
            "ava.johnson@acme.com",
        ),
        ("remove Tom Becker from all-sales, he's moving over to ops next week", GRACE, "tom.becker@acme.com"),
    ],
)
def test_a_move_told_after_a_removal_is_no_later_start(
    acme: Directory, text: str, requester: str, member: str
) -> None:
    status, steps, questions = plan_in_order(acme, text, requester)
    assert (status, questions) == ("ready", [])
    assert [(s["action"], s["change"], s["member"]) for s in steps] == [
        ("distribution_list_membership", "remove", member)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a grant told with the move: giving it early gives more than was asked
        "take me off all-sales and add me to project atlas. I'm moving over to ops next week.",
        # the move names a list of the tenant, told after a right taken: the day may be when the change is
        # wanted (told after the writer's own list removals alone, it is why: nlu161)
        "remove my send as on sales@. I'm moving to marketing next week",
    ],
)
def test_a_move_told_beside_a_grant_or_onto_a_list_is_still_asked(acme: Directory, text: str) -> None:
    status, _, _ = plan_in_order(acme, text, "noah.davis@acme.com")
    assert status != "ready"


# ---- a ticket's form of whom and what ("For: X / Action: add to Y") ------------------------------------


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Requested by: Priya Patel (Sales)\nFor: Liam Brown\nAction: add to all-sales\n"
            "Approver: Mike Smith\n",
            _step(
                "distribution_list_membership",
                "add",
                group="all-sales@acme.com",
                member="liam.brown@acme.com",
            ),
        ),
        (
            "Requested by: Maria Garcia\nUser: Lucas Rossi\nTask: give full access to info@acme.com\n"
            "Reason: only until Friday\n",
            _step(
                "mailbox_delegation",
                "grant",
                mailbox="info@acme.com",
                trustee="lucas.rossi@acme.com",
                automapping=True,
                expires="2026-03-07T00:00:00Z",
            ),
        ),
    ],
)
def test_a_ticket_form_of_whom_and_what_is_the_action_for_them(
    acme: Directory, text: str, step: dict[str, Any]
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("ready", [step])


@pytest.mark.parametrize(
    "text",
    [
        # the action names someone else too: whose is which is not the form's to say
        "Requested by: Maria Garcia\nFor: Lucas Rossi\nAction: add to All Hands and Ken Adams to marketing\n",
        # someone unnamed
        "Requested by: Maria Garcia\nFor: Lucas Rossi's manager\nAction: add to All Hands\n",
        # a line the form reading does not know
        "Requested by: Maria Garcia\nFor: Lucas Rossi\nAction: add to All Hands\nNotes: not before Monday\n",
    ],
)
def test_a_ticket_form_saying_more_is_not_read_as_one(acme: Directory, text: str) -> None:
    status, _, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"


# ---- chat: whom a read is about, said first, then the read ("sarah connor - show mailbox details") ------


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "ken adams - show mailbox details (size etc)",
            _step("view_mailbox_details", "read", mailbox="ken.adams@acme.com"),
        ),
        (
            "support@ - show permissions pls",
            _step("view_mailbox_permissions", "read", mailbox="support@acme.com"),
        ),
    ],
)
def test_whom_a_read_is_about_said_first_is_what_it_reads(
    acme: Directory, text: str, step: dict[str, Any]
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert (status, steps) == ("ready", [step])


@pytest.mark.parametrize("text", ["remove ken adams - show details", "give tom becker - show permissions"])
def test_a_change_before_the_dash_is_never_dropped_for_the_read(acme: Directory, text: str) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert not (status == "ready" and all(s["change"] == "read" for s in steps))


# ---- whose right ends, told: never read as a grant of it (main planned a permanent grant) -----------------


@pytest.mark.parametrize(
    "text",
    [
        "Ken's access to billing@acme.com ends friday",
        "remove ken adams from all-sales. His access to billing@acme.com ends friday",
        "remove ken adams from all-sales - his access to billing@ ends friday",
        "Tom Becker's send as on info@acme.com expired last week",
    ],
)
def test_a_right_told_to_end_is_asked_never_granted(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "scope" in questions
    assert not any(s["change"] == "grant" for s in steps)


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        # main left these lengths unread and planned a permanent grant
        ("give tom becker 4 weeks of full access to info@acme.com", "2026-03-30T09:00:00Z"),
        ("give tom becker two weeks' full access to info@acme.com", "2026-03-16T09:00:00Z"),
        ("give tom becker full access to info@acme.com 4 2 weeks", "2026-03-16T09:00:00Z"),
    ],
)
def test_a_length_said_before_the_right_or_as_chat_bounds_it(
    acme: Directory, text: str, expires: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s.get("expires")) for s in steps] == [("mailbox_delegation", expires)]
