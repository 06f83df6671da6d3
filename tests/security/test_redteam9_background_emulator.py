"""Red team 9: a data folder's background emulator is the one started for that folder, nothing else.

A stale background.json (its process killed) whose pid number was taken since by the background emulator
of another data folder, while someone else listens on its old port, must not be reused (its port is not
that process's), and must not make this folder's command stop that other folder's emulator."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailwarden import demo_emulator
from mailwarden.demo_emulator import INFO_FILE, emulator_fingerprint


@pytest.fixture
def other_folders_emulator(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process whose command line is another folder's background emulator (it only sleeps)."""
    other = tmp_path / "other-home" / "emulator"
    other.mkdir(parents=True)
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "mailwarden.emulator.background", str(other)]
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()


@pytest.fixture
def someone_listening() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def _stale_info(state_dir: Path, pid: int, port: int) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    info = {
        "pid": pid,
        "fingerprint": emulator_fingerprint(),
        "url": f"https://127.0.0.1:{port}",
        "ca_file": str(state_dir / "ca.pem"),
        "tenant_id": "t",
        "client_id": "c",
        "certificate_file": str(state_dir / "app.pem"),
        "started": 0,
    }
    (state_dir / INFO_FILE).write_text(json.dumps(info))


def test_a_stale_file_naming_another_folders_emulator_is_not_reused(
    tmp_path: Path, other_folders_emulator: subprocess.Popen[bytes], someone_listening: int
) -> None:
    state_dir = tmp_path / "home" / "emulator"
    _stale_info(state_dir, other_folders_emulator.pid, someone_listening)
    assert demo_emulator._usable(state_dir, emulator_fingerprint()) is None


def test_replacing_a_stale_file_does_not_stop_another_folders_emulator(
    tmp_path: Path, other_folders_emulator: subprocess.Popen[bytes], someone_listening: int
) -> None:
    state_dir = tmp_path / "home" / "emulator"
    _stale_info(state_dir, other_folders_emulator.pid, someone_listening)
    (state_dir / "background.lock").touch()
    assert demo_emulator.stop_background_emulator(state_dir) is False
    assert other_folders_emulator.poll() is None, "another data folder's emulator was killed"
    assert not (state_dir / INFO_FILE).exists()
