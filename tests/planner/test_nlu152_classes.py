"""nlu152's classes: messy structures read as their units. A ticket's item list plans only the items its
marks let go ahead (an item held, rejected, waiting or struck out is never done, and the reporter or
assignee is never whom an item is for); a chat whose turns are all the requester's is one request; a reply
whose own words only ask the quoted message done plans the quoted ask, its approver never a trustee, and a
quoted refusal asks; a form's title with "(web form)" is a title, one saying a removal never read as a
grant. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

from typing import Any

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"

# (text, requester, the steps as (action, change, whom, what) a ready plan must hold exactly, or None when
# the plan must ask)
CASES: list[tuple[str, str, set[tuple[str, str, str, str]] | None]] = [
    # a ticket's items under its subject: the approved ones, the held one never
    (
        "HELP-2231 Mover: Tom Becker, Support -> Sales\nReporter: Sarah Connor\nAssignee: Ken Adams\nItems:\n"
        "- [approved] remove his full access to the Support mailbox\n- [approved] add him to all-sales\n"
        "- [on hold - Priya to confirm] send as on the Sales mailbox\n",
        GRACE,
        {
            ("mailbox_delegation", "revoke", "tom.becker@acme.com", "support@acme.com"),
            ("distribution_list_membership", "add", "tom.becker@acme.com", "all-sales@acme.com"),
        },
    ),
    (
        "IT-5120 Leaver: Tom Becker\nReporter: Sarah Connor\nAssignee: Ken Adams\nLast day: Tuesday 3 March\n"
        "Steps:\n* remove his full access to the Support mailbox\n* forward his mail to Sarah Connor\n"
        "* ~~remove from all-sales~~ (not on it - ignore)\n",
        GRACE,
        {
            ("mailbox_delegation", "revoke", "tom.becker@acme.com", "support@acme.com"),
            ("email_forwarding_internal", "set", "sarah@acme.com", "tom.becker@acme.com"),
        },
    ),
    (
        "HELP-3003 Mover: Tom Becker\nItems:\n- [on hold] send as on the Sales mailbox\n"
        "- [rejected] add him to all-sales\n",
        GRACE,
        None,
    ),
    (
        "HELP-3004 Mover: Tom Becker\nItems:\n- [maybe] send as on the Sales mailbox\n"
        "- [approved] add him to all-sales\n",
        GRACE,
        None,
    ),
    # a review list's emoji marks: the ticked items, never the rejected or waiting ones
    (
        "Access review - Finance, March\n✅ Christine Lee - send as on finance@acme.com (approved, Mike)\n"
        "❌ Noah Davis - full access to finance@acme.com (rejected, not in Finance)\n"
        "⏳ Ken Adams - Finance Team group (waiting on Mike)\n"
        "✅ Rachel Green - reviewer on Mike Smith's calendar\n",
        GRACE,
        {
            ("send_as", "grant", "christine.lee@acme.com", "finance@acme.com"),
            ("calendar_share", "grant", "rachel.green@acme.com", "mike.smith@acme.com"),
        },
    ),
    (
        "Access review - Support\n✅ Chris Lee - full access to support@acme.com (rejected)\n"
        "✅ Tom Becker - send on behalf on support@acme.com\n",
        GRACE,
        None,
    ),
    # a chat of the requester's own turns
    (
        "[14:10] Emma Wilson: can someone make a DL for the spring promo\n"
        "[14:11] Emma Wilson: spring-promo@acme.com, call it Spring Promo\n"
        "[14:11] Emma Wilson: me, noah davis and ava johnson in it\n",
        "emma.wilson@acme.com",
        {("distribution_list_lifecycle", "create", "", "spring-promo@acme.com")},
    ),
    # a quoted ask, approved in the thread and asked done by the writer; a quoted refusal asks
    (
        "RE: RE: price list updates\n"
        "> > Can John Partner be on the all-sales DL so he gets the price updates?\n"
        "> Approved - Priya\nPlease action.\n",
        GRACE,
        {("distribution_list_membership", "add", "john@partnerfirm.example", "all-sales@acme.com")},
    ),
    (
        "> From: Mike Smith\n> OK by me for Christine to have send as on finance@acme.com.\n"
        "Go ahead and set that up please.\n",
        GRACE,
        {("send_as", "grant", "christine.lee@acme.com", "finance@acme.com")},
    ),
    (
        "RE: all-hands\n> Can Ken Adams be on the all-hands list?\n> No - Olivia\nPlease action.\n",
        GRACE,
        None,
    ),
    (
        "FW: forwarding\n\n> Please clear the forwarding on pat.gone@acme.com, nobody reads it any more\n"
        "> -- Priya\n",
        GRACE,
        {("email_forwarding_internal", "clear", "", "pat.gone@acme.com")},
    ),
    # a reply's yes to the quoted offer, with what it keeps out; a no never plans the offer
    (
        "From: David Chen <david.chen@acme.com>\nTo: IT Service Desk\nSubject: RE: Contractors list\n\n"
        "Yes please go ahead, but leave Lucas on it, he's staying until June.\n\nDavid\n\n"
        "-----Original Message-----\nFrom: Ken Adams\nSent: Friday, 27 February 2026 16:12\nTo: David Chen\n"
        "Subject: Contractors list\n\nHi David, Mia Novak and Ethan Park finished on Friday. "
        "Shall I remove both of them from the Contractors list?\n",
        "david.chen@acme.com",
        {
            ("distribution_list_membership", "remove", "mia.novak@acme.com", "contractors@acme.com"),
            ("distribution_list_membership", "remove", "ethan.park@acme.com", "contractors@acme.com"),
        },
    ),
    (
        "From: David Chen <david.chen@acme.com>\nTo: IT Service Desk\nSubject: RE: Contractors list\n\n"
        "No thanks, leave them both on it.\n\nDavid\n\n"
        "-----Original Message-----\nFrom: Ken Adams\nSent: Friday, 27 February 2026 16:12\nTo: David Chen\n"
        "Subject: Contractors list\n\nHi David, Mia Novak and Ethan Park finished on Friday. "
        "Shall I remove both of them from the Contractors list?\n",
        "david.chen@acme.com",
        None,
    ),
    # a form's approval field: who approved, never whom for
    (
        "Requester: Priya Patel\nManager approval: Olivia Martin\n"
        "Action: full access to alex kim (sales) mailbox for Noah Davis\n",
        GRACE,
        {("mailbox_delegation", "grant", "noah.davis@acme.com", "alex.kim@acme.com")},
    ),
    (
        "Requester: Priya Patel\nManager approval: Olivia Martin\nAction: full access to the Sales mailbox\n",
        GRACE,
        None,
    ),
    # forms: a "(web form)" title passed over; a removal's title never read as a grant
    (
        "Shared mailbox permission request (web form)\nMailbox: careers@acme.com\nUser: Ava Johnson\n"
        "Permission: Send on behalf\nDuration: permanent\nBusiness reason: recruiting events\n",
        GRACE,
        {("send_on_behalf", "grant", "ava.johnson@acme.com", "careers@acme.com")},
    ),
    (
        "Mailbox access removal request\nMailbox: careers@acme.com\nUser: Ava Johnson\n"
        "Permission: Send on behalf\n",
        GRACE,
        None,
    ),
]

_WHOM = ("trustee", "member", "grantee", "forward_to")
_WHAT = ("mailbox", "group", "owner")


def _summary(step: dict[str, Any]) -> tuple[str, str, str, str]:
    whom = next((str(step[k]) for k in _WHOM if step.get(k)), "")
    what = next((str(step[k]) for k in _WHAT if step.get(k)), "")
    if step["action"] == "email_forwarding_internal":
        whom = str(step.get("forward_to") or "")
    return step["action"], step["change"], whom, what


@pytest.mark.parametrize(("text", "requester", "expected"), CASES)
def test_structure_read_by_its_units(
    acme: Directory, text: str, requester: str, expected: set[tuple[str, str, str, str]] | None
) -> None:
    status, steps, questions = plan_of(acme, text, requester)
    if expected is None:
        assert status != "ready", steps
        return
    assert status == "ready", (status, questions)
    assert {_summary(s) for s in steps} == expected
