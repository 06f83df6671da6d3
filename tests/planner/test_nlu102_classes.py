"""nlu102's classes (the misses batches 38 and 39 left in the corpus): each planned where the words say whom
and what, and still asked where they do not. Planned and resolved against the Acme directory at the corpus's
fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
NOAH = "noah.davis@acme.com"
UK_OFFICE = "office@acme.co.uk"


# ---- one subject for both verbs: "X is away and asked me to ..." ----


@pytest.mark.parametrize(
    "reason",
    [
        "sam is travelling and asked me to cover it",
        "Sam Taylor is on leave and has asked me to cover it",
        "sam's away and asked me to keep an eye on it",
    ],
)
def test_the_one_away_who_asked_is_no_one_it_is_for(acme: Directory, reason: str) -> None:
    assert ready_tuples(
        acme,
        f"could i get full access to the UK office shared mailbox? {reason}",
        NOAH,
        "action",
        "mailbox",
        "trustee",
    ) == [("mailbox_delegation", UK_OFFICE, NOAH)]


def test_the_one_away_who_asked_for_someone_else_gives_to_them(acme: Directory) -> None:
    assert ready_tuples(
        acme,
        "Sam Taylor is away and asked me to give Ava Johnson full access to the UK office mailbox",
        NOAH,
        "mailbox",
        "trustee",
    ) == [(UK_OFFICE, "ava.johnson@acme.com")]


def test_the_one_away_who_said_someone_needs_it_is_asked(acme: Directory) -> None:
    # "said he needs it too": who "he" is, and whether Sam wants it too, is not said plainly
    status, _, about = plan_of(
        acme,
        "could i get full access to the UK office shared mailbox? sam is travelling and said he needs it too",
        NOAH,
    )
    assert status == "needs_clarification"
    assert "trustee" in about


# ---- a move to a department named as a list or mailbox, told with its day after a removal ----


@pytest.mark.parametrize(
    ("requester", "text", "member"),
    [
        (
            "rachel.green@acme.com",
            "can you take me off finance-team@acme.com? I'm moving to Sales next month",
            None,
        ),
        (
            GRACE,
            "Remove Rachel Green from finance-team@acme.com. She is moving to Sales next week.",
            "rachel.green@acme.com",
        ),
    ],
)
def test_a_move_told_with_its_day_is_why_a_removal_is_asked(
    acme: Directory, requester: str, text: str, member: str | None
) -> None:
    assert ready_tuples(acme, text, requester, "change", "group", "member") == [
        ("remove", "finance-team@acme.com", member or requester)
    ]


def test_a_move_onto_a_list_told_with_its_day_is_still_asked(acme: Directory) -> None:
    # Marketing is a list: the day may be when joining it (and leaving the other) is wanted. (The writer's own
    # move, told after taking only them off lists, is why: nlu161, batch 52.)
    text = "remove Noah Davis from all-sales. He's moving to marketing next week"
    status, _, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"


def test_a_move_told_with_its_day_after_a_grant_is_asked_not_granted_early(acme: Directory) -> None:
    status, _, _ = plan_of(
        acme,
        "can you add me to finance-team@acme.com? I'm moving to Sales next month",
        "rachel.green@acme.com",
    )
    assert status == "needs_clarification"


# ---- "please set up the forwarding": the forwarding the clause before planned, named again ----

ETHAN_TO_LUCAS = "Ethan Park's email should go to Lucas Rossi from now on"


@pytest.mark.parametrize("again", ["please set up the forwarding", "can you sort out the forwarding?"])
def test_the_forwarding_named_again_is_the_one_planned(acme: Directory, again: str) -> None:
    assert ready_tuples(acme, f"{ETHAN_TO_LUCAS}, {again}", GRACE, "mailbox", "forward_to") == [
        ("ethan.park@acme.com", "lucas.rossi@acme.com")
    ]


def test_the_forwarding_with_no_forwarding_before_is_still_asked(acme: Directory) -> None:
    # no forwarding planned before: whose mail and where to are not said
    status, _, about = plan_of(
        acme, "Give Lucas Rossi full access to Ethan Park's mailbox, please set up the forwarding", GRACE
    )
    assert status == "needs_clarification"
    assert "forward_to" in about


def test_a_forwarding_to_someone_else_after_is_not_merged(acme: Directory) -> None:
    status, _, _ = plan_of(acme, f"{ETHAN_TO_LUCAS}, please set up the forwarding to Mia Novak", GRACE)
    assert status == "needs_clarification"


# ---- a reply approving the quoted request only in part, by its rights ----

QUOTED_ASK = (
    "\n\nMike\n\n> From: Rachel Green\n> To: Mike Smith\n>\n"
    "> Hi Mike, could I get full access and send as on billing@acme.com?\n"
)


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("Yes please, go ahead - but send as only, she doesn't need full access.", "send_as"),
        ("Approved, but only send as.", "send_as"),
        ("OK to proceed, but not the send as.", "mailbox_delegation"),
        ("Approved - full access only, she doesn't need send as.", "mailbox_delegation"),
    ],
)
def test_a_reply_keeping_some_rights_narrows_the_quoted_request(
    acme: Directory, note: str, kept: str
) -> None:
    assert ready_tuples(acme, note + QUOTED_ASK, "mike.smith@acme.com", "action", "mailbox", "trustee") == [
        (kept, "billing@acme.com", "rachel.green@acme.com")
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Go ahead, but send as only for Tom Becker.",
        "Go ahead but only full access, until Friday.",
        "Go ahead, but send on behalf only.",
    ],
)
def test_a_reply_limiting_more_than_rights_is_not_read_as_approving(acme: Directory, note: str) -> None:
    status, steps, _ = plan_of(acme, note + QUOTED_ASK, "mike.smith@acme.com")
    assert status != "ready" or not any(s["trustee"] == "rachel.green@acme.com" for s in steps)


# ---- a chat's "which Alex?" answered "the sales one" ----

WHICH_CHAT = (
    "[09:14] Sam Taylor: can someone give Alex Kim access to the UK Office mailbox\n"
    "[09:15] Ken Adams: Which Alex? we have two\n"
    "[09:16] Sam Taylor: {answer}\n"
    "[09:16] Sam Taylor: full access please\n"
)


@pytest.mark.parametrize(
    ("answer", "trustee"),
    [("the sales one", "alex.kim@acme.com"), ("the engineering one", "alexander.kim@acme.co.uk")],
)
def test_which_one_answered_tells_the_name_apart(acme: Directory, answer: str, trustee: str) -> None:
    assert ready_tuples(
        acme, WHICH_CHAT.format(answer=answer), "ken.adams@acme.com", "mailbox", "trustee"
    ) == [(UK_OFFICE, trustee)]


@pytest.mark.parametrize("answer", ["not sure, ask Priya", "both of them"])
def test_which_one_left_unanswered_is_asked(acme: Directory, answer: str) -> None:
    status, _, _ = plan_of(acme, WHICH_CHAT.format(answer=answer), "ken.adams@acme.com")
    assert status == "needs_clarification"


# ---- a list form naming several people ("Users: A, B") and an end ----

ATLAS = "project-atlas@acme.com"


def _members(steps: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((s["change"], s["group"], s["member"], s.get("expires")) for s in steps)


def test_a_list_form_adds_each_user_it_names_until_its_end(acme: Directory) -> None:
    form = "Action: Add\nList: Project Atlas\nUsers: Ken Adams, Grace Hopper\nEnd date: 2026-03-31\n"
    steps = ready(acme, "Request type: Distribution list membership\n" + form, GRACE)
    end = "2026-04-01T00:00:00Z"
    assert _members(steps) == [
        ("add", ATLAS, "grace.hopper@acme.com", end),
        ("add", ATLAS, "ken.adams@acme.com", end),
    ]


def test_a_list_form_removes_each_user_it_names(acme: Directory) -> None:
    steps = ready(acme, "Action: Remove\nList: Project Atlas\nUsers: Maria Garcia; Olivia Martin\n", GRACE)
    assert _members(steps) == [
        ("remove", ATLAS, "maria.garcia@acme.com", None),
        ("remove", ATLAS, "olivia.martin@acme.com", None),
    ]


@pytest.mark.parametrize(
    "form",
    [
        # a removal with an end: a removal for a time, never a removal for good
        "Action: Remove\nList: Project Atlas\nUsers: Maria Garcia\nEnd date: 2026-03-31\n",
        # several users on a mailbox form: not read as a list form
        "Mailbox: sales@acme.com\nUsers: Ken Adams, Grace Hopper\nFull access: yes\n",
    ],
)
def test_other_forms_with_users_are_not_read_as_a_list_change(acme: Directory, form: str) -> None:
    status, steps, _ = plan_of(acme, form, GRACE)
    assert not (status == "ready" and any(s.get("action") == "distribution_list_membership" for s in steps))
    assert not any(s.get("change") == "remove" and "expires" not in s for s in steps)


# ---- who holds a right on a mailbox no recipient is: asked which mailbox ----


@pytest.mark.parametrize(
    "question",
    ["Who has send as on the Procurement mailbox?", "who can send on behalf of Brian's mailbox?"],
)
def test_holders_of_an_unknown_mailbox_are_asked_which(acme: Directory, question: str) -> None:
    status, steps, about = plan_of(acme, question, GRACE)
    assert status == "needs_clarification"
    assert about == {"mailbox"}
    assert steps == []


def test_holders_of_a_known_mailbox_are_still_reported(acme: Directory) -> None:
    assert ready(acme, "Who has send as on the Sales mailbox?", GRACE) == [
        {"action": "view_send_as_permissions", "change": "read", "mailbox": "sales@acme.com"}
    ]


# ---- "so he can see when I'm free": the share's purpose, its level only when ----

MIA = "mia.novak@acme.com"


@pytest.mark.parametrize(
    "purpose",
    [
        "so he can see when I'm free",
        "so Lucas can see when I'm free",
        "so that he can see when I am available",
    ],
)
def test_seeing_when_i_am_free_is_free_busy_never_reviewer(acme: Directory, purpose: str) -> None:
    assert ready_tuples(acme, f"Share my calendar with Lucas Rossi {purpose}", MIA, "grantee", "access") == [
        ("lucas.rossi@acme.com", "availability_only")
    ]


def test_seeing_the_appointments_asks_how_much(acme: Directory) -> None:
    # (seeing names no level: limited details and reviewer both show appointments; asked since batch 42)
    status, steps, about = plan_of(
        acme, "Share my calendar with Lucas Rossi so he can see my appointments", MIA
    )
    assert (status, steps, about) == ("needs_clarification", [], {"access"})
    status, steps, _ = plan_of(
        acme, "Share my calendar with Lucas Rossi so he can see my appointments, read only", MIA
    )
    assert [(s["grantee"], s["access"]) for s in steps] == [("lucas.rossi@acme.com", "reviewer")]


# ---- items under a lead naming one person: a right or a verb with whom it is for left out ----

HELPING = "Emma Wilson is helping Finance with the quarter close:\n"
EMMA = "emma.wilson@acme.com"


def test_items_under_a_lead_are_for_the_one_it_introduces(acme: Directory) -> None:
    items = "* add to Finance Team\n* send on behalf on the Billing mailbox\n"
    items += "* reviewer on Mike Smith's calendar\n"
    steps = ready(acme, HELPING + items, GRACE)
    assert sorted((s["action"], s.get("member") or s.get("trustee") or s.get("grantee")) for s in steps) == [
        ("calendar_share", EMMA),
        ("distribution_list_membership", EMMA),
        ("send_on_behalf", EMMA),
    ]


def test_a_right_item_is_never_given_to_the_list_the_item_before_adds_to(acme: Directory) -> None:
    text = (
        "Emma Wilson is joining Finance. Please:\n* add her to Finance Team\n"
        "* send on behalf on the Billing mailbox\n"
    )
    _, steps, _ = plan_of(acme, text, GRACE)
    assert not any(s.get("trustee") == "finance-team@acme.com" for s in steps)


@pytest.mark.parametrize("lead", ["Emma Wilson and Tom Becker:\n", "Maria asked about Emma Wilson:\n", ""])
def test_items_with_no_one_introduced_are_asked(acme: Directory, lead: str) -> None:
    status, _, about = plan_of(
        acme, lead + "* add to Finance Team\n* reviewer on Mike Smith's calendar\n", GRACE
    )
    assert status == "needs_clarification"
    assert about & {"member", "grantee", "trustee", "scope"}
