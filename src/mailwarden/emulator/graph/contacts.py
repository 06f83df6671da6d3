"""`/contacts`: the tenant's organizational contacts (Exchange mail contacts)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from mailwarden.emulator.graph import odata
from mailwarden.emulator.graph.auth import CONTACTS_READ, session
from mailwarden.emulator.graph.errors import GraphRoute, not_found
from mailwarden.emulator.graph.objects import CONTACT, contact_json
from mailwarden.emulator.state import TenantState

router = APIRouter(route_class=GraphRoute)


def _contacts(state: TenantState) -> odata.Producer:
    def produce(rid: str) -> odata.Entity | None:
        r = state.get(rid)
        return contact_json(r) if r is not None and r.kind == "MailContact" else None

    return produce


@router.get("/contacts")
def list_contacts(request: Request) -> Response:
    with session(request, CONTACTS_READ) as state:
        query = odata.parse_query(request, CONTACT)
        return odata.listing(
            request, query, state.sorted_ids(), _contacts(state), context="contacts", default=CONTACT.default
        )


@router.get("/contacts/$count")
def count_contacts(request: Request) -> Response:
    with session(request, CONTACTS_READ) as state:
        return odata.count_response(request, CONTACT, state.sorted_ids(), _contacts(state))


@router.get("/contacts/{contact_id}")
def get_contact(contact_id: str, request: Request) -> Response:
    with session(request, CONTACTS_READ) as state:
        item = _contacts(state)(contact_id)
        if item is None:
            raise not_found(contact_id)
        return odata.entity_response(request, "contacts", item, CONTACT)
