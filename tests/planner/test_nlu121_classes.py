"""nlu121's classes: red team 68's HTML leftovers (planner/styles.py, planner/markup.py). Planned against the
Acme directory at the corpus's fixed "now". Text a reader cannot be sure to see is "unsure" (nlu109): planned
with and without it, asked about only where the plans differ."""

from __future__ import annotations

import pytest

from mailwarden.directory.snapshot import Directory
from mailwarden.planner import markup, styles
from tests.planner import cases
from tests.planner.cases import asks
from tests.planner.conftest import plan_of

# ---- class 4: a style string repeated over a mail is parsed once ----------------------------------------


def test_a_style_repeated_on_every_cell_is_parsed_once() -> None:
    style = "color:#333;font-size:13px;padding:4px 8px"
    rows = "".join(f'<tr><td style="{style}">row {n}</td></tr>' for n in range(40))
    text = f"<table>{rows}</table><p>Give Tom Becker full access to Finance.</p>"
    styles.inline.cache_clear()
    markup.read.cache_clear()
    reading = markup.read(text)
    assert "Give Tom Becker full access to Finance." in reading.shown
    assert styles.inline.cache_info().misses == 1
    # (read again while the same request is planned: the mail is not parsed again)
    assert markup.read(text) is reading


# ---- class 1: a display the mail's styles give overrides the browser's own "display:none" ----------------

GRACE = "grace.hopper@acme.com"
TOM = "tom.becker@acme.com"
EMMA = "emma.wilson@acme.com"
LIAM = "liam.brown@acme.com"
FINANCE = "<p>Give Tom Becker full access to Finance.</p>"
ALSO_LIAM = "Also give Liam Brown full access to Sales."
EXCEPT_EMMA = "<p>Remove everyone from all-sales<span {attrs}> except Emma Wilson</span>.</p>"


@pytest.mark.parametrize(
    ("sheet", "attrs"),
    [
        ("<style>span[hidden]{display:inline}</style>", "hidden"),
        ("<style>[hidden]{display:block}</style>", "hidden"),
        ("<style>span{display:inline}</style>", "hidden"),
        ("<style>[hidden]{display:initial}</style>", "hidden"),
        ("<style>span{display:inline !important}</style>", "hidden style=display:none"),
        ("", 'hidden style="display:inline"'),
    ],
)
def test_an_exclusion_the_mails_styles_show_despite_hidden_keeps_its_person(
    acme: Directory, sheet: str, attrs: str
) -> None:
    status, removed = cases.removed(acme, sheet + EXCEPT_EMMA.format(attrs=attrs), GRACE)
    assert status == "ready"
    assert LIAM in removed
    assert EMMA not in removed


@pytest.mark.parametrize(
    "sheet",
    [
        "<style>*{display:revert}</style>",
        "<style>[hidden]{display:none}</style>",
        "<style>span[hidden]{color:red}</style>",
        "<style>span[title]{display:inline}</style>",
    ],
)
def test_hidden_text_no_display_shows_grants_nothing(acme: Directory, sheet: str) -> None:
    text = sheet + FINANCE + f"<p><span hidden>{ALSO_LIAM}</span></p>"
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_text_hidden_until_found_stays_hidden_whatever_its_display(acme: Directory) -> None:
    text = "<style>[hidden]{display:block}</style>" + FINANCE + f'<p hidden="until-found">{ALSO_LIAM}</p>'
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_a_dialog_the_mails_styles_display_is_read(acme: Directory) -> None:
    text = "<style>dialog{display:block}</style>" + FINANCE + f"<dialog>{ALSO_LIAM}</dialog>"
    status, granted = cases.granted(acme, text, GRACE)
    assert status == "ready"
    assert granted == [(TOM, "finance@acme.com"), (LIAM, "sales@acme.com")]


def test_a_rule_that_may_show_hidden_text_makes_it_unsure() -> None:
    reading = markup.read(
        "<style>.wrap [hidden]{display:block}</style>" + FINANCE + f"<p><span hidden>{ALSO_LIAM}</span></p>"
    )
    assert reading.unsure == ALSO_LIAM
    assert reading.without == "Give Tom Becker full access to Finance."


def test_a_closed_details_shows_its_summary_alone_whatever_its_content_is_styled(acme: Directory) -> None:
    text = (
        "<style>details > p{display:block}</style>"
        + FINANCE
        + f"<details><summary>More</summary><p>{ALSO_LIAM}</p>"
        "</details>"
    )
    asks(acme, text, GRACE)


# ---- class 2: a class or id whose case differs from the selector's matches in a quirks-mode page only ----


@pytest.mark.parametrize(
    "sheet_and_attrs",
    [
        ("<style>.x{display:none}</style>", 'class="X"'),
        ("<style>.X{display:none}</style>", 'class="x"'),
        ("<style>#e{display:none}</style>", 'id="E"'),
        ("<!DOCTYPE html><style>span.x{display:none}</style>", 'class="note X"'),
    ],
)
def test_an_exclusion_under_a_selector_of_another_case_is_asked(
    acme: Directory, sheet_and_attrs: tuple[str, str]
) -> None:
    sheet, attrs = sheet_and_attrs
    assert asks(acme, sheet + EXCEPT_EMMA.format(attrs=attrs), GRACE) == {"scope"}


def test_a_grant_under_a_selector_of_another_case_is_asked(acme: Directory) -> None:
    text = "<style>#e{display:none}</style>" + FINANCE + f'<p id="E">{ALSO_LIAM}</p>'
    asks(acme, text, GRACE)


@pytest.mark.parametrize(("sheet", "attrs"), [(".X", 'class="X"'), ("#E", 'id="E"'), ("[data-x]", "data-x")])
def test_a_selector_of_the_same_case_still_hides(acme: Directory, sheet: str, attrs: str) -> None:
    text = f"<style>{sheet}{{display:none}}</style>" + FINANCE + f"<p {attrs}>{ALSO_LIAM}</p>"
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_a_selector_of_the_same_case_that_shows_keeps_the_exclusion(acme: Directory) -> None:
    text = "<style>.x{display:none} .X{display:inline}</style>" + EXCEPT_EMMA.format(attrs='class="X"')
    status, steps, _ = plan_of(acme, text, GRACE)
    # (".x" may pick it, ".X" certainly does and comes later: shown either way)
    assert status == "ready"
    assert EMMA not in {s["member"] for s in steps}


# ---- class 3: text in elements a mail client shows by their nature, or not ----------------------------


@pytest.mark.parametrize(
    "hidden",
    [
        # a form control's or a raw-text block's own style and "hidden" are read
        "<textarea hidden>{x}</textarea>",
        '<textarea style="display:none">{x}</textarea>',
        '<select style="display:none"><option>{x}</option></select>',
        '<xmp style="display:none">{x}</xmp>',
        '<plaintext style="display:none">{x}',
        '<input style="display:none" value="{x}">',
        '<input hidden value="{x}">',
        # what no client draws: an SVG's description and tooltip, what it defines, a drawing of no size
        "<svg><desc>{x}</desc></svg>",
        "<svg><title>{x}</title></svg>",
        "<svg><defs><text>{x}</text></defs></svg>",
        '<svg width="0" height="0"><text>{x}</text></svg>',
        '<svg width="1" height="1"><text y="-50">{x}</text></svg>',
        # a field that shows no text of its value, an image of a pixel, the head's title and description
        '<input type="hidden" value="{x}">',
        '<input type="checkbox" value="{x}">',
        '<input type="password" value="{x}">',
        '<img src="t.gif" width="1" height="1" alt="{x}">',
        '<head><title>{x}</title><meta name="description" content="{x}"></head>',
    ],
)
def test_text_no_client_shows_grants_nothing(acme: Directory, hidden: str) -> None:
    assert cases.granted(acme, FINANCE + hidden.format(x=ALSO_LIAM), GRACE) == (
        "ready",
        [(TOM, "finance@acme.com")],
    )


@pytest.mark.parametrize(
    "some_clients",
    [
        "<textarea>{x}</textarea>",
        "<select><option>Sales</option><option>{x}</option></select>",
        '<svg width="300" height="20"><text y="15">{x}</text></svg>',
        "<noscript>{x}</noscript>",
        '<object data="chart.png">{x}</object>',
        '<input value="{x}">',
        '<input placeholder="{x}">',
        '<input type="submit" value="{x}">',
        '<img src="banner.png" alt="{x}">',
        # (a negative size is dropped by a browser: the image, or its alt, takes its own size)
        '<img src="banner.png" width="-1" height="-1" alt="{x}">',
    ],
)
def test_a_grant_some_clients_show_is_asked(acme: Directory, some_clients: str) -> None:
    assert asks(acme, FINANCE + some_clients.format(x=ALSO_LIAM), GRACE) == {"scope"}


@pytest.mark.parametrize(
    "some_clients",
    [
        "<textarea> except Emma Wilson</textarea>",
        "<select><option selected> except Emma Wilson</option></select>",
        '<svg width="200" height="20"><text y="15"> except Emma Wilson</text></svg>',
        "<noscript> except Emma Wilson</noscript>",
        '<input value=" except Emma Wilson">',
        '<img src="x.png" alt=" except Emma Wilson">',
    ],
)
def test_an_exclusion_some_clients_show_is_never_dropped(acme: Directory, some_clients: str) -> None:
    text = f"<p>Remove everyone from all-sales{some_clients}.</p>"
    asks(acme, text, GRACE)


def test_an_images_alt_that_changes_nothing_plans(acme: Directory) -> None:
    text = '<img src="logo.png" alt="Acme IT">' + FINANCE
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_a_raw_text_block_is_read_as_the_text_it_shows(acme: Directory) -> None:
    # ("<xmp>" shows its content as written, as "<pre>" does: read)
    status, granted = cases.granted(acme, FINANCE + f"<xmp>{ALSO_LIAM}</xmp>", GRACE)
    assert status == "ready"
    assert granted == [(TOM, "finance@acme.com"), (LIAM, "sales@acme.com")]


def test_a_text_box_shows_its_tags_as_text_and_its_entities_read() -> None:
    reading = markup.read(FINANCE + "<textarea>Tom &amp; Liam <span hidden>Sales</span></textarea>")
    assert reading.unsure == "Tom & Liam <span hidden>Sales</span>"


@pytest.mark.parametrize(
    "sheet",
    ["::-webkit-scrollbar{width:0}", "details::details-content{content-visibility:visible}", "p::x,.a{}"],
)
def test_a_selector_the_css_parser_does_not_know_is_no_crash(acme: Directory, sheet: str) -> None:
    text = f"<style>{sheet}</style>" + FINANCE
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_a_tag_inside_a_text_box_opens_nothing_that_hides_the_sheets_after_it(acme: Directory) -> None:
    text = (
        FINANCE + '<textarea hidden><template></textarea><style>.x{display:none}</style><p class="x">'
        f"{ALSO_LIAM}</p>"
    )
    assert cases.granted(acme, text, GRACE) == ("ready", [(TOM, "finance@acme.com")])


def test_hidden_text_a_linked_sheet_may_show_is_asked(acme: Directory) -> None:
    text = '<link rel="stylesheet" href="https://mail.example/s.css">' + EXCEPT_EMMA.format(
        attrs='hidden class="x"'
    )
    asks(acme, text, GRACE)
