"""nlu125's classes: red team 70's wrong ready plans (session 20's planner). Planned and resolved against the
Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to all shared mailboxes except HR (and Finance - ask Mike first).",
        "Give Tom Becker full access to all shared mailboxes except HR - check with Mike first.",
        "Give Tom Becker full access to every shared mailbox except HR - ask Liam first.",
        "Give Tom Becker full access to Sales - check with Mike first.",
        "Give Tom Becker full access to Sales - Mike to confirm.",
        "Add Liam Brown to all-sales (ask Priya Patel first).",
    ],
)
def test_one_to_ask_first_is_never_given_anything(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales - approved by Mike.",
        "Give Tom Becker full access to Sales. I asked Mike first and he agreed.",
    ],
)
def test_an_approval_already_given_still_plans_for_the_one_named(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, GRACE, "trustee", "mailbox") == [(TOM, "sales@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to all shared mailboxes except HR/Finance.",
        "Give Tom Becker full access to all shared mailboxes except HR/Finance/Billing.",
        "Give Tom Becker full access to all shared mailboxes except HR + Finance.",
        "Give Tom Becker full access to all shared mailboxes except HR;Finance.",
        "Give Tom Becker full access to all shared mailboxes except hr@ & finance@.",
        "Give Tom Becker full access to all shared mailboxes except HR mailbox and Finance mailbox.",
        "Give Tom Becker full access to all shared mailboxes except HR (and Finance).",
        "Give Tom Becker full access to all shared mailboxes except HR plus Finance.",
        "Give Tom Becker full access to all shared mailboxes except HR. Also Finance is excluded.",
        "Give Tom Becker full access to all shared mailboxes except HR. Finance is off limits too.",
        "Give Tom Becker full access to all shared mailboxes except HR. Hold Finance.",
        "Give Tom Becker full access to all shared mailboxes except HR. Finance ⏳",
        "Give Tom Becker full access to all shared mailboxes, HR excluded.",
    ],
)
def test_an_exclusion_not_read_whole_grants_no_mailbox(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("Give Tom Becker full access to all shared mailboxes except HR.", {"hr@acme.com"}),
        (
            "Give Tom Becker full access to every shared mailbox except HR, Finance. Thanks!",
            {"hr@acme.com", "finance@acme.com"},
        ),
    ],
)
def test_an_exclusion_read_whole_still_plans_the_rest(acme: Directory, text: str, left_out: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    boxes = {s["mailbox"] for s in steps}
    assert boxes
    assert not boxes & left_out
    assert {s["trustee"] for s in steps} == {TOM}


@pytest.mark.parametrize(
    "text",
    [
        "The Sales account is still on all-sales, please remove it.",
        "The Pat account is still on all-sales, please remove it.",
        "The test account is still on all-sales, please remove it.",
        "The Finance account is still on all-sales, please remove it.",
        "The test account is still on all-sales. Please delete it.",
    ],
)
def test_remove_it_after_something_on_a_list_never_deletes_the_list(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


def test_the_account_on_a_list_is_still_taken_off_it(acme: Directory) -> None:
    assert ready_tuples(
        acme, "The Emma Wilson account is still on all-sales, please remove it.", GRACE, "action", "member"
    ) == [("distribution_list_membership", "emma.wilson@acme.com")]


def test_a_list_named_as_what_to_delete_is_deleted(acme: Directory) -> None:
    assert ready_tuples(
        acme, "Nobody uses all-sales anymore, please delete the all-sales list.", GRACE, "action", "group"
    ) == [("distribution_list_lifecycle", "all-sales@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker covers while Rachel Green is away and needs full access to finance@.",
        "Tom Becker covers for Rachel Green while she is on leave and needs full access to finance@.",
    ],
)
def test_a_need_joined_to_an_absence_is_asked_its_end(acme: Directory, text: str) -> None:
    about = asks(acme, text, GRACE)
    assert "expires" in about


def test_a_need_joined_to_an_absence_with_an_end_keeps_it(acme: Directory) -> None:
    text = "Tom Becker covers while Rachel Green is away and needs full access to finance@ until 31 March."
    steps = ready(acme, text, GRACE)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        (TOM, "finance@acme.com", "2026-04-01T00:00:00Z")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tom gets full access to Sales when he replies from helpdesk@. Sarah has approved; please give him "
        "send as on it.",
        "Tom Becker gets full access to Sales when he replies from helpdesk@.",
    ],
)
def test_the_mailbox_of_a_when_clause_is_never_changed_beside_another(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    "text",
    [
        "Liam Brown asked me to get her added to all-sales.",
        "Priya asked me to get him added to all-sales.",
        "Noah Davis asked me to give her full access to Sales.",
        "Liam Brown asked me to get him added to all-sales.",
    ],
)
def test_a_pronoun_after_the_one_asking_me_is_asked(acme: Directory, text: str) -> None:
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    ("text", "member"),
    [
        (
            "Liam Brown asked me to get him added to all-sales; he means Noah Davis, the new rep.",
            "noah.davis@acme.com",
        ),
        (
            "Liam Brown asked me to get her added to all-sales - she means Emma Wilson.",
            "emma.wilson@acme.com",
        ),
    ],
)
def test_whom_a_pronoun_means_named_after_it_is_added(acme: Directory, text: str, member: str) -> None:
    assert ready_tuples(acme, text, GRACE, "member", "group") == [(member, "all-sales@acme.com")]


@pytest.mark.parametrize(
    "checklist",
    [
        "Sales ✅ Finance Billing ✅",
        "Sales ✅ Billing ✅",
        "Billing Sales ✅ Finance ✅",
        "Sales ✅ Fin ⏳ Billing ✅",
    ],
)
def test_a_part_with_no_mark_of_its_own_is_asked(acme: Directory, checklist: str) -> None:
    text = f"Please give Tom Becker full access to Sales, Finance and Billing.\n{checklist}"
    asks(acme, text, GRACE)


def test_every_part_marked_is_read(acme: Directory) -> None:
    text = "Please give Tom Becker full access to Sales, Finance and Billing.\nSales ✅ Finance ⏳ Billing ✅"
    steps = ready(acme, text, GRACE)
    assert sorted(s["mailbox"] for s in steps) == ["billing@acme.com", "sales@acme.com"]


def test_the_one_covered_for_is_never_given_the_access(acme: Directory) -> None:
    text = (
        "Tom Becker covers for Rachel Green while she is on leave and needs full access to finance@ until "
        "31 March."
    )
    _, steps, _ = plan_of(acme, text, GRACE)
    assert "rachel.green@acme.com" not in {s.get("trustee") for s in steps}


def test_a_part_named_with_its_kind_is_marked(acme: Directory) -> None:
    text = "Please give Tom Becker full access to Sales and Finance.\nSales ✅ Finance mailbox ⏳"
    steps = ready(acme, text, GRACE)
    assert [s["mailbox"] for s in steps] == ["sales@acme.com"]
