"""The recipient cache: discovery replaces it, the executor patches it, planning loads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mailwarden.errors import ConfigError
from mailwarden.model import Domain, Recipient, RecipientKind
from mailwarden.store import RecipientCache, Store, TenantRegistry

Person = Callable[..., Recipient]
DOMAINS = [Domain(name="acme.com", verified=True, default=True), Domain(name="newacme.com", verified=False)]


def _group(members: list[Recipient]) -> Recipient:
    return Recipient(
        recipient_id="0de4af3b-63b8-5f54-85b6-400ac6893211",
        kind=RecipientKind.DISTRIBUTION_LIST,
        display_name="All Sales",
        primary_address="all-sales@acme.com",
        alias="all-sales",
        owners=(members[0].recipient_id,),
        members=tuple(m.recipient_id for m in members),
        member_join_restriction="Closed",
    )


def test_replace_then_load_round_trips_recipients_domains_and_relations(
    store: Store, acme_tenant: str, person: Person
) -> None:
    """What discovery stored comes back as an equal Directory, with memberships and domains."""
    people = [person(i, manager_id=str(person(0).recipient_id) if i else None) for i in range(5)]
    group = _group(people[:3])
    counts = RecipientCache(store).replace_all(acme_tenant, [*people, group], DOMAINS)
    assert counts == {"user": 5, "distribution_list": 1}

    directory = RecipientCache(store).load_directory(acme_tenant)
    assert sorted(directory, key=lambda r: r.recipient_id) == sorted(
        [*people, group], key=lambda r: r.recipient_id
    )
    assert set(directory.domains) == set(DOMAINS)
    assert [m.recipient_id for m in directory.members(group.recipient_id)] == list(group.members)
    assert directory.manager_chain(people[3].recipient_id) == (people[0],)


def test_replace_all_drops_what_discovery_no_longer_finds(
    store: Store, acme_tenant: str, person: Person
) -> None:
    """A recipient deleted in the tenant disappears from the cache at the next discovery."""
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(1), person(2)], DOMAINS)
    cache.replace_all(acme_tenant, [person(2)], DOMAINS)
    assert [r.primary_address for r in cache.load_directory(acme_tenant)] == ["person2@acme.com"]
    assert cache.lookup_address(acme_tenant, "p1@acme.com") is None


def test_lookup_address_finds_any_proxy_address_in_any_case(
    store: Store, acme_tenant: str, person: Person
) -> None:
    """A secondary address written as Exchange writes it finds its recipient without loading everything."""
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(7)], DOMAINS)
    found = cache.lookup_address(acme_tenant, "smtp:P7@ACME.com")
    assert found == person(7)


def test_upsert_changes_one_recipient_and_moves_its_addresses(
    store: Store, acme_tenant: str, person: Person
) -> None:
    """After a primary address change the new address finds the recipient and the dropped one does not."""
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(1), person(2)], DOMAINS)
    renamed = person(1, primary_address="new1@acme.com", addresses=("new1@acme.com", "person1@acme.com"))
    cache.upsert(acme_tenant, renamed)
    cache.upsert(acme_tenant, person(3))

    assert cache.lookup_address(acme_tenant, "new1@acme.com") == renamed
    assert cache.lookup_address(acme_tenant, "p1@acme.com") is None
    directory = cache.load_directory(acme_tenant)
    assert len(directory) == 3
    assert directory.by_address("person1@acme.com") == renamed


def test_remove_forgets_the_recipient_and_its_addresses(
    store: Store, acme_tenant: str, person: Person
) -> None:
    """A deleted list is gone from the cache and from address lookups."""
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(1), person(2)], DOMAINS)
    assert cache.remove(acme_tenant, person(1).recipient_id.upper())
    assert not cache.remove(acme_tenant, person(1).recipient_id)
    assert cache.lookup_address(acme_tenant, "person1@acme.com") is None
    assert [r.recipient_id for r in cache.load_directory(acme_tenant)] == [person(2).recipient_id]


def test_freshness_is_the_end_of_the_last_successful_discovery(
    store: Store, acme_tenant: str, person: Person
) -> None:
    """No discovery, no freshness; a failed one does not make the cache fresher."""
    cache = RecipientCache(store)
    assert cache.freshness(acme_tenant) is None
    before = dt.datetime.now(dt.UTC)
    run = cache.begin_discovery(acme_tenant)
    cache.replace_all(acme_tenant, [person(1)], DOMAINS, run_id=run)
    fresh = cache.freshness(acme_tenant)
    assert fresh is not None
    assert before - dt.timedelta(seconds=1) <= fresh <= dt.datetime.now(dt.UTC)

    failed = cache.begin_discovery(acme_tenant)
    cache.fail_discovery(failed, "Throttled by Graph")
    cache.upsert(acme_tenant, person(2))
    assert cache.freshness(acme_tenant) == fresh


def test_tenants_are_kept_apart(store: Store, acme_tenant: str, person: Person) -> None:
    """Two tenants may hold the same address; each sees only its own recipients."""
    registry = TenantRegistry(store)
    registry.add(registry.get(acme_tenant).model_copy(update={"tenant_key": "contoso"}))  # type: ignore[union-attr]
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(1)], DOMAINS)
    cache.replace_all("contoso", [person(1, display_name="Contoso One"), person(2)], [])
    assert [r.display_name for r in cache.load_directory(acme_tenant)] == ["Person 1"]
    assert len(cache.load_directory("contoso")) == 2
    assert cache.lookup_address("contoso", "person1@acme.com").display_name == "Contoso One"  # type: ignore[union-attr]


def test_removing_a_tenant_removes_its_cache(store: Store, acme_tenant: str, person: Person) -> None:
    """Forgetting a tenant leaves nothing of it behind."""
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(1)], DOMAINS)
    assert TenantRegistry(store).remove(acme_tenant)
    with pytest.raises(ConfigError, match="No tenant named 'acme'"):
        cache.load_directory(acme_tenant)
    assert cache.lookup_address(acme_tenant, "person1@acme.com") is None


def test_unknown_tenant_is_a_configuration_error(store: Store, person: Person) -> None:
    """Discovering into a tenant nobody registered is refused with what to do."""
    with pytest.raises(ConfigError, match="add it before discovering"):
        RecipientCache(store).replace_all("nobody", [person(1)], DOMAINS)


def test_registering_a_tenant_twice_is_refused_unless_replacing(store: Store, acme_tenant: str) -> None:
    """A tenant key names one tenant; re-adding it must be deliberate."""
    registry = TenantRegistry(store)
    record = registry.get(acme_tenant)
    assert record is not None
    with pytest.raises(ConfigError, match="exists already"):
        registry.add(record)
    registry.add(record.model_copy(update={"display_name": "Acme Corp."}), replace=True)
    assert [t.display_name for t in registry.all()] == ["Acme Corp."]


def test_a_large_discovery_round_trips(store: Store, acme_tenant: str, person: Person) -> None:
    """Ten thousand recipients are replaced and loaded in one go."""
    people = [person(i) for i in range(10_000)]
    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, people, DOMAINS)
    directory = cache.load_directory(acme_tenant)
    assert len(directory) == 10_000
    assert directory.by_address("p9999@acme.com") == people[9999]


def test_a_delta_round_that_fails_half_way_leaves_the_cache_and_its_links_as_they_were(
    store: Store, acme_tenant: str, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removals, upserts and the next round's deltaLinks are one transaction (on SQLite and PostgreSQL
    alike, now on Core): a round cut short must not leave recipients changed with the old links, or the
    new links with half the changes (the next round would never fetch the rest)."""
    from mailwarden.store import recipient_cache

    cache = RecipientCache(store)
    cache.replace_all(acme_tenant, [person(1), person(2)], DOMAINS)
    links = {"role_holders": {}, "last_round": {}}
    cache.apply_delta(
        acme_tenant, upserts=[], removals=[], users_delta_link="u1", groups_delta_link="g1", **links
    )
    real = recipient_cache._upsert_recipient

    def fails_on_the_second(connection: object, tenant: str, recipient: Recipient, when: dt.datetime) -> None:
        if recipient.recipient_id == person(4).recipient_id:
            raise RuntimeError("connection lost")
        real(connection, tenant, recipient, when)  # type: ignore[arg-type]

    monkeypatch.setattr(recipient_cache, "_upsert_recipient", fails_on_the_second)
    with pytest.raises(RuntimeError):
        cache.apply_delta(
            acme_tenant,
            upserts=[person(3), person(4)],
            removals=[person(1).recipient_id],
            users_delta_link="u2",
            groups_delta_link="g2",
            **links,
        )
    state = cache.sync_state(acme_tenant)
    assert state is not None
    assert (state.users_delta_link, state.groups_delta_link) == ("u1", "g1")
    assert sorted(cache.get_many(acme_tenant, [person(n).recipient_id for n in (1, 2, 3)])) == sorted(
        [person(1).recipient_id, person(2).recipient_id]
    )
    assert cache.lookup_address(acme_tenant, "p1@acme.com") == person(1)
