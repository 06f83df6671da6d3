"""What the planner can be asked to do: one description per action (or family of actions), as data.

To teach the planner a new action: write its description in a module here (the cue words it requires,
its slots: the kinds each accepts, the words that introduce it, the cues that mark it, alternatives for
one role, a default; its modifiers and polarity; every word from lexicon.py), add it to DESCRIPTIONS, and
add corpus cases. The engine fills the slots (engine.fill); rules.py's routine named by `reader` only
turns the filled slots into steps (and asks for what is missing).
To teach it a new phrasing: add the words to the lexicon entry the description names.
"""

from mailwarden.planner.actions.calendar import CALENDAR
from mailwarden.planner.actions.delegation import DELEGATION, MAILBOX_USE, TIME_BOUND
from mailwarden.planner.actions.forwarding import FORWARDING, FORWARDING_QUESTION
from mailwarden.planner.actions.lists import CREATE_LIST, MEMBERSHIP, MOVE_MEMBERS
from mailwarden.planner.actions.primary import PRIMARY_ADDRESS
from mailwarden.planner.actions.reads import IS_READ, READ
from mailwarden.planner.actions.spec import ActionDescription

__all__ = ["DESCRIPTIONS", "IS_READ", "TIME_BOUND", "ActionDescription"]

DESCRIPTIONS: tuple[ActionDescription, ...] = (
    CALENDAR,
    FORWARDING_QUESTION,
    FORWARDING,
    CREATE_LIST,
    PRIMARY_ADDRESS,
    DELEGATION,
    READ,
    MOVE_MEMBERS,
    MEMBERSHIP,
    MAILBOX_USE,
)
