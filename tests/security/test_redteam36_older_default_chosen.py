"""Red team 36 on sec28 (policy/older_defaults.py): an admin who narrows today's default by taking a permit
rule out can end with the exact text of an older shipped default, and mailwarden then decides with today's
default: the rule the admin took out is back, silently.

Severity: medium (an admin's narrowing lost without a word; `policy set` says the text is in force, `policy
show` then calls it "the default policy"). Needs the narrowed text to be an older default verbatim: the
default of 0744e38 is today's lineage without `owner-revokes-others-access` (941f2c8 added it and its
exception in the forbid `self-service-on-your-own`, nothing else), so an admin of that release who did not
want owners to take access away without approval, and restored the file they had before, gets it back.
"""

from __future__ import annotations

from pathlib import Path

from mailwarden.policy.older_defaults import is_shipped_default
from mailwarden.policy.store import PolicyStore
from mailwarden.store import Store

CHOSEN = (Path(__file__).parent / "data" / "redteam36_default_0744e38.cedar").read_text(encoding="utf-8")
"""The default as shipped at 0744e38: before `owner-revokes-others-access` (a permit: owners take others'
access to a shared mailbox or list away without approval)."""
TAKEN_OUT = "owner-revokes-others-access"


def test_the_chosen_text_is_an_older_default_without_the_permit() -> None:
    """The premise (passes): the text the admin sets is an older default and lacks the permit."""
    assert is_shipped_default(CHOSEN)
    assert TAKEN_OUT not in CHOSEN


def test_an_older_default_set_on_purpose_keeps_the_permit_out(store: Store) -> None:
    policies = PolicyStore(store)
    policies.set("contoso", CHOSEN)
    assert TAKEN_OUT not in policies.engine("contoso").policy.rule_ids()
    assert not policies.is_default("contoso")
