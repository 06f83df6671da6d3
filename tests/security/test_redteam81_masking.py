"""Red team 81 F4-F6: masking keeps what looks secret out of the audit log, never who acted nor which of
two values a record was about, and never the rest of a message after a PEM header with no footer."""

from __future__ import annotations

from mailwarden.audit import AuditLog
from tests.audit.conftest import log  # noqa: F401

# Valid addresses (dot-atoms) an Exchange admin or an HR feed could give.
ADMIN_A = "eyJhZG1pbiI6ImEifQ.eyJ3aG8iOiJncmFjZSJ9.grace@acme.com"
ADMIN_B = "eyJhZG1pbiI6ImIifQ.eyJ3aG8iOiJtYWxsb3J5In0.mallory@acme.com"


def _applied(log: AuditLog, actor: str = "grace.hopper@acme.com", **fields: object):  # type: ignore[no-untyped-def]  # noqa: F811
    return log.append(tenant="acme", event="step.applied", actor=actor, request_id="req-1", **fields)  # type: ignore[arg-type]


def test_the_log_names_who_acted_and_for_whom(log: AuditLog) -> None:  # noqa: F811
    for actor in (ADMIN_A, ADMIN_B):
        _applied(log, actor, on_behalf_of=actor, target="ceo@acme.com")
    assert [(r.actor, r.on_behalf_of) for r in log.records(tenant="acme")] == [
        (ADMIN_A, ADMIN_A),
        (ADMIN_B, ADMIN_B),
    ]


def test_two_masked_values_never_record_alike(log: AuditLog) -> None:  # noqa: F811
    first, second = (_applied(log, target=a, after={"trustee": a}) for a in (ADMIN_A, ADMIN_B))
    assert first.target != second.target
    assert first.after != second.after
    assert "eyJ" not in f"{first.target}{first.after}{second.target}{second.after}"


def test_two_keys_masked_alike_keep_both_entries(log: AuditLog) -> None:  # noqa: F811
    record = _applied(log, detail={"holders": {ADMIN_A: "Full Access", ADMIN_B: "Send As"}})
    holders = record.detail["holders"]
    assert isinstance(holders, dict)
    assert sorted(holders.values()) == ["Full Access", "Send As"]


def test_a_pem_header_with_no_footer_masks_itself_not_the_message(log: AuditLog) -> None:  # noqa: F811
    said = "Finance -----BEGIN PRIVATE KEY----- now has Full Access to ceo@acme.com"
    record = _applied(
        log, detail={"message": said, "key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w==\n"}
    )
    message = str(record.detail["message"])
    assert message.startswith("Finance «masked: ")
    assert message.endswith(" now has Full Access to ceo@acme.com")
    assert "MII" not in str(record.detail["key"])
    assert "kqhkiG9w" not in str(record.detail["key"])
