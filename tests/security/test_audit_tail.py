"""Hole 8: the audit log's tail cannot be cut, nor the chain rewritten, without `audit verify` saying so.

Each request signs the chain's head when it comes to rest, and every signed head is also written to a
witness outside the database. These tests play someone with write access to the database (and, where
said, the signing key) who wants the last actions forgotten.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import delete, event, text, update
from typer.testing import CliRunner

from mailwarden.audit import AuditLog, AuditRecord
from mailwarden.audit.checkpoints import SigningKey
from mailwarden.audit.records import GENESIS_HASH, record_hash
from mailwarden.audit.witness import FileWitness, HttpWitness, witnesses_from_spec
from mailwarden.cli.audit_cmd import app as audit_app
from mailwarden.errors import ConfigError
from mailwarden.model.changes import Change
from mailwarden.model.decisions import Allowed
from mailwarden.model.steps import SendAs
from mailwarden.settings import load_settings
from mailwarden.store import Store
from mailwarden.store.tables import AuditCheckpointRow, AuditRecordRow
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.workflow.service import Actor, PlannedStep, RequestService

TENANT = "acme"
TOM = Actor(actor_id="tom-id", address="tom.becker@acme.com")
ADMIN = Actor(actor_id="grace-id", address="grace.hopper@acme.com", is_admin=True)
REQUESTS = 3
HEAD = 5 * REQUESTS  # submitted, its steps (request.steps), confirmed, step.applied, finished

runner = CliRunner()


def _planned(trustee: str) -> PlannedStep:
    step = SendAs(change="grant", mailbox="support@acme.com", trustee=trustee)
    preview = Change(before=[], after=[trustee], summary=f"{trustee} may send as support@acme.com")
    return PlannedStep(step=step, preview=preview, decision=Allowed(reason="the requester's own grant"))


def run_requests(service: RequestService, count: int = REQUESTS) -> None:
    """Requests as the workflow runs them: submitted, confirmed, executed, finished."""
    for n in range(count):
        view = service.submit(TENANT, TOM, [_planned(f"user{n}@acme.com")])
        service.confirm(TENANT, view.request_id, TOM)
        claimed = service.claim(TENANT, view.request_id)
        assert claimed is not None
        service.record_step(claimed, 0, "applied", {"message": "done", "after": ["x"]}, ADMIN)
        service.finish(TENANT, view.request_id, ADMIN)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def log(store: Store, home: Path) -> AuditLog:
    TenantRegistry(store).add(
        TenantRecord(tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c")
    )
    return AuditLog(store, home)


@pytest.fixture
def service(store: Store, log: AuditLog) -> RequestService:
    return RequestService(store, log)


@pytest.fixture
def requests_done(service: RequestService, log: AuditLog) -> list[AuditRecord]:
    """Three finished requests; the chain verifies."""
    run_requests(service)
    assert log.verify().ok
    return log.records()


def _cut(store: Store, after: int, *, checkpoints_too: bool = False) -> None:
    with store.engine.begin() as connection:
        connection.execute(delete(AuditRecordRow).where(AuditRecordRow.seq > after))
        if checkpoints_too:
            connection.execute(delete(AuditCheckpointRow).where(AuditCheckpointRow.seq > after))


def test_every_request_at_rest_leaves_its_head_signed_and_witnessed(
    requests_done: list[AuditRecord], log: AuditLog
) -> None:
    """The last record of each finished request is a signed checkpoint, and the witness holds it."""
    signed = {c.seq for c in log.checkpoints()}
    finished = [r.seq for r in requests_done if r.event == "request.finished"]
    assert len(finished) == REQUESTS
    assert set(finished) <= signed
    witness = log.witnesses[0]
    assert isinstance(witness, FileWitness)
    assert {seq for seq, _, _ in witness.heads()} >= set(finished)


@pytest.mark.parametrize("cut", range(1, HEAD + 1))
def test_deleting_the_last_records_fails_verify(
    store: Store, log: AuditLog, requests_done: list[AuditRecord], cut: int
) -> None:
    """Deleting the last 1..15 records (of 15) is named as a cut, from the first record that went."""
    head = requests_done[-1].seq
    assert head == HEAD
    _cut(store, head - cut)
    result = log.verify()
    assert not result.ok
    assert result.first_bad_seq == head - cut + 1
    assert "cut off" in (result.reason or "")


# HEAD - 2 keeps the first request.submitted and its page of steps: a cut between the two is caught without
# the witness (the submission's digest names the missing page).
@pytest.mark.parametrize("cut", [1, 5, HEAD - 2])
def test_a_tail_cut_with_its_checkpoints_is_caught_by_the_witness(
    store: Store, home: Path, requests_done: list[AuditRecord], cut: int
) -> None:
    """Without a witness the shortened chain looks whole; the witness names the last witnessed record."""
    head = requests_done[-1].seq
    _cut(store, head - cut, checkpoints_too=True)
    assert AuditLog(store, home, witnesses=[]).verify().ok  # what the database alone would say
    result = AuditLog(store, home).verify()
    assert not result.ok
    assert result.first_bad_seq == head - cut + 1
    assert f"the last witnessed record is {head}" in (result.reason or "")
    assert "cut off" in (result.reason or "")


def test_a_rewrite_with_the_stolen_key_is_caught_by_the_witness(
    store: Store, log: AuditLog, home: Path, requests_done: list[AuditRecord]
) -> None:
    """A holder of the key and the database changes record 4, rehashes and re-signs: the witness differs."""
    key = SigningKey.load(log.key_path)
    assert key is not None
    prev = requests_done[2].hash
    with store.engine.begin() as connection:
        connection.execute(delete(AuditCheckpointRow).where(AuditCheckpointRow.seq >= 4))
        for record in requests_done[3:]:
            fields = record.hashed_fields() | {"prev_hash": prev}
            if record.seq == 4:
                fields |= {"actor": "someone.else@acme.com"}
            digest = record_hash(fields)
            values = {"prev_hash": prev, "hash": digest} | (
                {"actor": fields["actor"]} if record.seq == 4 else {}
            )
            connection.execute(
                update(AuditRecordRow).where(AuditRecordRow.seq == record.seq).values(**values)
            )
            prev = digest
        resigned = key.sign(record.seq, prev, record.time, record.seq + 100)
        connection.execute(AuditCheckpointRow.__table__.insert(), [resigned.model_dump()])
    assert AuditLog(store, home, witnesses=[]).verify().ok  # the database alone is consistent again
    result = log.verify()
    assert not result.ok
    assert "the chain was rewritten" in (result.reason or "")
    assert (result.first_bad_seq or 99) <= 4


def test_a_deleted_witness_fails_verify(log: AuditLog, requests_done: list[AuditRecord], home: Path) -> None:
    """A witness that is gone is reported, not silently skipped."""
    (home / "audit-witness.jsonl").unlink()
    result = log.verify()
    assert not result.ok
    assert "does not exist" in (result.reason or "")


def test_a_forged_witness_line_fails_verify(
    log: AuditLog, requests_done: list[AuditRecord], home: Path
) -> None:
    """A head added to the witness without the key does not verify, and says so."""
    witness = home / "audit-witness.jsonl"
    last = json.loads(witness.read_text().splitlines()[-1])
    forged = {**last, "seq": last["seq"] + 3, "hash": "b" * 64}
    with witness.open("a") as out:
        out.write(json.dumps(forged) + "\n")
    result = log.verify()
    assert not result.ok
    assert "do not verify" in (result.reason or "")


def test_verify_needs_only_the_public_key_and_only_reads(
    store: Store, log: AuditLog, home: Path, tmp_path: Path, requests_done: list[AuditRecord]
) -> None:
    """With the private key gone and every write refused, the exported public key verifies the log."""
    pem = log.public_key_pem()
    log.key_path.unlink()
    writes: list[str] = []

    def refuse_writes(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP"}:
            writes.append(statement)

    event.listen(store.engine, "before_cursor_execute", refuse_writes)
    try:
        reader = AuditLog(store, home, key_path=tmp_path / "no-such-key.pem")
        result = reader.verify(public_key_pem=pem)
    finally:
        event.remove(store.engine, "before_cursor_execute", refuse_writes)
    assert result.ok, result.reason
    assert result.witnessed >= REQUESTS
    assert writes == []
    assert not (tmp_path / "no-such-key.pem").exists()


def test_a_wrong_public_key_fails(log: AuditLog, requests_done: list[AuditRecord], tmp_path: Path) -> None:
    """Another key's public half does not verify the log."""
    stranger = SigningKey.load_or_create(tmp_path / "stranger.pem")
    result = log.verify(public_key_pem=stranger.verifying.pem())
    assert not result.ok
    assert "signed by key" in (result.reason or "")


def test_a_missing_signing_key_is_not_silently_replaced(
    store: Store, log: AuditLog, home: Path, requests_done: list[AuditRecord], service: RequestService
) -> None:
    """With checkpoints in the log and the key gone, writing stops with a message naming the fix."""
    log.key_path.unlink()
    fresh = AuditLog(store, home)
    with pytest.raises(ConfigError, match="MAILWARDEN_AUDIT_KEY"):
        fresh.append(tenant=TENANT, event="x.y", actor="a@acme.com")
    assert not fresh.key_path.exists()


class _Collector(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """An append-only HTTP collector on loopback that keeps every body POSTed to it."""
    received: list[dict[str, Any]] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/heads", received
    finally:
        server.shutdown()
        server.server_close()


def test_an_http_witness_receives_each_head_and_its_copy_catches_a_cut(
    store: Store, home: Path, tmp_path: Path, collector: tuple[str, list[dict[str, Any]]]
) -> None:
    """Heads POSTed to an external collector; even with the local file witness deleted too, its copy
    given to verify catches the cut."""
    url, received = collector
    TenantRegistry(store).add(
        TenantRecord(tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c")
    )
    sinks = witnesses_from_spec(f"{home / 'local.jsonl'},{url}", home / "unused.jsonl")
    assert isinstance(sinks[1], HttpWitness)
    log = AuditLog(store, home, witnesses=sinks)
    run_requests(RequestService(store, log), 2)
    assert {body["kind"] for body in received} == {"mailwarden.audit.head"}
    head = log.head()
    assert max(body["seq"] for body in received) == head
    _cut(store, head - 3, checkpoints_too=True)
    (home / "local.jsonl").unlink()
    copy = tmp_path / "collector-copy.jsonl"
    copy.write_text("".join(json.dumps({k: v for k, v in b.items() if k != "kind"}) + "\n" for b in received))
    result = log.verify(witness=FileWitness(copy))
    assert not result.ok
    assert f"the last witnessed record is {head}" in (result.reason or "")


def test_an_unreachable_http_witness_does_not_undo_the_request(store: Store, home: Path) -> None:
    """A collector that is down is logged; the request still completes and the file witness has the head."""
    TenantRegistry(store).add(
        TenantRecord(tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c")
    )
    local = FileWitness(home / "local.jsonl")
    log = AuditLog(store, home, witnesses=[HttpWitness("http://127.0.0.1:9/heads", timeout=0.5), local])
    run_requests(RequestService(store, log), 1)
    assert max(seq for seq, _, _ in local.heads()) == log.head()
    assert log.verify().ok


# ---- the CLI: configurable key and witness, verify with the public key alone --------------------------


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose signing key and witness live outside it (MAILWARDEN_AUDIT_KEY / _WITNESS)."""
    monkeypatch.setenv("MAILWARDEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MAILWARDEN_AUDIT_KEY", str(tmp_path / "vault" / "audit.pem"))
    monkeypatch.setenv("MAILWARDEN_AUDIT_WITNESS", str(tmp_path / "elsewhere" / "witness.jsonl"))
    settings = load_settings()
    with Store.from_settings(settings) as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        run_requests(RequestService(store, AuditLog.from_settings(store, settings)))
    return tmp_path


def test_key_and_witness_live_where_configured(configured: Path) -> None:
    """Nothing of the key or witness is written into the data folder when they are configured elsewhere."""
    assert (configured / "vault" / "audit.pem").is_file()
    assert (configured / "elsewhere" / "witness.jsonl").is_file()
    assert not (configured / "home" / "audit-signing-key.pem").exists()
    assert not (configured / "home" / "audit-witness.jsonl").exists()


def test_cli_verify_with_the_exported_public_key_and_no_private_key(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export-public-key, then verify on a machine without the private key: green; a cut: exit 1."""
    exported = runner.invoke(audit_app, ["export-public-key", "-o", str(configured / "audit.pub")])
    assert exported.exit_code == 0, exported.output
    assert "PRIVATE" not in (configured / "audit.pub").read_text()
    shutil.move(configured / "vault", configured / "vault-away")
    ok = runner.invoke(audit_app, ["verify", "--public-key", str(configured / "audit.pub")])
    assert ok.exit_code == 0, ok.output
    assert "witness" in ok.output
    with Store.from_settings(load_settings()) as store, store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_records WHERE seq > 9"))
        connection.execute(text("DELETE FROM audit_checkpoints WHERE seq > 9"))
    cut = runner.invoke(audit_app, ["verify", "--public-key", str(configured / "audit.pub")])
    assert cut.exit_code == 1
    assert f"the last witnessed record is {HEAD}" in cut.output.replace("\n", " ")


def test_cli_verify_refuses_a_wrong_public_key(configured: Path) -> None:
    """A public key that did not sign the log: exit 1."""
    stranger = SigningKey.load_or_create(configured / "stranger.pem")
    (configured / "stranger.pub").write_text(stranger.verifying.pem())
    result = runner.invoke(audit_app, ["verify", "--public-key", str(configured / "stranger.pub")])
    assert result.exit_code == 1


def test_cli_checkpoint_fails_loudly_when_the_witness_cannot_be_written(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit checkpoint` exits 1 naming the witness it could not write (a cron job notices)."""
    (configured / "blocked").mkdir()
    monkeypatch.setenv("MAILWARDEN_AUDIT_WITNESS", str(configured / "blocked"))
    result = runner.invoke(audit_app, ["checkpoint"])
    assert result.exit_code == 1
    assert "witness" in result.output


def test_genesis_hash_is_what_an_empty_witnessed_log_signs(store: Store, home: Path) -> None:
    """An empty log checkpointed on demand witnesses the genesis, and verifies."""
    log = AuditLog(store, home)
    assert log.checkpoint().hash == GENESIS_HASH
    assert log.verify().ok


def test_a_syslog_witness_sends_each_head_as_one_message(store: Store, home: Path) -> None:
    """syslog://host:port: each signed head reaches the syslog daemon as one line holding the signed JSON."""
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    try:
        port = receiver.getsockname()[1]
        [sink] = witnesses_from_spec(f"syslog://127.0.0.1:{port}", home / "unused.jsonl")
        log = AuditLog(store, home, witnesses=[sink])
        signed = log.checkpoint()
        message = receiver.recv(4096).decode()
    finally:
        receiver.close()
    assert "mailwarden-audit-head " in message
    head = json.loads(message.split("mailwarden-audit-head ", 1)[1].rstrip("\x00"))
    assert (head["seq"], head["hash"], head["signature"]) == (signed.seq, signed.hash, signed.signature)
