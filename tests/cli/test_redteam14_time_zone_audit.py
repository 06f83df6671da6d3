"""Red team 14: `mailwarden tenant time-zone KEY ZONE --as someone` set the time zone and only then refused
--as, while building the audit record: the tenant's setting changed, the command said "error" and exited 1,
and the audit log held nothing. A refused command changes nothing; an accepted one is audited."""

from __future__ import annotations

from tests.cli.conftest import Cli


def _zone(cli: Cli) -> str:
    code, out, err = cli("tenant", "time-zone", "demo")
    assert code == 0, err
    return out.strip()


def _zone_records(cli: Cli) -> list[dict[str, object]]:
    records = cli.json("audit", "list")
    assert isinstance(records, list)
    return [r for r in records if r["event"] == "tenant.time_zone_set"]


def test_a_refused_time_zone_change_changes_nothing(cli: Cli) -> None:
    before = _zone(cli)
    code, _, err = cli("tenant", "time-zone", "demo", "Pacific/Kiritimati", "--as", "john@acme.com")
    assert code == 1
    assert "--as works on the demo tenant only" in err
    assert _zone(cli) == before
    assert _zone_records(cli) == []


def test_an_accepted_time_zone_change_is_audited(cli: Cli) -> None:
    code, _, err = cli("tenant", "time-zone", "demo", "Pacific/Kiritimati")
    assert code == 0, err
    assert _zone(cli) == "demo: Pacific/Kiritimati"
    [record] = _zone_records(cli)
    assert record["after"] == {"time_zone": "Pacific/Kiritimati"}
