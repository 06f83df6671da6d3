"""Red team 28, attack 2: resolution with no requester is remembered per directory snapshot. Neither a
requester's view (a hidden list) nor an older snapshot (an address that has moved since) comes from it."""

from __future__ import annotations

import pytest
from tests.directory.conftest import acme_directory

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import RecipientNotFound
from mailwarden.model.recipients import Recipient


def _with(directory: Directory, *changed: Recipient) -> Directory:
    ids = {r.recipient_id: r for r in changed}
    return Directory([ids.get(r.recipient_id, r) for r in directory], directory.domains)


def test_held_a_hidden_list_found_for_a_stored_step_stays_unknown_to_an_employee() -> None:
    acme = acme_directory()
    listed = resolve(acme, "all-hands@acme.com")
    hidden = _with(acme, listed.model_copy(update={"hidden": True}))
    assert resolve(hidden, "all-hands@acme.com").hidden  # a stored step's exact address, remembered
    employee = next(
        r
        for r in hidden
        if r.is_person
        and not r.is_admin
        and listed.recipient_id not in {g.recipient_id for g in hidden.memberships(r.recipient_id)}
        and r.recipient_id not in {o.recipient_id for o in hidden.owners(listed.recipient_id)}
    )
    with pytest.raises(RecipientNotFound):
        resolve(hidden, "all-hands@acme.com", requester=employee)
    with pytest.raises(RecipientNotFound):
        resolve(hidden, listed.display_name)  # never by a name, remembered or not
    assert not resolve(acme, "all-hands@acme.com").hidden  # the older snapshot keeps its own answer


def test_held_an_address_that_moved_resolves_to_its_new_owner_in_the_new_snapshot() -> None:
    acme = acme_directory()
    ken = resolve(acme, "ken.adams@acme.com")
    ava = resolve(acme, "ava.johnson@acme.com")
    moved = _with(
        acme,
        ken.model_copy(
            update={
                "primary_address": "ken.a@acme.com",
                "addresses": ("ken.a@acme.com",),
                "upn": "ken.a@acme.com",
            }
        ),
        ava.model_copy(update={"addresses": (*ava.addresses, "ken.adams@acme.com")}),
    )
    assert resolve(moved, "ken.adams@acme.com").recipient_id == ava.recipient_id
    assert resolve(acme, "ken.adams@acme.com").recipient_id == ken.recipient_id
