"""Verifying a chain: pure code over records and checkpoints, so an export can be checked anywhere.

Walking the records in seq order, each must
  - have the next seq (a gap is a removed record),
  - link to the record before it (`prev_hash`), which catches reordering and insertion,
  - hash to its own `hash` (a changed field),
and each checkpoint must carry a valid signature and the hash the chain has at its seq; one must exist
by the `next_due` of the one before (deleted checkpoints), and the chain must reach the last one (a tail
cut after it). A rewrite with recomputed hashes passes the first three and fails the signatures; the
records after the last good checkpoint are then named as the first that cannot be trusted.

What the database alone cannot show is a cut tail taken together with its checkpoints, or a rewrite by
someone holding the signing key. Every signed head is therefore also written to a witness outside the
database (`witness.py`), and each head the witness holds must still be in the chain with the same hash:
a witnessed head beyond the chain's end is a cut tail (named by the last witnessed record), a different
hash is a rewrite. A head written after the last witness line is covered by nothing but the database,
so the workflow signs and witnesses the head each time a request comes to rest.

Along the walk, every request's submitted steps are recomputed from their `request.steps` pages and must
give the count and sha256 its `request.submitted` names (`submissions.py`): a second line behind the chain,
for the rewrite by a holder of the key that left the submission's own record as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from mailwarden.audit.checkpoints import Checkpoint, VerifyingKey
from mailwarden.audit.records import GENESIS_HASH, AuditRecord
from mailwarden.audit.submissions import SubmissionCheck
from mailwarden.audit.witness import WitnessUnreadable, parse_head
from mailwarden.errors import AuditIntegrityError

__all__ = ["ChainVerifier", "VerifyResult", "Witnessed", "verify_chain"]


class VerifyResult(BaseModel):
    """The outcome of a verification; tampering is a result, not an exception."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    checked: int
    """How many records were checked before the walk ended."""
    checkpoints: int = 0
    """How many signed checkpoints were found good."""
    first_bad_seq: int | None = None
    """The first record that cannot be trusted (None when ok, or when nothing could be checked)."""
    reason: str | None = None
    witness: str | None = None
    """The witness the chain was compared with (None when there was none)."""
    witnessed: int = 0
    """How many of the witness's heads the chain was found to hold."""
    submissions: int = 0
    """How many requests' steps were recomputed from their `request.steps` pages and matched the count and
    sha256 their `request.submitted` names."""

    def raise_for_problem(self) -> None:
        """AuditIntegrityError when the chain does not verify."""
        if not self.ok:
            raise AuditIntegrityError(self.first_bad_seq or 0, self.reason or "unknown")


class Witnessed:
    """The heads a witness holds, by seq (a seq may have been witnessed with more than one hash)."""

    def __init__(self, source: str, heads: Iterable[tuple[int, str, str]]) -> None:
        self.source = source
        self.by_seq: dict[int, dict[str, str]] = {}
        self.add(heads)

    def add(self, heads: Iterable[tuple[int, str, str]]) -> None:
        """Heads written to the witness since (`ChainVerifier.resume`)."""
        for seq, digest, line in heads:
            self.by_seq.setdefault(seq, {}).setdefault(digest, line)


class _Bad(Exception):
    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        self.reason = reason


class ChainVerifier:
    """Feed records in seq order with `feed`, then `finish()`; stops checking at the first problem."""

    def __init__(
        self, checkpoints: Iterable[Checkpoint], key: VerifyingKey | None, witnessed: Witnessed | None = None
    ) -> None:
        self._checkpoints = {c.seq: c for c in checkpoints}
        self._key = key
        self._witnessed = witnessed
        self._last_witnessed = 0
        self._witness_matches = 0
        self._expected = 1
        self._prev_hash = GENESIS_HASH
        self._prev_prev_hash: str | None = None
        self._last_good = 0
        self._due: int | None = None
        self._good_checkpoints = 0
        self._checked = 0
        self._submissions = SubmissionCheck()
        self._problem: _Bad | None = None
        self._unable: str | None = None
        if self._checkpoints and key is None:
            self._unable = (
                "cannot check the checkpoint signatures: the audit signing key is missing; "
                "restore it, or verify with the exported public key (--public-key)"
            )

    @property
    def failed(self) -> bool:
        return self._problem is not None or self._unable is not None

    def feed(self, record: AuditRecord) -> bool:
        """Check the next record; False once the chain has failed (later records need not be fed)."""
        if self.failed:
            return False
        try:
            self._check(record)
        except _Bad as bad:
            self._problem = bad
            return False
        return True

    @property
    def head(self) -> tuple[int, str]:
        """The last record fed and found good (seq, hash); (0, the genesis hash) before the first."""
        return self._expected - 1, self._prev_hash

    def resume(self, checkpoints: Iterable[Checkpoint], heads: Iterable[tuple[int, str, str]]) -> None:
        """Go on from where the walk was (`finish` leaves it able to), with the checkpoints signed and the
        witness heads written since: the records appended since are then fed as any others. A checkpoint
        of the last record fed (a head signed again with nothing appended) is checked here; the caller
        makes sure none is older, and compares new witness heads of records already fed itself."""
        if self._witnessed is not None:
            self._witnessed.add(heads)
        signed = list(checkpoints)
        if signed and self._key is None and self._unable is None:
            self._unable = "cannot check the checkpoint signatures: the audit signing key is missing"
        last = self._expected - 1
        for checkpoint in signed:
            self._checkpoints[checkpoint.seq] = checkpoint
            if checkpoint.seq != last or last == 0 or self.failed:
                continue
            problem = self._signature(checkpoint)
            if problem is None and checkpoint.hash != self._prev_hash:
                problem = (
                    f"checkpoint {last} does not sign the hash the chain has there: the chain was rewritten"
                )
            if problem is not None:
                self._problem = self._untrusted(last, problem)
                continue
            self._last_good = last
            self._due = checkpoint.next_due
            self._good_checkpoints += 1

    def finish(self) -> VerifyResult:
        witness = self._witnessed.source if self._witnessed is not None else None
        if self._unable is not None:
            return VerifyResult(ok=False, checked=self._checked, reason=self._unable, witness=witness)
        if self._problem is None:
            try:
                self._check_end()
                self._check_witness_end()
                self._check_submissions(self._submissions.finish())
            except _Bad as bad:
                self._problem = bad
        if self._problem is not None:
            return VerifyResult(
                ok=False,
                checked=self._checked,
                checkpoints=self._good_checkpoints,
                first_bad_seq=self._problem.seq,
                reason=self._problem.reason,
                witness=witness,
                witnessed=self._witness_matches,
                submissions=self._submissions.matched,
            )
        return VerifyResult(
            ok=True,
            checked=self._checked,
            checkpoints=self._good_checkpoints,
            witness=witness,
            witnessed=self._witness_matches,
            submissions=self._submissions.matched,
        )

    # ---- the checks ------------------------------------------------------------------------------------
    def _signature(self, checkpoint: Checkpoint) -> str | None:
        assert self._key is not None  # __init__ refuses checkpoints without a key
        return self._key.problem(checkpoint)

    def _untrusted(self, upto: int, why: str) -> _Bad:
        first = self._last_good + 1
        span = f"record {first}" if first == upto else f"records {first}–{upto}"
        return _Bad(first, f"{span} cannot be trusted: {why}")

    def _start(self) -> None:
        genesis = self._checkpoints.get(0)
        if genesis is None:
            raise _Bad(1, "the genesis checkpoint (seq 0) is missing: checkpoints were deleted")
        problem = self._signature(genesis)
        if problem is not None:
            raise _Bad(1, problem)
        if genesis.hash != GENESIS_HASH:
            raise _Bad(1, "the genesis checkpoint does not sign the start of the chain")
        self._due = genesis.next_due
        self._good_checkpoints += 1

    def _check(self, record: AuditRecord) -> None:
        if self._due is None:
            self._start()
        seq = self._expected
        if record.seq != seq:
            if record.seq > seq:
                gone = f"record {seq} is" if record.seq == seq + 1 else f"records {seq}–{record.seq - 1} are"
                raise _Bad(seq, f"{gone} missing: removed from the chain")
            raise _Bad(
                seq, f"record {record.seq} appears again after record {seq - 1}: the records are out of order"
            )
        if record.prev_hash != self._prev_hash:
            if self._prev_prev_hash is not None and record.prev_hash == self._prev_prev_hash:
                raise _Bad(
                    seq - 1, f"record {seq - 1} was inserted: record {seq} links past it to record {seq - 2}"
                )
            raise _Bad(
                seq,
                f"record {seq} does not link to record {seq - 1} (prev_hash differs): "
                "records were removed, reordered or inserted here",
            )
        if record.computed_hash() != record.hash:
            raise _Bad(seq, f"record {seq} was changed: its fields no longer match its hash")
        checkpoint = self._checkpoints.get(seq)
        if checkpoint is not None:
            problem = self._signature(checkpoint)
            if problem is not None:
                raise self._untrusted(seq, problem)
            if checkpoint.hash != record.hash:
                raise self._untrusted(
                    seq,
                    f"checkpoint {seq} signed hash {checkpoint.hash[:12]}…, the chain has "
                    f"{record.hash[:12]}…: the chain was rewritten",
                )
            self._last_good = seq
            self._due = checkpoint.next_due
            self._good_checkpoints += 1
        elif self._due is not None and seq >= self._due:
            raise self._untrusted(seq, f"checkpoint {seq} is missing: it was due by record {self._due}")
        self._check_witnessed(record)
        self._check_submissions(self._submissions.feed(record))
        self._prev_prev_hash = self._prev_hash
        self._prev_hash = record.hash
        self._expected += 1
        self._checked += 1

    def _check_end(self) -> None:
        head = self._expected - 1
        if not self._checkpoints:
            if head:
                self._start()  # raises: records without a genesis checkpoint
            return
        last = max(self._checkpoints)
        if last > head:
            problem = self._signature(self._checkpoints[last])
            if problem is not None:
                raise _Bad(head + 1, problem)
            cut = f"records {head + 1}–{last} were" if last > head + 1 else f"record {head + 1} was"
            raise _Bad(
                head + 1, f"the chain ends at record {head} but checkpoint {last} is signed: {cut} cut off"
            )
        if head == 0:
            self._start()  # an empty log checkpointed on demand: only its genesis, which must be good

    @staticmethod
    def _check_submissions(problem: tuple[int, str] | None) -> None:
        if problem is not None:
            raise _Bad(*problem)

    # ---- the witness -----------------------------------------------------------------------------------
    def _witness_head(self, line: str) -> tuple[Checkpoint | None, str | None]:
        """The head a witness line states, or why it cannot be trusted (a bad line, a bad signature)."""
        try:
            head = parse_head(line)
        except WitnessUnreadable as exc:
            return None, str(exc)
        problem = self._key.problem(head) if self._key is not None else None
        return (head, None) if problem is None else (None, problem)

    def _check_witnessed(self, record: AuditRecord) -> None:
        if self._witnessed is None:
            return
        seen = self._witnessed.by_seq.get(record.seq)
        if not seen:
            return
        for digest, line in seen.items():
            if digest == record.hash:
                continue
            head, problem = self._witness_head(line)
            source = self._witnessed.source
            if head is None:
                raise _Bad(
                    record.seq,
                    f"the witness {source} holds a head for record {record.seq} that does not verify "
                    f"({problem}): the witness was edited, or the signing key replaced",
                )
            first = self._last_witnessed + 1
            span = f"record {first}" if first == record.seq else f"records {first}–{record.seq}"
            raise _Bad(
                first,
                f"{span} cannot be trusted: the witness {source} holds record {record.seq} with hash "
                f"{digest[:12]}… (signed {head.time:%Y-%m-%d %H:%M:%S} UTC), the database has "
                f"{record.hash[:12]}…: the chain was rewritten",
            )
        self._last_witnessed = record.seq
        self._witness_matches += 1

    def _check_witness_end(self) -> None:
        if self._witnessed is None:
            return
        head = self._expected - 1
        beyond = sorted((seq for seq in self._witnessed.by_seq if seq > head), reverse=True)
        if not beyond:
            return
        problems = []
        for seq in beyond:
            for line in self._witnessed.by_seq[seq].values():
                witnessed, problem = self._witness_head(line)
                if witnessed is not None:
                    cut = f"records {head + 1}–{seq} were" if seq > head + 1 else f"record {seq} was"
                    raise _Bad(
                        head + 1,
                        f"the database ends at record {head}, but the witness {self._witnessed.source} holds "
                        f"a signed head at record {seq} (signed {witnessed.time:%Y-%m-%d %H:%M:%S} UTC): "
                        f"{cut} cut off; the last witnessed record is {seq}",
                    )
                problems.append(problem or "unreadable")
        raise _Bad(
            head + 1,
            f"the witness {self._witnessed.source} holds heads beyond record {head} that do not verify "
            f"({problems[0]}): the witness was edited, or the signing key replaced",
        )


def verify_chain(
    records: Iterable[AuditRecord],
    checkpoints: Iterable[Checkpoint],
    key: VerifyingKey | None,
    witnessed: Witnessed | None = None,
) -> VerifyResult:
    """Verify records (in seq order) against signed checkpoints with the log's public key, and against
    the heads a witness holds when one is given."""
    verifier = ChainVerifier(checkpoints, key, witnessed)
    for record in records:
        if not verifier.feed(record):
            break
    return verifier.finish()
