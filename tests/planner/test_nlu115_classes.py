"""nlu115's classes (held-out batch 43's misses). Planned and resolved against the Acme directory at the
corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Forward pat.gone@acme.com to Priya Patel so no customer emails get lost",
        "To make sure no customer emails get lost, forward pat.gone@acme.com to Priya Patel",
        "Please forward pat.gone@acme.com to Priya Patel so that she can reply to customer emails",
    ],
)
def test_mail_named_in_a_forwardings_purpose_is_no_condition(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert [(s["action"], s["mailbox"], s["forward_to"]) for s in steps] == [
        ("email_forwarding_internal", "pat.gone@acme.com", "priya.patel@acme.com")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the mail picked out in the object, before the purpose: an inbox rule
        "Forward customer emails from pat.gone@acme.com to Priya Patel so nothing gets lost",
        # documents forwarded are messages, whatever they are for
        "Forward Finance's March invoices to Ava Johnson so she can pay them",
        # "so" that gives the order is no purpose
        "Pat has left, so forward his invoices to Priya Patel",
    ],
)
def test_forwarding_some_mail_stays_refused(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "not_understood"
    assert steps == []
