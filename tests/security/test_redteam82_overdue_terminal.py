"""Red team 82 F3: the CLI prints tenant text (a summary's display name, an Exchange error that echoes one)
with every control character replaced, not only Rich markup escaped: an ESC sequence never reaches the
admin's terminal to erase or rewrite the other overdue rows or plant a link."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from rich.table import Table

import mailwarden.cli.requests_cmd as requests_cmd
from mailwarden.cli.common import console, data_out, shown
from mailwarden.workflow.overdue import OverdueEnd
from tests.cli.conftest import *  # noqa: F403
from tests.cli.conftest import Cli

ENDED = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)
HIDE = "\x1b[2K\x1b[1A\x1b[2K"  # erase this line and the one above
LINK = "\x1b]8;;https://evil.example/\x1b\\Tom Becker\x1b]8;;\x1b\\"
C1_CSI = "\x9b2K"


def _row(request_id: str, summary: str, **more: object) -> OverdueEnd:
    return OverdueEnd.model_validate(
        {"request_id": request_id, "step": 1, "summary": summary, "requester": "grace.hopper@acme.com"}
        | {"end": ENDED, "tries": 1}
        | more
    )


ROWS = [
    _row(
        "0a1b2c3d4e5f",
        "Full Access to ceo@acme.com for Mallory" + C1_CSI,
        tries=9,
        last_reason="TenantError: The object 'x" + HIDE + "' is busy",
        next_try=ENDED + dt.timedelta(hours=3),
    ),
    _row("1a1b2c3d4e5f", "Full Access to support@acme.com for " + LINK, step=2),
]


def test_no_terminal_control_sequence_reaches_the_overdue_listing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(requests_cmd, "overdue_ends", lambda service, tenant: ROWS)
    code, out, err = cli("requests", "overdue")
    assert code == 0, err
    assert not {"\x1b", "\x9b"} & set(out), out
    assert "Tom Becker" in out
    assert "is busy" in out


def test_every_text_the_console_prints_loses_its_controls(capsys: pytest.CaptureFixture[str]) -> None:
    table = Table(title="a\x1b[2Jtitle")
    table.add_column("who")
    table.add_row("Tom\x1b]8;;https://evil.example/\x07Becker\r")
    console.print(table)
    console.print("line\x1bc", "two\nlines\ttab")
    out = capsys.readouterr().out
    assert not {"\x1b", "\x07", "\r"} & set(out), repr(out)
    assert shown("a\x1b\x9b\x7f\nb\tc") == "a\ufffd\ufffd\ufffd\nb\tc"


def test_a_refused_end_is_shown_as_refused_never_as_tried_again(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = ROWS[1].model_copy(update={"refused": True, "tries": 0, "last_reason": "no longer found"})
    monkeypatch.setattr(requests_cmd, "overdue_ends", lambda service, tenant: [refused])
    code, out, err = cli("requests", "overdue")
    assert code == 0, err
    assert "refused by the sweep: no longer found" in out
    assert "never tried again" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_data_written_to_a_terminal_loses_its_controls_and_to_a_pipe_is_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = "who,what\r\nTom\x1b]8;;https://evil.example/\x07Becker,Full Access\r\n"
    for stream, shown_as in ((_Terminal(), shown(row.replace("\r\n", "\n"))), (io.StringIO(), row)):
        monkeypatch.setattr(sys, "stdout", stream)
        data_out().write(row)
        assert stream.getvalue() == shown_as
