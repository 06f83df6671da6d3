"""Migration 0014: ends the scheduler refused before it exist only as audit records; the upgrade brings each
step's latest one in (`refused_end`, `refused_reason`) where the step still holds its access, so the overdue
listing shows the rows it showed; going back drops the columns and keeps every row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, text
from tests.store.test_notice_migration import _insert, _migrate

from mailwarden.store import Store

END = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)


def test_0014_brings_in_the_refused_ends_of_steps_still_holding_their_access(database_url: str) -> None:
    store = Store(database_url, migrate=False)
    try:
        _migrate(store, "0013")
        with store.engine.begin() as db:
            _insert(db, "tenants", tenant_key="acme")
            for rid, status, reverted in (
                ("kept", "applied", None),
                ("back", "applied", "r9"),
                ("no", "refused", None),
            ):
                _insert(db, "requests", request_id=rid, tenant_key="acme")
                _insert(db, "request_steps", request_id=rid, position=0, status=status, reverted_by=reverted)
            refusals = [
                ("expiry.refused", "kept", {"position": 0, "expires": END.isoformat(), "reason": "first"}),
                (
                    "expiry.left_for_admin",
                    "kept",
                    {"position": 0, "expires": END.isoformat(), "reason": "last"},
                ),
                (
                    "expiry.refused",
                    "back",
                    {"position": 0, "expires": END.isoformat(), "reason": "taken back"},
                ),
                (
                    "expiry.refused",
                    "no",
                    {"position": 0, "expires": END.isoformat(), "reason": "never applied"},
                ),
                ("step.end_postponed", "kept", {"position": 0, "reason": "a failed try, not a refusal"}),
                # a corrupt or hand-made record naming a position no step can have (an INTEGER column):
                # skipped, never a failed upgrade (red team 86 F4)
                ("expiry.refused", "kept", {"position": 2**31, "reason": "out of range"}),
                ("expiry.refused", "kept", {"position": 2**63, "reason": "far out of range"}),
            ]
            for seq, (event, rid, detail) in enumerate(refusals, start=1):
                _insert(db, "audit_records", seq=seq, event=event, request_id=rid, detail=detail)
        _migrate(store, "0014")
        with store.engine.connect() as db:
            rows = db.execute(
                text("SELECT request_id, refused_end, refused_reason FROM request_steps ORDER BY 1")
            ).all()
        ends = {r.request_id: (r.refused_end is not None, r.refused_reason) for r in rows}
        assert ends == {"back": (False, None), "kept": (True, "last"), "no": (False, None)}
        [kept] = [r.refused_end for r in rows if r.request_id == "kept"]
        assert str(kept).startswith("2026-12-01 17:00"), "the end the record names, stored as UTC"
        assert "ix_request_steps_refused_end" in {
            i["name"] for i in inspect(store.engine).get_indexes("request_steps")
        }

        _migrate(store, "0013", down=True)
        columns = {c["name"] for c in inspect(store.engine).get_columns("request_steps")}
        assert "refused_end" not in columns
        with store.engine.connect() as db:
            assert db.execute(text("SELECT count(*) FROM request_steps")).scalar() == 3
        _migrate(store, "0014")
        with store.engine.connect() as db:
            again = db.execute(
                text("SELECT refused_reason FROM request_steps WHERE request_id = 'kept'")
            ).scalar()
        assert again == "last", "upgrading again brings the refusals back from the audit records"
    finally:
        store.engine.dispose()
