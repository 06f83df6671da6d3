"""Red team: ways to read what the views would refuse, found after the issue-10 fixes were merged.

Sarah (an employee) is not a member of External-Contractors, so `view members --group
external-contractors@acme.com` refuses her. Asking to forward her own mailbox there must not tell her who
is on it either: the refusal says the list reaches someone outside, not who.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

EMPLOYEE = "sarah@acme.com"
ADMIN = "grace.hopper@acme.com"
HIDDEN_LIST = "external-contractors@acme.com"


@pytest.fixture
def mw(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


def _forward_to(mw: Cli, who: str, target: str) -> tuple[int, str, str]:
    return mw(
        "do",
        "email_forwarding_internal",
        "set",
        "--mailbox",
        "me",
        "--forward-to",
        target,
        "--as",
        who,
        "--yes",
        "--json",
    )


def test_the_views_refuse_sarah_the_lists_members(mw: Cli) -> None:
    """The baseline: the read view itself refuses her."""
    code, out, err = mw("view", "members", "--group", HIDDEN_LIST, "--as", EMPLOYEE)
    assert code != 0
    assert "vera" not in (out + err).lower()


def test_a_forwarding_refusal_does_not_name_the_members_of_a_list_one_may_not_view(mw: Cli) -> None:
    """Forwarding her own mail to the list is refused (it holds a guest), without naming the guest."""
    code, out, err = _forward_to(mw, EMPLOYEE, HIDDEN_LIST)
    assert code == 1
    assert "vera" not in (out + err).lower(), out
    step = json.loads(out)["steps"][0]
    assert "cannot be forwarded" in json.dumps(step["preview"])


def test_an_admin_is_still_told_which_member_blocks_forwarding(mw: Cli) -> None:
    code, out, _ = _forward_to(mw, ADMIN, HIDDEN_LIST)
    assert code == 1
    assert "Vera Vendor" in out
