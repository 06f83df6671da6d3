"""Batch 23's unsafe classes and safe misses, each with wordings of its own (the corpus holds the originals).
The corpus test only gates its accuracy as a whole; these pin each class.

Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday 2026-03-02 09:00 UTC),
as the corpus is."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_in_order

KEN = "ken.adams@acme.com"
NOAH = "noah.davis@acme.com"
OLIVIA = "olivia.martin@acme.com"

GRACE = "grace.hopper@acme.com"


# ---- a bare length closing the request is its end; one no end was read from is asked ----


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("John Miller: full access to Priya Patel's mailbox, 6 hours only", "2026-03-02T15:00:00Z"),
        ("Give Tom Becker send as on support@acme.com, just 2 days", "2026-03-04T09:00:00Z"),
        ("Emma Wilson needs full access to hr@acme.com, two days max", "2026-03-04T09:00:00Z"),
        ("Give Ken Adams send on behalf of info@acme.com 3 days only please", "2026-03-05T09:00:00Z"),
        ("Liam Brown: full access to careers@acme.com - 4 hours tops", "2026-03-02T13:00:00Z"),
        ("Give Ken Adams full access to Olivia Martin's mailbox, only 6 hours", "2026-03-02T15:00:00Z"),
        ("Give Noah Davis full access to billing@acme.com for half a day", "2026-03-02T21:00:00Z"),
        ("Ava Johnson: send as on sales@acme.com, half an hour", "2026-03-02T09:30:00Z"),
        ("Give Noah Davis full access to billing@acme.com, 48h only", "2026-03-04T09:00:00Z"),
        ("Chris Lee needs send as on info@acme.com for 36hrs", "2026-03-03T21:00:00Z"),
        ("Let Mia send on behalf of the billing mailbox, 1 week at most", "2026-03-09T09:00:00Z"),
        ("Give Tom Becker full access to support@acme.com for a couple hours", "2026-03-02T11:00:00Z"),
    ],
)
def test_a_bare_length_closing_the_request_is_its_end(acme: Directory, text: str, expires: str) -> None:
    steps = ready(acme, text, GRACE)
    assert len(steps) == 1
    assert steps[0]["change"] == "grant"
    assert steps[0]["expires"] == expires


@pytest.mark.parametrize(
    "text",
    [
        "Give Ken Adams full access to sales@acme.com 2 wks",
        "Give Ken Adams full access to sales@acme.com for 3 business days",
        "Give Ken Adams full access to sales@acme.com, 6 hrs tops, ok?",
        "Tom Becker - send as on support@acme.com - about 5 working days",
        "Give Ava Johnson full access to hr@acme.com, 2 weeks or so",
        "Give Tom Becker full access to support@acme.com - just the weekend",
        "Give Tom Becker full access to support@acme.com for the afternoon",
        "Tom Becker needs full access to support@acme.com over the weekend, thanks",
        "Give Tom Becker send as on info@acme.com for three-ish days",
    ],
)
def test_a_length_no_end_was_read_from_asks_when_never_grants_for_good(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in questions
    assert not any(s["change"] == "grant" and "expires" not in s for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        # ("for the month-end close", "for the spring campaign": an event, its end asked since nlu99)
        "Christine Lee needs Full Access on billing@acme.com for the month-end invoices",
        "Sarah asked me to get Tom Becker added to the Marketing list for the spring campaign newsletter.",
    ],
)
def test_what_a_change_is_for_is_no_span(acme: Directory, text: str) -> None:
    status, _, _ = plan_in_order(acme, text, GRACE)
    assert status == "ready"


def test_a_time_ago_is_no_end(acme: Directory) -> None:
    assert ready(
        acme, "Ava Johnson joined 2 weeks ago, please give her send as on sales@acme.com", GRACE
    ) == [
        {
            "action": "send_as",
            "change": "grant",
            "mailbox": "sales@acme.com",
            "trustee": "ava.johnson@acme.com",
        }
    ]


# ---- a correction replaces the thing corrected ----


@pytest.mark.parametrize(
    ("text", "key", "kept", "gone"),
    [
        (
            "Give Rachel Green full access to hr@acme.com -- sorry, finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        (
            "Give Rachel Green full access to hr@acme.com -- I mean finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        (
            "Give Rachel Green full access to hr@acme.com, my bad, finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        (
            "Give Rachel Green full access to hr@acme.com; whoops, finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        ("Give Rachel Green full access to hr@acme.com -- err, finance@acme.com", "mailbox", "finance", "hr"),
        ("Give Ava Johnson send as on info@acme.com - wrong one, sales@acme.com", "mailbox", "sales", "info"),
        ("Add Ken Adams to Marketing -- sorry, Engineering", "group", "engineering", "marketing"),
        ("Remove Noah Davis from all-sales--oops, from Marketing", "group", "marketing", "all-sales"),
        (
            "Give Rachel Green full access to hr@acme.com - should be finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        (
            "Give Rachel Green full access to hr@acme.com. Edit: finance@acme.com, not hr",
            "mailbox",
            "finance",
            "hr",
        ),
        (
            "Give Rachel Green full access to hr@acme.com -- wait, finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        ("Give Rachel Green full access to hr@acme.com; rather finance@acme.com", "mailbox", "finance", "hr"),
        (
            "Give Rachel Green full access to hr@acme.com, apologies, finance@acme.com",
            "mailbox",
            "finance",
            "hr",
        ),
        ("Give Rachel Green full access to hr@acme.com/ sorry finance@acme.com", "mailbox", "finance", "hr"),
        (
            "Add Liam Brown to all-hands, should have been Project Atlas",
            "group",
            "project-atlas",
            "all-hands",
        ),
        ("Forward Emma Wilson's mail to Liam Brown -- I meant Lucas Rossi", "forward_to", "lucas", "liam"),
        (
            "Give Chris Lee send as on billing@acme.com, my mistake, careers@acme.com",
            "mailbox",
            "careers",
            "billing",
        ),
    ],
)
def test_a_correction_replaces_what_it_corrects(
    acme: Directory, text: str, key: str, kept: str, gone: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert [str(s[key]).split("@")[0].split(".")[0] for s in steps] == [kept]
    assert not any(str(s[key]).startswith(gone) for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        "Add Ken Adams -- sorry, Tom Becker -- to Marketing",
        "Share my calendar with Ken Adams -- sorry, Tom Becker -- as reviewer",
    ],
)
def test_a_correction_inside_the_request_never_plans_the_name_it_took_back(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready" or not any(KEN in s.values() for s in steps)


def test_a_wait_that_adds_replaces_nothing(acme: Directory) -> None:
    """ "- wait, also finance@": one more, never a fix of hr@ (asked, or planned for both)."""
    _, steps, _ = plan_in_order(
        acme, "Give Rachel Green full access to hr@acme.com - wait, also finance@acme.com", GRACE
    )
    assert not (steps and {s["mailbox"] for s in steps} == {"finance@acme.com"})


@pytest.mark.parametrize(
    "text",
    [
        "Add Tom Becker to all-sales, my bad, also Ken Adams",
        "Add Tom Becker to all-sales, sorry, also Ken Adams",
        "Add Tom Becker to all-sales - whoops, forgot Ken Adams too",
        "Add Tom Becker to all-sales. Sorry, I forgot to add Ken Adams too",
        "Add Tom Becker to all-sales. Update - also Ken Adams",
    ],
)
def test_a_slip_then_one_more_adds_and_replaces_nothing(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert {(s["group"], s["member"]) for s in steps} == {
        ("all-sales@acme.com", "tom.becker@acme.com"),
        ("all-sales@acme.com", KEN),
    }


def test_an_edit_that_adds_a_right_keeps_the_first(acme: Directory) -> None:
    steps = ready(acme, "Give Tom Becker full access to hr@acme.com. Edit: and send as too", GRACE)
    assert {s["action"] for s in steps} == {"mailbox_delegation", "send_as"}


# ---- what ended for someone, told at the end, is the reason ----


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Please delete the External-Contractors list, Tom Becker's engagement has ended",
            ("distribution_list_lifecycle", "delete", "external-contractors@acme.com"),
        ),
        (
            "Delete the Project Atlas list - Priya's project wrapped up",
            ("distribution_list_lifecycle", "delete", "project-atlas@acme.com"),
        ),
        (
            "Please delete the External-Contractors list; Vera's contract finished last week",
            ("distribution_list_lifecycle", "delete", "external-contractors@acme.com"),
        ),
        (
            "Remove Lucas Rossi from all-sales, Tom Becker's project is over",
            ("distribution_list_membership", "remove", "all-sales@acme.com"),
        ),
        (
            "Remove Chris Lee's full access to billing@acme.com, his secondment has ended",
            ("mailbox_delegation", "revoke", "billing@acme.com"),
        ),
    ],
)
def test_what_ended_for_someone_is_the_reason_never_a_change_for_them(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["action"], s["change"], s.get("group") or s.get("mailbox")) for s in steps] == [step]


# ---- an access request form: its "Resource" is the mailbox, its approver is no one asked for ----


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "ACCESS REQUEST FORM\nEmployee: Ava Johnson\nTarget resource: billing@acme.com\n"
            "Access type: Full Access\nApproved by: Mike Smith\n",
            ("mailbox_delegation", "billing@acme.com", "ava.johnson@acme.com"),
        ),
        (
            "Access Request Form\nUser name: Noah Davis\nResource: info@acme.com\n"
            "Permission: Send on behalf\nBusiness reason: events\n",
            ("send_on_behalf", "info@acme.com", "noah.davis@acme.com"),
        ),
        (
            "Mailbox access request\nEmployee name: Emma Wilson\nResource: careers@acme.com\n"
            "Access type: Full Access\nJustification: screening applicants\nManager approval: Priya Patel\n",
            ("mailbox_delegation", "careers@acme.com", "emma.wilson@acme.com"),
        ),
    ],
)
def test_an_access_request_forms_resource_is_the_mailbox(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    assert ready_tuples(acme, text, GRACE, "action", "mailbox", "trustee") == [step]


def test_an_access_request_form_waiting_for_approval_plans_nothing(acme: Directory) -> None:
    text = (
        "ACCESS REQUEST FORM\nEmployee name: Liam Brown\nResource: sales@acme.com\nAccess type: Send As\n"
        "Manager approval: pending\n"
    )
    status, steps, _ = plan_in_order(acme, text, GRACE)
    assert status != "ready"
    assert not steps


# ---- an ask that only names a calendar or mailbox, then a change "on it": the change is on that ----


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "[10:02] Mike Smith: could you look at the support mailbox please?\n[10:03] Ken Adams: sure\n"
            "[10:04] Mike Smith: Tom Becker needs full access to it\n",
            ("mailbox_delegation", "support@acme.com", "tom.becker@acme.com"),
        ),
        (
            "can someone help with Olivia Martin's calendar? Ava Johnson should get reviewer on it",
            ("calendar_share", "olivia.martin@acme.com", "ava.johnson@acme.com"),
        ),
        (
            "[08:40] Priya Patel: can someone sort out the Boardroom calendar?\n"
            "[08:41] Ken Adams: what's needed\n[08:41] Priya Patel: Liam Brown needs editor on it\n",
            ("calendar_share", "boardroom@acme.com", "liam.brown@acme.com"),
        ),
    ],
)
def test_a_change_on_it_after_an_ask_naming_the_thing_is_on_that_thing(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [
        (s["action"], s.get("mailbox") or s.get("owner"), s.get("trustee") or s.get("grantee")) for s in steps
    ] == [step]


def test_an_ask_naming_a_calendar_with_nothing_said_on_it_changes_nothing(acme: Directory) -> None:
    _, steps, _ = plan_in_order(acme, "can someone sort out the Boardroom calendar?", GRACE)
    assert not any(s["change"] != "read" for s in steps)


# ---- the writer's own move, its "I'm" left out, is the reason ----


@pytest.mark.parametrize(
    ("text", "requester", "group"),
    [
        ("can i be taken off all-sales? moving to ops next week", NOAH, "all-sales@acme.com"),
        (
            "Please take me off Project Phoenix. Transferring to the legal side next month.",
            KEN,
            "project-phoenix@acme.com",
        ),
        (
            "remove me from all-hands pls - relocating to the Berlin office in April",
            OLIVIA,
            "all-hands@acme.com",
        ),
    ],
)
def test_the_writers_own_move_told_without_im_is_the_reason(
    acme: Directory, text: str, requester: str, group: str
) -> None:
    assert ready_tuples(acme, text, requester, "action", "change", "group", "member") == [
        ("distribution_list_membership", "remove", group, requester)
    ]


def test_a_move_naming_a_list_is_never_read_as_the_writers_reason(acme: Directory) -> None:
    """ "- moving to the Marketing list" may be a change of its own: never a removal of the writer."""
    _, steps, _ = plan_in_order(acme, "Remove Tom Becker from all-sales - moving to the Marketing list", NOAH)
    assert not any(s.get("member") == NOAH for s in steps)


# ---- an offboarding's steps that name no one are the leaver's, never the requester's ----


@pytest.mark.parametrize(
    ("text", "leaver", "group", "forward_to"),
    [
        (
            "Offboard pat.gone@acme.com - remove from all-sales, forward mail to Priya Patel",
            "pat.gone@acme.com",
            "all-sales@acme.com",
            "priya.patel@acme.com",
        ),
        (
            "Offboarding: pat.gone@acme.com. Remove from all-sales. Forward mail to Priya Patel.",
            "pat.gone@acme.com",
            "all-sales@acme.com",
            "priya.patel@acme.com",
        ),
        (
            "Leaver: Noah Davis\n1. remove from the Marketing list\n2. forward emails to Ken Adams\n",
            NOAH,
            "marketing@acme.com",
            KEN,
        ),
        (
            "REQ 4410 - Departing employee: Tom Becker\nSteps:\n1. Take off all-hands\n"
            "2. Forward incoming mail to Mike Smith\n",
            "tom.becker@acme.com",
            "all-hands@acme.com",
            "mike.smith@acme.com",
        ),
    ],
)
def test_an_offboardings_unnamed_steps_are_the_leavers(
    acme: Directory, text: str, leaver: str, group: str, forward_to: str
) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(
        (s["action"], s.get("member") or s.get("mailbox"), s.get("group") or s.get("forward_to"))
        for s in steps
    ) == [
        ("distribution_list_membership", leaver, group),
        ("email_forwarding_internal", leaver, forward_to),
    ]


@pytest.mark.parametrize(
    ("text", "leaver"),
    [
        ("Tom Becker is leaving. Forward mail to Priya Patel.", "tom.becker@acme.com"),
        (
            "Exit checklist for Tom Becker: remove from all-sales; forward mail to Priya Patel",
            "tom.becker@acme.com",
        ),
        ("Termination - Ken Adams\nPlease remove from all-hands and forward emails to Mike Smith", KEN),
    ],
)
def test_steps_after_someone_leaving_are_theirs(acme: Directory, text: str, leaver: str) -> None:
    steps = ready(acme, text, GRACE)
    assert {s.get("member") or s.get("mailbox") for s in steps} == {leaver}


def test_unnamed_steps_after_two_people_are_asked_never_the_requesters(acme: Directory) -> None:
    text = "Ken Adams is leaving and Tom Becker is taking over. Forward mail to Tom Becker."
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions == ["mailbox"]
    assert not steps


def test_an_offboarding_of_two_people_asks_whose_steps_they_are(acme: Directory) -> None:
    status, steps, questions = plan_in_order(
        acme, "Offboarding for Tom Becker and Ken Adams\n1. Remove from all-sales\n", GRACE
    )
    assert status == "needs_clarification"
    assert "member" in questions
    assert not steps


# ---- an end said as a weekday and a date is the date; a weekday that is not the date's is asked ----


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("Let Ava Johnson send as info@acme.com until Friday, March 13", "2026-03-14T00:00:00Z"),
        ("Give Ken Adams full access to sales@acme.com until Wed 11th March", "2026-03-12T00:00:00Z"),
        ("Give Ken Adams full access to sales@acme.com until Wednesday the 11th", "2026-03-12T00:00:00Z"),
        ("Noah Davis needs send on behalf of billing@acme.com till Fri 2026-03-13", "2026-03-14T00:00:00Z"),
        ("Grant Emma Wilson full access to hr@acme.com through Thursday 5 March", "2026-03-06T00:00:00Z"),
    ],
)
def test_an_end_said_as_weekday_and_date_is_the_date(acme: Directory, text: str, expires: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["expires"] for s in steps] == [expires]


@pytest.mark.parametrize(
    "text",
    [
        "Let Lucas Rossi send as support@acme.com until Tuesday March 9",
        "Give Ken Adams full access to sales@acme.com through Fri 12 March",
    ],
)
def test_a_weekday_that_is_not_the_dates_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_in_order(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions == ["expires"]
    assert not steps


# ---- a member set apart from a group's members is set apart as a recipient, never what they own ----


@pytest.mark.parametrize(
    ("text", "action", "who"),
    [
        (
            "Give every member of Finance Team reviewer on Mike Smith's calendar, except Mike",
            "calendar_share",
            {"christine.lee@acme.com", "rachel.green@acme.com"},
        ),
        (
            "Give everyone in Finance Team reviewer on Mike Smith's calendar except Mike Smith",
            "calendar_share",
            {"christine.lee@acme.com", "rachel.green@acme.com"},
        ),
        (
            "Give every member of Finance Team send as on Mike Smith's mailbox, apart from Mike himself",
            "send_as",
            {"christine.lee@acme.com", "rachel.green@acme.com"},
        ),
        (
            "Give every member of Finance Team reviewer on Mike Smith's calendar, apart from Rachel Green",
            "calendar_share",
            {"christine.lee@acme.com"},
        ),
    ],
)
def test_a_member_set_apart_is_set_apart_as_a_recipient(
    acme: Directory, text: str, action: str, who: set[str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["action"] for s in steps} == {action}
    assert {s.get("mailbox") or s.get("owner") for s in steps} == {"mike.smith@acme.com"}
    assert {s.get("trustee") or s.get("grantee") for s in steps} == who


# ---- who approved, their role beside the name, and who is copied in, are no one the change is for ----


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "To: IT Service Desk\nCc: Mike Smith; Ken Adams\nSubject: All Hands\n\n"
            "Please add Ava Johnson to the All Hands list. Mike (her manager) has approved; "
            "Ken is cc'd for visibility.\n",
            ("distribution_list_membership", "all-hands@acme.com", "ava.johnson@acme.com"),
        ),
        (
            "To: helpdesk\nCc: Priya Patel\nSubject: sales mailbox\n\nHi, please give Liam Brown send as on "
            "sales@acme.com. Priya, the mailbox owner, has signed off. Thanks\n",
            ("send_as", "sales@acme.com", "liam.brown@acme.com"),
        ),
        (
            "Please add Lucas Rossi to the Engineering distribution list. David, the list owner, has agreed.",
            ("distribution_list_membership", "engineering@acme.com", "lucas.rossi@acme.com"),
        ),
        (
            "Give Ava Johnson send as on sales@acme.com. Priya (her manager) approved it.",
            ("send_as", "sales@acme.com", "ava.johnson@acme.com"),
        ),
    ],
)
def test_an_approver_with_a_role_and_those_copied_are_no_recipients(
    acme: Directory, text: str, step: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, GRACE)
    assert [
        (s["action"], s.get("group") or s.get("mailbox"), s.get("member") or s.get("trustee")) for s in steps
    ] == [step]


# ---- someone described, then what they keep or that they stay: an aside, no change for them ----


@pytest.mark.parametrize(
    ("text", "requester", "step"),
    [
        (
            "Give Ava Johnson full access to sales@acme.com; Tom Becker, who used to handle it, keeps his",
            None,
            ("mailbox_delegation", "sales@acme.com", "ava.johnson@acme.com"),
        ),
        (
            "Share my calendar with Liam Brown as reviewer, Maria Garcia, my old assistant, keeps her access",
            OLIVIA,
            ("calendar_share", OLIVIA, "liam.brown@acme.com"),
        ),
        (
            "Remove Ava Johnson from all-sales; Tom Becker, who joined last week, stays.",
            None,
            ("distribution_list_membership", "all-sales@acme.com", "ava.johnson@acme.com"),
        ),
    ],
)
def test_someone_described_who_keeps_theirs_is_an_aside(
    acme: Directory, text: str, requester: str | None, step: tuple[str, str, str]
) -> None:
    steps = ready(acme, text, requester or GRACE)
    assert [
        (
            s["action"],
            s.get("mailbox") or s.get("owner") or s.get("group"),
            s.get("trustee") or s.get("grantee") or s.get("member"),
        )
        for s in steps
    ] == [step]
