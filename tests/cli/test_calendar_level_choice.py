"""`mailwarden ask` on a calendar share that states no level: the level is asked, the four offered, and
`--choose N` picks one (the planner's own question, answered by its id), in order."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_the_level_is_asked_and_a_choice_completes_the_share(cli: Cli) -> None:
    code, out, err = cli(
        "ask", "--as", "grace.hopper@acme.com", "--choose", "2", "--yes", "--",
        "Share Jane Doe's calendar with Ava Johnson",
    )  # fmt: skip
    assert code == 0, out + err
    assert "limited" in out.lower(), out
    assert "reviewer" not in out.lower(), out


def test_a_choice_out_of_range_is_a_clear_error(cli: Cli) -> None:
    code, out, err = cli(
        "ask", "--as", "grace.hopper@acme.com", "--choose", "7", "--yes", "--",
        "Share Jane Doe's calendar with Ava Johnson",
    )  # fmt: skip
    assert code != 0
    assert "pick a number from 1 to 4" in out + err
    assert "Traceback" not in out + err


def test_two_shares_are_asked_one_by_one_and_each_choice_reaches_its_own(cli: Cli) -> None:
    code, out, err = cli(
        "ask", "--as", "grace.hopper@acme.com", "--choose", "4", "--choose", "1", "--yes", "--",
        "Share Jane Doe's calendar with Ava Johnson and share Tom's calendar with Ken Adams",
    )  # fmt: skip
    assert code == 0, out + err
    assert "Ava Johnson will have Editor (can create, change and delete events) access to Jane Doe's" in out
    assert "Ken Adams will have AvailabilityOnly (free/busy only) access to Tom Becker's calendar" in out
    assert "completed" in out, out
    assert "Reviewer" not in out, out
