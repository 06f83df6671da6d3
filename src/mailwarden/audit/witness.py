"""Witnesses: every signed head of the chain, also written somewhere outside the database.

Signed checkpoints in the database catch a rewrite, but not someone who can write to the database and
simply deletes the newest records together with their checkpoints: what is left is a shorter chain that
verifies. A witness keeps a second copy of each signed head (seq, hash, signature) where that person
cannot reach, and `AuditLog.verify` compares the chain with it: a witnessed head the database no longer
holds, or holds with another hash, is tampering.

    FileWitness(path)          JSON lines appended to a file (the default: <home>/audit-witness.jsonl);
                               make it append-only (chattr +a) or put it on another machine's share
    HttpWitness(url)           POSTs each head as JSON to an append-only collector (a SIEM, a log
                               service); verify with a copy of what it received (`--witness FILE`)
    SyslogWitness(address)     one syslog line per head ('mailwarden-audit-head {json}'), to a local
                               or remote syslog daemon

A witness is written after the database commits (a head the database lost would otherwise look like a
cut). A witness that cannot be written does not undo the change it records: the failure is logged, and
the next head written covers every record before it, because each head's hash chains them all.
The file witness is not fsynced per line, like the database itself (WAL, synchronous=NORMAL): a crash of
the process loses nothing, a power cut may lose the last lines of both.

MAILWARDEN_AUDIT_WITNESS lists the witnesses, comma-separated: a file path, an http(s):// URL, or
syslog:// (local /dev/log), syslog://host[:port] (UDP). The first file in the list is the one `verify`
reads unless it is given another.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import socket
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from mailwarden.audit.checkpoints import Checkpoint
from mailwarden.data_folder import private_dir
from mailwarden.errors import ConfigError

__all__ = [
    "WITNESS_FILE_NAME",
    "FileWitness",
    "HttpWitness",
    "ReadableWitness",
    "SyslogWitness",
    "WitnessSink",
    "WitnessUnreadable",
    "witnesses_from_spec",
]

WITNESS_FILE_NAME = "audit-witness.jsonl"

log = logging.getLogger(__name__)


class WitnessUnreadable(ConfigError):
    """The witness verify should compare with cannot be read, or holds a line that is not a head."""


@runtime_checkable
class WitnessSink(Protocol):
    """Somewhere outside the database that keeps every signed head it is given."""

    @property
    def name(self) -> str:
        """Where it writes, for messages (never a credential)."""
        ...

    def record(self, checkpoint: Checkpoint) -> None:
        """Keep this head; raise OSError (or httpx.HTTPError) when it could not."""
        ...


@runtime_checkable
class ReadableWitness(WitnessSink, Protocol):
    """A witness verify can read back."""

    def exists(self) -> bool: ...

    def heads(self) -> Iterator[tuple[int, str, str]]:
        """Every head kept, as (seq, hash, the line as written), in the order they were written."""
        ...


def _line(checkpoint: Checkpoint) -> str:
    return json.dumps(checkpoint.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def parse_head(line: str) -> Checkpoint:
    """A witness line as the checkpoint it states; WitnessUnreadable when it is not one."""
    try:
        return Checkpoint.model_validate_json(line)
    except ValidationError as exc:
        raise WitnessUnreadable(f"A witness line is not a signed head: {line[:80]!r}.") from exc


class FileWitness:
    """One JSON line per head appended to `path` (created 0600; O_APPEND, so writers never interleave)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def name(self) -> str:
        return str(self.path)

    def record(self, checkpoint: Checkpoint) -> None:
        private_dir(self.path.parent)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            # One write() of one line under O_APPEND: two processes appending at once never mix their lines.
            os.write(fd, (_line(checkpoint) + "\n").encode())
        finally:
            os.close(fd)

    def exists(self) -> bool:
        return self.path.exists()

    def heads(self) -> Iterator[tuple[int, str, str]]:
        try:
            source = self.path.open(encoding="utf-8")
        except OSError as exc:
            raise self._unreadable(exc) from exc
        with source:
            for number, line in enumerate(source, start=1):
                head = self._head(line, number)
                if head is not None:
                    yield head

    def heads_since(
        self, size: int, last: str | None
    ) -> tuple[list[tuple[int, str, str]], int, str | None] | None:
        """The heads written after the file's first `size` bytes, with the new size and last line; None when
        the file no longer begins as it did then (its line ending at `size` is not `last`: deleted, cut back
        or replaced). Reads only what was appended since, so a check of an unmoved witness costs one seek."""
        try:
            source = self.path.open("rb")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._unreadable(exc) from exc
        with source:
            if last is not None:
                ending = (last + "\n").encode()
                if size < len(ending):
                    return None
                source.seek(size - len(ending))
                if source.read(len(ending)) != ending:
                    return None
            elif size:
                return None
            source.seek(size)
            appended = source.read()
        # Only whole lines: one being appended this instant is read the next time.
        whole = appended[: appended.rfind(b"\n") + 1]
        heads = [h for h in (self._head(line, 0) for line in whole.decode("utf-8").splitlines()) if h]
        return heads, size + len(whole), heads[-1][2] if heads else last

    def _unreadable(self, exc: OSError) -> WitnessUnreadable:
        return WitnessUnreadable(
            f"Cannot read the audit witness {str(self.path)!r} ({exc.strerror}); "
            "restore it, or point --witness at a copy."
        )

    def _head(self, line: str, number: int) -> tuple[int, str, str] | None:
        text = line.strip()
        if not text:
            return None
        try:
            data = json.loads(text)
            return int(data["seq"]), str(data["hash"]), text
        except (ValueError, KeyError, TypeError) as exc:
            where = f"Line {number} of the audit witness" if number else "A line of the audit witness"
            raise WitnessUnreadable(
                f"{where} {str(self.path)!r} is not a signed head: the witness was damaged or edited."
            ) from exc


class HttpWitness:
    """POSTs each head as JSON to an append-only collector; a non-2xx answer is a failure."""

    def __init__(self, url: str, *, client: httpx.Client | None = None, timeout: float = 5.0) -> None:
        self.url = url
        self._client = client
        self._timeout = timeout

    @property
    def name(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}"

    def record(self, checkpoint: Checkpoint) -> None:
        body = {"kind": "mailwarden.audit.head", **checkpoint.model_dump(mode="json")}
        if self._client is not None:
            self._client.post(self.url, json=body, timeout=self._timeout).raise_for_status()
            return
        with httpx.Client(timeout=self._timeout) as client:
            client.post(self.url, json=body).raise_for_status()


class SyslogWitness:
    """One syslog message per head (facility 'auth', so it lands in the protected auth log by default)."""

    def __init__(self, address: str | tuple[str, int] = "/dev/log") -> None:
        self.address = address
        self._handler: logging.handlers.SysLogHandler | None = None

    @property
    def name(self) -> str:
        where = self.address if isinstance(self.address, str) else f"{self.address[0]}:{self.address[1]}"
        return f"syslog {where}"

    def record(self, checkpoint: Checkpoint) -> None:
        if self._handler is None:
            self._handler = logging.handlers.SysLogHandler(
                address=self.address,
                facility=logging.handlers.SysLogHandler.LOG_AUTH,
                socktype=socket.SOCK_DGRAM,
            )
        message = logging.LogRecord(
            "mailwarden.audit",
            logging.INFO,
            __file__,
            0,
            "mailwarden-audit-head %s",
            (_line(checkpoint),),
            None,
        )
        self._handler.emit(message)


def witnesses_from_spec(spec: str, default_file: Path) -> list[WitnessSink]:
    """The witnesses MAILWARDEN_AUDIT_WITNESS names (default: a file beside the data)."""
    items = [item.strip() for item in spec.split(",") if item.strip()]
    if not items:
        return [FileWitness(default_file)]
    sinks: list[WitnessSink] = []
    for item in items:
        parts = urlsplit(item)
        if parts.scheme in ("http", "https"):
            if not parts.hostname:
                raise ConfigError(f"MAILWARDEN_AUDIT_WITNESS: {item!r} names no host.")
            sinks.append(HttpWitness(item))
        elif parts.scheme == "syslog":
            address: str | tuple[str, int] = (
                (parts.hostname, parts.port or 514) if parts.hostname else (parts.path or "/dev/log")
            )
            sinks.append(SyslogWitness(address))
        elif parts.scheme in ("", "file"):
            sinks.append(FileWitness(Path(parts.path if parts.scheme == "file" else item).expanduser()))
        else:
            raise ConfigError(
                f"MAILWARDEN_AUDIT_WITNESS: {item!r} is not a file path, an http(s):// URL or syslog://; "
                "list one or more of those, separated by commas."
            )
    return sinks


def readable(sinks: Sequence[WitnessSink]) -> ReadableWitness | None:
    """The witness verify reads: the first that can be read back."""
    for sink in sinks:
        if isinstance(sink, ReadableWitness):
            return sink
    return None
