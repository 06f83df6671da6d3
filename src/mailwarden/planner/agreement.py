"""Agreement in gender of a he/him/his or she/her with whom it stands for: the gender a given name is
confidently used for, from data/given_names.tsv (derived from nomquamgender by scripts/build_given_names.py).

Read only when a pronoun is resolved, once (the table is ~19,700 names): most requests name no one by a
pronoun and never pay for it. A name not in the table (Chris, Lee, Jordan, Taylor, any name of a culture the
source under-counts) is of no known gender: it stays a candidate for either pronoun.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from mailwarden.planner import lexicon as lx
from mailwarden.planner.mentions import Mention

Gender = Literal["m", "f"]


@functools.cache
def _table() -> dict[str, Gender]:
    text = resources.files("mailwarden.planner").joinpath("data/given_names.tsv").read_text(encoding="utf-8")
    table: dict[str, Gender] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, gender = line.partition("\t")
        if gender == "m":
            table[name] = "m"
        elif gender == "f":
            table[name] = "f"
    return table


def of_name(given: str) -> Gender | None:
    """The gender `given` (one given name, any case) is confidently used for; None when unknown."""
    return _table().get(given.strip().casefold())


def of_display_name(display_name: str) -> Gender | None:
    """The gender of the first word of a display name ("Liam Brown" -> m); None when unknown or when the
    name is not written given name first ("Brown, Liam": the comma says the surname comes first)."""
    words = display_name.split()
    if not words or "," in display_name:
        return None
    return of_name(words[0].strip(".'’"))


def of_pronoun(pronoun: str) -> Gender | None:
    """The gender a third-person singular pronoun agrees with; None for any other (they, them, it)."""
    word = pronoun.casefold()
    return "m" if word in lx.MASCULINE_PRONOUNS else "f" if word in lx.FEMININE_PRONOUNS else None


def cannot_be(pronoun: str, display_name: str) -> bool:
    """Whether the pronoun cannot stand for the person so named: both have a gender, and they differ."""
    said = of_pronoun(pronoun)
    named = of_display_name(display_name)
    return said is not None and named is not None and said != named


@dataclass(frozen=True)
class Asked:
    """Who a pronoun is cannot be read safely: asked, each of `offered` named as one it may be (None: no one
    named may be it; left unresolved, the part it is in asks whom it is for)."""

    offered: list[Mention] | None
    why: str
    own_clause: bool = False
    """Only the pronoun's own clause is in doubt (the one who agrees is named there in another role): what
    the clauses before it plan stands, asked alongside."""


def settle(
    pronoun: str,
    people: Sequence[Mention],
    display_name: Callable[[Mention], str | None],
    *,
    read: str | None,
    who: Callable[[Mention], str],
    may_be: Sequence[str] | None = None,
    in_clause: Sequence[str] = (),
    parties: Callable[[], Collection[str]] | None = None,
) -> Mention | Asked | None:
    """Whom `pronoun` stands for among `people` (each named before it, once, the requester left out), given
    whom the reading by role took it for (`read`, an id; None when it left it unresolved) and, when that
    reading found two or more it could be, their ids (`may_be`), and the ids of those a command names before
    the pronoun in its own clause (`in_clause`).

    None when no one named is ruled out by gender: the reading by role stands (a name of no known gender,
    "Chris", "Taylor", rules no one out). Else the one person left who agrees, when the reading by role found
    someone (it may have taken the one ruled out: the last named) or found that one among those it could be;
    asked when none agrees (the pronoun means someone not named, or the name's usual gender is not theirs)
    or two or more still may (never guessed between: "Give Noah ... on Liam's mailbox, remove her" names no
    one a "her" agrees with; "Give Chris ... on Liam's mailbox, remove her" leaves Chris and no one else,
    but "... Emma and Chris ..., remove her" leaves both).

    The one left who agrees takes the pronoun from the one the reading by role chose only when they are a
    party of a step already planned (`parties`: the ids a step gives to, acts on, forwards from or to, or
    whose mailbox it is): a name's usual gender is a population figure, and one named only as context ("Emma
    asked for this. Add Tom ... and give her send as") is the least likely referent: asked."""
    if read is None and may_be is None:
        return None  # left unresolved by role (said before the name, of one away, a comparison): asked
    ruled_out = {who(p) for p in people if cannot_be(pronoun, display_name(p) or "")}
    if not ruled_out:
        return None
    agree = [p for p in people if who(p) not in ruled_out]
    if may_be is not None:
        # asked by role already, two or more it could be: still asked, never narrowed to a plan by gender
        # alone (the corpus's nlu67 cases: "Tom and Ava need access to billing@. Give her send as")
        return None
    if not agree:
        return Asked(None, lx.NLU129_PRONOUN_NONE_AGREES.format(pronoun=pronoun))
    if len(agree) > 1:
        return Asked(agree, lx.NLU129_PRONOUN_SOME_AGREE)
    if who(agree[0]) == read:
        return agree[0]  # the reading by role took the one who agrees
    if who(agree[0]) in in_clause:
        # the reading by role passed over one its own clause names in another role ("give Liam full access
        # to his mailbox" after "Emma is off": never Liam's own mailbox, nor surely Emma's): asked
        return Asked(
            list(people), lx.NLU129_PRONOUN_AGREES_ELSEWHERE.format(pronoun=pronoun), own_clause=True
        )
    if parties is not None and who(agree[0]) not in parties():
        return Asked(list(people), lx.NLU137_PRONOUN_ONLY_CONTEXT_AGREES.format(pronoun=pronoun))
    return agree[0]
