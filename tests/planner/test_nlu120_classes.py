"""nlu120's classes (red team 68): what a request sets apart from a whole set, the exclusion and hold nets
scoped to what they were said of, titles set apart by dashes, and marks beside the parts of a checklist said
on one line. Planned and resolved against the Acme directory at the corpus's fixed "now"."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner.conftest import plan_of

GRACE = "grace.hopper@acme.com"


def _grants(steps: list[dict[str, object]]) -> list[tuple[object, object]]:
    return sorted((s["trustee"], s["mailbox"]) for s in steps)


# ---- class 3: a title set apart by dashes or slashes ----


@pytest.mark.parametrize(
    "text",
    [
        "Give Chris Lee - Head of Sales - full access to Finance.",
        "Give Chris Lee – Head of Sales – full access to Finance.",
        "Give Chris Lee -- Head of Sales -- full access to Finance.",
        "Give Chris Lee / Head of Sales / full access to Finance.",
    ],
)
def test_a_title_between_dashes_is_no_target(acme: Directory, text: str) -> None:
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert _grants(steps) == [("chris.lee@acme.com", "finance@acme.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Becker full access to Finance - Chris Lee - Head of Sales",
        "Tom Becker full access to Finance – Chris Lee – Head of Sales",
        "Give Tom Becker full access to Finance - Chris Lee, Head of Sales",
        "Give Tom Becker full access to Finance / Chris Lee / Head of Sales",
    ],
)
def test_a_sign_off_with_its_title_on_the_request_line_grants_neither(acme: Directory, text: str) -> None:
    # the signer's title named Sales, and the signer was read as one more trustee: Chris got Finance and Sales
    status, steps, _ = plan_of(acme, text, GRACE)
    assert status == "ready"
    assert _grants(steps) == [("tom.becker@acme.com", "finance@acme.com")]


def test_a_titled_name_inside_the_request_is_still_a_trustee(acme: Directory) -> None:
    status, steps, _ = plan_of(
        acme, "Give Tom Becker and Chris Lee - Head of Sales - full access to Finance.", GRACE
    )
    assert status == "ready"
    assert _grants(steps) == [
        ("chris.lee@acme.com", "finance@acme.com"),
        ("tom.becker@acme.com", "finance@acme.com"),
    ]
