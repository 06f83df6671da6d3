"""The directory: an immutable in-memory index over a tenant's recipients, built once per snapshot.

Built from the recipient cache (or, in tests, from the Acme fixture); resolution, the planner and the
policy read it without I/O. Every lookup is a dict access; nothing here changes after construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import MappingProxyType

from mailwarden.model.domains import Domain
from mailwarden.model.recipients import Recipient, strip_proxy_prefix

__all__ = ["Directory"]


def _key(value: str) -> str:
    return strip_proxy_prefix(value).casefold()


class Directory:
    """Every recipient of one tenant with indexes by id, address, UPN, alias and display name."""

    def __init__(self, recipients: Iterable[Recipient], domains: Iterable[Domain] = ()) -> None:
        by_id: dict[str, Recipient] = {}
        for r in recipients:
            by_id[r.recipient_id] = r
        self._by_id = MappingProxyType(by_id)
        self._domains = MappingProxyType({d.name: d for d in domains})

        by_address: dict[str, Recipient] = {}
        by_upn: dict[str, Recipient] = {}
        by_alias: dict[str, list[Recipient]] = {}
        by_name: dict[str, list[Recipient]] = {}
        by_local_part: dict[str, list[Recipient]] = {}
        by_first_name: dict[str, list[Recipient]] = {}
        memberships: dict[str, list[Recipient]] = {}
        owned: dict[str, list[Recipient]] = {}
        reports: dict[str, list[Recipient]] = {}
        for r in by_id.values():
            for address in r.addresses:
                by_address.setdefault(address, r)
                by_local_part.setdefault(address.split("@", 1)[0], []).append(r)
            if r.upn:
                by_upn.setdefault(r.upn, r)
            if r.alias:
                by_alias.setdefault(r.alias.casefold(), []).append(r)
            by_name.setdefault(r.display_name.casefold(), []).append(r)
            if r.is_person and r.display_name.split():
                by_first_name.setdefault(r.display_name.split()[0].casefold(), []).append(r)
            for member_id in r.members:
                memberships.setdefault(member_id, []).append(r)
            for owner_id in r.owners:
                owned.setdefault(owner_id, []).append(r)
            if r.manager_id:
                reports.setdefault(r.manager_id, []).append(r)
        self._by_address = by_address
        self._by_upn = by_upn
        self._by_alias = {k: tuple(v) for k, v in by_alias.items()}
        self._by_name = {k: tuple(v) for k, v in by_name.items()}
        self._by_first_name = {k: tuple(v) for k, v in by_first_name.items()}
        self._by_local_part = {k: tuple(dict.fromkeys(v)) for k, v in by_local_part.items()}
        self._memberships = {k: tuple(v) for k, v in memberships.items()}
        self._owned = {k: tuple(v) for k, v in owned.items()}
        self._reports = {k: tuple(v) for k, v in reports.items()}

    # ---- the whole -------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Recipient]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, recipient_id: object) -> bool:
        return isinstance(recipient_id, str) and recipient_id.lower() in self._by_id

    @property
    def domains(self) -> tuple[Domain, ...]:
        return tuple(self._domains.values())

    # ---- single lookups --------------------------------------------------------------------------
    def get(self, recipient_id: str) -> Recipient | None:
        return self._by_id.get(recipient_id.strip().lower())

    def by_address(self, address: str) -> Recipient | None:
        """The recipient holding `address` as any SMTP proxy address (any case, 'smtp:' or not)."""
        return self._by_address.get(_key(address))

    def by_upn(self, upn: str) -> Recipient | None:
        return self._by_upn.get(upn.strip().casefold())

    def address_owner(self, address: str) -> Recipient | None:
        """Who already uses `address`, as a proxy address or as a UPN (an address must not be reused)."""
        return self.by_address(address) or self.by_upn(address)

    def by_alias(self, alias: str) -> tuple[Recipient, ...]:
        return self._by_alias.get(alias.strip().casefold(), ())

    def named(self, display_name: str) -> tuple[Recipient, ...]:
        """Recipients whose display name is `display_name`, compared casefolded (several may share one)."""
        return self._by_name.get(display_name.strip().casefold(), ())

    def by_first_name(self, first_name: str) -> tuple[Recipient, ...]:
        """People (users, guests, contacts) whose display name starts with the word `first_name`."""
        return self._by_first_name.get(first_name.strip().casefold(), ())

    def with_local_part(self, local_part: str) -> tuple[Recipient, ...]:
        """Recipients with an address 'local_part@<any domain>'."""
        return self._by_local_part.get(local_part.strip().casefold(), ())

    def display_names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    # ---- relations -------------------------------------------------------------------------------
    def members(self, group_id: str) -> tuple[Recipient, ...]:
        """The direct members of a group that are in this directory."""
        group = self.get(group_id)
        if group is None:
            return ()
        return tuple(m for m in (self._by_id.get(i) for i in group.members) if m is not None)

    def memberships(self, recipient_id: str) -> tuple[Recipient, ...]:
        """The groups `recipient_id` is a direct member of."""
        return self._memberships.get(recipient_id.strip().lower(), ())

    def owners(self, recipient_id: str) -> tuple[Recipient, ...]:
        r = self.get(recipient_id)
        if r is None:
            return ()
        return tuple(o for o in (self._by_id.get(i) for i in r.owners) if o is not None)

    def owned_by(self, recipient_id: str) -> tuple[Recipient, ...]:
        """The groups and mailboxes `recipient_id` owns."""
        return self._owned.get(recipient_id.strip().lower(), ())

    def manager(self, recipient_id: str) -> Recipient | None:
        r = self.get(recipient_id)
        if r is None or r.manager_id is None:
            return None
        return self._by_id.get(r.manager_id)

    def manager_chain(self, recipient_id: str) -> tuple[Recipient, ...]:
        """The manager, the manager's manager ... up to the top; stops at a loop, which directories allow."""
        chain: list[Recipient] = []
        seen = {recipient_id.strip().lower()}
        current = self.manager(recipient_id)
        while current is not None and current.recipient_id not in seen:
            chain.append(current)
            seen.add(current.recipient_id)
            current = self.manager(current.recipient_id)
        return tuple(chain)

    def direct_reports(self, recipient_id: str) -> tuple[Recipient, ...]:
        return self._reports.get(recipient_id.strip().lower(), ())

    # ---- domains ---------------------------------------------------------------------------------
    def domain(self, name: str) -> Domain | None:
        return self._domains.get(name.strip().lower())

    @property
    def default_domain(self) -> Domain | None:
        return next((d for d in self._domains.values() if d.default), None)

    def is_internal_address(self, address: str) -> bool:
        """Whether `address` is in one of the tenant's verified domains."""
        domain = self.domain(_key(address).rpartition("@")[2])
        return domain is not None and domain.verified
