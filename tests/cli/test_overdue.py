"""`mailwarden requests overdue`: an admin sees each time-bound access whose end has passed and is not taken
back yet (its tries, why the last failed, its next try), or that none is; an employee sees none of it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import mailwarden.cli.requests_cmd as requests_cmd
from mailwarden.workflow.overdue import OverdueEnd
from tests.cli.conftest import Cli

ENDED = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)
ROW = OverdueEnd(  # markup of the console's and of HTML in its text, shown as text (tests/api too)
    request_id="0a1b2c3d4e5f",
    step=2,
    summary="Full Access to support@acme.com for [bold]Tom Becker[/bold] <script>alert(1)</script>",
    requester="grace.hopper@acme.com",
    end=ENDED,
    tries=4,
    last_reason="TenantError: Exchange is throttling <b>now</b>",
    next_try=ENDED + dt.timedelta(hours=3),
)


def test_an_admin_sees_none_overdue_and_an_employee_is_refused(cli: Cli) -> None:
    code, out, err = cli("requests", "overdue")
    assert code == 0, err
    assert "None overdue" in out
    assert cli.json("requests", "overdue") == []
    code, out, err = cli("requests", "overdue", "--as", "tom.becker@acme.com")
    assert code == 1
    assert "Only an admin" in err


def test_an_admin_sees_each_overdue_end_with_its_tries_reason_and_next_try(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(requests_cmd, "overdue_ends", lambda service, tenant: [ROW])
    code, out, err = cli("requests", "overdue")
    assert code == 0, err
    flat = " ".join(out.split())
    for shown in ("0a1b2c3d", "2026-11-20 17:00", "2026-11-20 20:00", "throttling", "[bold]Tom"):
        assert shown in flat, shown
    [listed] = json.loads(cli("requests", "overdue", "--json")[1])
    assert listed["tries"] == 4
    assert listed["request_id"] == ROW.request_id
