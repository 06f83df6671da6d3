"""markup.as_text: HTML read as the lines a reader sees (nlu101: the standard library's parser, a stack of
open elements that holds however tags nest or are left open)."""

from __future__ import annotations

import pytest

from mailwarden.planner.markup import as_text


def test_text_with_no_markup_is_returned_as_it_is() -> None:
    text = "Give Tom Becker  full access to Sales\n\n\nThanks <billing@acme.com>"
    assert as_text(text) is text


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        (
            "<p>Give Tom Becker full access to Sales</p><p>Priya</p>",
            "Give Tom Becker full access to Sales\n\nPriya",
        ),
        ("Give Tom Becker full access to Sales<br>Priya", "Give Tom Becker full access to Sales\nPriya"),
        ("Give Tom Becker full access to Sales<br/>Priya", "Give Tom Becker full access to Sales\nPriya"),
        ("<div>Chris Lee</div><div>Sales Ops</div>", "Chris Lee\n\nSales Ops"),
        # a "<p>" left open ends where the next block starts, an "<li>" at the next item
        ("<p>one<p>two<ul><li>x<li>y</ul>", "one\ntwo\n\nx\ny"),
        # cells of a row are set apart by a space, rows by a line
        ("<table><tr><td>Tom</td><td>Becker</td></tr><tr><td>Sales</td></tr></table>", "Tom Becker\n\nSales"),
    ],
)
def test_blocks_and_line_breaks_end_lines(html: str, shown: str) -> None:
    assert as_text(html) == shown


@pytest.mark.parametrize(
    "html",
    [
        "Give Tom Becker full access to Sales <s>and Billing</s>",
        "Give Tom Becker full access to Sales <del>and Billing</del>",
        "Give Tom Becker full access to Sales <strike>and Billing</strike>",
        'Give Tom Becker full access to Sales <span style="display:none">and Billing</span>',
        "Give Tom Becker full access to Sales <span hidden>and Billing</span>",
        'Give Tom Becker full access to Sales <span style="visibility: hidden">and Billing</span>',
        'Give Tom Becker full access to Sales <span style="font-size:0px">and Billing</span>',
        'Give Tom Becker full access to Sales <font style="color:#ffffff">and Billing</font>',
        'Give Tom Becker full access to Sales <span style="color: transparent">and Billing</span>',
        'Give Tom Becker full access to Sales <span style="opacity:0">and Billing</span>',
        # the same tag nested inside the hidden one: all of it stays hidden
        "Give Tom Becker full access to Sales <div hidden><div>and</div> Billing</div>",
        "Give Tom Becker full access to Sales <style>p {}</style><script>x()</script><!-- and Billing -->",
    ],
)
def test_text_struck_out_or_never_shown_is_left_out(html: str) -> None:
    assert as_text(html) == "Give Tom Becker full access to Sales"


def test_a_small_or_coloured_text_is_shown() -> None:
    assert as_text('Sales <span style="font-size:0.8em;color:#333">and Billing</span>') == "Sales and Billing"


def test_an_unclosed_hidden_element_ends_with_its_parent() -> None:
    # a browser ends the open span where its div ends: what follows is shown, and read
    assert as_text("<div>Give Tom Becker full access to Sales<span hidden>Billing</div>Thanks") == (
        "Give Tom Becker full access to Sales\nThanks"
    )
    # left open to the end, it hides everything after it
    assert as_text("Give Tom Becker full access to Sales<span hidden> and Billing.<p>and Support") == (
        "Give Tom Becker full access to Sales"
    )


def test_a_stray_or_misnested_end_tag_unhides_nothing() -> None:
    assert as_text("Sales<span hidden>a</div>b</b>c</span>d") == "Salesd"


def test_aria_hidden_text_is_shown_and_read() -> None:
    # aria-hidden hides text from a screen reader only: the person approving the mail sees it
    assert as_text('Remove everyone from all-sales <span aria-hidden="true">except Chris Lee</span>') == (
        "Remove everyone from all-sales except Chris Lee"
    )


@pytest.mark.parametrize(
    "quote",
    [
        "<blockquote>",
        '<blockquote type="cite">',
        '<div class="gmail_quote">',
        '<div class="moz-cite-prefix">',
    ],
)
def test_quoted_blocks_are_read_as_quoted_lines(quote: str) -> None:
    end = "</blockquote>" if quote.startswith("<blockquote") else "</div>"
    html = f"<p>Give Tom Becker full access to Sales</p>{quote}Remove Chris Lee<br>from all-sales{end}Thanks"
    assert (
        as_text(html)
        == "Give Tom Becker full access to Sales\n\n> Remove Chris Lee\n> from all-sales\nThanks"
    )


def test_addresses_and_names_in_angle_brackets_are_text() -> None:
    assert as_text("<p>Give Tom Becker &lt;x&gt; full access to <billing@acme.com> and <Chris Lee></p>") == (
        "Give Tom Becker <x> full access to <billing@acme.com> and <Chris Lee>"
    )


def test_entities_are_read_once() -> None:
    # decoded once: "&amp;lt;br&amp;gt;" is the text "&lt;br&gt;", never a tag
    assert as_text("Sales&nbsp;&amp;&nbsp;Billing &amp;lt;br&amp;gt; x") == "Sales & Billing &lt;br&gt; x"


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        # (nlu107) a class a "<style>" rule of the mail hides, in "<head>" or anywhere, hides what it marks
        (
            "<html><head><style>.h{display:none}</style></head><body><p>Give Tom</p>"
            '<p class="h">and Chris</p></body></html>',
            "Give Tom",
        ),
        # (nlu109: "mso-hide:all" hides in Outlook only, so it is no longer certain; visibility is)
        ('<style>div#x{visibility:hidden}</style><p>Give Tom</p><div id="x">and Chris</div>', "Give Tom"),
        # a rule for another class, or for a hover, hides nothing here
        ('<style>.h{display:none} .k:hover{display:none}</style><p class="k">Give Tom</p>', "Give Tom"),
        ('<p>Give Tom</p><font color="#fefefe">and Chris</font>', "Give Tom"),
        ('<p>Give Tom</p><font color="#333333">and Chris</font>', "Give Tom\nand Chris"),
        ('<p>Give Tom</p><div style="max-height:0;overflow:hidden">and Chris</div>', "Give Tom"),
        ('<p>Give Tom</p><div style="max-height:0">and Chris</div>', "Give Tom\n\nand Chris"),
        ('<p>Give Tom <span style="text-decoration:line-through">and Chris</span></p>', "Give Tom"),
    ],
)
def test_text_styled_out_of_sight_or_struck_is_left_out(html: str, shown: str) -> None:
    assert as_text(html) == shown
