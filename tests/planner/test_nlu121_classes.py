"""nlu121's classes: red team 68's HTML leftovers (planner/styles.py, planner/markup.py). Planned against the
Acme directory at the corpus's fixed "now". Text a reader cannot be sure to see is "unsure" (nlu109): planned
with and without it, asked about only where the plans differ."""

from __future__ import annotations

from mailwarden.planner import markup, styles

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
