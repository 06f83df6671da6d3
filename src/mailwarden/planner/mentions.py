"""Finding the people and resources a request names, and where: addresses, ids, quoted names, "me",
"my manager", pronouns, and the tenant's own names (display names, first names, aliases).

A mention keeps the reference as written (resolution happens later, in compose) together with what the
directory says it could be (its possible kinds) and the small facts of grammar the rules planner uses to
give it a role: the word before it ("to", "from", "for") and whether it is possessive ("Olivia's").
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import AmbiguousRecipient, ResolutionError
from mailwarden.model.recipients import Recipient, RecipientKind
from mailwarden.planner.kept_patterns import compile_kept
from mailwarden.planner.lexicon import (
    ACCOUNT_IT_GAP,
    ACCOUNT_SAID_AFTER,
    ACCOUNT_SAID_BEFORE,
    CHANGE_VERBS,
    CLAUSE_BREAK,
    CLAUSE_JOINED_CHANGE,
    COMMON_WORDS,
    COORDINATED_NAME,
    DESCRIPTION_SKIPPED,
    FROM_NAMES_THE_ORIGIN,
    FROM_NEXT,
    GROUP_KIND_WORD,
    IN_ASKS_MEMBERSHIP,
    IN_NAME,
    IN_NAMES_THE_DESTINATION,
    KIND_NOUNS,
    KNOWN_NAME_TEAM_GAP,
    LIST_GAP,
    LIST_KIND_WORDS,
    LIST_NEXT,
    LIST_SHORTHAND,
    MAIL_OF_NAME,
    NAME_AFTER_MEMBERS_LABEL,
    NAME_ALSO_TIME,
    NAME_LIST_GOES_ON,
    NAME_SLOT_WORD,
    NAMESAKE_QUALIFIER,
    NEW_NAME_BEFORE,
    NLU101_GIVEN_TO_BEFORE,
    NLU101_RIGHT_GIVEN_AFTER,
    NLU135_SPACED_LIST_AFTER,
    NLU135_SPACED_LIST_BEFORE,
    NLU148_JOINED_AFTER,
    NLU148_OWNER_NO_POSSESSIVE,
    NOT_UNKNOWN_NAMES,
    NOTHING_OWNED_AFTER,
    OWNED_MAILBOX_THEN_BRACKET,
    OWNER_BRACKET_CLOSE,
    OWNER_BRACKET_OPEN,
    PERSON_DESCRIBED,
    PERSON_SUBJECT_AFTER,
    PLACE_IDIOM_AFTER,
    PLACE_IDIOM_BEFORE,
    PLACE_IDIOM_WORDS,
    POSSESSIVE_MARK,
    QUALIFIER_CLIPPED,
    QUALIFIER_NAMES_A_LIST,
    REVOKE,
    RIGHT_FOR_NAME,
    RIGHT_THEN_FOR,
    ROLE_AFTER,
    SUBJECT_FORWARDS_AFTER,
    SUITE_NAME_AFTER,
    SURNAME_WORD_AUXILIARIES,
    SURNAME_WORD_BARE_VERBS,
    SURNAME_WORD_OBJECT_VERBS,
    SURNAME_WORD_PREPOSITIONS,
    SURNAME_WORDS,
    TEAM_WORD_AFTER,
    TO_NEXT,
    UNKNOWN_NAME_BEFORE_TEAM,
)

__all__ = [
    "GROUP_KINDS",
    "MAILBOX_KINDS",
    "PERSON_KINDS",
    "Mention",
    "NameIndex",
    "find_mentions",
    "mask_mentions",
]

PERSON_KINDS = frozenset({RecipientKind.USER, RecipientKind.GUEST, RecipientKind.CONTACT})
MAILBOX_KINDS = frozenset({RecipientKind.SHARED_MAILBOX, RecipientKind.ROOM_MAILBOX})
GROUP_KINDS = frozenset(
    {RecipientKind.DISTRIBUTION_LIST, RecipientKind.MAIL_ENABLED_SECURITY, RecipientKind.M365_GROUP}
)

_ADDRESS = compile_kept(r"(?<![\w.+'-])[a-z0-9][a-z0-9._%+'-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_BARE_ALIAS = compile_kept(r"(?<![\w.+'-])([a-z0-9][a-z0-9._-]*)@(?![a-z0-9])")
_GUID = compile_kept(r"\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?")
_QUOTED = compile_kept(r"\"([^\"]{1,80})\"|(?<![\w])'([^']{1,80})'(?![\w])")
_MANAGER = compile_kept(
    r"\b(?:my|our)\s+(?:line\s+|direct\s+|own\s+)?(?:manager|boss|supervisor|lead|team lead)\b"
)
# the comma (or dash, or "who is") between a name and the description of that same person after it
_APPOSITIVE_GAP = compile_kept(r"\s*(?:,|\(|[-–—])\s*(?:who(?:'s| is)\s+)?")
_SELF_POSSESSIVE = compile_kept(r"\bmy(?:\s+own)?\b(?=\s+\w)")
_SELF = compile_kept(r"\b(?:me|myself|i)\b(?!['’]\w)|\bi(?=['’](?:m|d|ll|ve)\b)|\bmine\b")
_PRONOUN_PERSON = compile_kept(r"\b(?:him|her|them|his|their|hers|theirs)\b")
_PRONOUN_GROUP = compile_kept(
    r"\b(?:the\s+old\s+(?:list|dl|group|distribution list)|that\s+(?:list|dl|group)|"
    r"the\s+(?:source|original|former)\s+"
    r"(?:list|dl|group)|the\s+same\s+(?:list|dl|group)|(?<=\bdelete\s)it|(?<=\bremove\s)it|"
    # "We don't use all-sales@ any more; remove the list entirely": the list just named, deleted
    r"(?<=\b(?:delete|remove|retire)\s)(?:the|this)\s+(?:list|dl|group|distribution\s+list))\b"
)
_OWNED_NOUN = compile_kept(
    r"\s+(?:own\s+)?(?:calendar|diary|schedule|mailbox|inbox|mail|email|emails|e-mail|access|address|account|"
    r"messages|meetings|appointments|invites|invitations|events|primary|alias|free|availability|send|full|"
    r"rights|permissions?|behalf)\b"
)
_POSSESSIVE_AFTER = compile_kept(r"^['’]s?\b|^['’](?=\s)")


@dataclass(frozen=True)
class Mention:
    """One reference in the text."""

    ref: str
    """What the person wrote, as a reference for resolution ("sarah@acme.com", "me", "Alex Kim")."""
    start: int
    end: int
    kinds: frozenset[RecipientKind] = frozenset()
    """What the directory says it may be; empty when it names nothing (a new address, a typo)."""
    literal: bool = False
    """Written as an email address (the only way to name something that does not exist yet)."""
    possessive: bool = False
    """"Olivia's", "my": the owner of what follows."""
    pronoun: str = ""
    """'person' or 'group' for him/her/them/the old list: stands for an earlier mention."""
    quoted: bool = False
    surface: str = field(default="", compare=False)
    """The text as written, original case."""
    group_hint: bool = False
    """Names nothing known but reads as a list's name ("the Zebra Club list"): resolution will ask."""
    before: str = field(default="", compare=False)
    """The word before the mention, articles skipped ("to", "from", "for", "as" ...)."""
    before2: str = field(default="", compare=False)
    """The word before that ("send" in "send as X")."""

    @property
    def is_person(self) -> bool:
        return bool(self.kinds & PERSON_KINDS) or self.ref in ("me", "my manager")

    @property
    def is_mailbox_resource(self) -> bool:
        return bool(self.kinds & MAILBOX_KINDS)

    @property
    def is_group(self) -> bool:
        return bool(self.kinds & GROUP_KINDS) or self.group_hint

    @property
    def known(self) -> bool:
        return bool(self.kinds) or self.ref in ("me", "my manager")


class NameIndex:
    """The tenant's names as one pattern, longest first: display names, first names, aliases, local parts."""

    def __init__(self, directory: Directory) -> None:
        keys: set[str] = set()
        self.surnames = frozenset(
            r.display_name.split()[-1].casefold()
            for r in directory
            if r.is_person and not r.hidden and len(r.display_name.split()) > 1
        )
        self.first_names = frozenset(
            r.display_name.split()[0].casefold() for r in directory if r.is_person and r.display_name.split()
        )
        by_surname: dict[str, set[str]] = {}
        for r in directory:
            if r.is_person and not r.hidden and len(r.display_name.split()) > 1:
                by_surname.setdefault(r.display_name.split()[-1].casefold(), set()).add(r.display_name)
        self.by_surname = {k: frozenset(v) for k, v in by_surname.items()}
        """The people of each surname, by their display names ("lee": Chris Lee, Christine Lee)."""
        for r in directory:
            if r.hidden:
                continue  # found only by exact address (directory/resolve.py), never by a name in the text
            keys.add(r.display_name.casefold())
            if r.is_person and r.display_name.split():
                keys.add(r.display_name.split()[0].casefold())
            if r.alias:
                keys.add(r.alias.casefold())
            for address in r.addresses:
                keys.add(address.split("@", 1)[0])
        keys = {k for k in keys if len(k) > 1 and k.strip()}
        self.spaced = {
            spaced: k
            for r in directory
            if r.kind in GROUP_KINDS and not r.hidden
            for k in {r.display_name.casefold(), (r.alias or "").casefold()}
            if "-" in k and (spaced := k.replace("-", " ")) not in keys
        }
        """A list's hyphenated name said with spaces ("the all sales list"): the name it is."""
        said = "|".join(
            re.escape(k).replace(r"\ ", r"\s+") for k in sorted(self.spaced, key=len, reverse=True)
        )
        self.spaced_pattern = (
            re.compile(
                rf"(?<![\w@.-])(?:{said})(?=\s+(?:distribution\s+)?(?:list|group|dl)\b)"
                # "remove pat from all sales pls": said alone as what one joins or leaves (nlu135)
                rf"|(?:{NLU135_SPACED_LIST_BEFORE})(?:{said}){NLU135_SPACED_LIST_AFTER}",
                re.IGNORECASE,
            )
            if said
            else None
        )
        self.names = sorted(keys)
        """Every name and alias, whole: what a misspelt one is compared with."""
        self.joined = {
            joined: r.display_name
            for r in directory
            if r.is_person and not r.hidden and len(r.display_name.split()) > 1
            if (joined := "".join(r.display_name.casefold().split())) not in keys
        }
        """A person's full name typed as one word ("alexkim"): the name it is (nlu57)."""
        self.mail_names: dict[str, str] = {}
        """A person's full name as their address spells it ("Alexander Kim" for alexander.kim@, shown as
        Alex Kim): the local part it is. Only a given name the shown one shortens, with the shown surname,
        so the name picks that one person, never a namesake whose address spells it otherwise."""
        for r in directory:
            shown = r.display_name.casefold().split()
            if not r.is_person or r.hidden or len(shown) < 2:
                continue
            for address in r.addresses:
                local = address.split("@", 1)[0].casefold()
                given, dot, surname = local.partition(".")
                spaced = f"{given} {surname}"
                if (
                    dot
                    and "." not in surname
                    and surname == shown[-1]
                    and given != shown[0]
                    and given.startswith(shown[0])
                    and spaced not in keys
                ):
                    self.mail_names[spaced] = local
        said_mail = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in self.mail_names)
        self.mail_name_pattern = (
            re.compile(rf"(?<![\w@.+'-])(?:{said_mail})(?![\w@-])") if said_mail else None
        )
        self.keys = frozenset(w for k in keys for w in k.split())
        self.kinds: dict[tuple[str, str], frozenset[RecipientKind]] = {}
        self.close: dict[tuple[str, str], str | None] = {}
        ordered = sorted(keys, key=len, reverse=True)
        # "ken+grace" joins two names as "ken + grace" does (batch 34); a "+" opening a word ("+44", "+1")
        # starts no name
        self.pattern = (
            re.compile(
                r"(?<![\w@.'-])(?<![^\w]\+)(?<!^\+)("
                + "|".join(re.escape(k) for k in ordered)
                + r")(?![\w@-])(?!\.\w)"
            )
            if ordered
            else re.compile(r"(?!x)x")
        )


def find_mentions(text: str, directory: Directory, requester: Recipient, index: NameIndex) -> list[Mention]:
    """Every mention in `text` (already cleaned), in order, without overlaps; earlier patterns win."""
    low = text.lower()
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(mention: Mention) -> None:
        taken.append((mention.start, mention.end))
        found.append(mention)

    def kinds_of(ref: str) -> frozenset[RecipientKind]:
        # Cached per directory snapshot and requester: a failed lookup runs a spelling search of every
        # name, which would otherwise dominate the planning time.
        key = (ref, requester.recipient_id)
        if key not in index.kinds:
            try:
                found = frozenset({resolve(directory, ref, requester=requester).kind})
            except AmbiguousRecipient as exc:
                found = frozenset(c.kind for c in exc.candidates if isinstance(c, Recipient))
            except ResolutionError:
                found = frozenset()
            if len(index.kinds) > 10_000:
                index.kinds.clear()
            index.kinds[key] = found
        return index.kinds[key]

    for m in _QUOTED.finditer(text):
        inner = (m.group(1) or m.group(2) or "").strip()
        if not inner:
            continue
        ref = inner.lower() if _ADDRESS.fullmatch(inner.lower()) else inner
        add(Mention(ref, m.start(), m.end(), kinds_of(ref), literal="@" in ref, quoted=True))
    for m in _ADDRESS.finditer(low):
        if free(m.start(), m.end()):
            add(Mention(m.group(0), m.start(), m.end(), kinds_of(m.group(0)), literal=True))
    for m in _BARE_ALIAS.finditer(low):
        if free(m.start(), m.end()):
            add(Mention(m.group(0), m.start(), m.end(), kinds_of(m.group(0))))
    for m in _GUID.finditer(low):
        if free(m.start(), m.end()):
            add(Mention(m.group(0).strip("{}"), m.start(), m.end(), kinds_of(m.group(0))))
    me = frozenset({requester.kind})
    for m in _MANAGER.finditer(low):
        if free(m.start(), m.end()):
            add(Mention("my manager", m.start(), m.end(), kinds_of("my manager") or me))
    for m in _SELF_POSSESSIVE.finditer(low):
        if free(m.start(), m.end()):
            add(Mention("me", m.start(), m.end(), me, possessive=True))
    for m in _SELF.finditer(low):
        # A lower-case "i" is the requester only where it stands alone (not "i.e.", not a list bullet "i)").
        if free(m.start(), m.end()) and not (m.group(0) == "i" and low[m.end() : m.end() + 1] in (".", ")")):
            add(Mention("me", m.start(), m.end(), me, possessive=m.group(0) == "mine"))
    for m in _PRONOUN_PERSON.finditer(low):
        if free(m.start(), m.end()):
            add(
                Mention(
                    m.group(0),
                    m.start(),
                    m.end(),
                    pronoun="person",
                    possessive=m.group(0) in ("his", "their", "hers", "theirs")
                    or (
                        m.group(0) == "her"
                        and (_OWNED_NOUN.match(low[m.end() :]) or ROLE_AFTER.match(low[m.end() :]))
                        is not None
                    ),
                )
            )
    for m in _PRONOUN_GROUP.finditer(low):
        if free(m.start(), m.end()):
            add(Mention(m.group(0), m.start(), m.end(), pronoun="group"))
    for m in _FIRST_NAME_POSSESSIVE.finditer(low):
        # "fwd priyas mail to alex", "davids calender": a first name with its apostrophe left out, before
        # what it owns; read as the owner, never left for the requester's own mailbox (batch 18)
        # (more than one David: resolution asks which; "Davids" being someone's name, it is theirs)
        stem = m.group("stem")
        if (
            free(m.start(), m.end())
            and stem in index.keys
            and f"{stem}s" not in index.keys
            and stem not in COMMON_WORDS | _NOT_NAMES
        ):
            ref = text[m.start("stem") : m.end("stem")]
            if (kinds := kinds_of(ref)) and kinds <= PERSON_KINDS:
                add(Mention(ref, m.start(), m.end(), kinds, possessive=True))
    for m in index.mail_name_pattern.finditer(low) if index.mail_name_pattern else ():
        # "Alexander Kim" for the Alex Kim whose address is alexander.kim@: the full given name picks him,
        # where "Alex Kim" is two people's name and asked
        local = index.mail_names[" ".join(m.group(0).split())]
        if free(m.start(), m.end()) and (kinds := kinds_of(local)):
            add(Mention(local, m.start(), m.end(), kinds))
    for m in index.pattern.finditer(low):
        if not free(m.start(), m.end()):
            continue
        word = m.group(1)
        if (
            word in COMMON_WORDS
            and not _named_on_purpose(text, low, m.start(), m.end())
            and not _name_before_a_name(low, m.end(), index, kinds_of(text[m.start() : m.end()]))
            and not _name_after_a_name(
                low, m.start(), m.end(), word, index, kinds_of(text[m.start() : m.end()])
            )
            and not _list_before_a_list(low, m.end(), index, kinds_of, kinds_of(text[m.start() : m.end()]))
            and not _full_name_possessive(text, low, m.start(), m.end(), index, kinds_of)
            and not _person_a_right_is_for(low, m.start(), word, kinds_of(text[m.start() : m.end()]))
            and not _person_subject_first(text, low, m.start(), m.end(), kinds_of(text[m.start() : m.end()]))
        ):
            continue
        if SUITE_NAME_AFTER.match(low[m.end() :]):
            continue  # "the Office 365 group": the product's name, never the mailbox called Office
        longer = _MORE_OF_A_NAME.match(text, m.end())
        if longer and text[m.start() : m.start() + 1].isupper() and _LIST_AFTER.match(low[longer.end() :]):
            continue  # "the Sales Leadership list": Sales only begins the name of a list no one knows
        if longer and text[m.start() : m.start() + 1].isupper() and NEW_NAME_BEFORE.search(low[: m.start()]):
            continue  # "called Engineering Leads": Engineering only begins the name said for a new list
        ref = text[m.start() : m.end()]
        kinds = kinds_of(ref)
        bare = _BARE_POSSESSIVE.match(low, m.end()) if " " not in word else None
        if bare and bare.group(1) not in index.surnames:
            bare = None  # "Christine needs ...": a verb, not a surname said without its apostrophe
        if bare and NOTHING_OWNED_AFTER.match(low, bare.end()):
            bare = None  # "Add Ethan Parks to ...": nothing owned after it, the name misspelt (asked)
        if (
            bare
            and NLU101_GIVEN_TO_BEFORE.search(low, 0, m.start())
            and NLU101_RIGHT_GIVEN_AFTER.match(low, bare.end())
        ):
            bare = None  # "Give Ethan Parks send as ...": the one given to, misspelt (asked), owning nothing
        if bare and (owner := kinds_of(f"{ref} {text[bare.start(1) : bare.end(1)]}")) & PERSON_KINDS:
            # "olivia martins calender": the full name with its apostrophe left out, a possessive; the
            # first name alone would leave the surname unread and the owner lost
            full = f"{ref} {text[bare.start(1) : bare.end(1)]}"
            add(Mention(full, m.start(), bare.end(), owner, possessive=True))
            continue
        if kinds:
            typo = (
                _misspelt_surname(text, m.end(), index) if " " not in word and kinds & PERSON_KINDS else None
            )
            if typo is not None:
                # "Tom Beker": the surname names no one, so the first name alone must not pick Tom Becker.
                add(Mention(text[m.start() : typo], m.start(), typo, kinds))
            else:
                add(Mention(ref, m.start(), m.end(), kinds))
    for m in _JOINED_WORD.finditer(low):
        # "add alexkim (sales) + emma wilson": a full name typed as one word is that name (resolution asks
        # when it is several people's, a qualifier after it picks one); never dropped from the plan (nlu57)
        name = index.joined.get(m.group(0)) if free(m.start(), m.end()) else None
        if name is not None and (kinds := kinds_of(name)):
            add(Mention(name, m.start(), m.end(), kinds))
    for m in _CAPITALISED.finditer(text):
        start, end = m.start(), m.end()
        words = m.group(0).split()
        # Skip a sentence's first word and command words; what is left may be a misspelt name.
        while (
            words
            and (
                words[0].lower() in _NOT_NAMES
                or (
                    (start == 0 or text[:start].rstrip().endswith((".", "!", "?")))
                    and words[0].lower() in COMMON_WORDS | _NOT_NAMES
                )
            )
            and not _acronym_naming_a_list(words[0], low[start + len(words[0]) :])
        ):
            start += len(words[0]) + 1
            words = words[1:]
        while (
            words
            and words[-1].lower() in _NOT_NAMES | LIST_KIND_WORDS
            and not _acronym_naming_a_list(words[-1], low[end:])
        ):
            end -= len(words[-1]) + 1
            words = words[:-1]
        if words and words[-1].lower().endswith("'s") and len(words[-1]) > 2:
            end -= 2  # "Billing's main address": the owner is Billing, the possessive is read as one
        if not words or not free(start, end) or SUITE_NAME_AFTER.match(low[end:]):
            continue
        ref = text[start:end]
        kinds = kinds_of(ref)
        while len(words) > 1:
            # "the Project Phoenix M365 group": the kind word said before "group" is not part of its name
            # (a name the directory holds as written, "IT Security", stays whole)
            short = text[start:end].rsplit(None, 1)[0]
            if (
                GROUP_KIND_WORD.match(text[start + len(short) :]) is None
                or ref.casefold() in index.names
                or not kinds_of(short) & GROUP_KINDS
            ):
                break
            words, end, ref = words[:-1], start + len(short), short
            kinds = kinds_of(ref)
        team = _LIST_NAMED_AFTER.match(low[end:])
        if (
            team is not None
            and not kinds & GROUP_KINDS
            and ref.casefold() not in index.names
            and not IN_NAME.search(low[:start])  # "display name Design Team": a new list's name
        ):
            # "the Finanace Team": a misspelt list's name (with its team word), never the mailbox it is near
            stop = end + (team.end() if team.group("team") else 0)
            close = _close_name(low[start:stop], index)
            group = kinds_of(close) & GROUP_KINDS if close is not None else frozenset()
            if group:
                add(Mention(text[start:stop], start, stop, group))
                continue
        if (
            team is not None
            and team.group("team")
            and not kinds & GROUP_KINDS
            and _LIST_AFTER.match(low[end + team.end() :])
            and not IN_NAME.search(low[:start])
        ):
            # "the Sales Team list" with no such list: a list is meant, never the Sales mailbox; resolution
            # asks which (nlu49)
            stop = end + team.end()
            add(Mention(text[start:stop], start, stop, group_hint=True))
            continue
        if kinds:
            add(Mention(ref, start, end, kinds))
        elif ref.casefold() in index.surnames:
            # "Lee": no one's name on its own, but a person meant; resolution asks which, offering each Lee
            add(Mention(ref, start, end, frozenset({RecipientKind.USER})))
        elif _LIST_AFTER.match(low[end:]) or GROUP_KIND_WORD.match(low[end:]):
            # ("the Zebra M365 group": the kind said between the name and "group" is a list meant too)
            add(Mention(ref, start, end, group_hint=True))
    for m in _NAME_THEN_KIND.finditer(text):
        # "the Phoenix project" for the list "Project Phoenix": the same words, the kind word said after
        if not free(m.start(), m.end()) or m.group("name").lower() in COMMON_WORDS | _NOT_NAMES:
            continue
        ref = f"{m.group('kind').title()} {m.group('name')}"
        if (kinds := kinds_of(ref)) and all(k in GROUP_KINDS for k in kinds):
            add(Mention(ref, m.start(), m.end(), kinds))
    for m in _PROJECT_NAMED.finditer(text):
        # "Add Ken to Project Orion" with no such list: a project list is meant; resolution asks which
        if free(m.start(), m.end()) and m.group("name").lower() not in COMMON_WORDS | _NOT_NAMES:
            add(Mention(m.group(0), m.start(), m.end(), group_hint=True))
    for m in NAME_SLOT_WORD.finditer(low):
        word = m.group(1)
        if not free(m.start(1), m.end(1)) or word in COMMON_WORDS | _NOT_NAMES or KIND_NOUNS.fullmatch(word):
            continue
        if (team := _LIST_NAMED_AFTER.match(low[m.end(1) :])) is not None:
            # "from the sales-team list", "to the Finanace Team": a list is meant; the name the person typed
            # is kept (a team word is part of it) and resolution asks which list, offering the close ones
            end = m.end(1) + (team.end() if team.group("team") else 0)
            close = _close_name(low[m.start(1) : end], index)
            kinds = kinds_of(close) & GROUP_KINDS if close is not None else frozenset()
            add(Mention(text[m.start(1) : end], m.start(1), end, kinds, group_hint=not kinds))
            continue
        close = _close_name(word, index)
        if close is not None and (kinds := kinds_of(close)):
            # "to al-sales": written as no one's name, but close to one; the reference stays as written,
            # so resolution asks "did you mean all-sales?" rather than the planner picking it
            add(Mention(text[m.start(1) : m.end(1)], m.start(1), m.end(1), kinds))
    for mention in list(found):
        if mention.quoted and not mention.kinds and _LIST_AFTER.match(low[mention.end :]):
            found[found.index(mention)] = replace(mention, group_hint=True)
    found.sort(key=lambda x: x.start)
    found = [mention for mention in found if not _place_idiom(text, mention)]
    found = _appositive_manager(text, found)
    found = _clarified(text, found, directory, requester)
    found = _qualified(text, found, directory, requester)
    found = _team_of_unknown_name(text, found)
    found = _team_of_known_name(text, found)
    found = _owner_in_brackets(text, found, directory, requester)
    found = _first_name_of_named(found)
    found = _account_it(low, found)
    return [
        replace(_with_grammar(low, mention), surface=text[mention.start : mention.end]) for mention in found
    ]


def _account_it(low: str, found: list[Mention]) -> list[Mention]:
    """ "The Former Employee account is still on all-sales, please remove it": "it" is the account, a person
    said as a thing (lexicon.ACCOUNT_SAID_AFTER), when the account opens the sentence and only the one list it
    is said to be on stands between; read as a person pronoun, resolved as any is. Anything else named
    between (another person, a second list) leaves "it" as it was."""
    for i, account in enumerate(found):
        if (
            not account.is_person
            or account.pronoun
            or ACCOUNT_SAID_BEFORE.search(low[: account.start]) is None
            or ACCOUNT_SAID_AFTER.match(low, account.end) is None
        ):
            continue
        for j in range(i + 1, len(found)):
            it = found[j]
            if it.pronoun != "group" or low[it.start : it.end] != "it":
                continue
            between = found[i + 1 : j]
            if (
                ACCOUNT_IT_GAP.fullmatch(low, account.end, it.start) is not None
                and len(between) == 1
                and between[0].is_group
                and not between[0].is_person
            ):
                found[j] = replace(it, pronoun="person")
            break
    return found


def _place_idiom(text: str, mention: Mention) -> bool:
    """ "I'm back in the office", "while she's out of the office": a place someone is at or away from, said
    as a bare word that happens to be a mailbox's name; never one more recipient (nlu44)."""
    word = text[mention.start : mention.end]
    return (
        not mention.quoted
        and word.lower() in PLACE_IDIOM_WORDS
        and PLACE_IDIOM_BEFORE.search(text[max(0, mention.start - 40) : mention.start]) is not None
        and PLACE_IDIOM_AFTER.match(text, mention.end) is not None
    )


def _appositive_manager(text: str, found: list[Mention]) -> list[Mention]:
    """ "Priya Patel, my boss, wants ...": "my boss" describes the person just named, whoever the directory
    says the requester's manager is; read as a second person, it gave the directory's manager the access."""
    kept: list[Mention] = []
    for mention in found:
        previous = kept[-1] if kept else None
        before = kept[-2] if len(kept) > 1 else None
        # "Chris, Tom, my manager and I need ...": one more in a list of people, not Tom's second name
        in_list = LIST_NEXT.match(text, mention.end) is not None or (
            before is not None
            and previous is not None
            and before.is_person
            and LIST_GAP.fullmatch(text[before.end : previous.start]) is not None
        )
        if (
            mention.ref == "my manager"
            and previous is not None
            and previous.is_person
            and previous.ref not in ("me", "my manager")
            and not in_list
            and _APPOSITIVE_GAP.fullmatch(text[previous.end : mention.start])
        ):
            # a second name for the same person ("Priya, my manager, asked ..." still names one speaker)
            mention = replace(mention, ref=previous.ref, kinds=previous.kinds)
        kept.append(mention)
    return kept


def _close_name(word: str, index: NameIndex) -> str | None:
    """The name the tenant knows that `word` looks most like a misspelling of (cached per index); only its
    kind is taken from it: the mention keeps the word as written, and resolution asks which was meant."""
    key = (word, "\0close")
    if key not in index.close:
        near = difflib.get_close_matches(word, index.names, n=1, cutoff=0.75)
        index.close[key] = near[0] if near else None
    return index.close[key]


# where a surname word ends: before its possessive mark, if any, and never inside an address
_SURNAME_END = r"(?=(?:['’]s)?(?![\w'’-]|[@.]\w))"


def _misspelt_surname(text: str, end: int, index: NameIndex) -> int | None:
    """Where a capitalised word right after a first name ends, when it is no name the tenant knows."""
    if (surname := _surname_word_any_case(text, end, index)) is not None:
        return surname
    # ("Emma Wilsen's calendar": the possessive mark is no part of the surname; taken with it, the owner
    # was read as no possessive and the calendar's owner as whom it is shared with: batch 40)
    # ("Chris O'Brien's", "Chris OBrien's": a capital after the first, with or without its apostrophe, is
    # the surname's own; cut at the apostrophe, "Chris" alone was read as Chris Lee, the unknown owner lost)
    after = re.match(r" ([A-Z](?:'?[A-Z])?[a-z'-]+?)" + _SURNAME_END, text[end:])
    if after is None:
        return _misspelt_surname_lower(text, end, index)
    word = after.group(1).lower()
    if word in SURNAME_WORDS and word not in index.keys:
        return end + after.end()  # "Rachel Grant": a surname, never the verb "grant" (nlu52)
    if word in index.surnames and word not in index.first_names:
        # "Ava Chen": another person's surname after a first name is no one the tenant knows by that full
        # name; asked, never Ava Johnson picked by her first name alone (nlu76: a pasted row named "Ava Chen")
        return end + after.end()
    if word in index.keys or word in _NOT_NAMES or word in COMMON_WORDS or KIND_NOUNS.fullmatch(word):
        return None
    return end + after.end()


def _surname_word_any_case(text: str, end: int, index: NameIndex) -> int | None:
    """Where a surname word (SURNAME_WORDS) right after a first name ends when it is the surname in any case:
    in capitals ("Rachel WILL", "Sarah ROSE"), or in lower case after a verb whose object the first name is
    ("give rachel grant send on behalf ..."; SURNAME_WORD_OBJECT_VERBS). Red team 39 saw Rachel Green and
    Sarah Connor picked silently (nlu54). In lower case too after a preposition ("share my calendar with
    rachel rose") and after an auxiliary that puts the name first ("does sarah rose have ..."), unless the
    word is a verb that can follow there ("can rachel grant ..."; nlu55)."""
    after = re.match(r" ([A-Za-z][A-Za-z'-]+)\b(?![@.]\w)", text[end:])
    if after is None:
        return None
    word = after.group(1)
    if word.lower() not in SURNAME_WORDS or word.lower() in index.keys:
        return None
    if len(word) > 1 and word.isupper():
        return end + after.end()
    before = re.search(r"([A-Za-z]+)\s+[A-Za-z'-]+$", text[:end])
    if word.islower() and before is not None and before.group(1).lower() in SURNAME_WORD_OBJECT_VERBS:
        return end + after.end()
    if word.islower() and before is not None and before.group(1).lower() in SURNAME_WORD_PREPOSITIONS:
        return end + after.end()  # "share my calendar with rachel rose" (nlu55)
    if (
        word.islower()
        and before is not None
        and before.group(1).lower() in SURNAME_WORD_AUXILIARIES
        and word not in SURNAME_WORD_BARE_VERBS
    ):
        return end + after.end()  # "can rachel rose see my calendar", never "can rachel grant ..." (nlu55)
    return None


def _misspelt_surname_lower(text: str, end: int, index: NameIndex) -> int | None:
    """Where a lower-case word right after a first name ends, when it is a slip of a surname the tenant
    knows ("rmv ken adamz", "ethan prak"): chat writes names in lower case, and the first name alone must not
    pick the person the misspelt surname may not be. Only a word that starts as the surname does and is
    that close to it; any other word after a first name is left (it is the sentence going on)."""
    after = re.match(r" ([a-z][a-z'-]{2,}?)" + _SURNAME_END, text[end:])
    if after is None:
        return None
    word = after.group(1)
    if word in index.keys or word in _NOT_NAMES or word in COMMON_WORDS or KIND_NOUNS.fullmatch(word):
        return None
    near = [
        s
        for s in index.surnames
        if s[0] == word[0] and difflib.SequenceMatcher(None, word, s).ratio() >= 0.75
    ]
    return end + after.end() if near else None


def _full_name_possessive(
    text: str,
    low: str,
    start: int,
    end: int,
    index: NameIndex,
    kinds_of: Callable[[str], frozenset[RecipientKind]],
) -> bool:
    """Whether a first name that is also a common word begins a person's full name whose possessive lost
    its apostrophe ("grace hoppers emails": Grace Hopper's), so it is a name, not the word: left unread,
    the owner was lost and the requester's own mailbox taken instead."""
    bare = _BARE_POSSESSIVE.match(low, end)
    if bare is None or bare.group(1) not in index.surnames:
        return False
    return bool(kinds_of(f"{text[start:end]} {text[bare.start(1) : bare.end(1)]}") & PERSON_KINDS)


_BARE_POSSESSIVE = compile_kept(r" ([a-z][a-z'-]+)s\b")
# "davids calender", "fwd priyas mail": a first name with its apostrophe left out, before what a person owns
_FIRST_NAME_POSSESSIVE = compile_kept(
    r"(?<![\w@.+'-])(?P<stem>[a-z][a-z-]+)s(?=\s+(?:own\s+)?(?:mail|e-?mails?|inbox|mail\s?box|calend[ae]rs?|"
    r"calander|messages|forwarding|schedule|diary)\b)"
)
_ROLE_WORD_BEFORE = compile_kept(r"\b(?:to|from|on|onto|in|into|off|of|for|as)\s+$", re.IGNORECASE)
_NAME_THEN_KIND = compile_kept(
    r"(?<![\w@.'-])(?P<name>[A-Z][\w-]+)\s+(?P<kind>project|team|committee|club|crew)\b"
)
_MORE_OF_A_NAME = compile_kept(r"(?:\s+[A-Z][\w'-]*)+")
_CAPITALISED = compile_kept(r"(?<![\w@.'-])[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}")


def _words(text: str) -> list[str]:
    """A word list written as text, one string per word."""
    return text.split()


_NOT_NAMES = frozenset(
    _words(
        """
        give grant add remove let allow please can could would will should i full access send as on
            behalf of the a an to from for and or with set up create make move delete share stop forward
            change show list who what which when where why how is are does do kindly hi hello hey thanks
            thank you new dl team list group mailbox shared calendar email primary smtp address alias read
            only edit editor reviewer free busy request join leave subscribe unsubscribe take put drop kick
            include revoke cancel ok okay ignore previous instructions admin acting approval approved this
            that it my me our your us uk same
        """
    )
)
# after a word where a name stands: a list meant ("sales-team list"), or a team word in its name
# ("Finanace Team")
_LIST_NAMED_AFTER = compile_kept(
    r"^\s*(?:(?P<team>team)\b|(?:distribution\s+list|distribution\s+group|dl|list|group|mailing\s+list)\b)"
)
_PROJECT_NAMED = compile_kept(r"\b[Pp]roject\s+(?P<name>[A-Z][\w-]+)")
_LIST_AFTER = compile_kept(r"^\s*(?:distribution\s+list|distribution\s+group|dl|list|group|mailing\s+list)\b")


def _acronym_naming_a_list(word: str, after: str) -> bool:
    """ "the IT Team distribution list", "the IT list": a word in capitals before a team or list word is a
    department's name, never the pronoun or word it spells (nlu115: "IT" was "it", the list unread and the
    request not understood; an unknown list is asked about). A verb of a change in capitals is the request
    shouted, never a name: "DELETE LIST marketing@acme.com" deletes the list (nlu118: read as a list named
    "DELETE", its members were read)."""
    return (
        len(word) > 1
        and word.isupper()
        and word.lower() not in CHANGE_VERBS
        and _LIST_NAMED_AFTER.match(after) is not None
    )


def _first_name_of_named(found: list[Mention]) -> list[Mention]:
    """ "John Miller is taking over Pat's duties, so please give John send as": a first name said alone after
    the full name of one person in the same text is that person (another John is not meant); two named
    before with that first name leave it to resolution."""
    out: list[Mention] = []
    for mention in found:
        word = mention.ref.casefold()
        if mention.is_person and not mention.pronoun and not mention.literal and " " not in word:
            named = {
                e.ref: e
                for e in out
                if e.is_person
                and not e.pronoun
                and len(e.ref.split()) > 1
                and e.ref.split()[0].casefold() == word
            }
            if len(named) == 1:
                (full,) = named.values()
                mention = replace(mention, ref=full.ref, kinds=full.kinds)
        out.append(mention)
    return out


def _clarified(text: str, found: list[Mention], directory: Directory, requester: Recipient) -> list[Mention]:
    """'Alex Kim (alex.kim@acme.com)': the address in brackets says which one the name meant. A list's or
    shared mailbox's address in brackets after a known person says where that person works ("Rachel Green
    (finance@acme.com)"): dropped, never one more member or mailbox; another person's address after a known
    person ("Tom Becker (ava.johnson@acme.com)") cannot be told apart, and is asked about (nlu55)."""
    out: list[Mention] = []
    for mention in found:
        if (
            out
            and mention.literal
            and text[out[-1].end : mention.start].strip() == "("
            and not out[-1].literal
            # 'a new list "Office Managers" (office-managers@acme.com)': a quoted name and an address no one
            # has yet are the new list's name and its address, both kept
            and not (out[-1].quoted and not mention.known)
        ):
            previous = out[-1]
            if _person_named(previous) and mention.kinds and not mention.kinds & PERSON_KINDS:
                continue  # "Rachel Green (finance@acme.com)": her team's address, no second object
            if _person_named(previous) and not _may_be(directory, requester, previous.ref, mention.ref):
                # "Tom Becker (ava.johnson@acme.com)": two people; resolution finds no one and asks
                out[-1] = replace(
                    previous,
                    ref=text[previous.start : mention.end].strip() + ")",
                    end=mention.end + 1 if text[mention.end : mention.end + 1] == ")" else mention.end,
                    kinds=frozenset(),
                )
                continue
            out.pop()
            end = mention.end + 1 if text[mention.end : mention.end + 1] == ")" else mention.end
            mention = replace(mention, start=previous.start, end=end, possessive=previous.possessive)
        out.append(mention)
    return out


def _person_named(mention: Mention) -> bool:
    """A known person named by name (no address, pronoun, "me" or possessive)."""
    return (
        bool(mention.kinds & PERSON_KINDS)
        and not mention.literal
        and not mention.pronoun
        and not mention.possessive
        and mention.ref not in ("me", "my manager")
    )


def _may_be(directory: Directory, requester: Recipient, name: str, address: str) -> bool:
    """Whether the person `address` names is one `name` may mean ("Alex Kim (alex.kim@acme.com)")."""
    try:
        meant = {resolve(directory, address, requester=requester).recipient_id}
    except ResolutionError:
        return True  # an address no one has: resolution says so
    try:
        named = {resolve(directory, name, requester=requester).recipient_id}
    except AmbiguousRecipient as exc:
        named = {c.recipient_id for c in exc.candidates if isinstance(c, Recipient)}
    except ResolutionError:
        return True
    return bool(meant & named)


def _qualified(text: str, found: list[Mention], directory: Directory, requester: Recipient) -> list[Mention]:
    """'Alex Kim from Engineering', 'Alex Kim (Sales)': a department or title after an ambiguous name says
    which one it meant, when it fits exactly one of them. The qualifier is part of the name, not a list."""
    out: list[Mention] = []
    covered_until = -1
    described: list[tuple[int, int]] = []
    for mention in found:
        if mention.start < covered_until or any(a <= mention.start < b for a, b in described):
            # inside a qualifier already read ("Engineering" of "from Engineering", "- the one in Sales")
            continue
        chosen = _by_qualifier(text, mention, directory, requester)
        if chosen is None or _qualifier_is_the_place(text, mention, chosen[2], found):
            out.append(mention)
            continue
        address, start, end, spans = chosen
        described += spans
        covered_until = end
        out = [m for m in out if m.start < start]  # "the Engineering Alex Kim": Engineering is the qualifier
        owner = mention.possessive or (
            POSSESSIVE_MARK.match(text, mention.end) is not None and end > mention.end
        )
        out.append(
            replace(
                mention,
                ref=address,
                start=start,
                end=end,
                kinds=frozenset({RecipientKind.USER}),
                possessive=owner,
            )
        )
    return out


def _qualifier_is_the_place(text: str, person: Mention, end: int, found: list[Mention]) -> bool:
    """ "Remove Alex Kim from Engineering": the word after the name is Alex's department, and the list the
    change takes the person from; read as the list (which Alex is then asked), never as who is meant with no
    list left to remove from."""
    inside = [m for m in found if person.end <= m.start < end and (m.is_group or m.is_mailbox_resource)]
    if not inside:
        return False
    place = inside[0]
    gap = KNOWN_NAME_TEAM_GAP.fullmatch(text, person.end, place.start)
    following = [m for m in found if m.start >= place.end][:1]
    return gap is not None and _place_of_change(text, person, gap["prep"], place, following)


def _team_of_unknown_name(text: str, found: list[Mention]) -> list[Mention]:
    """ "Forward Liam's mail to Brian in Sales": the team or mailbox after a name no one has says where that
    person works; it is no recipient (it was forwarded to sales@). Dropped, so the slot is asked as for
    "Brian" alone (nlu49)."""
    out: list[Mention] = []
    for mention in found:
        said = (
            UNKNOWN_NAME_BEFORE_TEAM.search(text[: mention.start])
            if not mention.literal and not mention.pronoun and mention.kinds - PERSON_KINDS
            else None
        )
        words = said["name"].split() if said is not None else []
        while words and words[0].lower() in NOT_UNKNOWN_NAMES | COMMON_WORDS | _NOT_NAMES:
            words = words[1:]  # "Give Brian in Sales": the verb before the name is no part of it
        if (
            said is not None
            and words
            and not any(m.start < said.end("name") and said.start("name") < m.end for m in found)
            and not any(w.lower() in NOT_UNKNOWN_NAMES | COMMON_WORDS | _NOT_NAMES for w in words)
            and (said.group(0).rstrip().endswith("(") <= text[mention.end :].lstrip().startswith(")"))
        ):
            continue
        out.append(mention)
    return out


def _team_of_known_name(text: str, found: list[Mention]) -> list[Mention]:
    """ "Please add Rachel Green from finance to All Hands", "Give Tom Becker in Sales full access to
    support@", "Rachel Green (Finance)": the team or mailbox said right after a known person says where that
    person works; it is no member, trustee, grantee or mailbox (finance@ was added to all-hands too). Dropped,
    so the slot is the object said elsewhere, or asked. "from <list>" stays the list where a verb takes the
    person out of it ("Remove Tom from Marketing", "Move Tom from Marketing to Sales"), unless another
    "from <list>" follows right after ("Remove Tom from sales from all-hands"); "in <list>" stays the list
    after put/add/leave ("Put Mia in Engineering") or a being verb ("Why is Rachel in Finance Team?"), unless
    "to <list>" follows; "from the Engineering list" is
    the list (nlu53)."""
    out: list[Mention] = []
    for i, mention in enumerate(found):
        person = out[-1] if out else None
        gap = (
            KNOWN_NAME_TEAM_GAP.fullmatch(text, person.end, mention.start)
            if person is not None
            and person.is_person
            and not person.pronoun
            and not person.possessive
            and person.ref not in ("me", "my manager")
            and not mention.pronoun
            and not mention.possessive
            and mention.kinds
            and not mention.kinds & PERSON_KINDS
            else None
        )
        if gap is None or person is None:
            out.append(mention)
            continue
        if not _place_of_change(text, person, gap["prep"], mention, found[i + 1 : i + 2]):
            continue
        out.append(mention)
    return out


def _place_of_change(
    text: str, person: Mention, prep: str | None, mention: Mention, following: Sequence[Mention]
) -> bool:
    """Whether the list or mailbox `mention`, said after `person` with `prep` between them (None for a
    bracket), is where the change takes the person from or to ("Remove Tom from Marketing", "Put Mia in
    Engineering") rather than where the person works ("Rachel Green from finance", "Rachel (Finance)")."""
    after = text[mention.end :]
    team = TEAM_WORD_AFTER.match(after)
    rest = after[team.end() :] if team is not None else after
    if prep is None:
        return not rest.lstrip().startswith(")")
    if QUALIFIER_NAMES_A_LIST.match(after) is not None:
        return True  # "Alex Kim from the Engineering list": the list itself
    clause = CLAUSE_JOINED_CHANGE.split(CLAUSE_BREAK.split(text[: person.start])[-1])[-1].lower()
    after_team = mention.end + (team.end() if team is not None else 0)
    nxt = following[0] if following else None
    if prep.lower() == "from":
        leaves = REVOKE.search(clause) is not None or FROM_NAMES_THE_ORIGIN.search(clause) is not None
        another = nxt is not None and FROM_NEXT.fullmatch(text, after_team, nxt.start) is not None
        return leaves and not another
    if prep.lower() == "in":
        goes = (
            IN_NAMES_THE_DESTINATION.search(clause) is not None
            or IN_ASKS_MEMBERSHIP.search(clause) is not None
        )
        another = nxt is not None and TO_NEXT.fullmatch(text, after_team, nxt.start) is not None
        return goes and not another
    return False


def _owner_in_brackets(
    text: str, found: list[Mention], directory: Directory, requester: Recipient
) -> list[Mention]:
    """ "Give Emma full access to careers@acme.com (Ava's mailbox)": whose the mailbox or list just named is,
    said in brackets after it; the person there is no second mailbox (it granted Ava's too). "Ava's mailbox
    (careers@acme.com)" names two mailboxes for one, and is asked; "Ava's mailbox (ava.johnson@acme.com)" is
    hers (it granted Ava on her own mailbox too; nlu55)."""
    out: list[Mention] = []
    for mention in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and (previous.is_mailbox_resource or previous.is_group)
            and not previous.is_person
            and mention.is_person
            and not mention.pronoun
            and OWNER_BRACKET_OPEN.fullmatch(text, previous.end, mention.start) is not None
            and OWNER_BRACKET_CLOSE.match(text, mention.end) is not None
        ):
            continue
        if (
            previous is not None
            and previous.is_person
            and not previous.pronoun
            and previous.ref not in ("me", "my manager")
            and mention.literal
            and mention.kinds
            and OWNED_MAILBOX_THEN_BRACKET.fullmatch(text, previous.end, mention.start) is not None
            # ("the Former Employee mailbox pat.gone@acme.com and billing@": no possessive, another part
            # joined after: left as said and asked; nlu148, red team 76)
            and not (
                NLU148_OWNER_NO_POSSESSIVE.match(text, previous.end) is not None
                and NLU148_JOINED_AFTER.match(text, mention.end) is not None
            )
        ):
            if mention.kinds & PERSON_KINDS and _may_be(directory, requester, previous.ref, mention.ref):
                continue  # "Ava's mailbox (ava.johnson@acme.com)": her address, said again
            # "Ava's mailbox (careers@acme.com)": two mailboxes for one; resolution finds neither and asks
            end = mention.end + 1 if text[mention.end : mention.end + 1] == ")" else mention.end
            out[-1] = replace(previous, ref=text[previous.start : end], end=end, kinds=frozenset())
            continue
        out.append(mention)
    return out


def _by_qualifier(
    text: str, mention: Mention, directory: Directory, requester: Recipient
) -> tuple[str, int, int, list[tuple[int, int]]] | None:
    if mention.literal or mention.pronoun:
        return None
    resolved: Recipient | None = None
    try:
        resolved = resolve(directory, mention.ref, requester=requester)
    except AmbiguousRecipient as exc:
        candidates = [c for c in exc.candidates if isinstance(c, Recipient)]
    except ResolutionError:
        return None
    else:
        # "Chris (Finance)" where Chris Lee is in Support and Christine Lee in Finance: the name may be cut
        # short, so a department said beside it chooses among everyone it may be short for (red team 55)
        candidates = _namesakes(directory, mention.ref, resolved)
        if len(candidates) < 2:
            return None
    chosen = _qualifier_choice(text, mention, candidates)
    if chosen is None or resolved is None:
        return chosen
    _, start, end, spans = chosen
    if not spans and (start < mention.start or not NAMESAKE_QUALIFIER.match(text, mention.end)):
        # "Give Tom and Chris Support access": a name that is someone's as said, then a word of a department
        # with nothing between, is the name and the mailbox; only a bracket or "in/from" says whose team
        return None
    if chosen[0] == resolved.primary_address:
        return chosen if spans else None
    if " ".join(mention.ref.casefold().split()) == " ".join(resolved.display_name.casefold().split()):
        # "Chris Lee in Finance": the full name is one person's, the department another's: asked, as a name no
        # one has (never either of them guessed)
        return text[start:end].strip(), start, end, spans
    return chosen


def _namesakes(directory: Directory, said: str, resolved: Recipient) -> list[Recipient]:
    """Everyone a person's name as said may be short for: the given name said as the start of theirs, and the
    surname (if said) theirs ("Chris" for Chris Lee and Christine Lee). Only when `said` resolved to a person
    by name, never by address."""
    words = said.casefold().split()
    if not resolved.is_person or not words or "@" in said or len(words) > 2:
        return []
    known = _NAMESAKES.get(directory)
    if known is None:
        known = _NAMESAKES[directory] = {}
    found = known.get(tuple(words))
    if found is None:
        if len(known) >= _NAMESAKES_KEPT:
            known.clear()
        found = known[tuple(words)] = tuple(_people_named(directory, words))
    return list(found) if any(r.recipient_id == resolved.recipient_id for r in found) else []


_NAMESAKES: weakref.WeakKeyDictionary[Directory, dict[tuple[str, ...], tuple[Recipient, ...]]] = (
    weakref.WeakKeyDictionary()
)
"""Per directory (which never changes once built), the people each name as said may be short for: every
mention of a person by name asks, and each look walked the whole directory."""
_NAMESAKES_KEPT = 10_000


def _people_named(directory: Directory, words: list[str]) -> list[Recipient]:
    found: list[Recipient] = []
    for r in directory:
        shown = r.display_name.casefold().split()
        if not r.is_person or r.hidden or not shown or r.kind != RecipientKind.USER:
            continue
        if shown[0].startswith(words[0]) and (len(words) == 1 or (len(shown) > 1 and shown[-1] == words[-1])):
            found.append(r)
    return found


def _qualifier_choice(
    text: str, mention: Mention, candidates: list[Recipient]
) -> tuple[str, int, int, list[tuple[int, int]]] | None:
    """The one of `candidates` a department or job title said beside the mention fits, with the span the name
    and qualifier take and the spans of a description read after it; None when it fits none or several."""
    rest = text[mention.end :]
    fits: list[tuple[Recipient, int, int]] = []
    for c in candidates:
        for word in (c.department, c.job_title):
            if not word:
                continue
            qualifier = re.match(
                rf"\s*(?:\(\s*|,\s*|\s)(?:(?:from|in|of|at|on)\s+)?(?:the\s+)?{re.escape(word)}"
                rf"(?:\s+(?:team|department|dept\.?|group))?\s*\)?(?![\w@])",
                rest,
                re.IGNORECASE,
            )
            bracketed = qualifier is not None and qualifier.group(0).strip().startswith("(")
            if qualifier and not bracketed and QUALIFIER_NAMES_A_LIST.match(rest, qualifier.end()):
                # "Alex Kim from the Engineering list": the list, not where Alex works ("alex kim (sales)
                # mailbox": a bracket says where the person works, whatever follows; nlu49)
                qualifier = None
            # "Alex Kim's (Sales) mailbox": the bracket after the possessive, the owner's (nlu49)
            qualifier = qualifier or re.match(
                rf"(?:{POSSESSIVE_MARK.pattern})\s*\(\s*(?:(?:from|in|of|at|on)\s+)?(?:the\s+)?{re.escape(word)}"
                rf"(?:\s+(?:team|department|dept\.?|group))?\s*\)(?![\w@])",
                rest,
                re.IGNORECASE,
            )
            if qualifier and (mention.end + qualifier.end()) > mention.end:
                fits.append((c, mention.start, mention.end + len(qualifier.group(0).rstrip())))
                break
            # "the Engineering Alex Kim", "Sales' Alex Kim": the qualifier said before the name
            before = re.search(
                rf"(?<![\w@.-]){re.escape(word)}(?:'s?)?\s+$", text[: mention.start], re.IGNORECASE
            )
            # (not "from Engineering Alex Kim": after a preposition the word names the list or mailbox)
            if before is not None and not _ROLE_WORD_BEFORE.search(text[: before.start()]):
                fits.append((c, before.start(), mention.end))
                break
        else:
            if (clipped := _clipped_qualifier(rest, c)) is not None:
                fits.append((c, mention.start, mention.end + clipped))
    if not fits and (described := _described(rest, candidates)) is not None:
        # the description's own words ("the one in Sales") name no one else
        chosen, spans = described
        shifted = [(mention.end + a, mention.end + b) for a, b in spans]
        return chosen.primary_address, mention.start, mention.end, shifted
    if len({c.recipient_id for c, _, _ in fits}) != 1:
        return None
    recipient, start, end = fits[0]
    return recipient.primary_address, start, end, []


def _clipped_qualifier(rest: str, candidate: Recipient) -> int | None:
    """How far the department or job title of `candidate`, said cut short right after the name ("(eng)",
    "from eng"), reaches into `rest`; None when nothing there is a clipping of theirs."""
    said = QUALIFIER_CLIPPED.match(rest)
    if said is None:
        return None
    words = (said.group("bracketed") or said.group("said")).lower().replace(".", "").split()
    if said.group("said") and QUALIFIER_NAMES_A_LIST.match(rest, said.end()):
        return None  # "Alex Kim from the eng list": the list, not where Alex works
    if not all(_fits(w, candidate) for w in words):
        return None
    return len(said.group(0).rstrip())


def _described(rest: str, candidates: list[Recipient]) -> tuple[Recipient, list[tuple[int, int]]] | None:
    """The one candidate a description after the request fits ("- the engineer, not the Alex Kim in Sales":
    a word of their department or job title), or None when it fits none or several."""
    meant: set[str] = set()
    not_meant: set[str] = set()
    spans: list[tuple[int, int]] = []
    for said in PERSON_DESCRIBED.finditer(rest):
        words = (said.group("where") or said.group("what") or "").lower().split()
        words = [w for w in words if w not in DESCRIPTION_SKIPPED]
        if not words:
            continue
        fit = {c.recipient_id for c in candidates if all(_fits(w, c) for w in words)}
        (not_meant if said.group("not") else meant).update(fit)
        if fit:
            spans.append(said.span())
    if not meant and not not_meant:
        return None
    left = [
        c for c in candidates if (not meant or c.recipient_id in meant) and c.recipient_id not in not_meant
    ]
    return (left[0], spans) if len(left) == 1 else None


def _fits(word: str, candidate: Recipient) -> bool:
    """A description's word is (the start of) a word of the candidate's department or job title."""
    said = f"{candidate.department or ''} {candidate.job_title or ''}".lower().split()
    return len(word) >= 3 and any(t.startswith(word) or (len(t) >= 4 and word.startswith(t)) for t in said)


_JOINED_WORD = compile_kept(r"(?<![\w@.+'-])[a-z]{4,}(?![\w@-])(?!\.\w)")
_BEFORE_A_NAME = compile_kept(r"\s*(?:,|\+|&|\band\b)\s*(?P<next>[a-z][a-z'-]+)\b")
_AFTER_A_NAME = compile_kept(r"(?<![\w@.'-])(?P<previous>[a-z][a-z'-]+)\s*(?:,|\+|&|\band\b)\s*$")


def _name_before_a_name(low: str, end: int, index: NameIndex, kinds: frozenset[RecipientKind]) -> bool:
    """ "new dl ... add grace + ken", "add grace and ken to all-sales": a common word that is a person's
    first name, coordinated with a first name that is nothing else, is one of the names listed (it was left
    out of the members silently; nlu57)."""
    after = _BEFORE_A_NAME.match(low, end)
    return bool(
        after is not None
        and kinds
        and kinds <= PERSON_KINDS
        and after.group("next") in index.keys
        and after.group("next") not in COMMON_WORDS | _NOT_NAMES
    )


def _name_after_a_name(
    low: str, start: int, end: int, word: str, index: NameIndex, kinds: frozenset[RecipientKind]
) -> bool:
    """ "pls add ken + grace to all hands", "ken & grace", "ken and grace": a common word that is only a
    person's first name, coordinated after a first name that is nothing else, is one more of the names
    listed, as it is said first (_name_before_a_name); left out, the plan added Ken alone (batch 34). Not
    where the word goes on as a verb or a time ("ken and may be ...", "ken and mark it done")."""
    before = _AFTER_A_NAME.search(low[:start])
    return bool(
        before is not None
        and kinds
        and kinds <= PERSON_KINDS
        and word not in NAME_ALSO_TIME
        and before.group("previous") in index.keys
        and before.group("previous") not in COMMON_WORDS | _NOT_NAMES
        and NAME_LIST_GOES_ON.match(low, end) is not None
    )


def _person_a_right_is_for(low: str, start: int, word: str, kinds: frozenset[RecipientKind]) -> bool:
    """ "FA on hr mbx for grace pls": a common word that is only a person's first name, right after the "for"
    of a right asked for, is whom the right is for (never a month: "send as for may")."""
    return bool(
        kinds
        and kinds <= PERSON_KINDS
        and word not in NAME_ALSO_TIME
        and RIGHT_THEN_FOR.search(low[:start]) is not None
    )


def _person_subject_first(text: str, low: str, start: int, end: int, kinds: frozenset[RecipientKind]) -> bool:
    """ "Grace can be editor on my calendar": a common word that is only a person's first name, capitalised at
    a sentence's start before a person's verb, is its subject (never a month: "May I ...")."""
    sentence_start = start == 0 or low[:start].rstrip().endswith((".", "!", "?", ":", ";", "\n"))
    return bool(
        kinds
        and kinds <= PERSON_KINDS
        and sentence_start
        and text[start].isupper()
        and low[:end].split()[-1] not in NAME_ALSO_TIME
        and PERSON_SUBJECT_AFTER.match(low, end + (len(low[end:]) - len(low[end:].lstrip()))) is not None
    )


def _list_before_a_list(
    low: str,
    end: int,
    index: NameIndex,
    kinds_of: Callable[[str], frozenset[RecipientKind]],
    kinds: frozenset[RecipientKind],
) -> bool:
    """ "remove ethan.park frm contractors + external-contractors": a common word that is a list's name,
    joined to a list's name that is no common word, is one of the lists named (batch 31 removed him from
    external-contractors only, Contractors silently left out)."""
    after = _BEFORE_A_NAME.match(low, end)
    if after is None or not kinds or not kinds <= GROUP_KINDS or after.group(0).lstrip().startswith(","):
        return False
    following = after.group("next")
    return (
        following in index.keys
        and following not in COMMON_WORDS | _NOT_NAMES
        and bool(nxt := kinds_of(following))
        and nxt <= GROUP_KINDS
    )


def _named_on_purpose(text: str, low: str, start: int, end: int) -> bool:
    """A common word is a name when capitalised mid-sentence or followed by a kind noun ("sales list")."""
    after = low[end:].lstrip()
    if KIND_NOUNS.match(after) or after.startswith("@"):
        return True
    # "Don't forward careers mail anywhere any more", "delete the careers fwd": whose mail is forwarded
    # (batch 29 and nlu57 cleared the requester's own forwarding)
    if MAIL_OF_NAME.match(after):
        return True
    # "mbox details for billing?": what the details are of (batch 29 understood nothing)
    if re.search(
        r"\b(?:details|info|settings|properties|size|quota)\s+(?:for|about)\s+(?:the\s+)?$", low[:start]
    ):
        return True
    # "add her to marketing", "send as support": after a preposition a list's or mailbox's name is meant.
    if re.search(r"\b(?:to|from|on|onto|into|in|of|as|off)\s+(?:the\s+)?$", low[:start]):
        return True
    if RIGHT_FOR_NAME.search(low[:start]):
        return True
    # "to support and sales": a word that continues a list of names a preposition introduced
    if COORDINATED_NAME.search(low[:start]):
        return True
    # "dl add marketing: ava@...": admin shorthand names the list right after the verb
    if LIST_SHORTHAND.search(low[:start]):
        return True
    # "DL members: marketing": the list's name after its label (nlu49)
    if NAME_AFTER_MEMBERS_LABEL.search(low[:start]):
        return True
    # "add all the contractors to ...": a list's name said as the plural of its members
    if re.search(r"\b(?:all|all of) the\s+$", low[:start]):
        return True
    # "join engineering", "leave marketing": what one joins or leaves is a list
    if re.search(r"\b(?:join|joining|leave|leaving|rejoin)\s+(?:the\s+)?$", low[:start]):
        return True
    sentence_start = start == 0 or low[:start].rstrip().endswith((".", "!", "?", ":", ";", "-", "("))
    if sentence_start and text[start].isupper() and SUBJECT_FORWARDS_AFTER.match(after):
        return True  # "Careers no longer needs to forward to me": what forwards is a mailbox
    return text[start].isupper() and not sentence_start


_SKIPPED = frozenset(
    {
        "the",
        "a",
        "an",
        "our",
        "this",
        "that",
        "these",
        "those",
        "shared",
        "mailbox",
        "list",
        "distribution",
        "group",
        "dl",
        "user",
        "colleague",
        "new",
        "old",
        "whole",
        "entire",
    }
)


def _with_grammar(low: str, mention: Mention) -> Mention:
    words = re.findall(r"[\w'’/-]+", low[: mention.start])
    kept = [w for w in words[-5:] if w not in _SKIPPED]
    before = kept[-1] if kept else ""
    before2 = kept[-2] if len(kept) > 1 else ""
    possessive = mention.possessive or bool(_POSSESSIVE_AFTER.match(low[mention.end :]))
    return replace(mention, before=before, before2=before2, possessive=possessive)


def mask_mentions(text: str, mentions: Sequence[Mention]) -> str:
    """`text` lower-cased with each mention replaced by its index ("§0§ needs send as on §1§"), so that the
    lexicon's patterns read the words around the mentions, not the names. A possessive belongs to its
    mention ("Ken Adams' calendar", "Olivia's", with a typographic apostrophe too) and is masked with it.
    The one masking of mentions: the rules planner and the structural check (accounted.py) read the same
    text."""
    low = text.lower()
    out, last = [], 0
    for i, m in enumerate(mentions):
        out.append(low[last : m.start])
        out.append(f"§{i}§")
        last = m.end
        if (said := POSSESSIVE_MARK.match(low, last)) is not None:
            last = said.end()
    out.append(low[last:])
    return "".join(out)
