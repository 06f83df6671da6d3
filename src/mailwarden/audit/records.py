"""What an audit record holds, how it is hashed, and how no secret gets into it (masked, or refused first).

A record's hash is sha256 over the canonical JSON of every field but `hash` (sorted keys, no
whitespace, UTF-8, time as ISO 8601 UTC with microseconds), `prev_hash` included: changing any
field, or the record before it, changes the hash.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, JsonValue

from mailwarden.connectors.secret import Secret
from mailwarden.errors import ConfigError

__all__ = [
    "GENESIS_HASH",
    "AuditRecord",
    "TenantAuditRecord",
    "canonical_json",
    "check_no_secrets",
    "fields_for_hash",
    "format_time",
    "mask_secrets",
    "record_hash",
    "refuse_secret_text",
]

GENESIS_HASH = "0" * 64
"""The `prev_hash` of record 1, and the hash the genesis checkpoint (seq 0) signs."""


class AuditRecord(BaseModel):
    """One event in the global audit chain: who did what, on whose behalf, to what, from what to what."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    """Position in the one chain shared by every tenant, from 1, without gaps."""
    time: dt.datetime
    """When it was recorded (aware, UTC)."""
    tenant: str
    event: str
    """What happened: 'request.submitted', 'request.confirmed', 'step.applied', 'policy.set', ..."""
    actor: str
    """Who did it: an address, 'system' or 'scheduler'."""
    on_behalf_of: str | None
    channel: str
    """Where it came from: 'cli', 'api', 'web', 'scheduler'."""
    request_id: str | None
    action: str | None
    target: str | None
    before: JsonValue
    after: JsonValue
    detail: dict[str, JsonValue]
    prev_hash: str
    """The hash of record seq-1 (GENESIS_HASH for record 1)."""
    hash: str
    """sha256 (hex) over the canonical JSON of every other field."""

    def hashed_fields(self) -> dict[str, Any]:
        """The fields the hash covers, as plain JSON values."""
        return fields_for_hash(
            seq=self.seq,
            time=self.time,
            tenant=self.tenant,
            event=self.event,
            actor=self.actor,
            on_behalf_of=self.on_behalf_of,
            channel=self.channel,
            request_id=self.request_id,
            action=self.action,
            target=self.target,
            before=self.before,
            after=self.after,
            detail=self.detail,
            prev_hash=self.prev_hash,
        )

    def computed_hash(self) -> str:
        """The hash this record's fields call for; differs from `hash` when the record was changed."""
        return record_hash(self.hashed_fields())


class TenantAuditRecord(BaseModel):
    """One of a tenant's records as a customer of a shared installation reads it (list, export, page).

    Numbered among the tenant's own records (`ordinal`), not by `seq`: the gaps between a tenant's seqs
    count every other tenant's records. The hashes are left out too: a record's `hash` covers its seq, so
    with the other fields anyone can try the numbers until it matches (and `prev_hash` is the hash of the
    record before, often the tenant's own). Its chain is verified by the installation (`verify_for_tenant`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ordinal: int
    """The record's place among its tenant's records, in the order they were written, from 1."""
    time: dt.datetime
    tenant: str
    event: str
    actor: str
    on_behalf_of: str | None
    channel: str
    request_id: str | None
    action: str | None
    target: str | None
    before: JsonValue
    after: JsonValue
    detail: dict[str, JsonValue]


def format_time(time: dt.datetime) -> str:
    """The one spelling of a time inside a hash: ISO 8601, UTC, microseconds, 'Z'."""
    if time.tzinfo is None:
        raise ValueError("audit times must be timezone-aware (use datetime.now(UTC))")
    return time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fields_for_hash(
    *,
    seq: int,
    time: dt.datetime,
    tenant: str,
    event: str,
    actor: str,
    on_behalf_of: str | None,
    channel: str,
    request_id: str | None,
    action: str | None,
    target: str | None,
    before: Any,
    after: Any,
    detail: Mapping[str, Any],
    prev_hash: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "time": format_time(time),
        "tenant": tenant,
        "event": event,
        "actor": actor,
        "on_behalf_of": on_behalf_of,
        "channel": channel,
        "request_id": request_id,
        "action": action,
        "target": target,
        "before": before,
        "after": after,
        "detail": dict(detail),
        "prev_hash": prev_hash,
    }


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, no NaN: the same value always gives the same text."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"audit values must be plain JSON (str, number, bool, None, list, dict): {exc}"
        ) from exc


def record_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields).encode()).hexdigest()


# ---- no secret enters the log ---------------------------------------------------------------------------

_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
# A JWT: base64url header and payload, both JSON objects (so both start with 'eyJ'), and a signature.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# mailwarden's own API token (api/tokens.py): 'mwt_', the token's id (16 hex), '_', its secret.
_API_TOKEN = re.compile(r"mwt_[0-9a-f]{16}_[A-Za-z0-9_-]{20,}")
# What replaces a secret-shaped part of a recorded value (`mask_secrets`): none of the shapes above. A masked
# part carries a short hash of itself, so two different values never record alike (two admins, two keys of a
# mapping: red team 81 F4, F6) while the part itself is never stored.
_MASK = "«masked: {}»"
# Each shape as masked: its literal (looked for first), the part replaced, what it is. A PEM key is masked
# from its header to its footer; with no footer, its header and the base64 after it (the lines, or the long
# words), never the rest of the text (a name shaped like a header must not swallow the message: red team
# 81 F5).
_SHAPES = (
    (
        "-----BEGIN ",
        re.compile(
            r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----"
            r"|(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]+={0,2}(?=[ \t]*(?:\r?\n|$))|\s+[A-Za-z0-9+/]{16,}={0,2})*)",
            re.DOTALL,
        ),
        "a PEM private key",
    ),
    ("eyJ", _JWT, "a JWT (a token)"),
    ("mwt_", _API_TOKEN, "a mailwarden API token"),
)
# Keys whose value is a credential whatever it looks like; compared without case, '_' or '-'.
_SECRET_KEYS = frozenset(
    {"clientsecret", "password", "privatekey", "accesstoken", "refreshtoken", "idtoken", "clientassertion"}
)


def mask_secrets(where: str, value: Any) -> tuple[Any, list[str]]:
    """`value` with every part that looks like a secret (what `check_no_secrets` refuses) replaced by a mask
    naming what it was, and the places masked (`where` and the keys and indexes down to each); `value`
    itself, and no place, when nothing looks like one.

    What the audit log records of the tenant (a display name in a preview, a message quoting it) is not a
    secret someone typed: a group's owner may name it like a token. Refusing the whole record would stop
    whatever it records (the end of a grant to that group: red team 79); masking keeps the record and keeps
    the secret-shaped text out. Typed text is still refused before anything is written (`refuse_secret_text`).
    """
    if _secret_in(value) is None:
        return value, []
    places: list[str] = []
    return _masked(value, where, places), places


def _masked(value: Any, where: str, places: list[str]) -> Any:
    if isinstance(value, Secret):
        places.append(where)
        return _MASK.format("a Secret")
    if isinstance(value, str):
        return _masked_text(value, where, places)
    if isinstance(value, Mapping):
        found = len(places)
        items: dict[Any, Any] = {}
        for key, item in value.items():
            name = _masked_text(key, where, places) if isinstance(key, str) else key  # named masked only
            if (name != key and name in value) or name in items:  # never one entry for two keys
                name = f"{name}#{len(items)}"
            place = f"{where}[{name!r}]"
            if _key_name(str(key)) in _SECRET_KEYS:
                places.append(place)
                items[name] = _MASK.format(f"a {_key_name(str(key))!r} value")
            else:
                items[name] = _masked(item, place, places)
        return items if len(places) > found else value
    if isinstance(value, list | tuple | set | frozenset):
        found = len(places)
        masked = [_masked(item, f"{where}[{index}]", places) for index, item in enumerate(value)]
        return masked if len(places) > found else value
    return value


def _masked_text(text: str, where: str, places: list[str]) -> str:
    masked = text
    for literal, pattern, what in _SHAPES:
        if literal in masked:
            masked = pattern.sub(functools.partial(_mask_of, what), masked)
    if masked != text:
        places.append(where)
    return masked


def _mask_of(what: str, found: re.Match[str]) -> str:
    return _MASK.format(f"{what} #{_digest(found[0])}")


def _digest(part: str) -> str:
    """Tells masked parts apart: 48 bits of a token's, a key's hash say nothing of the token or the key."""
    return hashlib.sha256(part.encode()).hexdigest()[:12]


def check_no_secrets(where: str, value: Any) -> None:
    """ValueError naming the place (never the value) if `value` holds something that looks like a secret.

    Refused: a `Secret`, a PEM private key block, a JWT, a mailwarden API token, and a mapping key such as
    'client_secret' or 'password'. Record a reference instead ('thumbprint ...', 'secret rotated').
    """
    found = _secret_in(value)
    if found is not None:
        path, what = found
        raise _refusal(where + "".join(f"[{step!r}]" for step in path), what)


def _secret_in(value: Any) -> tuple[tuple[Any, ...], str] | None:
    """Where in `value` (the keys and indexes down to it) something looks like a secret, and what; None when
    nothing does. The place is named only when something is found: a bulk run audits thousands of records."""
    if isinstance(value, Secret):
        return (), "a Secret"
    if isinstance(value, str):
        # Each pattern starts with its literal, looked for first (far cheaper than the search).
        if "-----BEGIN " in value and _PRIVATE_KEY.search(value):
            return (), "a PEM private key"
        if "eyJ" in value and _JWT.search(value):
            return (), "a JWT (a token)"
        if "mwt_" in value and _API_TOKEN.search(value):
            return (), "a mailwarden API token"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if _key_name(str(key)) in _SECRET_KEYS:
                return (key,), f"a {key!r} key"
            if isinstance(key, str) and _secret_in(key) is not None:
                return (), "a key that looks like a secret"  # the place never names it
            found = _secret_in(item)
            if found is not None:
                return (key, *found[0]), found[1]
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            found = _secret_in(item)
            if found is not None:
                return (index, *found[0]), found[1]
    return None


@functools.lru_cache(maxsize=4096)
def _key_name(key: str) -> str:
    """A mapping key as compared with _SECRET_KEYS: lowercase, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


def refuse_secret_text(what: str, text: Any) -> None:
    """ConfigError when what a person typed (a reason, a name, a step's values) holds what the audit log
    refuses.

    Checked before anything is written: the record that would carry the text is written after the change
    it records, so a refusal only then would leave the change done and unaudited."""
    if not text:
        return
    try:
        check_no_secrets(what, text)
    except ValueError:
        raise ConfigError(
            f"The {what} seems to hold a secret (a token or a private key), and the audit log that keeps "
            "it never holds one. Remove it and refer to it instead (a ticket number, a name)."
        ) from None


def _refusal(where: str, what: str) -> ValueError:
    return ValueError(
        f"Refusing to write {what} into the audit log ({where}); record a reference to it instead "
        "(a name, a thumbprint, 'rotated'), never the secret itself."
    )
