"""Whoever asks is never a grantee: one engine rule (engine.speakers) over a masked clause."""

from __future__ import annotations

import pytest

from mailwarden.model.recipients import RecipientKind
from mailwarden.planner import engine
from mailwarden.planner.mentions import Mention

_USER = frozenset({RecipientKind.USER})


def _person(ref: str, pronoun: str = "") -> Mention:
    return Mention(ref, 0, 0, _USER if not pronoun else frozenset(), pronoun=pronoun)


_ME = Mention("me", 0, 0)
_HR = Mention("hr@acme.com", 0, 0, frozenset({RecipientKind.SHARED_MAILBOX}), literal=True)


@pytest.mark.parametrize(
    ("text", "mentions", "dropped"),
    [
        ("§0 asked whether §1 could get full access to §2", [_person("Maria"), _person("Ava"), _HR], {0}),
        ("§0 asked §1 to get send as on §2", [_person("my manager"), _ME, _HR], {0}),
        # the requester only does it: who gets it is said after, or asked
        ("§0 asked §1 to give full access to §2", [_person("Maria"), _ME, _HR], {0, 1}),
        ("on behalf of §0, could §1 get send as on §2", [_person("Maria"), _person("Ava"), _HR], {0}),
        ("§0 wants §1 to have send as on §2", [_person("Olivia"), _person("Maria"), _HR], {0}),
        ("§0 told §1 that §2 needs send as on §3", [_person("Tom"), _ME, _person("Emma"), _HR], {0, 1}),
    ],
)
def test_the_one_asking_is_dropped(text: str, mentions: list[Mention], dropped: set[int]) -> None:
    heard = engine.speakers(text, mentions)
    assert heard.drop == dropped
    assert not heard.unsure


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        # not wanting for someone else, no speech verb: the person named is the grantee
        ("§0 needs full access to §1", [_person("Tom"), _HR]),
        ("give §0 send on behalf of §1", [_person("Tom"), _HR]),
        ("§0 asked for full access to §1", [_ME, _HR]),
    ],
)
def test_a_grantee_is_kept(text: str, mentions: list[Mention]) -> None:
    assert engine.speakers(text, mentions).drop == frozenset()


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        # the speech verb's subject is not next to it: who asks and who gets it is a question
        (
            "yesterday §0 from §1 mentioned that §2 should get full access",
            [_person("Maria"), _HR, _person("Ava")],
        ),
        # a pronoun after a speaker could be either of them
        ("§0 said §1 needs full access to §2", [_person("Tom"), _person("he", "person"), _HR]),
    ],
)
def test_an_unplaced_speaker_is_a_question(text: str, mentions: list[Mention]) -> None:
    assert engine.speakers(text, mentions).unsure
