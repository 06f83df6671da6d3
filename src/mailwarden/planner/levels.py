"""The calendar levels a share can have, offered as the answers when a request states none.

"Share Jane Doe's calendar with Ava Johnson" names no level; Outlook's own share dialog makes the sharer
choose one, and so does mailwarden (DESIGN §4): the planner asks `access` and offers the four levels, and an
answer is said back into the request ("... as limited details") and read again, like any other answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from mailwarden.model.plans import Candidate

__all__ = ["ACCESS_QUESTION", "LEVELS", "candidates", "chosen", "said", "share_question"]

ACCESS_QUESTION: Final = "Which calendar level is meant: free/busy, limited details, reviewer or editor?"

# level -> (label, what it lets the grantee do, how an answer is said back into the request)
LEVELS: Final[dict[str, tuple[str, str, str]]] = {
    "availability_only": ("Free/busy", "sees only when the owner is free or busy", "free/busy"),
    "limited_details": ("Limited details", "sees free/busy, titles and locations", "limited details"),
    "reviewer": ("Reviewer", "reads every detail, changes nothing", "reviewer"),
    "editor": ("Editor", "reads and changes events", "editor"),
}

_SYNONYMS: Final = {
    "free/busy": "availability_only",
    "free busy": "availability_only",
    "availability": "availability_only",
    "availability only": "availability_only",
    "limited": "limited_details",
    "limited details": "limited_details",
}


def candidates() -> list[Candidate]:
    """The four levels, narrowest first, as the answers a client offers."""
    return [
        Candidate(address=level, display_name=label, detail=detail)
        for level, (label, detail, _) in LEVELS.items()
    ]


def share_question(owners: Sequence[str], grantees: Sequence[str]) -> str:
    """The level question about one clause's shares: whose calendar and who gets it, so that two shares
    are two questions (two ids), each answered for its own share."""
    # ("me" is the one asking: "on your calendar", never "on me's calendar")
    whose = "your" if list(owners) == ["me"] else f"{_joined([_you(o) for o in owners])}'s"
    who = _joined([_you(g) for g in grantees])
    return f"Which calendar level should {who} have on {whose} calendar: {_OFFERED}?"


def _you(ref: str) -> str:
    return "you" if ref == "me" else ref


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_OFFERED: Final = "free/busy, limited details, reviewer or editor"


def chosen(answer: str) -> str | None:
    """The level an answer chooses ("limited details" -> limited_details), None for one that is no level."""
    key = " ".join(answer.casefold().replace("_", " ").split())
    level = _SYNONYMS.get(key) or key.replace(" ", "_")
    return level if level in LEVELS else None


def said(answer: str) -> str | None:
    """The words an answer adds to the request ("as limited details"), None for one that is no level."""
    level = chosen(answer)
    return None if level is None else f"as {LEVELS[level][2]}"
