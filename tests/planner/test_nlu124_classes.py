"""nlu124's classes (wrong ready plans and over-asks found this session). Planned and resolved against the
Acme directory at the corpus's fixed "now" (Monday 2 March 2026)."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.cases import asks, ready, ready_tuples
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"
PRIYA = "priya.patel@acme.com"


@pytest.mark.parametrize(
    "text",
    [
        "Ava Johnson thinks he should have send as on billing@acme.com.",
        "Ava Johnson thinks he should have send as on billing@acme.com. Mike Smith approved.",
        "Ava Johnson thinks she should have send as on billing@acme.com.",
        "Tom Becker believes he should be on all-sales.",
        "Tom Becker feels she should be added to all-sales.",
        "Ava Johnson thinks she should be removed from Marketing.",
        # the requester's own view: "she" is never the requester
        "Ava Johnson handles billing now. I think she should have send as on billing@acme.com.",
    ],
)
def test_a_pronoun_in_what_someone_thinks_is_asked_not_the_thinker(acme: Directory, text: str) -> None:
    questions = asks(acme, text, GRACE)
    assert questions & {"trustee", "member"}


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Ava Johnson thinks Tom Becker should have send as on billing@acme.com.", "tom.becker@acme.com"),
        ("Ava Johnson thinks that Tom Becker needs full access to the Sales mailbox.", "tom.becker@acme.com"),
        # a feeling with no clause after it is no view passed on
        ("Ava Johnson feels left out, please add her to Marketing.", "ava.johnson@acme.com"),
        ("Tom Becker needs send as on billing@acme.com, he says.", "tom.becker@acme.com"),
    ],
)
def test_someone_named_in_what_someone_thinks_is_whom_it_is_for(acme: Directory, text: str, who: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [s.get("trustee") or s.get("member") for s in steps] == [who]


@pytest.mark.parametrize(
    "text",
    [
        "Ava Johnson asked me to remove her from Marketing.",
        "Liam Brown asked me to take him off the All Hands list",
        "Liam Brown asked me to remove him from all-sales",
        "Ava Johnson asked me to revoke her full access to the Sales mailbox.",
    ],
)
def test_a_relayed_removal_of_him_or_her_is_asked(acme: Directory, text: str) -> None:
    asks(acme, text, PRIYA)


@pytest.mark.parametrize(
    "text",
    [
        "Ava Johnson asked to be removed from Marketing.",
        "Please remove Ava Johnson from Marketing, she asked me to.",
    ],
)
def test_a_removal_the_one_asking_plainly_wants_for_themselves_is_planned(acme: Directory, text: str) -> None:
    assert ready_tuples(acme, text, PRIYA, "change", "member", "group") == [
        ("remove", "ava.johnson@acme.com", "marketing@acme.com")
    ]


def test_a_relayed_grant_asks_whom_the_pronoun_means(acme: Directory) -> None:
    """nlu125 took back "X asked me to get him added" = X (the directory has no genders: "Liam asked me to
    get her added" added Liam): asked, and nobody is added until it is answered."""
    status, steps, questions = plan_of(
        acme,
        "Liam Brown asked me to get him added to the All Hands list. "
        "Please also remove Tom Becker from all-sales.",
        PRIYA,
    )
    assert status == "needs_clarification"
    assert not [s for s in steps if s["change"] == "add"]
    assert "trustee" in questions


@pytest.mark.parametrize(
    "text",
    [
        "Give Tom Becker full access to Sales. He has been waiting on it for a week.",
        "Give Tom Becker full access to Sales. He was off for two weeks.",
        "Give Tom Becker full access to Sales - he's been covering for 3 days already.",
    ],
)
def test_a_length_told_of_the_past_is_no_end(acme: Directory, text: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [(s["trustee"], s["mailbox"], s.get("expires")) for s in steps] == [
        ("tom.becker@acme.com", "sales@acme.com", None)
    ]


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Give Tom Becker full access to Sales. He needs it for a week.", "2026-03-09T09:00:00Z"),
        ("Give Tom Becker full access to Sales. He will be covering for two weeks.", "2026-03-16T09:00:00Z"),
        (
            "Give Tom Becker full access to Sales. His access has been approved for two weeks.",
            "2026-03-16T09:00:00Z",
        ),
        (
            "Tom Becker has been waiting for a week, give him full access to Sales for two weeks.",
            "2026-03-16T09:00:00Z",
        ),
    ],
)
def test_a_length_of_the_access_still_ends_it(acme: Directory, text: str, ends: str) -> None:
    steps = ready(acme, text, GRACE)
    assert [str(s.get("expires")).replace("+00:00", "Z") for s in steps] == [ends]


SHARED_BUT_HR_FINANCE = {
    "support@acme.com",
    "sales@acme.com",
    "billing@acme.com",
    "info@acme.com",
    "careers@acme.com",
    "office@acme.co.uk",
}


@pytest.mark.parametrize("join", [", and", " and"])
def test_an_exclusion_list_followed_by_a_change_of_its_own_asks(acme: Directory, join: str) -> None:
    """nlu124 planned it; nlu125 reads an all-but exclusion only where it ends its sentence (red team 70: a
    second excluded mailbox joined by "+", "/" or a later sentence was granted). Asked; never HR, Finance."""
    said = "Give Tom Becker full access to all shared mailboxes except HR and Finance"
    text = f"{said}{join} add him to all-sales"
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "needs_clarification"
    assert not {s.get("mailbox") for s in steps} & {"hr@acme.com", "finance@acme.com"}


def test_an_exclusion_list_naming_no_mailbox_still_asks(acme: Directory) -> None:
    text = (
        "Give Tom Becker full access to all shared mailboxes except HR, Finance and Zork, "
        "and add him to all-sales"
    )
    asks(acme, text, GRACE)


@pytest.mark.parametrize(
    ("text", "mailboxes"),
    [
        (
            "Give Tom Becker full access to Sales and Finance. Done ✅ thanks",
            {"sales@acme.com", "finance@acme.com"},
        ),
        ("Give Tom Becker full access to Sales and Finance. Finance ⏳ thanks", {"sales@acme.com"}),
        ("Please give Tom Becker full access to Sales and Finance.\nFinance ⏳", {"sales@acme.com"}),
        ("Please give Tom Becker full access to Sales and Finance.\n⏳ Finance", {"sales@acme.com"}),
        ("Please give Tom Becker full access to Sales and Finance.\nSales ⏳", {"finance@acme.com"}),
    ],
)
def test_a_mark_holds_only_the_part_it_names(acme: Directory, text: str, mailboxes: set[str]) -> None:
    steps = ready(acme, text, GRACE)
    assert {s["mailbox"] for s in steps} == mailboxes


def test_a_mark_between_two_parts_still_asks(acme: Directory) -> None:
    asks(acme, "Give Tom Becker full access to Sales ⏳ Finance thanks", GRACE)
