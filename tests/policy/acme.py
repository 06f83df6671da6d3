"""The Acme demo tenant as the policy sees it: its directory, its admins and its mailbox delegates.

The directory comes from the shared fixture builder of the directory tests; admins (the fixture's
`exchange_admin` flag) and delegates (its Full Access, Send As and Send on Behalf lists) are read from
the packaged fixture, since the directory itself does not carry roles or permissions.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.seed import load_fixture
from mailwarden.model.recipients import Recipient
from mailwarden.policy import Org
from mailwarden.workflow.list_rights import HeldRight, ListRights, address_carrier
from tests.directory.conftest import acme_directory

__all__ = ["NAMES", "acme_org", "address", "by_address", "org"]


@cache
def acme_org() -> Org:
    """The Acme Org; cached, since it is immutable."""
    directory = acme_directory()
    fixture = load_fixture()

    def id_of(address: str) -> str:
        found = directory.by_address(address)
        assert found is not None, address
        return found.recipient_id

    admins = frozenset(id_of(u["primary_smtp"]) for u in fixture["users"] if u["exchange_admin"])
    delegates = {
        id_of(m["primary_smtp"]): frozenset(
            id_of(a) for key in ("full_access", "send_as", "send_on_behalf") for a in m.get(key, [])
        )
        for m in fixture["shared_mailboxes"]
    }
    # What the groups hold on mailboxes, as if read live in full: the fixture gives no group any right
    # (tests/security/test_redteam21_access_through_a_list.py decides adds to groups that do).
    holding = {
        a
        for m in [*fixture["users"], *fixture["shared_mailboxes"]]
        for key in _RIGHTS
        for a in m.get(key, [])
    }
    groups = frozenset(r.recipient_id for r in directory if r.is_group)
    assert not {id_of(a) for a in holding} & groups, "the fixture's groups hold no mailbox rights"
    return Org(directory=directory, admins=admins, delegates=delegates, list_rights=ListRights(read=groups))


_RIGHTS = ("full_access", "send_as", "send_on_behalf")


def by_address(address: str) -> Recipient:
    found = acme_org().directory.by_address(address)
    assert found is not None, address
    return found


NAMES = {
    "grace": "grace.hopper@acme.com",
    "ken": "ken.adams@acme.com",
    "olivia": "olivia.martin@acme.com",
    "sarah": "sarah@acme.com",
    "john": "john@acme.com",
    "mike": "mike.smith@acme.com",
    "jane": "jane.doe@acme.com",
    "priya": "priya.patel@acme.com",
    "alex": "alex.kim@acme.com",
    "alexuk": "alexander.kim@acme.co.uk",
    "david": "david.chen@acme.com",
    "chris": "chris.lee@acme.com",
    "christine": "christine.lee@acme.com",
    "maria": "maria.garcia@acme.com",
    "tom": "tom.becker@acme.com",
    "emma": "emma.wilson@acme.com",
    "ava": "ava.johnson@acme.com",
    "lucas": "lucas.rossi@acme.com",
    "rachel": "rachel.green@acme.com",
    "sam": "sam.taylor@acme.co.uk",
    "pat": "pat.gone@acme.com",
    "vera": "vera@vendorco.example",
    "partner": "john@partnerfirm.example",
    "outsider": "nobody@elsewhere.example",
    "support": "support@acme.com",
    "sales": "sales@acme.com",
    "billing": "billing@acme.com",
    "hr": "hr@acme.com",
    "info": "info@acme.com",
    "careers": "careers@acme.com",
    "finance": "finance@acme.com",
    "ukoffice": "office@acme.co.uk",
    "boardroom": "boardroom@acme.com",
}
"""Short names for the Acme recipients the policy tests talk about; a group is named by its local part."""


def address(name: str) -> str:
    """The address of a short name ('john'), a group's local part ('all-sales') or an address."""
    if "@" in name:
        return name
    return NAMES.get(name, f"{name}@acme.com")


def _variant(disabled: frozenset[str] = frozenset()) -> Directory:
    base = acme_directory()
    ids = {by_address(address(n)).recipient_id for n in disabled}
    return Directory(
        [r.model_copy(update={"enabled": False}) if r.recipient_id in ids else r for r in base],
        base.domains,
    )


def _opened(group: str) -> Directory:
    """Acme with `group` open to join."""
    base = acme_directory()
    gid = by_address(address(group)).recipient_id
    return Directory(
        [
            r.model_copy(update={"member_join_restriction": "Open"}) if r.recipient_id == gid else r
            for r in base
        ],
        base.domains,
    )


def _nested() -> Directory:
    """Acme with lists nested in lists (one nesting a cycle, as Exchange allows)."""
    base = acme_directory()
    inside = {"marketing": "finance-team", "finance-team": "marketing", "all-hands": "engineering"}
    inside["project-phoenix"] = "all-sales"
    extra: dict[str, list[str]] = {}
    for child, parent in inside.items():
        extra.setdefault(by_address(address(parent)).recipient_id, []).append(
            by_address(address(child)).recipient_id
        )
    return Directory(
        [r.model_copy(update={"members": (*r.members, *extra.get(r.recipient_id, ()))}) for r in base],
        base.domains,
    )


@cache
def org(name: str) -> Org:
    """One of the Acme variants the golden table runs against.

    acme        the fixture: one admin (grace)
    acme2       two admins (grace, ken), so four-eyes approvals have someone to go to
    sensitive   acme2, with support, john's mailbox and marketing marked sensitive, and owners set by an
                admin: info owned by jane, careers by pat (disabled), engineering by pat
    priya-off   acme2 with priya (a manager and an owner) disabled
    co-owned    acme2 with support owned by sarah and chris together
    ra-owned    acme2 with david (an employee) co-owner and member of user-admins (role-assignable)
    unread      acme2 with project-phoenix's isAssignableToRole not read
    nested      acme2 with lists inside lists: marketing (Open) and finance-team (Closed, mike) inside each
                other (a cycle), all-hands (Open) inside engineering (ApprovalRequired, david),
                project-phoenix (a public Microsoft 365 group) inside all-sales (Closed, priya)
    """
    base = acme_org()
    ken = by_address(address("ken")).recipient_id
    two = frozenset(base.admins | {ken})

    def ids(*names: str) -> tuple[str, ...]:
        return tuple(by_address(address(n)).recipient_id for n in names)

    if name == "acme":
        return base
    if name == "acme2":
        return Org(base.directory, two, base.delegates, list_rights=base.list_rights)
    if name == "sensitive":
        return Org(
            base.directory,
            two,
            base.delegates,
            list_rights=base.list_rights,
            sensitive=frozenset(ids("support", "john", "marketing")),
            owners={
                ids("info")[0]: ids("jane"),
                ids("careers")[0]: ids("pat"),
                ids("engineering")[0]: ids("pat"),
            },
        )
    if name == "co-owned":
        return Org(
            base.directory,
            two,
            base.delegates,
            list_rights=base.list_rights,
            owners={ids("support")[0]: ids("sarah", "chris")},
        )
    if name == "priya-off":
        return Org(_variant(frozenset({"priya"})), two, base.delegates, list_rights=base.list_rights)
    if name == "nested":
        return Org(_nested(), two, base.delegates, list_rights=base.list_rights)
    # finance-team (a mail-enabled security group, Closed, owned by mike) with Full Access on tom's mailbox;
    # on the shared mailbox support only; unread; and finance-team open to join with either.
    held = {"fin-tom": ("tom", True), "fin-sup": ("support", False)}
    for variant, (box, person) in held.items():
        for prefix, directory in (("", base.directory), ("open-", _opened("finance-team"))):
            if name == prefix + variant:
                fin = ids("finance-team")[0]
                right = HeldRight(fin, "FullAccess", ids(box)[0], address(box), person)
                rights = ListRights(
                    read=base.list_rights.read if base.list_rights else frozenset(),
                    held=(right,),
                    by_carrier={fin: (right,)},
                )
                return Org(directory, two, base.delegates, list_rights=rights)
    # ea-desk@acme.com, an address nobody holds, receives tom's forwarded mail (desk-tom), the shared
    # mailbox support's (desk-sup), or whose it receives could not be read (desk-unread): security 26.
    desk = address_carrier("ea-desk@acme.com")
    read = (base.list_rights.read if base.list_rights else frozenset()) | {desk}
    for variant, (box, person) in {"desk-tom": ("tom", True), "desk-sup": ("support", False)}.items():
        if name in (variant, f"{variant}-sole"):
            right = HeldRight(desk, "Forwarded mail", ids(box)[0], address(box), person)
            rights = ListRights(read=read, held=(right,), by_carrier={desk: (right,)})
            return Org(
                base.directory,
                base.admins if name.endswith("-sole") else two,
                base.delegates,
                list_rights=rights,
            )
    if name == "desk-unread":
        return Org(
            base.directory, two, base.delegates, list_rights=ListRights(read=read, failure="1 read failed")
        )
    if name == "desk-none":
        return Org(base.directory, two, base.delegates, list_rights=ListRights(read=read))
    # user-admins (role-assignable, User Administrator) with an employee co-owner and member, david (sec70)
    if name == "ra-owned":
        gid = ids("user-admins")[0]
        david = ids("david")[0]
        directory = Directory(
            [
                r.model_copy(update={"owners": (*r.owners, david), "members": (*r.members, david)})
                if r.recipient_id == gid
                else r
                for r in base.directory
            ],
            base.directory.domains,
        )
        return Org(directory, two, base.delegates, list_rights=base.list_rights)
    # project-phoenix (a public Microsoft 365 group) whose isAssignableToRole was not read: security 70
    if name == "unread":
        pid = ids("project-phoenix")[0]
        directory = Directory(
            [
                r.model_copy(update={"role_assignable": None}) if r.recipient_id == pid else r
                for r in base.directory
            ],
            base.directory.domains,
        )
        return Org(directory, two, base.delegates, list_rights=base.list_rights)
    if name == "fin-unread":
        return Org(base.directory, two, base.delegates)
    if name == "fin-tom-sole":
        return replace(org("fin-tom"), admins=base.admins)
    raise KeyError(name)
