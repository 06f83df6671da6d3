"""Red team 37 on the planner's last changes (9705853, 9ee3e78, b7bb280, c3d3bac, 08d6203): a clause told
after the request names people who are then granted too, in a plan ready to confirm.

9ee3e78 stopped 'show me whos on the all hands list, want to check before i send the invite' from asking
about 'i'; on a grant the same clause plans the requester ('i') and the person in it as trustees too:

  "Give Emma Wilson full access to careers@acme.com before i send the invite to Ava"
      -> Full Access on careers@ for Emma, Grace (the requester) and Ava, ready ("allowed once you confirm")
  "..., i'll tell Ava" / "..., I will let Ava Johnson know" / "... after i talk to Ava" -> the same
  "Remove Emma Wilson's full access to careers@acme.com before i send the invite to Ava"
      -> revokes Grace's and Ava's too
  "Give Emma Wilson full access to careers@acme.com for Ava Johnson" / "to help Ava Johnson"
      -> Ava granted too (the corpus asks for 'send as ... for Ava Johnson until Friday')

An employee's own request widens the same way: Tom's "Give Emma reviewer on my calendar for Ava Johnson"
shares his calendar with Ava too, allowed once he confirms (his own calendar: the policy lets it through);
"add me to all hands before i send the invite to Ava" adds Ava (the policy denies that step).

08d6203's 'the calendar of everyone in <list>' on a shared mailbox's name ('everyone in Finance', 'everyone
in HR') shares the requester's own calendar with the one named and with the shared mailbox, ready; as an
employee (John: "give Emma reviewer on the calendar of everyone in HR") the policy allows it, his own.

Severity: high for admins (a ready plan, each step "allowed once you confirm", holding Full Access grants
nobody asked for: the preview names them, but "ready" reads as "what you asked"), medium for employees
(their own calendar shared with someone unasked). Recorded in tests/planner/negation.yaml (kind
red_team_37, 35 cases), driven through the CLI. Fixed by nlu50 (the requester's own doing after the
request, a role in brackets and a reason after "for" cut; "for <person>" after a request that names whom it
is for asked; "everyone in" what is no list asked about the owner): the xfail marks are gone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


def _plan(cli: Cli, who: str, text: str) -> tuple[str, set[tuple[str, ...]]]:
    code, out, err = cli("plan", "--json", "--as", who, "--", text)
    assert code == 0, err
    plan = json.loads(out)
    keys = ("action", "change", "mailbox", "trustee", "group", "member", "owner", "grantee")
    return plan["status"], {tuple(str(s.get(k, "")) for k in keys) for s in plan["steps"]}


GRACE, TOM = "grace.hopper@acme.com", "tom.becker@acme.com"
EMMA_ON_CAREERS = ("mailbox_delegation", "grant", "careers@acme.com", "emma.wilson@acme.com", "", "", "", "")
EMMA_ON_TOMS_CALENDAR = ("calendar_share", "grant", "", "", "", "", TOM, "emma.wilson@acme.com")


def test_the_control_a_reason_after_the_grant_is_no_trustee(cli: Cli) -> None:
    status, steps = _plan(
        cli, GRACE, "Give Emma Wilson full access to careers@acme.com, she covers for Ava Johnson"
    )
    assert (status, steps) == ("ready", {EMMA_ON_CAREERS})


@pytest.mark.parametrize(
    ("who", "text", "asked"),
    [
        (
            GRACE,
            "Give Emma Wilson full access to careers@acme.com before i send the invite to Ava",
            EMMA_ON_CAREERS,
        ),
        (GRACE, "Give Emma Wilson full access to careers@acme.com, i'll tell Ava", EMMA_ON_CAREERS),
        (GRACE, "Give Emma Wilson full access to careers@acme.com for Ava Johnson", EMMA_ON_CAREERS),
        (TOM, "Give Emma reviewer on my calendar for Ava Johnson", EMMA_ON_TOMS_CALENDAR),
    ],
)
def test_a_clause_after_the_request_grants_no_one_more(
    cli: Cli, who: str, text: str, asked: tuple[str, ...]
) -> None:
    status, steps = _plan(cli, who, text)
    # the one step asked, or a question (nothing ready)
    assert status != "ready" or steps == {asked}, (status, steps)


OWNERS = 6


@pytest.mark.parametrize(
    ("who", "text"),
    [
        (GRACE, "Give Tom reviewer on the calendar of everyone in Finance"),
        ("john@acme.com", "give Emma reviewer on the calendar of everyone in HR"),
    ],
)
def test_everyone_in_a_shared_mailbox_never_shares_the_requesters_calendar(
    cli: Cli, who: str, text: str
) -> None:
    """Finance and HR are shared mailboxes, not lists: nobody's calendar is 'everyone in' them. The plan,
    ready, shared the requester's own calendar (Grace's, John's) with Tom or Emma and with finance@ / hr@
    (whose delegates then read it); John's is his own, so the policy allows it once he confirms."""
    status, steps = _plan(cli, who, text)
    owners = {s[OWNERS] for s in steps}
    assert status != "ready" or who not in owners, (status, steps)
