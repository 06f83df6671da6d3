"""The demo tenant's background emulator: one per data folder, replaced when dead or stale, gone when idle.

Commands reach the demo tenant through a background process (src/mailwarden/demo_emulator.py) instead of
serving the emulator inside each command. These tests start real processes and stop every one they start.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mailwarden.demo_emulator import (
    INFO_FILE,
    LOG_FILE,
    background_emulator,
    background_emulator_in_use,
    read_info,
    stop_background_emulator,
)
from mailwarden.errors import ConfigError
from tests.cli.test_cold_start import DEMO_PLAN as PLAN


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _wait_gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while _alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.05)
    return not _alive(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _serving(state_dir: Path) -> list[int]:
    """The live background emulators of `state_dir`, from every process's command line."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"mailwarden.emulator.background" in args and str(state_dir).encode() in args:
            found.append(int(cmdline.parent.name))
    return [pid for pid in found if _alive(pid)]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    started: list[int] = []
    yield home
    info = read_info(home / "emulator")
    if info is not None:
        started.append(info["pid"])
    stop_background_emulator(home / "emulator")
    for pid in started:
        assert _wait_gone(pid), f"background emulator {pid} still runs"
    assert _serving(home / "emulator") == []


def _mailwarden(home: Path, *args: str, idle: str = "300") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MAILWARDEN_HOME": str(home),
        "MAILWARDEN_DEMO_EMULATOR": "background",
        "MAILWARDEN_DEMO_EMULATOR_IDLE_SECONDS": idle,
    }
    # Pipes for its output: if the background process held them, this would wait for it (the timeout).
    return subprocess.run(
        [sys.executable, "-c", "from mailwarden.cli.main import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_a_command_starts_one_and_the_next_reuses_it_without_holding_its_pipes(home: Path) -> None:
    first = _mailwarden(home, *PLAN)
    assert first.returncode == 0, first.stderr
    info = read_info(home / "emulator")
    assert info is not None
    assert _alive(info["pid"])
    second = _mailwarden(home, *PLAN)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert read_info(home / "emulator") == info  # the same process answered
    # Its own output goes to its log, not to whoever started it.
    assert "serving" in (home / "emulator" / LOG_FILE).read_text()
    assert oct((home / "emulator" / LOG_FILE).stat().st_mode & 0o777) == "0o600"


# A command's first step on the demo tenant, in its own process, held until the file `go` appears; the file
# `ready` says it has imported and waits.
_AT_ONCE = """
import json, pathlib, sys, time
from mailwarden.demo_emulator import background_emulator
go = pathlib.Path(sys.argv[2])
pathlib.Path(sys.argv[3]).touch()
while not go.exists():
    time.sleep(0.001)
print(json.dumps(background_emulator(pathlib.Path(sys.argv[1]), 300)))
"""


def test_commands_at_once_start_one(home: Path, tmp_path: Path) -> None:
    state_dir = home / "emulator"
    go = tmp_path / "go"
    env = {**os.environ, "MAILWARDEN_HOME": str(home)}
    ready = [tmp_path / f"ready-{n}" for n in range(4)]
    waiting = [
        subprocess.Popen(
            [sys.executable, "-c", _AT_ONCE, str(state_dir), str(go), str(flag)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    # Every one has imported and waits (not a fixed 3 s, which a loaded machine may need more than).
    deadline = time.monotonic() + 240
    while not all(flag.exists() for flag in ready) and time.monotonic() < deadline:
        assert all(p.poll() is None for p in waiting), [
            p.communicate() for p in waiting if p.poll() is not None
        ]
        time.sleep(0.01)
    go.touch()
    answers = [p.communicate(timeout=240) for p in waiting]
    assert [p.returncode for p in waiting] == [0] * 4, [err for _, err in answers]
    assert len({json.loads(out)["pid"] for out, _ in answers}) == 1
    assert len(_serving(state_dir)) == 1
    # And a command uses it.
    done = _mailwarden(home, *PLAN)
    assert done.returncode == 0, done.stderr
    assert _serving(state_dir) == [json.loads(answers[0][0])["pid"]]


def test_a_killed_one_is_replaced(home: Path) -> None:
    state_dir = home / "emulator"
    old = background_emulator(state_dir, 300)
    os.kill(old["pid"], signal.SIGKILL)
    assert _wait_gone(old["pid"])
    assert read_info(state_dir) == old  # killed: it could not remove its file
    done = _mailwarden(home, *PLAN)
    assert done.returncode == 0, done.stderr
    new = read_info(state_dir)
    assert new is not None
    assert new["pid"] != old["pid"]
    assert _alive(new["pid"])


def test_a_stale_file_is_replaced(home: Path) -> None:
    state_dir = home / "emulator"
    state_dir.mkdir(parents=True)
    # A pid that is not a background emulator (this test's own), and a port nothing serves.
    stale = {"pid": os.getpid(), "fingerprint": "x", "url": "https://127.0.0.1:9", "ca_file": "nowhere"}
    (state_dir / INFO_FILE).write_text(json.dumps(stale))
    info = background_emulator(state_dir, 300)
    assert info["pid"] != os.getpid()
    assert _alive(info["pid"])
    assert _alive(os.getpid())  # not killed: the file was not ours to trust


def test_one_of_other_code_is_stopped_and_replaced(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state_dir = home / "emulator"
    old = background_emulator(state_dir, 300)
    # As after an upgrade, or an edit of the emulator's code: the fingerprint no longer matches.
    monkeypatch.setattr("mailwarden.demo_emulator.emulator_fingerprint", lambda: "another version")
    new = background_emulator(state_dir, 300)
    assert new["pid"] != old["pid"]
    assert _wait_gone(old["pid"])


def _in_thread(call: Callable[[], dict[str, Any]]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run `call` in a thread; its answer (or its error, under "error") lands in the returned dict."""
    answer: dict[str, Any] = {}

    def run() -> None:
        try:
            answer.update(call())
        except Exception as exc:  # noqa: BLE001 - handed to the test
            answer["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, answer


def test_replacing_one_of_other_code_waits_for_the_command_using_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state_dir = home / "emulator"
    with background_emulator_in_use(state_dir, 300) as old:
        # A newer command (an upgrade happened meanwhile) wants the demo tenant while this one is using it.
        monkeypatch.setattr("mailwarden.demo_emulator.emulator_fingerprint", lambda: "another version")
        newer, new = _in_thread(lambda: background_emulator(state_dir, 300))
        time.sleep(3)
        assert newer.is_alive()  # it waits ...
        assert _alive(old["pid"]), "the emulator was killed under the command using it"
        assert read_info(state_dir) == old, "the emulator was taken from the command using it"
        assert _answers(old["url"])
    newer.join(30)  # ... until the command is done, then replaces it
    assert "error" not in new, new
    assert new["pid"] != old["pid"]
    assert _wait_gone(old["pid"])
    assert read_info(state_dir) == new


def test_replacing_gives_up_after_its_wait_and_leaves_it_to_the_command_using_it(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state_dir = home / "emulator"
    with background_emulator_in_use(state_dir, 300) as old:
        monkeypatch.setattr("mailwarden.demo_emulator.emulator_fingerprint", lambda: "another version")
        started = time.monotonic()
        with pytest.raises(ConfigError) as refused:
            background_emulator(state_dir, 300, wait_for_holders=2)
        assert time.monotonic() - started >= 2
        assert _alive(old["pid"])
        assert _answers(old["url"])
        assert read_info(state_dir) == old  # still offered to the commands of its version
    message = str(refused.value)
    assert f"process {old['pid']}" in message
    assert "still in use by another mailwarden command" in message
    assert "other mailwarden code" in message
    assert "Waiting up to 2 s" in capsys.readouterr().err


def test_stop_waits_for_the_command_using_it(home: Path) -> None:
    state_dir = home / "emulator"
    with background_emulator_in_use(state_dir, 300) as info:
        with pytest.raises(ConfigError, match="Could not stop it"):
            stop_background_emulator(state_dir, wait_for_holders=1)
        assert _alive(info["pid"])
        stopper, stopped = _in_thread(lambda: {"stopped": stop_background_emulator(state_dir)})
        time.sleep(2)
        assert stopper.is_alive()
        assert _answers(info["url"])
    stopper.join(30)
    assert stopped == {"stopped": True}
    assert _wait_gone(info["pid"])


def test_it_leaves_on_sigterm_even_when_it_found_itself_idle_while_its_stopper_waited(home: Path) -> None:
    state_dir = home / "emulator"
    with background_emulator_in_use(state_dir, 1) as info:
        time.sleep(2.5)  # idle by now, but held: it looks for the folder's lock every second
        stopper, stopped = _in_thread(lambda: {"stopped": stop_background_emulator(state_dir)})
        time.sleep(2.5)  # it looked while the stopper held that lock, waiting for this command
        assert _alive(info["pid"])
    stopper.join(30)
    assert stopped == {"stopped": True}
    assert _wait_gone(info["pid"])
    # It left on SIGTERM, not blocked on the lock its stopper held until it was killed.
    assert "stopped" in (state_dir / LOG_FILE).read_text()


def test_it_leaves_when_idle(home: Path) -> None:
    state_dir = home / "emulator"
    info = background_emulator(state_dir, 1.5)
    assert _wait_gone(info["pid"], within=30)
    assert read_info(state_dir) is None  # it removed its file before leaving
    assert "idle" in (state_dir / LOG_FILE).read_text()


def _answers(url: str) -> bool:
    host, _, port = url.removeprefix("https://").partition(":")
    with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=2):
        return True
    return False


def test_a_command_using_it_keeps_it_past_idle_and_it_leaves_after(home: Path) -> None:
    state_dir = home / "emulator"
    with background_emulator_in_use(state_dir, 1) as info:
        # As a command at "Confirm this request?", or a web server nobody calls: no request for several
        # idle periods (the process looks every second).
        time.sleep(5)
        assert _alive(info["pid"])
        assert read_info(state_dir) == info  # still offered to other commands
        assert _answers(info["url"])
    assert _wait_gone(info["pid"], within=30)
    assert read_info(state_dir) is None
    assert "idle" in (state_dir / LOG_FILE).read_text()


def test_stop_stops_it(home: Path) -> None:
    state_dir = home / "emulator"
    info = background_emulator(state_dir, 300)
    assert stop_background_emulator(state_dir)
    assert _wait_gone(info["pid"])
    assert read_info(state_dir) is None
    # It left by itself on SIGTERM, without waiting for the lock its stopper holds (and being killed).
    # The whole log in the message: this failed once under load 7 with no clue why.
    log = (state_dir / LOG_FILE).read_text()
    assert "stopped" in log, log
    assert not stop_background_emulator(state_dir)


def test_a_stopped_one_leaves_by_itself_at_once(home: Path) -> None:
    """SIGTERM ends it cleanly (its state saved, its log closed with "stopped") in well under the stopper's
    10 s patience: it once waited for the lock its stopper holds until then, and was killed."""
    state_dir = home / "emulator"
    background_emulator(state_dir, 300)
    started = time.monotonic()
    assert stop_background_emulator(state_dir)
    assert time.monotonic() - started < 5
    assert (state_dir / LOG_FILE).read_text().rstrip().endswith("stopped")
