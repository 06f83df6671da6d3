"""A recipient whose directory fields hold a NUL character (Graph's JSON can carry \\u0000; PostgreSQL's
text and JSONB cannot store it)."""

from __future__ import annotations

from collections.abc import Callable

from mailwarden.model import Domain, Recipient
from mailwarden.store import RecipientCache, Store

Person = Callable[..., Recipient]


def test_one_recipient_with_a_nul_does_not_fail_a_whole_discovery(
    store: Store, acme_tenant: str, person: Person
) -> None:
    cache = RecipientCache(store)
    odd = person(2, display_name="Eve\x00Admin", department="Sa\x00les")
    cache.replace_all(acme_tenant, [person(1), odd], [Domain(name="acme.com", verified=True, default=True)])
    directory = cache.load_directory(acme_tenant)
    assert len(directory) == 2
    found = directory.by_address("person2@acme.com")
    assert found is not None
    assert "\x00" not in found.display_name
    assert found.display_name != "EveAdmin"  # the character is shown as replaced, not silently dropped
