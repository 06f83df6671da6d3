"""Who has access and why, asked in plain words: `ask` plans an access report and answers it with each grant's
origin, under the same rule as `report access` (employees: their own access and what they own)."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli

TOM, JOHN, SARAH, ADMIN = "tom.becker@acme.com", "john@acme.com", "sarah@acme.com", "grace.hopper@acme.com"


def _answers(out: str) -> list[dict[str, object]]:
    """The JSON documents `ask --json` prints: the views it answered with."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while at < len(out):
        if out[at].isspace():
            at += 1
            continue
        doc, at = decoder.raw_decode(out, at)
        found.append(doc)
    return [d for d in found if "rows" in d]


def test_why_does_tom_have_access_to_support_is_answered_with_the_origin(cli: Cli) -> None:
    """The admin asks in words; the answer is support's grants narrowed to Tom, each with why."""
    code, out, err = cli("ask", "why does Tom have access to support?", "--as", ADMIN, "--json")
    assert code == 0, err
    (view,) = _answers(out)
    assert "why" in view["columns"]
    assert "origin" in view["columns"]
    holders = {row["holder"] for row in view["rows"]}  # type: ignore[index]
    assert holders == {"Tom Becker (tom.becker@acme.com)"}
    assert all(row["why"] for row in view["rows"])  # type: ignore[index]


def test_what_can_tom_open_is_his_own_to_ask(cli: Cli) -> None:
    """Tom may ask what he can open: the reverse report, support among it."""
    code, out, err = cli("ask", "what can I open?", "--as", TOM, "--json")
    assert code == 0, err
    (view,) = _answers(out)
    assert any("support@acme.com" in str(row["resource"]) for row in view["rows"])  # type: ignore[index]


def test_an_employee_asking_why_someone_else_has_access_is_refused_by_policy(cli: Cli) -> None:
    """John asks about Tom's access to support: the policy refuses before anything is read, naming nobody."""
    code, out, _ = cli("ask", "why does Tom have access to support?", "--as", JOHN)
    assert code == 1
    assert "rejected" in out
    assert "ask an admin" in out
    assert "Full Access" not in out
    code, out, _ = cli("ask", "what can Sarah open?", "--as", TOM)
    assert code == 1
    assert "ask an admin" in out


def test_an_owner_sees_why_each_delegate_has_access(cli: Cli) -> None:
    """Sarah owns support: "who has access to support and why?" lists its delegates with their origin."""
    code, out, err = cli("ask", "who has access to support@acme.com and why?", "--as", SARAH, "--json")
    assert code == 0, err
    (view,) = _answers(out)
    holders = {str(row["holder"]) for row in view["rows"]}  # type: ignore[index]
    assert any(TOM in h for h in holders)
