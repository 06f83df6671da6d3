"""nlu111's classes (red team 66 batches 3 and 4, red team 65's unread ends): a "me" signed on one line by
someone else, a title set after a person, an Outlook header block on one line, "From:/To:" dates as a window,
lists under a colon, and ends said in words the planner cannot date. Planned and resolved against the Acme
directory at the corpus's fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
CHRIS = "chris.lee@acme.com"
LIAM = "liam.brown@acme.com"


# ---- part 1: a "me" signed on one line by someone other than the sender is asked (S1) ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Forward my mail to Liam Brown.\n\nTom Becker | Sales",
        "Let Liam Brown send as me.\n\nMike Smith | Finance",
        "I need full access to Finance please.\n\nTom Becker | Sales",
        "Add myself to all-sales.\n\nTom Becker | Sales",
        "Give Tom Becker full access to Finance, and add me to all-sales.\n\nMike Smith | Finance",
        "Give Tom Becker full access to Finance; same for me.\n\nMike Smith | Finance",
        "Give Tom Becker full access to Finance. Me as well please.\n\nMike Smith | Finance",
        "I need full access to Finance please.\n\nTom Becker - Sales",
        "I need full access to Finance please.\n\nTom Becker, Sales",
        "I need full access to Finance please.\n\n— Tom Becker",
        "I need full access to Finance please.\n\n-- Tom Becker",
        "I need full access to Finance please. — Tom Becker",
        "I need full access to Finance please.\nTom Becker | Sales",
    ],
)
def test_a_me_signed_on_one_line_by_another_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions == {"trustee"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "I need full access to Finance please.\n\nGrace Hopper | IT",
        "I need full access to Finance please.\n\n— Grace Hopper",
        "I need full access to Finance please. — Grace Hopper",
    ],
)
def test_a_me_signed_on_one_line_by_the_sender_is_the_senders(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(GRACE, "finance@acme.com")]


@pytest.mark.parametrize("said", ["OK by me.", "Let me know when it is done."])
def test_a_me_no_change_is_for_under_a_one_line_signature_plans(acme: Directory, said: str) -> None:
    text = f"Give Tom Becker full access to Finance. {said}\n\nMike Smith | Finance"
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "finance@acme.com")]


# ---- part 2: a title set after a person describes the person, never one more target (T1) -----------------


@pytest.mark.parametrize(
    ("text", "who", "mailbox"),
    [
        ("Give full access to Finance to Chris Lee, our Head of Sales.", CHRIS, "finance@acme.com"),
        ("Give full access to Finance to Chris Lee, the Head of Sales.", CHRIS, "finance@acme.com"),
        ("Give Chris Lee, Head of Sales, full access to Finance.", CHRIS, "finance@acme.com"),
        ("Give Chris Lee, our Head of Sales, full access to Finance.", CHRIS, "finance@acme.com"),
        ("Give Tom Becker, Finance Team lead, full access to Sales.", TOM, "sales@acme.com"),
        ("Give full access to Sales to Tom Becker, Finance Team lead.", TOM, "sales@acme.com"),
    ],
)
def test_a_title_after_a_person_grants_only_what_was_asked(
    acme: Directory, text: str, who: str, mailbox: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(who, mailbox)]


def test_a_mailbox_the_request_names_is_granted_though_the_title_names_it_too(acme: Directory) -> None:
    text = "Give full access to Finance and Sales to Chris Lee, our Head of Sales."
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["finance@acme.com", "sales@acme.com"]


# ---- part 3: an Outlook header block on one line starts the quoted mail (Q1) -----------------------------

_ONE_LINE_HEADER = "From: Mike Smith {label}: Monday, March 2, 2026 8:00 AM To: Grace Hopper Subject: access"


@pytest.mark.parametrize("label", ["Sent", "Date"])
def test_the_mail_under_a_one_line_header_block_is_not_acted_on(acme: Directory, label: str) -> None:
    text = (
        "Give Tom Becker full access to Finance.\n\n"
        + _ONE_LINE_HEADER.format(label=label)
        + "\nAlso give Liam Brown full access to Sales.\nRemove everyone from all-sales."
    )
    assert ready_tuples(acme, text, GRACE, "action", "trustee", "mailbox") == [
        ("mailbox_delegation", TOM, "finance@acme.com")
    ]


def test_a_note_pointing_at_the_mail_under_a_one_line_header_reads_it(acme: Directory) -> None:
    text = (
        "Please do what Mike asks below.\n\n"
        + _ONE_LINE_HEADER.format(label="Sent")
        + "\nGive Liam Brown full access to Sales."
    )
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(LIAM, "sales@acme.com")]


# ---- part 4: "From:" and "To:" lines holding days are a window, never a header (Q2, W1) -------------------


@pytest.mark.parametrize(
    "window",
    [
        "From: 2 March\nTo: 6 March",
        "From: today\nTo: Friday",
        "From: March 2, 2026\nTo: March 6, 2026",
        # (said on a Monday: today's Monday, the window read forward)
        "From: Monday\nTo: Friday",
        "Start: today\nEnd: Friday",
    ],
)
def test_a_window_opening_now_ends_on_its_to_day(acme: Directory, window: str) -> None:
    steps = ready(acme, "Give Tom Becker full access to Finance.\n" + window, GRACE)
    assert [(s["trustee"], s.get("expires")) for s in steps] == [(TOM, "2026-03-07T00:00:00Z")]


@pytest.mark.parametrize(
    "window",
    [
        "From: Wednesday\nTo: Friday",
        "From: 4 March\nTo: 6 March",
        "From: Friday\nTo: Monday",
        "Start: Wednesday\nEnd: Friday",
    ],
)
def test_a_window_opening_later_is_asked(acme: Directory, window: str) -> None:
    status, steps, questions = plan_of(acme, "Give Tom Becker full access to Finance.\n" + window, GRACE)
    assert status == "needs_clarification"
    assert questions == {"expires"}
    assert steps == []


def test_from_and_to_lines_naming_people_are_still_a_header(acme: Directory) -> None:
    text = (
        "Give Tom Becker full access to Finance.\n\nFrom: Mike Smith\nTo: Grace Hopper\nSubject: access\n"
        "Also give Liam Brown full access to Sales."
    )
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "finance@acme.com")]


# ---- part 5: an end or a start said in words no date is read from is asked (red team 65) ------------------


@pytest.mark.parametrize(
    "said",
    [
        ", he's an intern until June.",
        ", she's a contractor till the end of the project.",
        ", he's covering Maria's leave.",
        "; Maria Garcia is out so he's covering.",
        ". Zeitlich begrenzt.",
        " so he can cover month-end.",
        " just to pull the forecast emails.",
        " only so he can export the invoices.",
    ],
)
def test_an_end_said_in_words_is_asked_never_a_grant_for_good(acme: Directory, said: str) -> None:
    status, steps, questions = plan_of(acme, "Give Tom Becker full access to Billing" + said, GRACE)
    assert status == "needs_clarification"
    assert questions == {"expires"}
    assert steps == []


@pytest.mark.parametrize(
    "said",
    [
        " as of his return from leave.",
        " after the reorg.",
        ", effective upon contract signature.",
        " after his background check.",
    ],
)
def test_a_start_waiting_for_an_event_is_asked_never_made_now(acme: Directory, said: str) -> None:
    asks(acme, "Give Tom Becker full access to Billing" + said, GRACE)


@pytest.mark.parametrize(
    "said",
    [
        ", he's an intern on the Finance team.",
        ", he covers month-end reporting for Maria.",
        " so he can read the invoices.",
    ],
)
def test_a_reason_with_no_end_in_it_is_granted(acme: Directory, said: str) -> None:
    steps = ready(acme, "Give Tom Becker full access to Billing" + said, GRACE)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        (TOM, "billing@acme.com", None)
    ]


# ---- part 6: the items of a list a colon opened, one a line, are each one recipient (batch 3 over-holds) ---


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Please add the following people to all-sales:\nTom Becker\nLiam Brown", [TOM, LIAM]),
        ("Add to all-sales:\nTom Becker\nLiam Brown\n\nThanks,\nGrace", [TOM, LIAM]),
        ("Add to all-sales:\n- Tom Becker\n- Liam Brown\n- Emma Wilson", [TOM, LIAM, "emma.wilson@acme.com"]),
        ("Add the following to all-sales:\nTom Becker\nliam.brown@acme.com", [TOM, LIAM]),
        ("Add to all-sales:\nliam.brown@acme.com\nTom Becker", [LIAM, TOM]),
    ],
)
def test_each_item_of_a_colon_list_is_added(acme: Directory, text: str, who: list[str]) -> None:
    assert ready_tuples(acme, text, GRACE, "group", "member") == [("all-sales@acme.com", w) for w in who]


def test_each_item_of_a_colon_list_is_granted(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Please give full access to Finance to:\nTom Becker\nEmma Wilson", GRACE, "trustee", "mailbox"
    ) == [
        (TOM, "finance@acme.com"),
        ("emma.wilson@acme.com", "finance@acme.com"),
    ]


def test_a_list_with_an_item_said_on_hold_is_still_asked(acme: Directory) -> None:
    text = "Please add to Marketing:\n- Liam Brown\n- Noah Davis (on hold)\n- Ava Johnson"
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions == {"member"}
    assert steps == []


# ---- part 7: the old primary said to be retired is not kept as an alias (red team 65) ---------------------


@pytest.mark.parametrize("verb", ["; retire", " and retire", "; decommission"])
def test_a_retired_old_primary_is_not_kept(acme: Directory, verb: str) -> None:
    text = f"Change my primary to tb@acme.com{verb} tom.becker@acme.com."
    assert ready_tuples(acme, text, TOM, "new_address", "keep_old") == [("tb@acme.com", False)]


def test_a_person_retiring_keeps_the_old_address(acme: Directory) -> None:
    text = "Change Liam Brown's primary to lb@acme.com, he is retiring next year."
    assert ready_tuples(acme, text, GRACE, "new_address", "keep_old") == [("lb@acme.com", True)]


# ---- part 8: the change said again for the writer is never dropped unasked ---------------------------------


@pytest.mark.parametrize("said", ["; same for me.", ". Me as well please.", ". Me too."])
def test_the_same_for_me_is_asked_never_dropped(acme: Directory, said: str) -> None:
    status, steps, questions = plan_of(acme, "Give Tom Becker full access to Finance" + said, GRACE)
    assert status == "needs_clarification"
    assert questions == {"trustee"}
    assert steps == []


@pytest.mark.parametrize("said", [". Fine by me too.", ", let me know as well."])
def test_a_me_that_takes_no_change_leaves_the_plan(acme: Directory, said: str) -> None:
    assert ready_tuples(
        acme, "Give Tom Becker full access to Finance" + said, GRACE, "trustee", "mailbox"
    ) == [(TOM, "finance@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Give full access to Finance to Chris Lee and our Head of Sales.",
        "Give the VP of Marketing send as on Sales.",
        "Give Tom Becker full access to the Head of Sales's mailbox.",
    ],
)
def test_someone_named_only_by_a_title_is_asked_never_the_titles_team(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert questions == {"trustee"}
    assert steps == []


def test_a_phone_sign_off_line_is_no_me_under_a_barred_signature(acme: Directory) -> None:
    text = "Give Tom Becker full access to Finance.\n\n-- \nSent from my iPhone\nJohn Miller | Support Lead"
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "finance@acme.com")]
