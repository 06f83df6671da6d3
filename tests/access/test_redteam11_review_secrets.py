"""Red team 11: a reviewer's reason, or a campaign's name, that quotes a token. The audit log refuses
secrets, and its record is written after the change it records: before the fix the removal ran (Tom lost
his access), its decision was stored, and the 'review.decided' record was refused, so the CLI crashed and
the log never showed who removed the access. Now the text is refused before anything happens."""

from __future__ import annotations

from tests.access.test_reviews_cli import ADMIN, SARAH, SUPPORT, SUPPORT_ONLY, TOM, TOM_ID, item_of, start
from tests.access.test_reviews_cli import support_task as support_task_of
from tests.cli.conftest import Cli

_PASTED = (
    "per ticket: Bearer "
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2ln"
)


def test_a_removal_reason_holding_a_token_removes_nothing(cli: Cli) -> None:
    task = support_task_of(start(cli, *SUPPORT_ONLY))
    tom = item_of(task, "full_access", TOM)
    code, out, err = cli(
        "reviews",
        "decide",
        task["task_id"],
        "--remove",
        str(tom["item_id"]),
        "--reason",
        _PASTED,
        "--as",
        SARAH,
    )
    assert code == 1, out + err
    assert "Traceback" not in err
    assert "secret" in err
    assert "eyJhbGci" not in out + err
    assert any(p.trustee_id == TOM_ID for p in cli.tenant().recipients[SUPPORT].full_access)
    code, out, err = cli("audit", "verify")
    assert code == 0, out + err


def test_a_campaign_named_with_a_token_is_not_started(cli: Cli) -> None:
    code, out, err = cli(
        "reviews", "start", "--name", _PASTED, "--deadline", "14d", *SUPPORT_ONLY, "--as", ADMIN
    )
    assert code == 1, out + err
    assert "Traceback" not in err
    assert "eyJhbGci" not in out + err
    code, out, err = cli("reviews", "list", "--as", ADMIN, "--json")
    assert code == 0, err
    assert "eyJhbGci" not in out
