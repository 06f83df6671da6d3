"""The demo tenant's emulator as a background process, shared by the commands of one data folder.

Serving the emulator inside every command cost each one the web framework's import and the server's
start (most of a plan's second). Instead the first command that needs the demo tenant starts
`python -m mailwarden.emulator.background` on the emulator's state folder; it serves over HTTPS on a loopback
port, writes where in INFO_FILE once it listens, and exits by itself after `idle_seconds` without a
request. Later commands read that file and talk to it over HTTPS, as they talk to Microsoft.

Guards:
- LOCK_FILE (flock) serialises choosing and starting it: two commands at once start one process.
- A command that picks it touches USED_FILE under that lock; the process exits only under the same lock,
  when neither a request nor that touch happened for `idle_seconds`, and removes INFO_FILE first: a command
  never picks a process about to leave.
- A command that uses it (`background_emulator_in_use`) also holds a shared flock on USED_FILE, taken
  under LOCK_FILE, until it is done; the process leaves only if it gets that file's lock exclusively. So a
  command waiting at a prompt, or a web server, longer than `idle_seconds` without a request keeps it.
- A dead process (killed, crashed), a stale file whose pid is gone or another program's, or a process of
  another version or other emulator code (FINGERPRINT differs) is replaced transparently.
- Replacing or stopping a live process waits, under LOCK_FILE (so no new command starts holding it), until
  USED_FILE's lock can be taken exclusively: a command or web server still using the old process keeps it
  until it is done. The wait is bounded (`wait_for_holders`, HOLDERS_WAIT_S by default); after it the
  process is left running, still offered, and the replacing or stopping command fails with a ConfigError
  saying who holds it and what to do.
- Its output goes to LOG_FILE and it runs in its own session: it never holds a test's, CI's or a
  terminal's pipes open, and Ctrl-C in the terminal does not reach it.
`stop_background_emulator` stops it (tests, and anything that must leave no process behind).

This module imports nothing heavy: it runs in every command before its first request.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess  # nosec B404 - only to start our own emulator module, no shell
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mailwarden
from mailwarden.data_folder import PRIVATE_FILE_MODE, private_dir
from mailwarden.errors import ConfigError

__all__ = [
    "HOLDERS_WAIT_S",
    "INFO_FILE",
    "LOCK_FILE",
    "LOG_FILE",
    "USED_FILE",
    "background_emulator",
    "background_emulator_in_use",
    "emulator_fingerprint",
    "locked",
    "read_info",
    "stop_background_emulator",
]

INFO_FILE = "background.json"
LOCK_FILE = "background.lock"
USED_FILE = "background.used"
LOG_FILE = "background.log"
_START_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 10.0
HOLDERS_WAIT_S = 30.0
"""How long replacing or stopping a live background emulator waits for the commands still using it."""
_TELL_WAITING_AFTER_S = 1.0


def emulator_fingerprint() -> str:
    """What a running process must match to be reused: this interpreter, this mailwarden and its emulator's
    code and seed as they are on disk now (a stat of each file, no read)."""
    package = Path(mailwarden.__file__).parent
    stamps = [
        f"{p.name}:{st.st_mtime_ns}:{st.st_size}"
        for folder in (package / "emulator", package / "data")
        for p in sorted(folder.iterdir())
        if p.is_file() and (st := p.stat())
    ]
    described = "|".join([mailwarden.__version__, sys.executable, str(package), *stamps])
    return hashlib.sha256(described.encode()).hexdigest()[:32]


@contextlib.contextmanager
def locked(state_dir: Path, *, wait: bool = True) -> Iterator[bool]:
    """The folder's background lock, held by the choosing command or the leaving process; with
    `wait=False`, True only if it was free (the block runs either way)."""
    import fcntl

    fd = os.open(state_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def read_info(state_dir: Path) -> dict[str, Any] | None:
    try:
        info: dict[str, Any] = json.loads((state_dir / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _alive(pid: int, state_dir: Path) -> bool:
    """Whether `pid` is this folder's background emulator: a stale file's number may since belong to another
    program or to another data folder's emulator (which must be neither reused nor stopped from here)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process took the number: not ours
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():  # Linux: also make sure the number was not reused by another program
        with contextlib.suppress(OSError):
            args = cmdline.read_bytes().split(b"\0")
            return b"mailwarden.emulator.background" in args and os.fsencode(state_dir.resolve()) in args
    return True


def _listening(url: str) -> bool:
    host, _, port = url.removeprefix("https://").partition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except (OSError, ValueError):
        return False


def _usable(state_dir: Path, fingerprint: str) -> dict[str, Any] | None:
    info = read_info(state_dir)
    if info is None or info.get("fingerprint") != fingerprint:
        return None
    if (
        not isinstance(info.get("pid"), int)
        or not _alive(info["pid"], state_dir)
        or not _listening(str(info.get("url")))
    ):
        return None
    return info


def background_emulator(
    state_dir: Path, idle_seconds: float, *, wait_for_holders: float = HOLDERS_WAIT_S
) -> dict[str, Any]:
    """Where the folder's background emulator listens (url, ca_file, tenant_id, client_id,
    certificate_file), starting it first when none usable runs. It may leave `idle_seconds` after this
    unless requests keep it: a command uses `background_emulator_in_use`. An unusable one still in use by
    other commands is replaced once they are done, waiting at most `wait_for_holders` seconds."""
    return _choose(state_dir, idle_seconds, holder=None, wait_for_holders=wait_for_holders)


@contextlib.contextmanager
def background_emulator_in_use(
    state_dir: Path, idle_seconds: float, *, wait_for_holders: float = HOLDERS_WAIT_S
) -> Iterator[dict[str, Any]]:
    """`background_emulator`, kept from leaving while the block runs however long it goes without a
    request, and for `idle_seconds` after it."""
    private_dir(state_dir)
    holder = open_used_file(state_dir)
    try:
        yield _choose(state_dir, idle_seconds, holder=holder, wait_for_holders=wait_for_holders)
    finally:
        with contextlib.suppress(OSError):
            os.utime(holder)  # idle counts from our last use, not from our pick
        os.close(holder)  # closing the descriptor releases the shared lock


def open_used_file(state_dir: Path) -> int:
    """A descriptor of USED_FILE, not inherited by programs this one starts (they must not keep the lock)."""
    return os.open(state_dir / USED_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)


def _choose(
    state_dir: Path, idle_seconds: float, holder: int | None, wait_for_holders: float
) -> dict[str, Any]:
    import fcntl

    private_dir(state_dir)
    fingerprint = emulator_fingerprint()
    with locked(state_dir):
        info = _usable(state_dir, fingerprint)
        if info is None:
            # Another version's, one that does not answer, or a stale file.
            _stop_under_lock(state_dir, wait_for_holders, replacing_for=fingerprint)
            info = _start(state_dir, idle_seconds, fingerprint)
        # Under the lock: the process cannot decide it is idle between this touch (or the shared lock) and
        # our first request. It takes USED_FILE's lock only under LOCK_FILE, so this never waits.
        if holder is not None:
            fcntl.flock(holder, fcntl.LOCK_SH)
        _touch(state_dir / USED_FILE)
        return info


def _touch(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE))
    os.utime(path)


def _child_environment() -> dict[str, str]:
    """This environment, with PYTHONPATH's folders made absolute: the process runs in another folder."""
    env = dict(os.environ)
    if paths := env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in paths.split(os.pathsep) if p)
    return env


def _start(state_dir: Path, idle_seconds: float, fingerprint: str) -> dict[str, Any]:
    log_path = state_dir / LOG_FILE
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    with os.fdopen(log_fd, "wb") as log:
        process = subprocess.Popen(  # noqa: S603  # nosec B603 - our own module, by this interpreter, fixed argv
            [
                sys.executable,
                "-m",
                "mailwarden.emulator.background",
                str(state_dir.resolve()),
                "--idle-seconds",
                str(idle_seconds),
                "--fingerprint",
                fingerprint,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            cwd=state_dir,  # not the command's folder, which it would keep in use for minutes
            env=_child_environment(),
        )
    deadline = time.monotonic() + _START_TIMEOUT_S
    while True:
        info = read_info(state_dir)
        if info is not None and info.get("pid") == process.pid:
            return info
        code = process.poll()
        if code is not None or time.monotonic() > deadline:
            if code is None:
                process.kill()
                process.wait()
            tail = log_path.read_text(errors="replace")[-1500:].strip()
            raise ConfigError(
                f"The demo tenant's emulator did not start (exit code {process.returncode}); its log "
                f"{log_path} ends with:\n{tail or '(nothing)'}\nRun the command again, or set "
                "MAILWARDEN_DEMO_EMULATOR=in-process to serve it inside each command."
            )
        time.sleep(0.01)


def stop_background_emulator(state_dir: Path, *, wait_for_holders: float = HOLDERS_WAIT_S) -> bool:
    """Stop the folder's background emulator, if one runs, once no command uses it; True if one did.
    ConfigError (and it keeps running) if commands still use it after `wait_for_holders` seconds."""
    if not (state_dir / LOCK_FILE).exists():
        return False
    with locked(state_dir):
        return _stop_under_lock(state_dir, wait_for_holders, replacing_for=None)


def _stop_under_lock(state_dir: Path, wait_for_holders: float, replacing_for: str | None) -> bool:
    info = read_info(state_dir)
    pid = info.get("pid") if info is not None else None
    if info is None or not isinstance(pid, int) or not _alive(pid, state_dir):
        (state_dir / INFO_FILE).unlink(missing_ok=True)
        return False
    drained = _without_holders(state_dir, pid, wait_for_holders, _why(info, replacing_for))
    try:
        (state_dir / INFO_FILE).unlink(missing_ok=True)
        _terminate(pid, state_dir)
    finally:
        os.close(drained)  # no command can start holding it before LOCK_FILE is released
    return True


def _why(info: dict[str, Any], replacing_for: str | None) -> tuple[str, str]:
    """What stopping the process is for, and why (for the messages)."""
    if replacing_for is None:
        return "stop it", ""
    if info.get("fingerprint") != replacing_for:
        return "replace it", " (it runs other mailwarden code: another version, or an edit)"
    return "replace it", " (it does not answer)"


def _without_holders(state_dir: Path, pid: int, within: float, why: tuple[str, str]) -> int:
    """A descriptor holding USED_FILE's lock exclusively, once every command using the process is done.

    Called under LOCK_FILE: commands take their shared lock only under it, so none starts while we wait,
    and each one holding it lets go when it is done (without needing LOCK_FILE)."""
    import fcntl

    fd = open_used_file(state_dir)
    started = time.monotonic()
    told = False
    while True:
        with contextlib.suppress(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        waited = time.monotonic() - started
        if waited >= within:
            os.close(fd)
            raise ConfigError(
                f"Could not {why[0]}{why[1]}: the demo tenant's emulator (process {pid}) is still in use "
                f"by another mailwarden command or web server on this data folder after {within:g} s, so "
                "it was left running for them. Let that command finish (or stop that `mailwarden serve`), "
                "then run this again."
            )
        if not told and waited >= _TELL_WAITING_AFTER_S:
            told = True
            print(
                f"Waiting up to {within:g} s for the other commands using the demo tenant's emulator "
                f"(process {pid}) to finish, to {why[0]}...",
                file=sys.stderr,
                flush=True,
            )
        time.sleep(0.05)


def _terminate(pid: int, state_dir: Path) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_TIMEOUT_S
    while _alive(pid, state_dir) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.01)
    if _alive(pid, state_dir):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)


def _reap(pid: int) -> None:
    """Collect our own child's exit status (started by this process), so it is not left a zombie."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
