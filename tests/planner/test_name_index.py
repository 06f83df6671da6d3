"""The planner's index of names belongs to one Directory object, never to whatever reuses its memory."""

from __future__ import annotations

import gc

from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient, RecipientKind


def _person(n: int, name: str) -> Recipient:
    return Recipient(
        recipient_id=f"id-{n}",
        kind=RecipientKind.USER,
        display_name=name,
        primary_address=f"{name.split()[0].lower()}@acme.com",
        addresses=(f"{name.split()[0].lower()}@acme.com",),
        alias=name.split()[0].lower(),
    )


def _tenant(name: str) -> Directory:
    box = Recipient(
        recipient_id="box",
        kind=RecipientKind.SHARED_MAILBOX,
        display_name="Support",
        primary_address="support@acme.com",
        addresses=("support@acme.com",),
        alias="support",
    )
    return Directory([_person(1, name), _person(2, "Grace Hopper"), box])


def test_the_index_is_the_directory_objects_own_and_dies_with_it() -> None:
    """Keyed by id(directory), the index could answer a directory allocated where a freed one was with the
    freed one's names (CPython reuses addresses). Keyed weakly on the object, it is built once per object,
    shared by the planner in every time zone, and dropped with the directory."""
    import weakref

    from mailwarden.planner import rules

    directory = _tenant("Zelda Fitzgerald")
    index = rules._name_index(directory)
    assert rules._name_index(directory) is index
    other = _tenant("Quentin Blake")
    assert rules._name_index(other) is not index
    assert "quentin" in rules._name_index(other).names
    alive = weakref.ref(index)
    del directory, index
    gc.collect()
    assert alive() is None, "the index outlived its directory"
