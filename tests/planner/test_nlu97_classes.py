"""nlu97's classes (red team 61): a correction replaces only what it corrects, the sentence after it is a
request of its own. Planned and resolved against the Acme directory at the corpus's fixed "now" (Monday
2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
WEEK = "2026-03-09T09:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales for a month. No wait, a week. "
        "Give Chris Lee full access to Billing for the same period.",
        "Give Tom Becker full access to Sales for a month. Sorry, a week. "
        "Give Chris Lee full access to Billing for the same period.",
        "Give Tom Becker full access to Sales for a month - I mean a week. "
        "Give Chris Lee full access to Billing for the same period.",
        "Give Tom Becker full access to Sales for a month. No, a week. "
        "Give Chris Lee full access to Billing for a week too.",
        "Give Tom Becker full access to Sales for a month; scratch that, a week. "
        "Give Chris Lee full access to Billing for a week.",
    ],
)
def test_a_correction_then_another_grant_is_two_grants(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    got = sorted((s["trustee"], s["mailbox"], s.get("expires")) for s in steps)
    assert got == [
        ("chris.lee@acme.com", "billing@acme.com", WEEK),
        ("tom.becker@acme.com", "sales@acme.com", WEEK),
    ]


def test_a_corrected_mailbox_then_another_grant_is_never_a_cross_product(acme: Directory) -> None:
    text = "Give Tom Becker full access to Sales. No wait, Billing. Give Chris Lee full access to Support."
    steps = ready(acme, text, GRACE)
    got = sorted((s["trustee"], s["mailbox"]) for s in steps)
    assert got == [("chris.lee@acme.com", "support@acme.com"), ("tom.becker@acme.com", "billing@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales for a month. No wait, a week.",
        "Give Tom Becker full access to Sales for a month - no, a week. Sorry!",
    ],
)
def test_a_correction_alone_still_corrects(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("tom.becker@acme.com", "sales@acme.com", WEEK)
    ]


def test_scratch_that_alone_still_takes_the_request_back(acme: Directory) -> None:
    status, steps, _ = plan_of(acme, "Give Tom Becker full access to Sales. Scratch that.", GRACE)
    assert steps == []
    assert status != "ready"


SALES = "Give Tom Becker full access to Sales"
TOM_ON_SALES = [("tom.becker@acme.com", "sales@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        # quoted in HTML, as "> " lines are: the mail replied to, never a request
        f"<p>{SALES}</p><blockquote>Give Chris Lee full access to Billing</blockquote>",
        f'<p>{SALES}</p><div class="gmail_quote"><div>On Mon, Priya wrote:</div>'
        '<blockquote type="cite"><div>Give Chris Lee full access to Billing</div></blockquote></div>',
        # hidden from the one who reads the mail
        f'{SALES} <span style="display:none">and Billing</span>',
        f"{SALES} <span hidden>and Billing</span>",
        f'{SALES} <span style="color:white">and Billing</span>',
        f'{SALES} <span style="color: #FFFFFF">and Billing</span>',
        f'{SALES} <span style="font-size:0">and Billing</span>',
        f'{SALES} <div style="visibility:hidden"><div>and Billing</div></div>',
        # a sign-off with a slash, a kiss or an em dash
        f"{SALES} /Priya",
        f"{SALES} // Priya",
        f"{SALES}<br>/Priya",
        f"{SALES}\nx Priya",
        f"{SALES}\nxo Priya",
        f"{SALES}&#8212;Priya",
    ],
)
def test_html_quoted_or_hidden_and_sign_offs_are_never_acted_on(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == TOM_ON_SALES


def test_a_quoted_removal_removes_no_one(acme: Directory) -> None:
    text = (
        '<p>Add Tom Becker to all-sales</p><blockquote type="cite">Remove Priya Patel from all-sales'
        "</blockquote>"
    )
    assert ready_tuples(acme, text, GRACE, "change", "member") == [("add", "tom.becker@acme.com")]


@pytest.mark.parametrize(
    ("text", "mailboxes"),
    [
        # text shown in a colour or a size of its own is read
        (f'{SALES} <span style="color:#333">and Billing</span>', ["billing@acme.com", "sales@acme.com"]),
        (
            f'{SALES} <span style="background-color:white">and Billing</span>',
            ["billing@acme.com", "sales@acme.com"],
        ),
        (f"{SALES} / Billing", ["billing@acme.com", "sales@acme.com"]),
    ],
)
def test_html_shown_is_read(acme: Directory, text: str, mailboxes: list[str]) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == mailboxes


def test_a_name_after_a_dash_that_says_more_is_no_sign_off(acme: Directory) -> None:
    steps = ready(acme, f"{SALES} — Priya Patel needs it too", GRACE)
    assert sorted(s["trustee"] for s in steps) == ["priya.patel@acme.com", "tom.becker@acme.com"]


@pytest.mark.parametrize(
    "kept",
    ["Billing can stay as it is.", "Billing: as is.", "Billing: no change.", "Actually, Billing stays put."],
)
def test_a_mailbox_said_to_stay_as_it_is_is_never_revoked(acme: Directory, kept: str) -> None:
    text = f"Remove Tom Becker's access to Sales and Billing. {kept}"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert "billing@acme.com" not in [s["mailbox"] for s in steps]
    if status == "ready":
        assert [(s["change"], s["mailbox"]) for s in steps] == [("revoke", "sales@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Remove Tom Becker's access to Sales and Billing; Billing unchanged.",
        "Remove Tom Becker and Chris Lee from all-sales. Actually, Chris stays put.",
        "Remove Tom Becker and Chris Lee from all-sales. Chris: no change.",
        "Remove Tom Becker and Chris Lee from all-sales (Chris: hold).",
        "Remove Tom Becker and Chris Lee from all-sales, but Chris stays as is.",
    ],
)
def test_a_part_said_to_stay_is_kept_or_asked(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert "chris.lee@acme.com" not in [s.get("member") for s in steps]
    assert "billing@acme.com" not in [s.get("mailbox") for s in steps]
    assert status != "ready" or steps


def test_one_left_unsaid_is_still_removed(acme: Directory) -> None:
    text = "Remove Tom Becker and Chris Lee from all-sales. Priya: no change."
    steps = ready(acme, text, GRACE)
    assert sorted(s["member"] for s in steps) == ["chris.lee@acme.com", "tom.becker@acme.com"]


@pytest.mark.parametrize("mark", ["&shy;", "\u00ad", "&#8203;", "\u200b"])
def test_an_invisible_mark_inside_except_never_hides_it(acme: Directory, mark: str) -> None:
    status, steps, _ = plan_of(acme, f"Remove everyone from all-sales ex{mark}cept Chris Lee.", GRACE)
    assert "chris.lee@acme.com" not in [s["member"] for s in steps]
    assert status != "ready" or steps


@pytest.mark.parametrize("mark", ["&shy;", "\u200b"])
def test_an_invisible_mark_inside_a_name_is_read_past(acme: Directory, mark: str) -> None:
    assert (
        ready_tuples(acme, f"Give Tom Be{mark}cker full access to Sa{mark}les.", GRACE, "trustee", "mailbox")
        == TOM_ON_SALES
    )


@pytest.mark.parametrize(
    "text",
    [
        "Remove all members of all-sales, ohne Chris Lee.",
        "Remove all members of all-sales - bar Chris Lee",
        "Remove all members of all-sales, save Chris Lee",
        "Remove Tom Becker and Chris Lee from all-sales (sans Chris Lee).",
    ],
)
def test_an_exception_in_words_not_read_is_asked(acme: Directory, text: str) -> None:
    status, steps, about = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "scope" in about
    assert steps == []


def test_save_as_a_verb_is_no_exception(acme: Directory) -> None:
    steps = ready(acme, "Forward Tom Becker's mail to Chris Lee, save a copy.", GRACE)
    assert [s["forward_to"] for s in steps] == ["chris.lee@acme.com"]


@pytest.mark.parametrize(
    ("ruled_out", "left"),
    [
        ("but not Ms Wilson.", ["chris.lee@acme.com", "tom.becker@acme.com"]),
        ("but not Mr. Lee.", ["emma.wilson@acme.com", "tom.becker@acme.com"]),
        ("but not Becker or Lee.", ["emma.wilson@acme.com"]),
    ],
)
def test_a_surname_ruled_out_after_a_title_or_in_a_list_is_kept(
    acme: Directory, ruled_out: str, left: list[str]
) -> None:
    text = f"Remove Tom Becker, Chris Lee and Emma Wilson from all-sales, {ruled_out}"
    steps = ready(acme, text, GRACE)
    assert sorted(s["member"] for s in steps) == left


def test_surnames_ruled_out_by_a_comma_are_never_removed(acme: Directory) -> None:
    text = "Remove Tom Becker, Chris Lee and Emma Wilson from all-sales, except Becker, Lee."
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status != "ready" or steps
    members = [s["member"] for s in steps]
    assert "tom.becker@acme.com" not in members
    assert "chris.lee@acme.com" not in members
