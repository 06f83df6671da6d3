"""Which of many Cedar requests must get the same answer, so that Cedar is asked only one of each kind.

A bulk request adds a thousand people to one list: the requests differ only in `context.subject`, and the
people have a few dozen distinct shapes (kind, role, enabled, manager, groups). Cedar cannot read an
entity's id (no operator takes one apart; `==`, `in`, attribute access and `is` see only the graph), so
two requests that differ only in which of two entities is the subject get the same answer when the two
entities are interchangeable: the same type, attributes and parents, and neither named anywhere else (in
another entity, or elsewhere in the request). Swapping their ids then maps the store onto itself and one
request onto the other, and Cedar's evaluation, a function of the graph, cannot tell them apart.

An entity that is named anywhere else (someone's manager, an owner, a delegate, a group with members, the
requester, the resource) is never folded: its id matters, and its request is asked as it is. So is one
the policy names itself (`context.subject == Recipient::"<id>"`: a tenant's policy is free Cedar text,
and a literal is the one place Cedar sees an id; swapping two ids maps the store onto itself but not such
a policy, so red team 77 had a forbid on one person answered with another's allow): the caller passes
the policy's literals.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = ["representatives"]

_Uid = tuple[str, str]


def representatives(
    entities: Sequence[dict[str, Any]],
    requests: Sequence[dict[str, Any]],
    in_policy: frozenset[_Uid] = frozenset(),
) -> list[int]:
    """For each request, the index of the first request that Cedar must answer exactly as it (itself when
    there is none): asking the representatives alone gives every answer. `in_policy`: the entity literals the
    policy set names ((type, id) pairs), never folded."""
    named = _uids([[e.get("attrs"), e.get("parents")] for e in entities]) | in_policy
    by_uid = {uid: e for e in entities if (uid := _uid(e.get("uid"))) is not None}
    shapes: dict[_Uid, str | None] = {}
    first: dict[tuple[str, str], int] = {}
    out: list[int] = []
    for i, request in enumerate(requests):
        shape = _subject_shape(request, named, by_uid, shapes)
        if shape is None:
            out.append(i)
            continue
        rest = {**request, "context": {k: v for k, v in request["context"].items() if k != "subject"}}
        out.append(first.setdefault((json.dumps(rest, sort_keys=True), shape), i))
    return out


def _subject_shape(
    request: dict[str, Any],
    named: set[_Uid],
    by_uid: dict[_Uid, dict[str, Any]],
    shapes: dict[_Uid, str | None],
) -> str | None:
    """The subject's shape (type, attributes, parents) when it may be folded with another of that shape;
    None when its id matters: named by another entity, by itself, or elsewhere in the request."""
    context = request.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("subject"), dict):
        return None
    subject = _uid(context["subject"].get("__entity"))
    if subject is None or subject in named:
        return None
    elsewhere = [
        request.get("principal"),
        request.get("resource"),
        *(v for k, v in context.items() if k != "subject"),
    ]
    if subject in _uids(elsewhere):
        return None
    if subject not in shapes:
        entity = by_uid.get(subject)
        shapes[subject] = (
            None
            if entity is None
            else json.dumps([subject[0], entity.get("attrs"), entity.get("parents")], sort_keys=True)
        )
    return shapes[subject]


def _uid(value: Any) -> _Uid | None:
    if isinstance(value, dict) and isinstance(value.get("type"), str) and isinstance(value.get("id"), str):
        return (value["type"], value["id"])
    return None


def _uids(value: Any) -> set[_Uid]:
    """Every entity uid named anywhere in `value` (a reference, a parent, a uid). Walked with a stack of its
    own, not a generator per dict and list: a bulk decision walks every entity of its chunk (issue 14)."""
    found: set[_Uid] = set()
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            uid = _uid(item)
            if uid is not None:
                found.add(uid)
            todo.extend(item.values())
        elif isinstance(item, list | tuple):
            todo.extend(item)
    return found
