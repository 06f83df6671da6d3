"""Stored copies of an older default policy, recognised so that they are upgraded, never widened.

A tenant that saved the default policy with `policy set` (or `policy show > file`, then set it back) keeps
deciding with that copy: a rule the default gained since does not reach it (policy/compare.py says what it
lacks). Where the copy was stored AS the default, nobody chose anything in it, and mailwarden decides with
the current default instead (`PolicyStore.text`): security 26's approval rule for an address change that
hands over forwarded mail (`admin-approves-address-taking-forwarded-mail`, which the run-time re-check
needs, workflow/redecision.py) then reaches it. A copy with any rule changed, added or removed is the
tenant's own: it is never replaced (that could widen what its admins narrowed); the health check and
`policy show` warn what it lacks (compare.py).

Provenance (red team 36). Whether a copy was stored as the default is recorded when it is stored (migration
0013, `PolicyStore.set`): the text was the then-current shipped default (comments, blank lines and trailing
spaces aside: they decide nothing), or it was not. The text alone cannot say: an admin who narrows today's
default by taking a permit out can end with an older default verbatim (the default of 0744e38 is today's
without `owner-revokes-others-access`), and reading that as today's default gave the permit back silently.
So an older default set today is the tenant's own, as written.

Rows stored before provenance was recorded have none; the text decides for them, as it did: one whose text
is a default shipped before then (`UNRECORDED_DEFAULTS`, frozen: no later default can match a row stored
before it shipped) follows the current default. Migration 0013 says why.
"""

from __future__ import annotations

import hashlib

__all__ = [
    "SHIPPED_DEFAULTS",
    "UNRECORDED_DEFAULTS",
    "fingerprint",
    "is_shipped_default",
    "is_unrecorded_default",
]

UNRECORDED_DEFAULTS = frozenset(
    {
        "db710adc53ad3e5f2d764c71bc997ea8fff47adc6da57a95f107d955aafd45fa",  # d9eaff1 (2026-12-06)
        "9e0a533aca41002708b2203fdbf1f6d84851347f1f4e8b42bb082486b1038439",  # 4000ccf (2026-12-06)
        "952a4304cd533aeaf0fc6cd71f0d1377eb96622bedd16aa5a406e738df770716",  # 1bd03ee (2026-12-06)
        "9bd4671de16f40c48e3e35eefa0593fab578c8eea7e24066b7a7e0d96014e5b9",  # 8f81d53 (2026-12-06)
        "80ca1de7a81549073dce721f3839e6025b68c700cc91615df87f74c8d1b7f8eb",  # 045f710 (2026-12-05)
        "8b5c0da6989d484df525f1de789e86be1d4b6b27ed84503b8e30f976ffa117c5",  # d957a66 (2026-12-05)
        "ea74154439ee89a1e2d07ca209e019e1c78075b3497c896dec31376d85fdc7db",  # 5f214c7 (2026-12-05)
        "ab8ca189683356a3e9c11f09329664392268b7399bc13e30486fb8799e4b45a5",  # 9cd07d4 (2026-12-05)
        "393fcfcd2b4d0f5197bd067c15f8dc8cebf450f3a23ba62589c1970181e989bd",  # f4b524a (2026-12-05)
        "e328bce6d1b53d63a45686abb58c893913c292cb3a791bd594ce4c3da4b16ba2",  # a8091ef (2026-12-05)
        "fd155762343b46d077b4875df1713432a1871e4755c72fe1d18dcfdb7c5d86d6",  # e215b09 (2026-12-05)
        "ab8f76d040aeed2141f988269b4d489a8519e1931f302da4cb632334c7b6a7db",  # 6aa404a (2026-12-05)
        "027a421eaef6316fb4902f6d6085fa19c5f3e33af39950032bcac6196ab4d222",  # e373cf7 (2026-12-05)
        "6bee529cd32adfa181818ad32bf5a8be5e261acf6f5932f4ecc28cabb1369614",  # 941f2c8 (2026-12-05)
        "72ef6fa85210a269fad623ff1a6531826fc2a118270edec4f3dd83c1e2c817dc",  # 0744e38 (2026-12-04)
        "5432d735887554459b6e92b191af26b496e0fbfa58775379bbf61f3eba673067",  # d726c63 (2026-12-04)
        "bf7a6623ee001f4f6361c6f92eefd611d8f7a6d87577188347d8c7270b20a968",  # dab284c (2026-11-23)
    }
)
"""The `fingerprint` of every default policy mailwarden shipped before it recorded a stored policy's
provenance (git history of default.cedar up to migration 0013). Frozen: it decides only for rows stored
before then."""

SHIPPED_DEFAULTS = UNRECORDED_DEFAULTS | frozenset(
    {
        # defaults shipped since provenance was recorded: added when default.cedar changes
        "c855037364cbcb4ead1921391862810f984e204710f156977fe95d6b2adce755",  # sec70 (2026-12-07)
    }
)
"""The `fingerprint` of every default policy mailwarden has shipped (git history of default.cedar): to
tell an admin that the text they set is an older default, kept as written."""


def fingerprint(text: str) -> str:
    """SHA-256 of a policy text without what decides nothing: whole-line comments, blank lines, trailing
    spaces and line-ending style. A comment after code on the same line is kept (a copy with one counts as
    the tenant's own: never upgraded, only warned about)."""
    kept = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if line and not line.lstrip().startswith("//"):
            kept.append(line)
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


def is_shipped_default(text: str) -> bool:
    """Whether `text` is a default policy mailwarden shipped, unmodified (`fingerprint`)."""
    return fingerprint(text) in SHIPPED_DEFAULTS


def is_unrecorded_default(text: str) -> bool:
    """Whether `text`, stored with no provenance (before it was recorded), is a default shipped before then,
    unmodified: stored as the default of its release, so it follows the current one."""
    return fingerprint(text) in UNRECORDED_DEFAULTS
