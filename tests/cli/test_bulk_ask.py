"""`ask --yes` of a bulk request in the CLI: the plan is stored, then dropped while the request runs a page
at a time (cli/submit.py), and what is stored, run, audited and shown is the same as for a short one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mailwarden.workflow import service as request_service
from tests.cli.conftest import Cli

GRACE = ("--as", "grace.hopper@acme.com")
LIST = "all-hands@acme.com"


def _people(cli: Cli) -> list[str]:
    """The demo's enabled people (their mailboxes) who are not on the list yet."""
    data = cli.tenant()
    group = next(r for r in data.recipients.values() if r.primary_smtp == LIST)
    return sorted(
        r.primary_smtp
        for r in data.recipients.values()
        if r.kind == "UserMailbox" and r.account_enabled and r.id not in group.members
        and r.primary_smtp.endswith("@acme.com")
    )  # fmt: skip


def _on_the_list(cli: Cli) -> set[str]:
    data = cli.tenant()
    group = next(r for r in data.recipients.values() if r.primary_smtp == LIST)
    return {data.recipients[m].primary_smtp for m in group.members if m in data.recipients}


def _csv(path: Path, people: list[str]) -> Path:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Email"])
        writer.writerows([p] for p in people)
    return path


def test_a_bulk_ask_of_more_steps_than_a_page_runs_and_records_every_step(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(request_service, "RUN_CHUNK", 4)  # a page of 4 steps: the request is several pages
    code, out, err = cli("plan", "--json", *GRACE, "--", "Who is on all-hands@acme.com?")
    people = _people(cli)[:14]
    assert len(people) == 14, people  # more than a page, and more than the CLI lists one by one (12)
    before = _on_the_list(cli)
    attachment = _csv(tmp_path / "people.csv", people)

    code, out, err = cli(
        "ask", *GRACE, "--attach", str(attachment), "--yes", "--", f"Add the people in this file to {LIST}"
    )

    assert code == 0, out + err
    assert "14 × " in out  # the plan's summary, not a line per person
    assert "completed" in out
    assert _on_the_list(cli) == before | set(people)
    listed = cli.json("requests", "list", *GRACE)
    assert isinstance(listed, list)
    request_id = listed[0]["request_id"]
    shown = cli.json("requests", "show", request_id, *GRACE)
    assert isinstance(shown, dict)
    assert shown["state"] == "completed"
    assert shown["step_count"] == 14
    trail = cli.json("audit", "list", "--request", request_id)
    assert isinstance(trail, list)
    applied = [r for r in trail if r["event"] == "step.applied"]
    assert sorted(r["detail"]["position"] for r in applied) == list(range(14))
    assert json.dumps(trail).count('"request.submitted"') == 1
