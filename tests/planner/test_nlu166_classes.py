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
APRIL_1 = "2026-04-01T00:00:00Z"

_CHAT = "\n".join(
    [
        "[10:02] Mia Novak: could someone add me to project atlas?",
        "[10:03] Mia Novak: sorry, I meant project phoenix",
        "{more}[10:05] Grace Hopper: sure",
        "[10:05] Mia Novak: thanks! {end}",
    ]
)
_FORM = "\n".join(
    [
        "Number: RITM0041877",
        "Caller: Sarah Connor",
        "Requested for: Ken Adams",
        "Short description: Shared mailbox access",
        "Description: Full access to the Support mailbox, and send as on it as well",
        "End date: 2026-03-31",
        "Approved by: Olivia Martin",
    ]
)
_MAIL = "\n".join(
    [
        "From: Olivia Martin <olivia.martin@acme.com>",
        "To: IT Helpdesk <helpdesk@acme.com>",
        "Cc: Maria Garcia",
        "Subject: Cover for my EA",
        "",
        "Hi team,",
        "",
        "Ava Johnson is covering as my assistant from today. Please give her editor access to my calendar "
        "and send on behalf on my mailbox.",
        "",
        "Thanks,",
        "Olivia",
    ]
)
_MOVER = "\n".join(
    [
        "Mover: Christine Lee, Finance -> Sales (effective today)",
        "- remove from Finance Team",
        "- take away send on behalf on the Finance mailbox",
        "- add to all-sales",
        "- leave her full access to Finance alone until the handover is done",
    ]
)
_SIGN_OFF = "\n".join(
    [
        "Billing mailbox - access requests for sign-off (Mike Smith)",
        "✅ Rachel Green - full access through 20 March",
        "❌ Ken Adams - send as",
        "⏳ Christine Lee - send on behalf (waiting on Olivia)",
        "✅ Lucas Rossi - remove full access",
    ]
)
_REPLY = "\n".join(
    [
        "From: Mike Smith <mike.smith@acme.com>",
        "To: IT Helpdesk",
        "Subject: RE: Finance Team group",
        "",
        "Fine by me, go ahead.",
        "",
        "Mike",
        "",
        "> From: Ken Adams",
        "> Sent: Monday, 2 March 2026 08:15",
        "> To: Mike Smith",
        "> Subject: Finance Team group",
        ">",
        "> Hi Mike, can I be added to the Finance Team security group for the audit? Only needed until the "
        "end of the month.",
    ]
)


def _seen(steps: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """Each step's action, change, whom for, on what and end, sorted."""
    return sorted(
        (
            str(s["action"]),
            str(s["change"]),
            str(s.get("trustee") or s.get("member") or s.get("grantee")),
            str(s.get("mailbox") or s.get("group") or s.get("owner")),
            str(s.get("expires")),
        )
        for s in steps
    )


@pytest.mark.parametrize(
    ("text", "who", "expected"),
    [
        # an end the asker adds in a later turn ends the change said before
        (
            _CHAT.format(more="", end="only needed through 20 March"),
            MIA,
            [("distribution_list_membership", "add", MIA, "project-phoenix@acme.com", MARCH_21)],
        ),
        (
            _CHAT.format(more="", end="only needed until 20 March"),
            MIA,
            [("distribution_list_membership", "add", MIA, "project-phoenix@acme.com", MARCH_21)],
        ),
        # a form's second right after ", and": the same grant, ended by the form's end date
        (
            _FORM,
            GRACE,
            [
                ("mailbox_delegation", "grant", "ken.adams@acme.com", "support@acme.com", APRIL_1),
                ("send_as", "grant", "ken.adams@acme.com", "support@acme.com", APRIL_1),
            ],
        ),
        # a mailbox right joined to a calendar share: the same person's
        (
            _MAIL,
            OLIVIA,
            [
                ("calendar_share", "grant", "ava.johnson@acme.com", OLIVIA, "None"),
                ("send_on_behalf", "grant", "ava.johnson@acme.com", OLIVIA, "None"),
            ],
        ),
        # a kept item plans nothing, and its "until" ends nothing
        (
            _MOVER,
            GRACE,
            [
                (
                    "distribution_list_membership",
                    "add",
                    "christine.lee@acme.com",
                    "all-sales@acme.com",
                    "None",
                ),
                (
                    "distribution_list_membership",
                    "remove",
                    "christine.lee@acme.com",
                    "finance-team@acme.com",
                    "None",
                ),
                ("send_on_behalf", "revoke", "christine.lee@acme.com", "finance@acme.com", "None"),
            ],
        ),
        # the heading's mailbox is every item's, said before the item's end
        (
            _SIGN_OFF,
            GRACE,
            [
                ("mailbox_delegation", "grant", "rachel.green@acme.com", "billing@acme.com", MARCH_21),
                ("mailbox_delegation", "revoke", "lucas.rossi@acme.com", "billing@acme.com", "None"),
            ],
        ),
        # the quoted ask's own end binds, its "I" the quoted sender
        (
            _REPLY,
            "mike.smith@acme.com",
            [("distribution_list_membership", "add", "ken.adams@acme.com", "finance-team@acme.com", APRIL_1)],
        ),
    ],
)
def test_pasted_shape_is_planned(
    acme: Directory, text: str, who: str, expected: list[tuple[str, ...]]
) -> None:
    status, steps, _ = plan_of(acme, text, who)
    assert (status, _seen(steps)) == ("ready", sorted(expected))


@pytest.mark.parametrize(
    ("text", "who", "about"),
    [
        # two changes said in turns before the end: which it ends is asked, never one left for good
        (
            _CHAT.format(
                more="[10:04] Mia Novak: and share my calendar with Ava Johnson as reviewer\n",
                end="only needed through 20 March",
            ),
            MIA,
            "expires",
        ),
        # an end said with the writer's need that cannot be bound: asked, never dropped
        ("add me to project phoenix. thanks! I only need it through 20 March", MIA, "expires"),
        (
            "[10:02] Mia Novak: add me to project phoenix\n[10:03] Mia Novak: and share my calendar with Ava "
            "Johnson as reviewer\n[10:05] Mia Novak: only until 20 March",
            MIA,
            "expires",
        ),
    ],
)
def test_pasted_shape_near_miss_is_asked(acme: Directory, text: str, who: str, about: str) -> None:
    status, _, asked = plan_of(acme, text, who)
    assert (status, about in asked) == ("needs_clarification", True)
