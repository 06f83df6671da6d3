"""The tamper-evident audit log: every request, decision, approval and change, hash-chained and signed.

    log = AuditLog(store, settings.home)
    log.append(tenant="acme", event="step.applied", actor="grace.hopper@acme.com", request_id=rid,
               action="send_as", target="support@acme.com", before=[...], after=[...])
    result = log.verify()        # ok, checked, first_bad_seq, reason
    log.export("jsonl", sys.stdout, tenant="acme")

records.py      AuditRecord, canonical hashing, the refusal of secrets
chain.py        AuditLog: append under the chain lock, read, verify, export
checkpoints.py  Ed25519 signing key (MAILWARDEN_AUDIT_KEY, else in the data folder), signed checkpoints
witness.py      every signed head also written outside the database (a file, HTTP, syslog)
verify.py       the chain walk, pure (verifies an export too)
submissions.py  each request's submitted steps recomputed from their pages and checked against its digest
export.py       JSON lines and CSV, written and read back
"""

from mailwarden.audit.chain import AuditLog, WitnessFailed
from mailwarden.audit.checkpoints import Checkpoint, VerifyingKey
from mailwarden.audit.export import ExportFormat, read_records, write_records
from mailwarden.audit.records import GENESIS_HASH, AuditRecord, TenantAuditRecord
from mailwarden.audit.verify import VerifyResult, verify_chain

__all__ = [
    "GENESIS_HASH",
    "AuditLog",
    "AuditRecord",
    "Checkpoint",
    "ExportFormat",
    "TenantAuditRecord",
    "VerifyResult",
    "VerifyingKey",
    "WitnessFailed",
    "read_records",
    "verify_chain",
    "write_records",
]
