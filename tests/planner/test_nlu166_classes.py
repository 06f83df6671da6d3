"""nlu166's classes (batch 54's pasted shapes): an end the asker adds in a later chat turn ends the change, or
is asked, never dropped; a form's ", and send as on it as well" is one grant its end date ends; a mailbox
right joined to a calendar share is the same person's; a change list's "leave ... alone until ..." item plans
nothing and ends nothing; a sign-off list's heading mailbox is every item's, before the item's end; a quoted
ask's own end binds. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
MIA = "mia.novak@acme.com"
OLIVIA = "olivia.martin@acme.com"
MARCH_21 = "2026-03-21T00:00:00Z"

_CHAT = (
    "[10:02] Mia Novak: could someone add me to project atlas?\n[10:03] Mia Novak: sorry, I meant project "
    "phoenix\n{more}[10:05] Grace Hopper: sure\n[10:05] Mia Novak: thanks! {end}"
)


def _ends(steps: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(s["action"], s.get("group") or s.get("mailbox"), s.get("expires")) for s in steps]


@pytest.mark.parametrize("end", ["only needed through 20 March", "only needed until 20 March"])
def test_later_turn_end_ends_the_change(acme: Directory, end: str) -> None:
    status, steps, _ = plan_of(acme, _CHAT.format(more="", end=end), MIA)
    assert status == "ready"
    assert _ends(steps) == [("distribution_list_membership", "project-phoenix@acme.com", MARCH_21)]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # two changes said in turns before the end: which it ends is asked, never one left for good
        (
            _CHAT.format(
                more="[10:04] Mia Novak: and share my calendar with Ava Johnson as reviewer\n",
                end="only needed through 20 March",
            ),
            MIA,
        ),
        (
            "[10:02] Mia Novak: add me to project phoenix\n[10:03] Mia Novak: and share my calendar with Ava "
            "Johnson as reviewer\n[10:05] Mia Novak: only needed through 20 March",
            MIA,
        ),
        ("add me to project phoenix. thanks! I only need it through 20 March", MIA),
    ],
)
def test_later_end_that_cannot_be_bound_is_asked(acme: Directory, text: str, who: str) -> None:
    status, _, about = plan_of(acme, text, who)
    assert status == "needs_clarification"
    assert "expires" in about


def test_form_end_date_ends_both_rights(acme: Directory) -> None:
    text = (
        "Number: RITM0041877\nCaller: Sarah Connor\nRequested for: Ken Adams\nShort description: Shared "
        "mailbox access\nDescription: Full access to the Support mailbox, and send as on it as "
        "well\nEnd date: "
        "2026-03-31\nApproved by: Olivia Martin\n"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert sorted((s["action"], s["trustee"], s.get("expires")) for s in steps) == [
        ("mailbox_delegation", "ken.adams@acme.com", "2026-04-01T00:00:00Z"),
        ("send_as", "ken.adams@acme.com", "2026-04-01T00:00:00Z"),
    ]


_SHARE = "Please give Ava Johnson editor access to my calendar and send on behalf on my mailbox{tail}."


def test_mailbox_right_with_a_share_is_the_same_persons(acme: Directory) -> None:
    text = (
        "From: Olivia Martin <olivia.martin@acme.com>\nTo: IT Helpdesk <helpdesk@acme.com>\nCc: "
        "Maria Garcia\n"
        "Subject: Cover for my EA\n\nHi team,\n\nAva Johnson is covering as my assistant from today. Please "
        "give her editor access to my calendar and send on behalf on my mailbox.\n\nThanks,\nOlivia\n"
    )
    status, steps, _ = plan_of(acme, text, OLIVIA)
    assert status == "ready"
    assert sorted((s["action"], s.get("grantee") or s.get("trustee")) for s in steps) == [
        ("calendar_share", "ava.johnson@acme.com"),
        ("send_on_behalf", "ava.johnson@acme.com"),
    ]
    # an end, or someone else, said after the right: which of them it is for is asked
    for tail in (" until Friday", " to Maria Garcia"):
        assert plan_of(acme, _SHARE.format(tail=tail), OLIVIA)[0] == "needs_clarification"


def test_left_alone_item_plans_nothing_and_ends_nothing(acme: Directory) -> None:
    text = (
        "Mover: Christine Lee, Finance -> Sales (effective today)\n- remove from Finance Team\n- "
        "take away send "
        "on behalf on the Finance mailbox\n- add to all-sales\n- leave her full access to Finance "
        "alone until "
        "the handover is done\n"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert sorted((s["action"], s["change"], s.get("expires")) for s in steps) == [
        ("distribution_list_membership", "add", None),
        ("distribution_list_membership", "remove", None),
        ("send_on_behalf", "revoke", None),
    ]
    # a change said after the kept item ("..., then remove it"): asked
    changed = (
        "Mover: Christine Lee, Finance -> Sales\n- remove from Finance Team\n- leave her full access to "
        "Finance alone until Friday, then remove it\n"
    )
    assert plan_of(acme, changed, GRACE)[0] == "needs_clarification"


def test_signoff_heading_mailbox_before_the_items_end(acme: Directory) -> None:
    text = (
        "Billing mailbox - access requests for sign-off (Mike Smith)\n"
        "✅ Rachel Green - full access through 20 March\n"
        "❌ Ken Adams - send as\n"
        "⏳ Christine Lee - send on behalf (waiting on Olivia)\n"
        "✅ Lucas Rossi - remove full access\n"
    )
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert sorted((s["change"], s["mailbox"], s["trustee"], s.get("expires")) for s in steps) == [
        ("grant", "billing@acme.com", "rachel.green@acme.com", MARCH_21),
        ("revoke", "billing@acme.com", "lucas.rossi@acme.com", None),
    ]


def test_quoted_ask_end_binds_to_its_sender(acme: Directory) -> None:
    text = (
        "From: Mike Smith <mike.smith@acme.com>\nTo: IT Helpdesk\nSubject: RE: Finance Team group\n\nFine by "
        "me, go ahead.\n\nMike\n\n> From: Ken Adams\n> Sent: Monday, 2 March 2026 08:15\n> To: Mike Smith\n> "
        "Subject: Finance Team group\n>\n> Hi Mike, can I be added to the Finance Team security "
        "group for the "
        "audit? Only needed until the end of the month.\n"
    )
    status, steps, _ = plan_of(acme, text, "mike.smith@acme.com")
    assert status == "ready"
    assert [(s["group"], s["member"], s.get("expires")) for s in steps] == [
        ("finance-team@acme.com", "ken.adams@acme.com", "2026-04-01T00:00:00Z")
    ]
