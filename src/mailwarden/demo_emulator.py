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
def locked(state_dir: Path) -> Iterator[None]:
    """The folder's background lock (blocking), held by the choosing command or the leaving process."""
    import fcntl

    fd = os.open(state_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
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


def background_emulator(state_dir: Path, idle_seconds: float) -> dict[str, Any]:
    """Where the folder's background emulator listens (url, ca_file, tenant_id, client_id,
    certificate_file), starting it first when none usable runs. It may leave `idle_seconds` after this
    unless requests keep it: a command uses `background_emulator_in_use`."""
    return _choose(state_dir, idle_seconds, holder=None)


@contextlib.contextmanager
def background_emulator_in_use(state_dir: Path, idle_seconds: float) -> Iterator[dict[str, Any]]:
    """`background_emulator`, kept from leaving while the block runs however long it goes without a
    request, and for `idle_seconds` after it."""
    private_dir(state_dir)
    holder = open_used_file(state_dir)
    try:
        yield _choose(state_dir, idle_seconds, holder=holder)
    finally:
        with contextlib.suppress(OSError):
            os.utime(holder)  # idle counts from our last use, not from our pick
        os.close(holder)  # closing the descriptor releases the shared lock


def open_used_file(state_dir: Path) -> int:
    """A descriptor of USED_FILE, not inherited by programs this one starts (they must not keep the lock)."""
    return os.open(state_dir / USED_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)


def _choose(state_dir: Path, idle_seconds: float, holder: int | None) -> dict[str, Any]:
    import fcntl

    private_dir(state_dir)
    fingerprint = emulator_fingerprint()
    with locked(state_dir):
        info = _usable(state_dir, fingerprint)
        if info is None:
            _stop_under_lock(state_dir)  # another version's, or a stale file
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


def stop_background_emulator(state_dir: Path) -> bool:
    """Stop the folder's background emulator, if one runs; True if one did."""
    if not (state_dir / LOCK_FILE).exists():
        return False
    with locked(state_dir):
        return _stop_under_lock(state_dir)


def _stop_under_lock(state_dir: Path) -> bool:
    info = read_info(state_dir)
    (state_dir / INFO_FILE).unlink(missing_ok=True)
    pid = info.get("pid") if info is not None else None
    if not isinstance(pid, int) or not _alive(pid, state_dir):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_TIMEOUT_S
    while _alive(pid, state_dir) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.01)
    if _alive(pid, state_dir):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)
    return True


def _reap(pid: int) -> None:
    """Collect our own child's exit status (started by this process), so it is not left a zombie."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
