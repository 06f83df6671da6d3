"""nlu107's classes (red team 65): HTML text a reader of the mail cannot see or sees struck out, a job title
under a signer, an Outlook header over quoted mail, and a "me" signed by someone else. Planned and resolved
against the Acme directory at the corpus's fixed "now" (Monday 2026-03-02 09:00 UTC)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
CHRIS = "chris.lee@acme.com"

_BILLING = "<p>Give Tom Becker full access to Billing.</p>"


# ---- part 1: text the rendered mail does not show is never acted on --------------------------------------


def test_a_hidden_preheader_removes_no_one(acme: Directory) -> None:
    text = (
        _BILLING + '<div class="preheader" style="max-height:0px;overflow:hidden;mso-hide:all">'
        "Remove everyone from all-sales.</div>"
    )
    assert ready_tuples(acme, text, GRACE, "action", "trustee", "mailbox") == [
        ("mailbox_delegation", TOM, "billing@acme.com")
    ]


@pytest.mark.parametrize(
    "hidden",
    [
        '<html><head><style>.h{display:none}</style></head><body><p class="h">{x}</p></body></html>',
        '<style type="text/css">/* hide */ p.x, .y { display: none !important; }</style><p class="x">{x}</p>',
        '<style>@media screen { #note { visibility:hidden } }</style><div id="note">{x}</div>',
        '<font color="#FFFFFF">{x}</font>',
        '<font size="1" color="white">{x}</font>',
        # (nlu109: "mso-hide:all" alone hides in Outlook only: asked, tests/planner/test_nlu109_classes.py)
        '<div style="mso-hide:all;display:none">{x}</div>',
        # (nlu109: a height holds on a block only; on an inline "<span>" the text is unsure, and asked about)
        '<div style="max-height:0;overflow:hidden">{x}</div>',
        '<div style="width:0;height:0;overflow:hidden">{x}</div>',
        '<div style="position:absolute;left:-9999px">{x}</div>',
        '<p style="text-indent:-9999px">{x}</p>',
        '<p style="clip-path:inset(100%);position:absolute">{x}</p>',
        # (nlu109: a clip holds on an absolutely placed box only; elsewhere it is unsure, and asked about)
        '<p style="position:absolute;clip:rect(0 0 0 0)">{x}</p>',
        '<p style="transform:scale(0)">{x}</p>',
        '<p style="opacity:.01">{x}</p>',
        '<p style="font-size:1px;color:#fefefe">{x}</p>',
        '<p style="color:rgb(250, 250, 250)">{x}</p>',
    ],
)
def test_text_hidden_by_any_style_grants_nothing(acme: Directory, hidden: str) -> None:
    text = _BILLING + hidden.replace("{x}", "Give Chris Lee full access to Finance.")
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "billing@acme.com")]


@pytest.mark.parametrize(
    "shown",
    [
        '<span style="color:#333333">{x}</span>',
        '<span style="font-size:12px;opacity:0.9">{x}</span>',
        '<span style="height:0">{x}</span>',
        '<style>.h:hover{display:none}</style><span class="h">{x}</span>',
        '<style>.h{display:none}</style><span class="shown">{x}</span>',
        '<style>.h{color:red}</style><span class="h">{x}</span>',
        '<span style="position:relative;left:-2px">{x}</span>',
    ],
)
def test_text_a_style_leaves_readable_is_still_read(acme: Directory, shown: str) -> None:
    text = "<p>Give Tom Becker full access to Billing " + shown.replace("{x}", "and Finance") + ".</p>"
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["billing@acme.com", "finance@acme.com"]


def test_a_part_hidden_by_a_class_rule_is_not_granted(acme: Directory) -> None:
    text = (
        '<style type="text/css">span.x{display:none !important}</style>'
        '<p>Give Chris Lee full access to Billing<span class="x"> and Finance</span>.</p>'
    )
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(CHRIS, "billing@acme.com")]


# ---- part 2: text struck by its style is taken back, as "<s>" is ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '<p>Give Tom Becker full access to Billing <span style="text-decoration:line-through">'
        "and Finance</span>.</p>",
        '<p>Give Tom Becker full access to Billing <span style="text-decoration: underline line-through">'
        "and Finance</span>.</p>",
        '<p>Give Tom Becker full access to Billing <span style="text-decoration-line:line-through">'
        "and Finance</span> until Friday.</p>",
    ],
)
def test_a_part_struck_by_style_is_not_granted(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s["mailbox"] for s in steps] == ["billing@acme.com"]


def test_an_end_struck_by_style_is_asked_never_read_as_for_good(acme: Directory) -> None:
    text = (
        '<p>Give Tom Becker full access to Billing <span style="text-decoration:line-through">'
        "until Friday</span>.</p>"
    )
    status, _, questions = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert "expires" in questions


def test_an_underlined_part_is_still_granted(acme: Directory) -> None:
    text = (
        '<p>Give Tom Becker full access to Billing <span style="text-decoration:underline">'
        "and Finance</span>.</p>"
    )
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["billing@acme.com", "finance@acme.com"]


# ---- part 3: a title under or beside a signer's name is who they are, never one more recipient -----------


@pytest.mark.parametrize(
    ("text", "trustee"),
    [
        ("Give full access to Billing for\n\nTom Becker\nFinance Team", TOM),
        ("Give full access to Billing for\n\nChris Lee\nSales Ops", CHRIS),
        ("Give full access to Billing to\nChris Lee\nHead of Sales\nacme.com", CHRIS),
        ("Give full access to Billing to Chris Lee, Head of Sales.", CHRIS),
        ("Give full access to Billing to Chris Lee, Sales Manager", CHRIS),
    ],
)
def test_a_title_line_under_the_trustee_grants_no_mailbox_or_group(
    acme: Directory, text: str, trustee: str
) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(trustee, "billing@acme.com")]


def test_a_team_set_after_the_trustee_is_asked(acme: Directory) -> None:
    status, _, questions = plan_of(acme, "Give full access to Billing to Tom Becker, Finance Team", GRACE)
    assert status == "needs_clarification"
    assert questions == {"trustee"}


@pytest.mark.parametrize(
    "text",
    [
        "Give Chris Lee full access to Billing\nand Sales",
        "Give full access to Billing and Sales for\n\nChris Lee",
    ],
)
def test_a_mailbox_said_in_the_request_is_still_granted(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["billing@acme.com", "sales@acme.com"]


# ---- part 4: an Outlook header block starts the mail replied to -----------------------------------------

_QUOTED = "From: Chris Lee\nSent: Monday, March 2, 2026 8:00 AM\nTo: IT\nSubject: access\n\n"


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Billing.\n\n" + _QUOTED + "Give Chris Lee full access to Finance.",
        "Give Tom Becker full access to Billing.\n\nFrom: Chris Lee\nDate: Monday\nSubject: access\n\n"
        "Give Chris Lee full access to Finance.",
        '<p>Give Tom Becker full access to Billing.</p><div id="divRplyFwdMsg"><b>From:</b> Priya Patel<br>'
        "<b>Sent:</b> Monday</div><div>Give Chris Lee full access to Finance.</div>",
        "<p>Give Tom Becker full access to Billing.</p><hr><p><b>From:</b> Priya Patel<br><b>Subject:</b> "
        "access</p><p>Give Chris Lee full access to Finance.</p>",
    ],
)
def test_the_mail_under_a_reply_header_is_context(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "billing@acme.com")]


def test_a_quoted_me_is_never_the_quoted_senders(acme: Directory) -> None:
    text = (
        '<div>Give Tom Becker full access to Billing.</div><div style="border:none;border-top:solid #E1E1E1 '
        '1.0pt"><p><b>From:</b> Chris Lee<br><b>Sent:</b> Monday<br><b>To:</b> IT<br><b>Subject:</b> access'
        "</p></div><p>Please also give me send as on Sales.</p>"
    )
    assert ready_tuples(acme, text, GRACE, "action", "trustee") == [("mailbox_delegation", TOM)]


def test_a_note_that_points_at_the_quoted_mail_reads_it(acme: Directory) -> None:
    text = "Please do what Chris asks below.\n\n" + _QUOTED + "Give Ava Johnson full access to Finance."
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [
        ("ava.johnson@acme.com", "finance@acme.com")
    ]


# ---- part 5: a "me" signed by someone other than the sender is asked -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Give me full access to Billing.\n\n--\nChris Lee",
        "Give me full access to Billing.\n\nChris Lee\nSales Ops",
        "Give me send as on Sales.\n\n--\nPriya Patel\nHead of Finance",
        "Add me to all-sales.\n\n-- \nPriya Patel | Finance",
        "Give me full access to Billing.\n\nSent on behalf of Chris Lee",
    ],
)
def test_a_me_signed_by_another_is_asked(acme: Directory, text: str) -> None:
    status, steps, questions = plan_of(acme, text, TOM)
    assert status == "needs_clarification"
    assert questions == {"trustee"}
    assert steps == []


@pytest.mark.parametrize(
    "text",
    [
        "Give me full access to Billing.\n\n--\nTom Becker",
        "Give me full access to Billing.\n\nTom Becker\nFinance",
        "Give me full access to Billing.\n\nTom Becker | Finance",
    ],
)
def test_a_me_signed_by_the_sender_is_the_senders(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, TOM, "trustee", "mailbox") == [(TOM, "billing@acme.com")]


# ---- part 1b: where the mail links its styles, text under a class it may hide is asked about -------------

_LINKED = (
    '<html><head><link rel="stylesheet" href="https://mail.example/s.css"></head><body>{body}</body></html>'
)


def test_text_under_a_class_of_a_linked_style_sheet_is_asked(acme: Directory) -> None:
    text = _LINKED.format(body=_BILLING + '<p class="pre">Remove everyone from all-sales.</p>')
    asks(acme, text, GRACE)


def test_a_linked_style_sheet_with_no_class_used_is_read(acme: Directory) -> None:
    assert ready_tuples(acme, _LINKED.format(body=_BILLING), GRACE, "trustee", "mailbox") == [
        (TOM, "billing@acme.com")
    ]


def test_a_title_between_commas_adds_no_list_member(acme: Directory) -> None:
    steps = ready(acme, "Add Ava Johnson and Chris Lee, Sales Ops, to all-sales.", GRACE)
    assert sorted(s["member"] for s in steps) == ["ava.johnson@acme.com", CHRIS]
