"""nlu86's classes (session 16, batch 36's misses), beyond the corpus entries: an access report names
its subject and is never the tenant-wide report; mail filed as junk or spam is nothing the catalog does; a
reason passed on after the request ("..., David asked me to track the budget") is context; a first name that
is also a word opens a sentence as its subject ("Grace can be editor ..."); a second right after ", and"
keeps the person, each right with its own end; whom a message greets or thanks is no one it is about; a
calendar form's "Person who needs access" and its End date are read. Each with the neighbours that must keep
their plan or their question. Planned and resolved against the Acme directory at the corpus's fixed
"now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
FRIDAY = "2026-03-07T00:00:00Z"


# ---- an access report names its subject; never a wider report ----


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Access report for the Project Atlas group", {"group": "project-atlas@acme.com"}),
        ("I need an access report for the engineering group", {"group": "engineering@acme.com"}),
        ("delegation report for the Project Atlas group", {"group": "project-atlas@acme.com"}),
        ("access report on the Support mailbox", {"mailbox": "support@acme.com"}),
        ("Access report for Tom Becker", {"person": "tom.becker@acme.com"}),
    ],
)
def test_an_access_report_is_on_what_it_names(acme: Directory, text: str, subject: dict[str, str]) -> None:
    assert ready(acme, text, "emma.wilson@acme.com") == [
        {"action": "access_report", "change": "read", **subject}
    ]


def test_an_access_report_on_a_list_no_one_knows_asks_which_never_the_whole_tenant(acme: Directory) -> None:
    assert asks(acme, "Access report for the Project Zeus group", GRACE) == {"group"}


@pytest.mark.parametrize("text", ["Run a delegation report", "access report"])
def test_a_report_that_names_nothing_stays_the_tenants(acme: Directory, text: str) -> None:
    assert plan_of(acme, text, GRACE)[:2] == ("ready", [{"action": "delegation_report", "change": "read"}])


def test_a_delegation_report_for_a_person_stays_theirs(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "I need a delegation report for Priya Patel", GRACE)
    assert steps == [{"action": "delegation_report", "change": "read", "trustee": "priya.patel@acme.com"}]


# ---- junk, spam and deliverability: nothing the catalog does ----


@pytest.mark.parametrize(
    "text",
    [
        "why do my emails to Vera at VendorCo keep landing in her junk folder?",
        "our mails to Priya Patel are going to spam",
        "Tom's emails get marked as spam by the partner, can you check",
        "can you whitelist vendorco.example in the spam filter",
    ],
)
def test_mail_filed_as_junk_is_not_understood_never_a_report_on_the_outsider(
    acme: Directory, text: str
) -> None:
    assert plan_of(acme, text, "emma.wilson@acme.com") == ("not_understood", [], set())


def test_a_mailbox_named_spam_is_still_a_mailbox_request(acme: Directory) -> None:
    # ("Spam Reports" is no mailbox the tenant has: asked which, never not understood as a filter)
    status, _, questions = plan_of(acme, "Give Tom full access to the Spam Reports mailbox", GRACE)
    assert (status, questions) == ("needs_clarification", {"mailbox"})


# ---- a reason passed on after the request is context ----


@pytest.mark.parametrize(
    "text",
    [
        "please add me to the Project Phoenix group, David asked me to track the budget",
        "please add me to the Project Phoenix group, David Chen asked me to track the budget",
        "please add me to the Project Phoenix group, David asked me to",
        "add me to Project Phoenix, Priya wants me to help with the launch",
    ],
)
def test_who_asked_the_requester_and_why_is_no_question(acme: Directory, text: str) -> None:
    assert ready(acme, text, "rachel.green@acme.com") == [
        {
            "action": "distribution_list_membership",
            "change": "add",
            "group": "project-phoenix@acme.com",
            "member": "rachel.green@acme.com",
        }
    ]


def test_a_change_passed_on_after_the_request_is_one_more_change(acme: Directory) -> None:
    _, steps, _ = plan_of(
        acme,
        "please add me to the Project Phoenix group, David asked me to add Tom too",
        "rachel.green@acme.com",
    )
    assert {s["member"] for s in steps} == {"rachel.green@acme.com", "tom.becker@acme.com"}


def test_a_removal_passed_on_after_the_request_is_never_dropped(acme: Directory) -> None:
    status, _, _ = plan_of(
        acme,
        "please add me to the Project Phoenix group, David asked me to remove Ava",
        "rachel.green@acme.com",
    )
    assert status == "needs_clarification"


# ---- a first name that is also a word, as a sentence's subject ----


@pytest.mark.parametrize(
    ("text", "access", "expires"),
    [
        ("Grace can be editor on my calendar for a year", "editor", "2027-03-02T09:00:00Z"),
        ("Grace needs editor on my calendar", "editor", None),
        ("Grace should get reviewer on my calendar until Friday", "reviewer", FRIDAY),
        ("Hope you are well. Grace can be editor on my calendar", "editor", None),
    ],
)
def test_a_common_word_name_opening_the_sentence_before_its_verb_is_the_subject(
    acme: Directory, text: str, access: str, expires: str | None
) -> None:
    status, steps, _ = plan_of(acme, text, "olivia.martin@acme.com")
    share = {
        "action": "calendar_share",
        "change": "grant",
        "owner": "olivia.martin@acme.com",
        "grantee": GRACE,
        "access": access,
    }
    assert (status, steps) == ("ready", [share | ({"expires": expires} if expires else {})])


def test_a_month_opening_a_question_is_no_name(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "May I have editor on Tom's calendar?", "olivia.martin@acme.com")
    assert [s["grantee"] for s in steps] == ["olivia.martin@acme.com"]


# ---- ", and <right> <end>": the same person, each right its own end ----


@pytest.mark.parametrize(
    ("text", "full_end", "other", "other_end"),
    [
        (
            "Give Chris Lee full access to the Support mailbox permanently, and send as until Friday",
            None,
            "send_as",
            FRIDAY,
        ),
        (
            "Give Chris Lee full access to the Support mailbox permanently, and send on behalf for 4 days",
            None,
            "send_on_behalf",
            "2026-03-06T09:00:00Z",
        ),
        (
            "Give Chris Lee full access to the Support mailbox until Friday, and send on behalf permanently",
            FRIDAY,
            "send_on_behalf",
            None,
        ),
    ],
)
def test_a_second_right_after_a_comma_keeps_the_person_with_its_own_end(
    acme: Directory, text: str, full_end: str | None, other: str, other_end: str | None
) -> None:
    steps = ready(acme, text, GRACE)
    ends = {s["action"]: s.get("expires") for s in steps}
    assert ends == {"mailbox_delegation": full_end, other: other_end}
    assert {(s["trustee"], s["mailbox"]) for s in steps} == {("chris.lee@acme.com", "support@acme.com")}


@pytest.mark.parametrize(
    "text",
    [
        "Give Ethan Park full access to the Careers mailbox through 9 March and send as for 4 days",
        "Give Ethan Park full access to the Careers mailbox through 9 March, and send as on it for 4 days",
        "Give Ethan Park full access to the Careers mailbox through 9 March and send as there for 4 days",
    ],
)
def test_a_second_rights_own_length_is_never_the_first_ones(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["action"]: s["expires"] for s in steps} == {
        "mailbox_delegation": "2026-03-10T00:00:00Z",
        "send_as": "2026-03-06T09:00:00Z",
    }


@pytest.mark.parametrize(
    "text",
    [
        # a mailbox of its own after the comma: whose and which end is asked, never full access on billing too
        "Give Chris Lee full access to the Support mailbox permanently, and send as on billing until Friday",
        # no end said for the first: which right the end is for is not told
        "Give Chris Lee full access to the Support mailbox, and send as until Friday",
    ],
)
def test_a_second_right_with_more_of_its_own_is_still_asked(acme: Directory, text: str) -> None:
    assert plan_of(acme, text, GRACE)[0] == "needs_clarification"


# ---- whom the message greets or thanks ----


@pytest.mark.parametrize(
    "text",
    [
        "Thanks Ken. Please give Rachel Green send as on the Billing mailbox as well.\nMike\n\n"
        "> From: Ken Adams\n> Subject: RE: Billing mailbox\n"
        "> Done, Christine Lee has full access to the Billing mailbox now.\n",
        "Thanks Ken! Please give Rachel Green send as on the Billing mailbox.",
        "Hi Ken, please give Rachel Green send as on the Billing mailbox",
        "Thanks Ken Adams. Please give Rachel Green send as on the Billing mailbox",
    ],
)
def test_the_one_thanked_or_greeted_is_no_one_the_change_is_for(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, "mike.smith@acme.com")
    assert (status, steps) == (
        "ready",
        [
            {
                "action": "send_as",
                "change": "grant",
                "mailbox": "billing@acme.com",
                "trustee": "rachel.green@acme.com",
            }
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        # the quote is context: "her" is not Christine, nor "the same" her full access
        "Thanks Ken. Please give her send as on the Billing mailbox as well.\n\n"
        "> Done, Christine Lee has full access to the Billing mailbox now.\n",
        "Hi Ken, Tom needs full access to support",  # no request said outright after the greeting: as before
    ],
)
def test_after_the_greeting_what_cannot_be_read_is_still_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, "mike.smith@acme.com")
    assert status == "needs_clarification"
    assert all(s.get("trustee") != "christine.lee@acme.com" for s in steps)


def test_a_name_after_hi_and_a_comma_is_still_the_subject(acme: Directory) -> None:
    _, steps, _ = plan_of(acme, "Hi, Ken needs full access to support", GRACE)
    assert [s["trustee"] for s in steps] == ["ken.adams@acme.com"]


# ---- a calendar form: whom for and the end ----


@pytest.mark.parametrize(
    ("form", "expires"),
    [
        (
            "Request type: Calendar sharing (Sarah)\nWhose calendar: Sarah Connor\n"
            "Person who needs access: Chris Lee\nAccess level: Limited details\nEnd date: 2026-03-20\n",
            "2026-03-21T00:00:00Z",
        ),
        (
            "Request type: Calendar sharing (Sarah)\nWhose calendar: Sarah Connor\n"
            "Person who needs access: Chris Lee\nAccess level: Limited details\n",
            None,
        ),
        (
            "Request type: Calendar sharing\nWhose calendar: Sarah Connor\nUser needing access: Chris Lee\n"
            "Access level: Limited details\nEnd date: 13 March 2026\n",
            "2026-03-14T00:00:00Z",
        ),
    ],
)
def test_a_calendar_forms_end_date_is_the_shares(acme: Directory, form: str, expires: str | None) -> None:
    status, steps, _ = plan_of(acme, form, GRACE)
    share = {
        "action": "calendar_share",
        "change": "grant",
        "owner": "sarah@acme.com",
        "grantee": "chris.lee@acme.com",
        "access": "limited_details",
    }
    assert (status, steps) == ("ready", [share | ({"expires": expires} if expires else {})])


def test_a_note_in_the_forms_type_brackets_is_never_passed_over(acme: Directory) -> None:
    form = (
        "Request type: Calendar sharing (Temporary)\nWhose calendar: Sarah Connor\n"
        "Person who needs access: Chris Lee\nAccess level: Limited details\n"
    )
    assert plan_of(acme, form, GRACE)[0] == "needs_clarification"


# ---- "X is covering for Y. Give him ... on her calendar": no genders known, still asked (nlu116, red team
# 68: nlu113 had let the cover orient the two pronouns); a cover told with a time no end is read from
# ("this month") asks the end of the share on the covered one's calendar ----


def test_two_pronouns_after_a_cover_with_no_gender_said_are_asked(acme: Directory) -> None:
    assert asks(
        acme, "Noah Davis is covering for Ava Johnson this month. Give him reviewer on her calendar", GRACE
    ) == {"grantee"}


def test_a_cover_with_a_time_and_no_end_asks_the_shares_end(acme: Directory) -> None:
    assert asks(
        acme, "Noah Davis is covering for Ava Johnson this month. Give Noah reviewer on her calendar", GRACE
    ) == {"expires"}


@pytest.mark.parametrize(
    "text",
    ["Noah Davis is covering for Ava Johnson while she's on leave. Give him reviewer on her calendar"],
)
def test_a_cover_said_by_name_or_gender_plans_the_share_for_good(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert (status, steps) == (
        "ready",
        [
            {
                "action": "calendar_share",
                "change": "grant",
                "owner": "ava.johnson@acme.com",
                "grantee": "noah.davis@acme.com",
                "access": "reviewer",
            }
        ],
    )
