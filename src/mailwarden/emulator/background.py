"""The demo tenant's emulator as a background process: `python -m mailwarden.emulator.background STATE_DIR`.

Started by a command through demo_emulator.py (which describes the files and the guards), never by hand.
It serves the state folder like the in-command emulator did (no browser sign-in page), writes where it
listens once it does, and leaves when it has been idle `--idle-seconds` with no command holding it, or gets
SIGTERM/SIGINT, removing its info file first (when idle, under the folder's lock).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
import time
from pathlib import Path

from mailwarden.data_folder import write_private
from mailwarden.demo_emulator import INFO_FILE, USED_FILE, locked, open_used_file, read_info
from mailwarden.emulator.serve import RunningEmulator, running_emulator

__all__ = ["serve_in_background"]

_CHECK_EVERY_S = 1.0


def _used_at(state_dir: Path) -> float:
    try:
        return (state_dir / USED_FILE).stat().st_mtime
    except OSError:
        return 0.0


def _leave_if_idle(em: RunningEmulator, state_dir: Path, idle_seconds: float, last: list[float]) -> bool:
    """True (info file removed) when neither a request nor a command's pick happened for `idle_seconds`."""
    requests, connections = em.activity()
    now = time.time()
    if connections or requests != last[1]:
        last[:] = [now, requests]
        return False
    if now - max(last[0], _used_at(state_dir)) < idle_seconds:
        return False
    # Not waiting for the lock: whoever holds it is choosing this process, or stopping or replacing it (and
    # then waits, holding it, for the commands using it and for this process to leave on SIGTERM).
    with locked(state_dir, wait=False) as ours:
        if not ours:
            return False
        # A command may have picked this process, or sent a request, since we looked.
        if time.time() - _used_at(state_dir) < idle_seconds or em.activity() != (requests, 0):
            return False
        if _in_use(state_dir):
            return False
        _forget(state_dir)
    return True


def _in_use(state_dir: Path) -> bool:
    """Whether a command still holds USED_FILE's shared lock (it may be at a prompt, without requests).
    Asked under LOCK_FILE, under which commands take it: none can start holding it until we have left."""
    import fcntl

    fd = open_used_file(state_dir)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _forget(state_dir: Path) -> None:
    info = read_info(state_dir)
    if info is not None and info.get("pid") == os.getpid():
        (state_dir / INFO_FILE).unlink(missing_ok=True)


def serve_in_background(state_dir: Path, idle_seconds: float, fingerprint: str) -> None:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with running_emulator(state_dir, signin_page=False) as em:
        info = {
            "pid": os.getpid(),
            "fingerprint": fingerprint,
            "url": em.url,
            "ca_file": str(em.ca_file),
            "tenant_id": em.tenant_id,
            "client_id": em.client_id,
            "certificate_file": str(em.certificate_file),
            "started": time.time(),
        }
        write_private(state_dir / INFO_FILE, json.dumps(info))
        print(f"serving {state_dir} at {em.url} (pid {os.getpid()})", flush=True)
        last = [time.time(), em.activity()[0]]
        while not stop.wait(_CHECK_EVERY_S):
            if _leave_if_idle(em, state_dir, idle_seconds, last):
                print(f"idle for {idle_seconds:g} s: leaving", flush=True)
                return
        # A stopper removed the info file before signalling and holds the lock until this process is gone:
        # waiting for the lock then would last until the stopper gives up and kills it. Only an info file
        # still naming this process (a signal from elsewhere) needs forgetting under the lock.
        if (read_info(state_dir) or {}).get("pid") == os.getpid():
            with locked(state_dir):
                _forget(state_dir)
        print("stopped", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("state_dir", type=Path)
    parser.add_argument("--idle-seconds", type=float, required=True)
    parser.add_argument("--fingerprint", required=True)
    args = parser.parse_args()
    serve_in_background(args.state_dir, args.idle_seconds, args.fingerprint)


if __name__ == "__main__":
    main()
