"""The origin of a grant is its latest record (ring 0: records in, origin out)."""

from __future__ import annotations

import datetime as dt

from mailwarden.access.origins import ANY_HOLDER, Baseline, GrantRecord, origin_of

KEY = ("send_as", "support-id", "sarah-id")
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOW = T0 + dt.timedelta(days=30)


def _mine(days: int, gives: bool, request_id: str = "r1") -> GrantRecord:
    return GrantRecord(
        key=KEY,
        gives=gives,
        when=T0 + dt.timedelta(days=days),
        source="mailwarden",
        request_id=request_id,
        requester="grace.hopper@acme.com",
        approvers=("sarah@acme.com",),
        justification="cover",
        audit_seq=7,
    )


def _outside(days: int, gives: bool, *, by: str | None = None, since: int | None = None) -> GrantRecord:
    return GrantRecord(
        key=KEY,
        gives=gives,
        when=T0 + dt.timedelta(days=days),
        source="outside",
        by=by,
        since=T0 + dt.timedelta(days=since) if since is not None else None,
    )


def test_removed_and_readded_outside_is_not_credited_to_the_old_request() -> None:
    """Made by r1, removed outside, re-added outside: the latest record (outside) wins."""
    origin = origin_of(
        KEY,
        [_mine(1, True), _outside(5, False), _outside(9, True, by="admin@acme.com")],
        as_of=NOW,
        baseline=None,
        discovered=T0,
    )
    assert origin.source == "outside"
    assert origin.request_id is None
    assert origin.by == "admin@acme.com"


def test_removed_outside_and_back_without_a_record_of_the_readding() -> None:
    """Made by r1, removed outside, now present again: made outside between the removal and now."""
    origin = origin_of(KEY, [_mine(1, True), _outside(5, False)], as_of=NOW, baseline=None, discovered=T0)
    assert origin.source == "outside"
    assert origin.since == T0 + dt.timedelta(days=5)
    assert origin.until == NOW


def test_latest_request_wins_over_an_older_one() -> None:
    """Granted by r1, revoked by r2, granted again by r3: r3 is why, with its approvers and justification."""
    records = [_mine(1, True, "r1"), _mine(2, False, "r2"), _mine(3, True, "r3")]
    origin = origin_of(KEY, records, as_of=NOW, baseline=None, discovered=T0)
    assert (origin.source, origin.request_id, origin.approvers, origin.justification) == (
        "request",
        "r3",
        ["sarah@acme.com"],
        "cover",
    )


def test_baseline_tells_first_discovery_from_outside() -> None:
    """With a baseline: in it is 'present at first read'; absent from it is 'made outside since'."""
    base = Baseline(taken=T0, keys=frozenset({KEY}))
    assert origin_of(KEY, [], as_of=NOW, baseline=base, discovered=T0).source == "first_discovery"
    other = Baseline(taken=T0, keys=frozenset())
    origin = origin_of(KEY, [], as_of=NOW, baseline=other, discovered=T0)
    assert (origin.source, origin.since, origin.until) == ("outside", T0, NOW)


def test_clearing_forwarding_ends_whichever_target_it_had() -> None:
    """A 'clear' record (any holder) counts as the latest record of the forwarding it ended."""
    key = ("forwarding", "box", "target")
    records = [
        GrantRecord(key=key, gives=True, when=T0, source="mailwarden", request_id="r1"),
        GrantRecord(
            key=("forwarding", "box", ANY_HOLDER),
            gives=False,
            when=T0 + dt.timedelta(days=1),
            source="mailwarden",
        ),
    ]
    assert origin_of(key, records, as_of=NOW, baseline=None, discovered=T0).source == "outside"


def test_outside_window_when_the_exact_time_is_unknown() -> None:
    """An outside change known only between two scans says so."""
    origin = origin_of(KEY, [_outside(9, True, since=4)], as_of=NOW, baseline=None, discovered=T0)
    assert "between" in origin.summary
    assert origin.since == T0 + dt.timedelta(days=4)
