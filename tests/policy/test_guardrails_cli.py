"""`policy show`, `policy diff` and `policy set` say which guardrails apply whatever the tenant's policy
says, and warn when a stored copy lacks rules the current default policy has (security leftover 21)."""

from __future__ import annotations

import json
from pathlib import Path

from mailwarden.policy import DEFAULT_POLICY
from tests.policy.test_cli import PERMIT_ALL, home, invoke
from tests.policy.test_guardrails import STORED_COPY, UNDO_SELF_APPROVAL

__all__ = ["home"]  # the fixture


def test_show_names_the_guardrails_and_warns_of_what_a_stored_copy_lacks(tmp_path: Path, home: Path) -> None:
    older = tmp_path / "older.cedar"
    older.write_text(STORED_COPY.replace('@id("leave-list")', '@id("leave-any-list")'))
    assert invoke("set", str(older), "--as", "grace.hopper@acme.com").exit_code == 0
    shown = json.loads(invoke("show", "--json").stdout)
    assert "no-approving-access-for-oneself" in shown["guardrails"]
    assert any("leave-list" in w and "lacks" in w for w in shown["warnings"]), shown["warnings"]
    assert {r["id"] for r in shown["rules"] if r["guardrail"]} == set(shown["guardrails"])
    said = invoke("show")
    assert "no-approving-access-for-oneself" in said.stderr
    assert "leave-list" in said.stderr


def test_diff_lists_what_differs_rule_by_rule(tmp_path: Path, home: Path) -> None:
    mine = tmp_path / "mine.cedar"
    mine.write_text(DEFAULT_POLICY.replace('@id("leave-list")', '@id("leave-any-list")'))
    assert invoke("set", str(mine), "--as", "grace.hopper@acme.com").exit_code == 0
    compared = json.loads(invoke("diff", "--json").stdout)
    assert (compared["lacks"], compared["own"], compared["changed"]) == (
        ["leave-list"],
        ["leave-any-list"],
        [],
    )
    assert json.loads(invoke("diff", "--json", "--file", str(mine)).stdout)["lacks"] == ["leave-list"]


def test_the_default_policy_has_nothing_to_warn_about(home: Path) -> None:
    shown = json.loads(invoke("show", "--json").stdout)
    assert shown["warnings"] == []
    assert len(shown["guardrails"]) >= 7


def test_set_of_a_file_without_the_guardrails_says_they_still_apply(tmp_path: Path, home: Path) -> None:
    bare = tmp_path / "bare.cedar"
    bare.write_text(PERMIT_ALL)
    said = invoke("set", str(bare), "--as", "grace.hopper@acme.com")
    assert said.exit_code == 0, said.output
    assert "no-self-approval" in said.stderr


def test_set_of_a_file_reusing_a_guardrail_id_warns_it_is_replaced(tmp_path: Path, home: Path) -> None:
    undo = tmp_path / "undo.cedar"
    undo.write_text(UNDO_SELF_APPROVAL)
    said = invoke("set", str(undo), "--as", "grace.hopper@acme.com")
    assert said.exit_code == 0, said.output
    assert "replace the stored policy's own versions of no-self-approval" in said.stderr


def test_show_guardrails_prints_them(home: Path) -> None:
    assert '@id("no-self-approval")' in invoke("show", "--guardrails").stdout
