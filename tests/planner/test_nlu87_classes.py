"""nlu87's classes (red team 55, classes 1 and 2), beyond the corpus entries.

Class 1: a status said of the whole request ("-- REJECTED", "[DUPLICATE]", "Please disregard:", a ticket
update "Ken no longer needs this, please close", "but not yet", "after Priya approves") plans nothing; said of
one part ("Billing: on hold", "(Billing pending approval)", "Mike said no to Billing", "Ken no longer.",
"Actually, leave Marketing.") that part alone is dropped; a past report of access given is context, never a
step.
Class 2: in relayed, quoted or chat text the first person is the speaker's ("Sarah wrote: forward my mail to
Chris" is Sarah's mail), never the requester's unless the speaker is the requester, and the speaker is no one
the change is for; a later chat line that refuses, asks for more or adds without saying for whom is asked.
Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner import cases
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
KEN = "ken.adams@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Give Ken access to Info -- REJECTED",
        "Give Ken access to Info. Rejected by Olivia.",
        "Give Ken access to Info [DUPLICATE]",
        "DUPLICATE: Give Ken access to Info",
        "Give Rachel access to Support -- DECLINED",
        "Withdrawn: add Ava to Marketing",
        "Please disregard: give Ken access to Info",
        "Give Ken access to Info, but not yet",
        "Ticket #4471 - Status: Cancelled\nGive Ken full access to Info",
        "Give Ken full access to Info\n\nUpdate 02/03 11:14 – Ken no longer needs this, please close",
        "Give Ken access to Info\nUPDATE: Ken has left the company",
        "Give Noah access to Sales\nUPDATE: done already, ignore",
        "Give Tom access to Support\nUpdate: Tom doesn't need it anymore, please close",
        "Ken was given Info access last week (for reference)",
        "Give Liam access to Sales after Priya approves, for a week",
        "Give Noah access to Billing once Olivia signs off",
    ],
)
def test_a_request_refused_cancelled_or_waiting_plans_nothing(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not steps


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("Give Ken access to Info and Billing, cancel Billing", "info@acme.com", "billing@acme.com"),
        ("Give Ken access to Info and Billing. Cancel the Billing one.", "info@acme.com", "billing@acme.com"),
        ("Give Ken access to Info and Billing. Billing: on hold.", "info@acme.com", "billing@acme.com"),
        (
            "Give Ken access to Info and Billing.\nStatus of Billing: rejected",
            "info@acme.com",
            "billing@acme.com",
        ),
        (
            "Give Ken access to Info and Billing (Billing pending approval)",
            "info@acme.com",
            "billing@acme.com",
        ),
        (
            "Give Ken access to Info and Billing - Mike said no to Billing",
            "info@acme.com",
            "billing@acme.com",
        ),
        ("Give Emma access to Sales and Billing. Sales: on hold.", "billing@acme.com", "sales@acme.com"),
        (
            "Add Liam to all-sales and Marketing. Actually, leave Marketing.",
            "all-sales@acme.com",
            "marketing@acme.com",
        ),
        (
            "Add Liam to Marketing and all-sales - Priya said no to Marketing",
            "all-sales@acme.com",
            "marketing@acme.com",
        ),
    ],
)
def test_a_part_refused_or_held_is_dropped_and_the_rest_planned(
    acme: Directory, text: str, kept: str, dropped: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    places = {s.get("mailbox") or s.get("group") for s in steps}
    assert status == "ready"
    assert places == {kept}
    assert dropped not in places


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Give Ken and Rachel access to Info. Ken no longer.", "rachel.green@acme.com"),
        ("Give Ken and Rachel access to Info.\nKen: cancelled", "rachel.green@acme.com"),
        ("Add Ava and Noah to Marketing.\nNoah: rejected", "ava.johnson@acme.com"),
    ],
)
def test_a_person_taken_back_is_not_given_the_access(acme: Directory, text: str, left: str) -> None:
    steps = ready(acme, text, GRACE)
    assert cases.people(steps) == {left}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a cancel of something the request never asked for takes nothing from what it asks
        ("Give Ken access to Info, cancel Billing", "info@acme.com"),
        # taking back an earlier mail is no status of this one
        ("Please disregard my last email; give Ken access to Info", "info@acme.com"),
        # a reason after a dash is a removal's why, not a status
        ("Remove Tom from Marketing - not needed anymore", "marketing@acme.com"),
        # an approval given is no approval waited for
        ("Give Liam access to Sales; Priya approved", "sales@acme.com"),
    ],
)
def test_what_is_no_status_of_the_request_keeps_planning(acme: Directory, text: str, kept: str) -> None:
    steps = ready(acme, text, GRACE)
    assert kept in {s.get("mailbox") or s.get("group") for s in steps}


@pytest.mark.parametrize(
    ("text", "requester", "mailbox", "forward_to"),
    [
        ("Sarah wrote: forward my mail to Chris", GRACE, "sarah@acme.com", "chris.lee@acme.com"),
        ("Sarah asked: please forward my mail to Chris", GRACE, "sarah@acme.com", "chris.lee@acme.com"),
        ("Emma wrote: please forward my mail to Noah", GRACE, "emma.wilson@acme.com", "noah.davis@acme.com"),
        (
            "[10:02] olivia.martin: forward my mail to maria",
            GRACE,
            "olivia.martin@acme.com",
            "maria.garcia@acme.com",
        ),
        # the speaker is the requester: "my" is theirs, as it always was
        ("Sarah wrote: forward my mail to Chris", "sarah@acme.com", "sarah@acme.com", "chris.lee@acme.com"),
    ],
)
def test_a_relayed_my_is_the_speakers(
    acme: Directory, text: str, requester: str, mailbox: str, forward_to: str
) -> None:
    assert ready_tuples(acme, text, requester, "mailbox", "forward_to") == [(mailbox, forward_to)]


@pytest.mark.parametrize(
    ("text", "requester", "owner", "people"),
    [
        (
            "Sarah -> IT: give Tom access to my mailbox for a week",
            GRACE,
            "sarah@acme.com",
            {"tom.becker@acme.com"},
        ),
        (
            "Sarah wrote: give Chris access to my mailbox",
            "tom.becker@acme.com",
            "sarah@acme.com",
            {"chris.lee@acme.com"},
        ),
        (
            "[10:02] <olivia.martin> give maria send as on my mailbox",
            GRACE,
            "olivia.martin@acme.com",
            {"maria.garcia@acme.com"},
        ),
        (
            "<olivia> give maria send on behalf for me",
            GRACE,
            "olivia.martin@acme.com",
            {"maria.garcia@acme.com"},
        ),
        (
            "Noah -> IT: give Ava send on behalf on my mailbox",
            GRACE,
            "noah.davis@acme.com",
            {"ava.johnson@acme.com"},
        ),
        (
            "Olivia -> Maria: please give Priya editor on my calendar",
            GRACE,
            "olivia.martin@acme.com",
            {"priya.patel@acme.com"},
        ),
        ("> Priya: remove Ava from my calendar", GRACE, "priya.patel@acme.com", {"ava.johnson@acme.com"}),
    ],
)
def test_a_speakers_own_mailbox_is_theirs_and_the_speaker_gets_nothing(
    acme: Directory, text: str, requester: str, owner: str, people: set[str]
) -> None:
    steps = ready(acme, text, requester)
    assert {s.get("mailbox") or s.get("owner") for s in steps} == {owner}
    assert cases.people(steps) == people


@pytest.mark.parametrize(
    ("text", "requester", "people"),
    [
        ("From Sarah: give me and Tom access to Billing", GRACE, {"sarah@acme.com", "tom.becker@acme.com"}),
        ("From Emma: give me access to Billing", GRACE, {"emma.wilson@acme.com"}),
        ("<priya.patel> add me to Marketing", GRACE, {"priya.patel@acme.com"}),
        (
            "[09:00] sarah: tom can you raise a ticket to give me Billing access\n[09:01] tom: sure",
            "tom.becker@acme.com",
            {"sarah@acme.com"},
        ),
        # the speaker is the requester: "me" is the requester
        ("Grace wrote: add me to Marketing", GRACE, {GRACE}),
    ],
)
def test_a_relayed_me_is_the_speaker(acme: Directory, text: str, requester: str, people: set[str]) -> None:
    steps = ready(acme, text, requester)
    assert cases.people(steps) == people


@pytest.mark.parametrize(
    ("text", "requester"),
    [
        ("On behalf of Sarah: give me and Tom access to Billing", GRACE),
        ("Give everyone who reports to Priya access to the Sales mailbox for a week", GRACE),
        ("Give all of Priya's reports access to Sales", GRACE),
        ("Priya: give Emma access to Sales for a week\nEmma: can I have it for a month?\nPriya: no", GRACE),
        ("Priya: give Emma access to Sales for a week\nEmma: can I have it for a month?\nPriya: fine", GRACE),
        ("Sarah: Tom needs the Support mailbox\nGrace: ok\nSarah: send as too", GRACE),
        ("Sarah: give Tom access to Support for a week\nGrace: done? \nSarah: and send as too", GRACE),
        ("[09:00] emma.wilson: give me access to Sales\n[09:01] priya.patel: no", GRACE),
        ("Olivia to IT: give Maria my calendar, editor. Maria to IT: and my mailbox for Olivia.", GRACE),
        ("Hi, Priya here (on Liam's laptop) - please give Liam access to my mailbox", "liam.brown@acme.com"),
    ],
)
def test_whose_words_or_what_was_settled_unclear_is_asked(acme: Directory, text: str, requester: str) -> None:
    status, steps, _ = plan_of(acme, text, requester)
    assert status == "needs_clarification"
    assert not steps


def test_a_chat_the_requester_agrees_to_keeps_planning(acme: Directory) -> None:
    text = "[10:01] priya.patel: give Emma access to Sales for a week\n[10:02] grace.hopper: ok"
    steps = ready(acme, text, GRACE)
    assert cases.people(steps) == {"emma.wilson@acme.com"}
    assert steps[0]["expires"] == "2026-03-09T09:00:00Z"


def test_a_later_narrowing_by_another_speaker_keeps_the_first_speakers_mailbox(acme: Directory) -> None:
    text = "Liam (10:00): forward my mail to Noah\nPriya (10:05): only until Friday"
    steps = ready(acme, text, GRACE)
    assert [(s["mailbox"], s["forward_to"], s.get("expires")) for s in steps] == [
        ("liam.brown@acme.com", "noah.davis@acme.com", "2026-03-07T00:00:00Z")
    ]


def test_a_comment_narrowing_the_request_is_no_grant_of_full_access(acme: Directory) -> None:
    text = "Give Tom full access to Support\n---\nComment (Sarah, 10:02): please make it read only instead"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready"
    assert not steps


def test_kens_access_is_not_granted_from_a_report_of_last_time(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Last time we gave Ken access to Info; this time Chris needs Billing", GRACE
    )
    assert KEN not in cases.people(steps)
    assert status != "ready" or "chris.lee@acme.com" in cases.people(steps)


def test_a_name_to_a_place_is_no_speaker(acme: Directory) -> None:
    assert ready_tuples(acme, "Tom to Marketing: add him please", GRACE, "group", "member") == [
        ("marketing@acme.com", "tom.becker@acme.com")
    ]


def test_a_past_grant_told_beside_the_request_is_not_granted_again(acme: Directory) -> None:
    text = "Please give Tom Support access. Previously we gave him Billing access last week, that stays"
    steps = ready(acme, text, GRACE)
    assert {s["mailbox"] for s in steps} == {"support@acme.com"}


@pytest.mark.parametrize(
    "text",
    [
        # a mark in the middle of a list is said of the line it ends, not of the whole request
        "Please add to Marketing:\n- Liam Brown\n- Noah Davis (on hold)\n- Ava Johnson",
        # an update that narrows is no cancel of the whole
        "Give Tom and Chris full access to Support\nUpdate: Chris has left the team, just Tom",
    ],
)
def test_a_status_said_of_a_part_in_the_middle_is_asked_not_a_cancel_of_all(
    acme: Directory, text: str
) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not steps


@pytest.mark.parametrize(
    ("text", "requester", "steps"),
    [
        (
            "[10:02] Ken Adams: can i see whos got full access on careers@acme.com\n"
            "[10:03] Ken Adams: and who can send as it\n",
            "ken.adams@acme.com",
            [
                {"action": "view_mailbox_permissions", "change": "read", "mailbox": "careers@acme.com"},
                {"action": "view_send_as_permissions", "change": "read", "mailbox": "careers@acme.com"},
            ],
        ),
        (
            "Re: Re: marketing list\n> Jane Doe wrote: Fine by me to add Emma.\n"
            "OK then - please add Emma Wilson to Marketing.\n",
            "grace.hopper@acme.com",
            [
                {
                    "action": "distribution_list_membership",
                    "change": "add",
                    "group": "marketing@acme.com",
                    "member": "emma.wilson@acme.com",
                }
            ],
        ),
    ],
)
def test_the_requesters_own_lines_stay_theirs(
    acme: Directory, text: str, requester: str, steps: list[dict[str, str]]
) -> None:
    # Two held-out survivors the speaker reading asked about: a chat where only the requester speaks is their
    # own request; a quoted speaker's words end with the quote, and stay a quote (context).
    status, planned, _ = plan_of(acme, text, requester)
    assert status == "ready"
    assert planned == steps
