"""nlu127's class: red team 70's elements whose content a mail client that supports them never paints (a
video's, an audio's, a gauge's, a canvas's fallback, ruby's parentheses). Such text is "unsure" (nlu109,
nlu121): planned with and without it, asked about only where the plans differ."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from tests.planner import cases

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
EMMA = "emma.wilson@acme.com"
LIAM = "liam.brown@acme.com"
FINANCE = "<p>Give Tom Becker full access to Finance.</p>"
ALSO_LIAM = "Also give Liam Brown full access to Sales."

UNSUPPORTED_ONLY = [
    "<video>{}</video>",
    '<video src="intro.mp4"><p>{}</p></video>',
    "<audio controls>{}</audio>",
    "<meter value=2 max=3>{}</meter>",
    "<progress>{}</progress>",
    "<canvas width=300 height=100>{}</canvas>",
    "<ruby>x<rp>{}</rp><rt>y</rt></ruby>",
]


@pytest.mark.parametrize("shape", UNSUPPORTED_ONLY)
def test_a_grant_only_a_client_without_the_element_shows_is_asked_about(acme: Directory, shape: str) -> None:
    status, granted = cases.granted(acme, FINANCE + shape.format(ALSO_LIAM), GRACE)
    assert status == "needs_clarification"
    assert (LIAM, "sales@acme.com") not in granted


@pytest.mark.parametrize("shape", UNSUPPORTED_ONLY)
def test_an_exclusion_only_a_client_without_the_element_shows_never_widens_a_removal(
    acme: Directory, shape: str
) -> None:
    status, removed = cases.removed(
        acme, "<p>Remove everyone from all-sales" + shape.format(" except Emma Wilson") + ".</p>", GRACE
    )
    assert EMMA not in removed
    assert status == "needs_clarification"


@pytest.mark.parametrize(
    "shape",
    [
        "<ruby>x<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>",  # (the annotation itself is shown)
        "<ruby>x<rp>(<rt>{}<rp>)</ruby>",  # (the parenthesis ends where the annotation starts)
        "<map name=m><area href=x>{}</map>",
        "<picture>{}</picture>",
        '<video><source src="a.mp4"><track src="a.vtt"></video>{}',  # (void: they hold nothing)
        "<embed src=x>{}",
        "<video></video><p>{}</p>",
    ],
)
def test_text_beside_or_shown_by_these_elements_is_planned(acme: Directory, shape: str) -> None:
    assert cases.granted(acme, FINANCE + shape.format(ALSO_LIAM), GRACE) == (
        "ready",
        [(TOM, "finance@acme.com"), (LIAM, "sales@acme.com")],
    )


def test_a_visible_exclusion_beside_a_video_is_kept(acme: Directory) -> None:
    status, removed = cases.removed(
        acme,
        "<video>Q3 kickoff recording</video><p>Remove everyone from all-sales except Emma Wilson.</p>",
        GRACE,
    )
    assert status == "ready"
    assert removed
    assert EMMA not in removed


def test_a_datalist_is_never_read(acme: Directory) -> None:
    text = FINANCE + f"<datalist><option>{ALSO_LIAM}</option></datalist>"
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_a_video_fallback_that_changes_nothing_asks_nothing(acme: Directory) -> None:
    text = FINANCE + "<video>Q3 kickoff recording</video>"
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])
