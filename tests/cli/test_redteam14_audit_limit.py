"""Red team 14: `mailwarden audit list -n N` passed N to SQLite as given: a number past its 64-bit integer
ended in an OverflowError traceback, and a negative one meant "no limit". The limit is bounded (1 to 10,000)
and anything else is a one-line usage error."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli


@pytest.mark.parametrize("limit", ["100000000000000000000000", "-5", "0"])
def test_an_out_of_range_audit_limit_is_a_usage_error(cli: Cli, limit: str) -> None:
    code, out, err = cli("audit", "list", "-n", limit)
    assert code == 2, out + err
    assert "--limit" in err
    assert "Traceback" not in out + err
