"""Resolution: turn what a person wrote ("Sarah", "support@", "my manager", a GUID) into one recipient.

Tried in order, the first that matches wins:

1. "me" / "myself" / "I", and "my manager", relative to the requester;
2. a directory object id (GUID, any case, braces or not);
3. anything with an "@": an SMTP address, primary or secondary (any case, "smtp:" or not), a UPN,
   or "alias@" meaning the recipient with that alias or local part in whichever domain;
4. an alias, the part before the "@" of any address, or a display name, exactly (casefolded);
5. a person's first name, when only one person has it;
6. a close spelling of one display name.

When a step finds several recipients it raises AmbiguousRecipient with all of them: resolution never
picks one of several. When nothing matches it raises RecipientNotFound naming close matches, if any.

Attacks on the names themselves (tests/security/test_resolution_attacks.py):
- a reference is put in NFKC form first; one with an invisible character, or with letters of another
  alphabet that look like Latin ones ('suppоrt@acme.com' with a Cyrillic 'о'), never resolves silently:
  it asks which of the recipients it looks like is meant, or fails naming the foreign letter
  (directory/lookalike.py);
- an address is an identifier, so it is looked up only among addresses and UPNs, never display names; an
  address that is one recipient's proxy address and another's UPN is ambiguous, and asked about;
- a recipient hidden from address lists is never found by a name, an alias, a first name or a close
  spelling, nor suggested, for anyone. It is found by its exact address, UPN or id when an admin asks (or
  when a stored step is run), or when the requester is that recipient, one of its owners or one of its
  members (so a person can still leave a hidden list). To anyone else it does not exist: the error is the
  one an unknown address gets.
"""

from __future__ import annotations

import difflib
import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from mailwarden.directory.lookalike import LookalikeRecipient, foreign_letters, normalize_reference, skeleton
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AmbiguousRecipient, RecipientNotFound, ResolutionError
from mailwarden.model.recipients import Recipient, is_valid_address, strip_proxy_prefix

__all__ = ["BulkResolution", "Unresolved", "resolve", "resolve_all"]

_SELF = frozenset({"me", "myself", "i", "my mailbox", "my calendar", "my own mailbox"})
_MANAGER = frozenset({"my manager", "my boss", "my line manager"})
# A typo of a whole display name ("Sarah Conor") is accepted only when this close to exactly one name;
# suggestions in a not-found message may be looser.
_ACCEPT_CUTOFF = 0.85
_SUGGEST_CUTOFF = 0.6


@dataclass(frozen=True)
class Unresolved:
    """A reference of a bulk request that did not resolve, with why and, when ambiguous, the candidates."""

    reference: str
    reason: str
    candidates: tuple[Recipient, ...] = ()


class BulkResolution(NamedTuple):
    resolved: list[Recipient]
    """Distinct recipients in the order first named."""
    unresolved: list[Unresolved]


_RESOLVED: weakref.WeakKeyDictionary[Directory, dict[str, Recipient]] = weakref.WeakKeyDictionary()
"""Per directory, what each reference resolved to with no requester (a stored step's exact address): the
directory never changes after it is built, so the answer is the same every time. A bulk request names its
list in every step and each person in several passes (preview, binding, run, verification)."""
_RESOLVED_KEPT = 100_000


def resolve(directory: Directory, reference: str, *, requester: Recipient | str | None = None) -> Recipient:
    """The one recipient `reference` names; RecipientNotFound or AmbiguousRecipient otherwise."""
    if requester is not None:
        return _resolve(directory, reference, requester)
    known = _RESOLVED.get(directory)
    if known is None:
        known = _RESOLVED[directory] = {}
    found = known.get(reference)
    if found is None:
        found = _resolve(directory, reference, None)  # a failure is not kept: it raises again, as it did
        if len(known) >= _RESOLVED_KEPT:
            known.clear()
        known[reference] = found
    return found


def _resolve(directory: Directory, reference: str, requester: Recipient | str | None) -> Recipient:
    text = normalize_reference(reference).strip().strip("\"'“”‘’").strip()
    if not text:
        raise RecipientNotFound(reference, hint="Name a person, a mailbox or a list.")
    folded = " ".join(text.casefold().split())
    if folded in _SELF:
        return _requester(directory, reference, requester)
    if folded in _MANAGER:
        me = _requester(directory, reference, requester)
        manager = directory.manager(me.recipient_id)
        if manager is None:
            raise RecipientNotFound(reference, hint=f"{me.display_name} has no manager in the directory.")
        return manager
    asker = _asker(directory, requester)
    if foreign_letters(text):
        _refuse_lookalike(directory, reference, text, asker)
    guid = _as_guid(text)
    if guid is not None:
        hit = directory.get(guid)
        if hit is None or not _may_name_exactly(directory, hit, asker):
            raise RecipientNotFound(reference, hint="No directory object has this id.")
        return hit
    if "@" in text:
        return _by_address(directory, reference, strip_proxy_prefix(text), asker)
    exact = _listed([*directory.by_alias(text), *directory.with_local_part(text), *directory.named(text)])
    if exact:
        return _one(reference, exact)
    if " " not in folded:
        people = _listed(directory.by_first_name(folded))
        if people:
            return _one(reference, people)
    close = difflib.get_close_matches(folded, _listed_names(directory), n=5, cutoff=_ACCEPT_CUTOFF)
    if close:
        return _one(reference, _listed([r for name in close for r in directory.named(name)]))
    raise RecipientNotFound(reference, hint=lambda: _suggestions(directory, folded))


def resolve_all(
    directory: Directory, references: Iterable[str], *, requester: Recipient | str | None = None
) -> BulkResolution:
    """Resolve many references (a spreadsheet column, a pasted list), returning the failures, not raising."""
    resolved: dict[str, Recipient] = {}
    unresolved: list[Unresolved] = []
    for reference in references:
        try:
            r = resolve(directory, reference, requester=requester)
        except AmbiguousRecipient as exc:
            unresolved.append(Unresolved(reference, str(exc), tuple(exc.candidates)))
        except ResolutionError as exc:
            unresolved.append(Unresolved(reference, str(exc)))
        else:
            resolved.setdefault(r.recipient_id, r)
    return BulkResolution(list(resolved.values()), unresolved)


def _requester(directory: Directory, reference: str, requester: Recipient | str | None) -> Recipient:
    if requester is None:
        raise RecipientNotFound(reference, hint="It is not known who is asking; name the person instead.")
    if isinstance(requester, Recipient):
        return requester
    return resolve(directory, requester)


def _as_guid(text: str) -> str | None:
    candidate = text.strip("{}")
    if len(candidate) != 36:
        return None
    try:
        return str(uuid.UUID(candidate))
    except ValueError:
        return None


def _asker(directory: Directory, requester: Recipient | str | None) -> Recipient | None:
    """Who is asking; None for a stored step being run, whose references are exact addresses already."""
    if isinstance(requester, str):
        return directory.get(requester) or directory.address_owner(requester)
    return requester


def _may_name_exactly(directory: Directory, r: Recipient, asker: Recipient | None) -> bool:
    """Whether `asker` may reach `r` by its exact address or id (hidden recipients: see the docstring)."""
    if not r.hidden or asker is None or asker.is_admin or asker.recipient_id == r.recipient_id:
        return True
    related = {o.recipient_id for o in directory.owners(r.recipient_id)}
    related |= {m.recipient_id for m in directory.members(r.recipient_id)}
    return asker.recipient_id in related


def _listed(found: Iterable[Recipient]) -> tuple[Recipient, ...]:
    """Distinct recipients that address lists show (a hidden one is never found by a name)."""
    return tuple(r for r in _distinct(found) if not r.hidden)


_LISTED_NAMES: weakref.WeakKeyDictionary[Directory, tuple[str, ...]] = weakref.WeakKeyDictionary()
"""Per directory (which never changes once built), the display names address lists show: every reference
that is no one's exact name is compared with all of them."""


def _listed_names(directory: Directory) -> tuple[str, ...]:
    names = _LISTED_NAMES.get(directory)
    if names is None:
        names = _LISTED_NAMES[directory] = tuple(
            name for name in directory.display_names() if _listed(directory.named(name))
        )
    return names


def _refuse_lookalike(directory: Directory, reference: str, text: str, asker: Recipient | None) -> None:
    """A reference with look-alike letters: when it imitates a recipient it is not spelled as, ask which
    one is meant; when it mixes alphabets and names nobody, refuse it. Otherwise (a name written wholly in
    another alphabet, 'Иван Петров', or the exact spelling of the one recipient it looks like) resolution
    goes on as usual."""
    letters = foreign_letters(text)
    typed = strip_proxy_prefix(text).casefold()
    wanted = skeleton(typed)
    similar: list[Recipient] = []
    imitated = False
    for r in directory:
        values = (r.display_name, r.alias or "", r.upn or "", *r.addresses)
        if not any(skeleton(v) == wanted for v in values):
            continue
        if r.hidden and not _may_name_exactly(directory, r, asker):
            continue
        similar.append(r)
        imitated = imitated or not any(v.casefold() == typed for v in values)
    if imitated:
        raise LookalikeRecipient(
            reference, sorted(similar, key=lambda r: (r.display_name.casefold(), r.primary_address)), letters
        )
    if not similar and any(ch.isascii() and ch.isalpha() for ch in text):
        raise RecipientNotFound(
            reference,
            hint=f"It mixes alphabets: {', '.join(letters)} looks like a Latin letter but is not. "
            "Type the name or address again in plain letters.",
        )


def _by_address(directory: Directory, reference: str, address: str, asker: Recipient | None) -> Recipient:
    local, _, domain = address.partition("@")
    if not domain:
        # "support@": the alias, or the local part in any of the tenant's domains.
        found = _listed([*directory.by_alias(local), *directory.with_local_part(local)])
        if found:
            return _one(reference, found)
        raise RecipientNotFound(reference, hint=lambda: _suggestions(directory, local.casefold()))
    # An address is an identifier: only addresses and UPNs can match it, and when one recipient holds it
    # as a proxy address and another as its UPN, neither wins.
    hits = tuple(
        r
        for r in _distinct(h for h in (directory.by_address(address), directory.by_upn(address)) if h)
        if _may_name_exactly(directory, r, asker)
    )
    if hits:
        return _one(reference, hits)
    if is_valid_address(address) and not directory.is_internal_address(address):
        hint = (
            f"{domain!r} is not a verified domain of this tenant, so the address is outside the organisation."
        )
        raise RecipientNotFound(reference, hint=hint)
    raise RecipientNotFound(reference, hint=lambda: _suggestions(directory, local.casefold()))


def _one(reference: str, found: tuple[Recipient, ...]) -> Recipient:
    if len(found) == 1:
        return found[0]
    raise AmbiguousRecipient(
        reference, sorted(found, key=lambda r: (r.display_name.casefold(), r.primary_address))
    )


def _distinct(found: Iterable[Recipient]) -> tuple[Recipient, ...]:
    return tuple({r.recipient_id: r for r in found}.values())


def _suggestions(directory: Directory, folded: str) -> str:
    names = difflib.get_close_matches(folded, _listed_names(directory), n=3, cutoff=_SUGGEST_CUTOFF)
    labels = [r.label() for name in names for r in _listed(directory.named(name))]
    if not labels:
        return "Check the spelling, or use the full email address."
    return f"Did you mean {' or '.join(labels)}?"
