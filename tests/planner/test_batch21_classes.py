"""Batch 21's unsafe classes and safe misses, each with wordings of its own (the corpus holds the originals).
The corpus test only gates its accuracy as a whole; these pin each class.

Planned and resolved against the Acme directory at the corpus's fixed "now", as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

KEN = "ken.adams@acme.com"
MIKE = "mike.smith@acme.com"
JANE = "jane.doe@acme.com"
TOM = "tom.becker@acme.com"
AVA = "ava.johnson@acme.com"

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    ("text", "requester", "action"),
    [
        ("Ken asked me who has send as on the Sales mailbox", None, "view_send_as_permissions"),
        ("Ken asked me who has send as on the Sales mailbox", MIKE, "view_send_as_permissions"),
        ("Ken asked me who has full access to hr@acme.com", None, "view_mailbox_permissions"),
        ("Ken asked me who's got full access to hr@acme.com", None, "view_mailbox_permissions"),
        ("Grace Hopper asked me who has full access to the Support mailbox", KEN, "view_mailbox_permissions"),
        ("Tom asked me who has send on behalf on the billing mailbox", None, "delegation_report"),
        ("Sarah asked me who is allowed to send as info@acme.com", None, "view_send_as_permissions"),
        ("Maria was wondering who has send as on the careers mailbox", None, "view_send_as_permissions"),
        (
            "Ken was wondering which people have full access to support@acme.com",
            None,
            "view_mailbox_permissions",
        ),
        ("Mike wants to know who can send on behalf of the billing mailbox", None, "delegation_report"),
        ("Priya asked me who has editor on Olivia's calendar", None, "view_calendar_permissions"),
        ("Priya was asking who can see Olivia's calendar", None, "view_calendar_permissions"),
        ("Ken asked me where the Sales mailbox forwards to", None, "view_mailbox_details"),
        ("Ken wants to know where the Sales mailbox forwards to", None, "view_mailbox_details"),
        ("Ken asked me what Tom's mailbox forwards to", None, "view_mailbox_details"),
        ("Ken asked me who's on the Marketing list", None, "list_group_members"),
        ("Ken was wondering who is on all-sales", None, "list_group_members"),
        ("Ken asked me which mailboxes Tom has full access to", None, "access_report"),
    ],
)
def test_a_question_passed_on_is_a_read_never_a_grant(
    acme: Directory, text: str, requester: str | None, action: str
) -> None:
    assert ready_tuples(acme, text, requester or GRACE, "action", "change") == [(action, "read")]


def test_a_request_passed_on_still_plans_the_change(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Ken asked me to give Ava Johnson send as on sales@acme.com", GRACE, "action", "trustee"
    ) == [("send_as", "ava.johnson@acme.com")]


@pytest.mark.parametrize(
    ("text", "owner", "grantees", "access"),
    [
        ("calender - boardroom -> ava johnson, reviewer", "boardroom", {"ava.johnson"}, "reviewer"),
        (
            "calendar - boardroom -> ava johnson and tom becker, editor",
            "boardroom",
            {"ava.johnson", "tom.becker"},
            "editor",
        ),
        ("calendar - olivia martin -> tom becker, editor", "olivia.martin", {"tom.becker"}, "editor"),
        ("diary - olivia martin -> tom becker, editor", "olivia.martin", {"tom.becker"}, "editor"),
        ("olivia's cal -> tom becker (editor)", "olivia.martin", {"tom.becker"}, "editor"),
        ("boardroom -> ava johnson, calendar reviewer", "boardroom", {"ava.johnson"}, "reviewer"),
        ("calendar access boardroom ava johnson reviewer", "boardroom", {"ava.johnson"}, "reviewer"),
        ("share calendar boardroom with ava johnson as reviewer", "boardroom", {"ava.johnson"}, "reviewer"),
    ],
)
def test_calendar_shorthand_names_the_owner_and_a_room_is_always_the_owner(
    acme: Directory, text: str, owner: str, grantees: set[str], access: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["owner"] for s in steps} == {f"{owner}@acme.com"}
    assert {s["grantee"] for s in steps} == {f"{g}@acme.com" for g in grantees}
    assert {s["access"] for s in steps} == {access}


@pytest.mark.parametrize(
    "text",
    [
        "give the boardroom reviewer on my calendar",
        "give boardroom access to my calendar",
        "share my calendar with the boardroom",
        "remove the boardroom from my calendar",
        "calendar - olivia martin -> boardroom, editor",
        "share ava johnson calendar with boardroom as editor",
    ],
)
def test_a_room_given_a_calendar_is_asked_never_planned(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert steps == []
    assert "owner" in questions


@pytest.mark.parametrize(
    ("text", "requester", "step"),
    [
        (
            "Take away my full access to the Billing mailbox, Rachel handles it day to day now",
            MIKE,
            ("mailbox_delegation", "revoke", MIKE),
        ),
        (
            "Please remove my full access to billing@acme.com - Rachel Green looks after it now",
            MIKE,
            ("mailbox_delegation", "revoke", MIKE),
        ),
        ("Remove my send as on the Billing mailbox, Rachel does that now", MIKE, ("send_as", "revoke", MIKE)),
        (
            "Take away my send on behalf on billing@acme.com; Rachel Green is handling it now",
            MIKE,
            ("send_on_behalf", "revoke", MIKE),
        ),
        (
            "Remove Tom Becker's full access to the Support mailbox, Ava is handling it now",
            None,
            ("mailbox_delegation", "revoke", "tom.becker@acme.com"),
        ),
        (
            "Remove Tom Becker from all-sales, Ava runs the list now",
            None,
            ("distribution_list_membership", "remove", "tom.becker@acme.com"),
        ),
        (
            "Give Ava full access to the Support mailbox, she handles it now",
            None,
            ("mailbox_delegation", "grant", "ava.johnson@acme.com"),
        ),
    ],
)
def test_who_does_the_work_now_is_a_reason_never_one_more_person(
    acme: Directory, text: str, requester: str | None, step: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, requester or GRACE)
    assert [(s["action"], s["change"], s.get("trustee", s.get("member"))) for s in steps] == [step]


@pytest.mark.parametrize(
    ("text", "requester", "step"),
    [
        ("Hi, its Ken from the helpdesk. Can I get on the All Hands list? Ta", KEN, ("all-hands", KEN)),
        ("Can I get on the All Hands list?", KEN, ("all-hands", KEN)),
        ("can u get me onto all-hands pls", KEN, ("all-hands", KEN)),
        ("Hi, Ken from the helpdesk here. Can I get on the All Hands list?", KEN, ("all-hands", KEN)),
        ("Ken (helpdesk) here - please add me to all-hands", KEN, ("all-hands", KEN)),
        ("David Chen asked me to get Ava Johnson into Project Phoenix", JANE, ("project-phoenix", AVA)),
        ("Please get Ava Johnson into Project Phoenix", JANE, ("project-phoenix", AVA)),
        ("Priya asked me to get Tom Becker onto the Marketing list", JANE, ("marketing", TOM)),
        ("Sarah wants me to get Liam Brown into all-hands", JANE, ("all-hands", "liam.brown@acme.com")),
        ("Sarah wants me to add Liam Brown to all-hands", JANE, ("all-hands", "liam.brown@acme.com")),
    ],
)
def test_getting_someone_onto_a_list_is_an_add_for_them_alone(
    acme: Directory, text: str, requester: str, step: tuple[str, str]
) -> None:
    assert ready_tuples(acme, text, requester, "action", "change", "group", "member") == [
        ("distribution_list_membership", "add", f"{step[0]}@acme.com", step[1])
    ]


@pytest.mark.parametrize(
    ("text", "requester", "right", "mailbox", "trustee"),
    [
        (
            "Sarah wants me to give Liam Brown send as on sales@acme.com",
            JANE,
            "send_as",
            "sales",
            "liam.brown",
        ),
        (
            "Sarah would like me to give Liam Brown send as on sales@acme.com",
            JANE,
            "send_as",
            "sales",
            "liam.brown",
        ),
        ("Sarah wants me to have send as on sales@acme.com", JANE, "send_as", "sales", "jane.doe"),
        (
            "Hey, Tom Becker from Sales here - please give me full access to the Support mailbox",
            TOM,
            "mailbox_delegation",
            "support",
            "tom.becker",
        ),
        (
            "Tom here from Finance - can I get send as on the Support mailbox?",
            TOM,
            "send_as",
            "support",
            "tom.becker",
        ),
        (
            "Hi, it's Ken from IT support - can I get send as on the sales mailbox?",
            KEN,
            "send_as",
            "sales",
            "ken.adams",
        ),
        (
            "Ken from Sales needs full access to the support mailbox",
            None,
            "mailbox_delegation",
            "support",
            "ken.adams",
        ),
    ],
)
def test_where_the_writer_works_and_who_only_does_it_get_nothing(
    acme: Directory, text: str, requester: str | None, right: str, mailbox: str, trustee: str
) -> None:
    assert ready_tuples(acme, text, requester or GRACE, "action", "mailbox", "trustee") == [
        (right, f"{mailbox}@acme.com", f"{trustee}@acme.com")
    ]


def test_a_pronoun_two_people_could_be_is_asked_not_dropped(acme: Directory) -> None:
    status, _, questions = plan_in_order(
        acme,
        "please add Ava to project atlas. Olivia is fine with it, please add her",
        "priya.patel@acme.com",
    )
    assert status == "needs_clarification"
    assert questions == ["scope"]


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Don't add Liam Brown to Marketing; remove him from all-sales instead",
            ("distribution_list_membership", "remove", "liam.brown@acme.com"),
        ),
        (
            "Do not add Ava Johnson to all-hands, take her off Marketing instead",
            ("distribution_list_membership", "remove", AVA),
        ),
        (
            "Don't give Tom Becker send as on sales; remove his full access to sales instead",
            ("mailbox_delegation", "revoke", TOM),
        ),
        (
            "Never give Noah Davis full access to hr@acme.com; remove his send as on hr@acme.com instead",
            ("send_as", "revoke", "noah.davis@acme.com"),
        ),
    ],
)
def test_a_giving_ruled_out_then_a_taking_away_plans_the_taking_away(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s["change"], s.get("trustee", s.get("member"))) for s in steps] == [step]


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("Give Ava Johnson and Noah Davis full access to the Info mailbox, but only Ava gets send as", AVA),
        ("Give Ava Johnson and Noah Davis full access to the Info mailbox, and only Ava gets send as", AVA),
        ("Give Ava Johnson and Noah Davis full access to the Info mailbox; only Ava should get send as", AVA),
        ("Give Tom Becker and Liam Brown full access to sales@acme.com, but only Tom needs send as", TOM),
    ],
)
def test_one_more_right_for_only_one_of_those_named_is_theirs_alone(
    acme: Directory, text: str, only: str
) -> None:
    steps = ready(acme, text, GRACE)
    full = {s["trustee"] for s in steps if s["action"] == "mailbox_delegation"}
    assert len(full) == 2
    assert [s["trustee"] for s in steps if s["action"] == "send_as"] == [only]


def test_only_one_joins_the_second_list(acme: Directory) -> None:
    steps = ready(acme, "Add Tom Becker and Liam Brown to all-sales, but only Tom joins all-hands", GRACE)
    assert sorted((s["group"], s["member"]) for s in steps) == [
        ("all-hands@acme.com", TOM),
        ("all-sales@acme.com", "liam.brown@acme.com"),
        ("all-sales@acme.com", TOM),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Share my calendar with Tom Becker and Liam Brown, but only Tom gets editor",
        "Share my calendar with Tom Becker and Liam Brown as reviewer; only Tom gets editor",
    ],
)
def test_a_level_said_of_only_one_grantee_is_never_given_to_all(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "scope" in questions
    assert not any(s["access"] == "editor" for s in steps)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "On behalf of Maria Garcia (HR Director): please give Grace Hopper full access to the "
            "Careers mailbox",
            ("mailbox_delegation", "careers@acme.com", "grace.hopper@acme.com"),
        ),
        (
            "On behalf of Maria Garcia (HR Director), please give Ava Johnson full access to the "
            "Careers mailbox",
            ("mailbox_delegation", "careers@acme.com", AVA),
        ),
        (
            "At the request of Olivia Martin (CEO): give Ava Johnson send as on info@acme.com",
            ("send_as", "info@acme.com", AVA),
        ),
        (
            "Requested by Mike Smith (Finance): please give Rachel Green full access to billing@acme.com",
            ("mailbox_delegation", "billing@acme.com", "rachel.green@acme.com"),
        ),
    ],
)
def test_who_asks_with_their_role_in_brackets_names_no_mailbox(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "trustee") == [step]


def test_who_asks_with_their_role_in_brackets_before_a_list_change(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "On behalf of Olivia Martin (CEO): please add Tom Becker to all-hands",
        GRACE,
        "action",
        "group",
        "member",
    ) == [("distribution_list_membership", "all-hands@acme.com", TOM)]


@pytest.mark.parametrize(
    ("text", "trustee"),
    [
        ("Grace asked me to give Ava Johnson full access to the Support mailbox", AVA),
        ("grace asked me to give Ava Johnson full access to the Support mailbox", AVA),
        ("HR asked me to give Ava Johnson full access to the Support mailbox", AVA),
        ("Someone asked me to give Ava Johnson full access to the Support mailbox", AVA),
        ("Grace asked me to get full access to the Support mailbox", KEN),
    ],
)
def test_asked_me_to_by_a_word_read_as_no_name_still_makes_the_requester_only_the_doer(
    acme: Directory, text: str, trustee: str
) -> None:
    steps = ready(acme, text, KEN)
    assert [s["trustee"] for s in steps] == [trustee]


def test_wants_me_to_by_a_word_read_as_no_name(acme: Directory) -> None:
    steps = ready(acme, "Mark wants me to add Tom Becker to all-hands", KEN)
    assert [s["member"] for s in steps] == [TOM]


@pytest.mark.parametrize(
    "text",
    [
        "Ken asked me who has send as on sales@acme.com and asked me to give it to Ava",
        "Ken asked me who has send as on sales@acme.com and asked me to give Ava Johnson send as on it",
        "Ken asked me who is on all-hands and to add Tom to it",
        "Ken asked who is on all-hands and to add Tom Becker to all-hands",
    ],
)
def test_a_change_passed_on_beside_a_question_is_asked_never_dropped_or_given_to_the_requester(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert all(s["change"] == "read" for s in steps)
