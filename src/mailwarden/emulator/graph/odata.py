"""OData query options as Graph applies them to directory collections.

`$select`, `$top` (default 100, 1..999; a page holds at most 100 with `$expand`), `$filter` (see
filter.py), `$search`, `$count`, `$expand`, `$orderby` and paging with an opaque `$skiptoken` in
`@odata.nextLink`. Advanced queries (`ne`, `not`, `endsWith`, `$search`, the `/$count` segment) need
`ConsistencyLevel: eventual` — and, for the filter operators, `$count=true` — or Graph answers 400;
`$count=true` without the header is silently ignored, as in Graph. With `$orderby`, a page sorts the
whole collection first.

Without `$orderby`, a listing walks candidate ids from the position its skiptoken names and stops one
match past the page, so each page costs about its own size rather than the size of the tenant.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse

from mailwarden.emulator.graph.errors import GraphError, bad_request, unsupported_query
from mailwarden.emulator.graph.filter import Filter, parse_filter

DEFAULT_PAGE = 100
MAX_PAGE = 999
MAX_EXPANDED_PAGE = 100
"""With `$expand`, a page of directory objects holds at most 100 whatever `$top` asks ("$expand on
directory objects: Returns a maximum of 100 objects", Graph known issue 13635 and
learn.microsoft.com/graph/query-parameters#expand-parameter, as quoted on techcommunity.microsoft.com
discussions 3885391 and 4203190: `/users?$expand=manager&$top=999` answers 100 users and a nextLink)."""
_TOKEN_PREFIX = "mw1:"
_ADVANCED_HINT = (
    "Operator '{}' is not supported because the required parameters might be missing. Try adding "
    "$count=true query parameter and ConsistencyLevel:eventual header. Refer to "
    "https://aka.ms/graph-docs/advanced-queries for more information"
)
_SEARCH_HEADER = (
    "Request with $search query parameter only works through MSGraph with a special request header: "
    "'ConsistencyLevel: eventual'"
)
_SEARCH_CLAUSE = re.compile(r'"(?P<prop>[^":]+):(?P<term>[^"]*)"|(?P<op>\bAND\b|\bOR\b)', re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")

Entity = dict[str, Any]
Producer = Callable[[str], Entity | None]
Decorator = Callable[[Entity, Entity], None]
Defaults = Sequence[str] | Callable[[Entity], Sequence[str]]


@dataclass(frozen=True)
class EntityType:
    """A Graph type: its name, the properties its JSON carries, and those returned without `$select`."""

    name: str
    properties: tuple[str, ...]
    default: tuple[str, ...]
    searchable: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Search:
    clauses: tuple[tuple[str, str], ...]
    any_of: bool

    def matches(self, item: Entity) -> bool:
        hits = (_search_hit(item.get(prop), term) for prop, term in self.clauses)
        return any(hits) if self.any_of else all(hits)


def _search_hit(value: Any, term: str) -> bool:
    # Graph's directory search is tokenized: a term matches the start of any word of the property.
    if not isinstance(value, str):
        return False
    term = term.lower()
    return value.lower().startswith(term) or any(w.startswith(term) for w in _WORD.findall(value.lower()))


@dataclass(frozen=True)
class Query:
    """The query options of one request, validated against the entity type it lists."""

    select: tuple[str, ...] | None
    top: int
    start: int
    count: bool
    eventual: bool
    filter: Filter | None
    search: _Search | None
    expand: frozenset[str]
    orderby: tuple[tuple[str, bool], ...] = ()  # (property, descending)

    def wants(self, item: Entity) -> bool:
        if self.filter is not None and not self.filter.matches(item):
            return False
        return self.search is None or self.search.matches(item)


def _option(request: Request, name: str) -> str | None:
    return request.query_params.get(name)


def _eventual(request: Request) -> bool:
    return (request.headers.get("consistencylevel") or "").strip().lower() == "eventual"


def parse_select(
    request: Request, entity: EntityType, *, extra: Iterable[str] = ()
) -> tuple[str, ...] | None:
    raw = _option(request, "$select")
    if raw is None or not raw.strip():
        return None
    known = set(entity.properties) | set(extra)
    chosen = tuple(p.strip() for p in raw.split(",") if p.strip())
    for prop in chosen:
        if prop not in known and prop != "*":
            raise bad_request(
                f"Parsing OData Select and Expand failed: Could not find a property named '{prop}' on type "
                f"'{entity.name}'.",
                "BadRequest",
            )
    return None if "*" in chosen else chosen


def _parse_search(raw: str) -> _Search:
    clauses: list[tuple[str, str]] = []
    any_of = False
    for m in _SEARCH_CLAUSE.finditer(raw):
        if m.group("op"):
            any_of = any_of or m.group("op").upper() == "OR"
        else:
            clauses.append((m.group("prop").strip(), m.group("term")))
    if not clauses:
        raise bad_request(f"Invalid $search query: '{raw}'.", "BadRequest")
    return _Search(tuple(clauses), any_of)


def _split_top_level(raw: str) -> list[str]:
    """Split `a,b($select=x,y)` at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for ch in raw:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return [p for p in parts if p]


def _decode_skiptoken(raw: str) -> int:
    expired = GraphError(
        400,
        "Directory_ExpiredPageToken",
        "The specified page token value has expired and can no longer be included in your request.",
    )
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        index = int(text[len(_TOKEN_PREFIX) :]) if text.startswith(_TOKEN_PREFIX) else -1
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise expired from exc
    if index < 0:
        raise expired
    return index


def _encode_skiptoken(index: int) -> str:
    return base64.urlsafe_b64encode(f"{_TOKEN_PREFIX}{index}".encode()).decode().rstrip("=")


def parse_query(request: Request, entity: EntityType, *, count_segment: bool = False) -> Query:
    """Read and validate the request's query options for a collection of `entity`."""
    eventual = _eventual(request)
    count_requested = (_option(request, "$count") or "").lower() == "true"
    raw_top = _option(request, "$top")
    top = DEFAULT_PAGE
    if raw_top is not None:
        try:
            top = int(raw_top)
        except ValueError as exc:
            raise bad_request(
                f"Invalid value '{raw_top}' for $top query option found.", "BadRequest"
            ) from exc
        if not 1 <= top <= MAX_PAGE:
            raise unsupported_query(
                f"Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive."
            )
    raw_filter = _option(request, "$filter")
    flt = parse_filter(raw_filter, entity.name, entity.properties) if raw_filter else None
    if flt is not None and flt.advanced and not (eventual and (count_requested or count_segment)):
        raise unsupported_query(_ADVANCED_HINT.format(flt.advanced[0]))
    raw_search = _option(request, "$search")
    search = None
    if raw_search is not None:
        if not eventual:
            raise unsupported_query(_SEARCH_HEADER)
        search = _parse_search(raw_search)
        for prop, _term in search.clauses:
            if prop not in entity.searchable:
                raise unsupported_query(f"Unsupported query: $search is not supported on property '{prop}'.")
    raw_token = _option(request, "$skiptoken")
    expand = frozenset(_split_top_level(_option(request, "$expand") or ""))
    return Query(
        select=parse_select(request, entity),
        top=min(top, MAX_EXPANDED_PAGE) if expand else top,
        start=_decode_skiptoken(raw_token) if raw_token else 0,
        count=count_requested and eventual,
        eventual=eventual,
        filter=flt,
        search=search,
        expand=expand,
        orderby=_parse_orderby(request, entity),
    )


def _parse_orderby(request: Request, entity: EntityType) -> tuple[tuple[str, bool], ...]:
    keys: list[tuple[str, bool]] = []
    for part in (_option(request, "$orderby") or "").split(","):
        words = part.split()
        if not words:
            continue
        if words[0] not in entity.properties or len(words) > 2 or words[1:] not in ([], ["asc"], ["desc"]):
            raise bad_request(
                f"Invalid $orderby clause '{part.strip()}' for type '{entity.name}'.", "BadRequest"
            )
        keys.append((words[0], words[1:] == ["desc"]))
    return tuple(keys)


def _ordered(query: Query, ids: Sequence[str], produce: Producer) -> Sequence[str]:
    """The ids in `$orderby` order (missing values last); paging then indexes this order."""
    if not query.orderby:
        return ids
    items = [(rid, item) for rid in ids if (item := produce(rid)) is not None]
    for prop, descending in reversed(query.orderby):
        present = [(rid, item) for rid, item in items if item.get(prop) is not None]
        missing = [(rid, item) for rid, item in items if item.get(prop) is None]
        present.sort(key=lambda pair: _fold_key(pair[1][prop]), reverse=descending)
        items = present + missing
    return [rid for rid, _item in items]


def _fold_key(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def project(item: Entity, select: Sequence[str] | None, default: Sequence[str]) -> Entity:
    """The properties a response carries: the `$select`ed ones, else the type's default set."""
    keys = select if select is not None else default
    out = {k: item[k] for k in keys if k in item}
    if "@odata.type" in item:
        out = {"@odata.type": item["@odata.type"], **out}
    return out


def context_url(request: Request, fragment: str, select: Sequence[str] | None = None) -> str:
    suffix = f"({','.join(select)})" if select else ""
    return f"{graph_base(request)}/$metadata#{fragment}{suffix}"


def graph_base(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}/v1.0"


def _next_link(request: Request, index: int) -> str:
    pairs = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "$skiptoken"]
    pairs.append(("$skiptoken", _encode_skiptoken(index)))
    query = urlencode(pairs, safe="$',()/:@")
    return f"{request.url.scheme}://{request.url.netloc}{request.url.path}?{query}"


def listing(
    request: Request,
    query: Query,
    ids: Sequence[str],
    produce: Producer,
    *,
    context: str,
    default: Defaults,
    decorate: Decorator | None = None,
) -> JSONResponse:
    """One page of the collection: `produce(id)` gives an entity's full JSON (None to skip the id).

    `decorate(full, projected)` may add expanded navigation properties to each returned item.
    """
    ids = _ordered(query, ids, produce)
    page: list[Entity] = []
    next_index: int | None = None
    index = query.start
    while index < len(ids):
        item = produce(ids[index])
        if item is not None and query.wants(item):
            if len(page) == query.top:
                next_index = index
                break
            shown = project(item, query.select, default(item) if callable(default) else default)
            if decorate is not None:
                decorate(item, shown)
            page.append(shown)
        index += 1
    body: dict[str, Any] = {"@odata.context": context_url(request, context, query.select)}
    if query.count:
        body["@odata.count"] = count_matches(query, ids, produce)
    if next_index is not None:
        body["@odata.nextLink"] = _next_link(request, next_index)
    body["value"] = page
    return JSONResponse(body)


def count_matches(query: Query, ids: Sequence[str], produce: Producer) -> int:
    total = 0
    for rid in ids:
        item = produce(rid)
        if item is not None and query.wants(item):
            total += 1
    return total


def count_response(
    request: Request, entity: EntityType, ids: Sequence[str], produce: Producer
) -> PlainTextResponse:
    """The `/$count` segment: a bare number as text/plain, only for advanced queries."""
    if not _eventual(request):
        raise bad_request("$count is not currently supported.")
    query = parse_query(request, entity, count_segment=True)
    return PlainTextResponse(str(count_matches(query, ids, produce)))


def entity_response(
    request: Request,
    context: str,
    item: Entity,
    entity: EntityType,
    *,
    default: Sequence[str] | None = None,
    extra: Entity | None = None,
) -> JSONResponse:
    """A single entity, honouring `$select`; `extra` adds expanded navigation properties."""
    select = parse_select(request, entity)
    body = {
        "@odata.context": context_url(request, context, select) + "/$entity",
        **project(item, select, entity.default if default is None else default),
        **(extra or {}),
    }
    return JSONResponse(body)
