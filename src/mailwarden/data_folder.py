"""The data folder belongs to the user who runs mailwarden: folders 0700, files 0600.

It holds the database (tenants' directories, requests, the audit log), keys (the audit signing key, the
credential key), the emulator's state and CA key, caches and reports: nothing another local user should
read. Every file is created private from its first byte (`os.open(..., 0o600)`, never a chmod after a
write, which would leave a moment when it is readable), and every folder 0700.

    secure_data_folder(home)        create it 0700; tighten what an older version left readable (says so once)
    private_dir(path)               mkdir -p, each folder it creates 0700
    write_private(path, data)       atomic replace of a file, 0600 throughout
    create_private(path)            an empty file created 0600 if missing (a database before SQLite opens it)
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

__all__ = [
    "LOCK_MODE",
    "PRIVATE_DIR_MODE",
    "PRIVATE_FILE_MODE",
    "create_private",
    "private_dir",
    "secure_data_folder",
    "tighten",
    "write_private",
]

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
LOCK_MODE = PRIVATE_FILE_MODE
"""For `FileLock(..., mode=LOCK_MODE)`: its lock files are created 0644 otherwise."""

_OTHERS = stat.S_IRWXG | stat.S_IRWXO
_reported: set[Path] = set()


def private_dir(path: Path) -> Path:
    """`path` and any missing parents created 0700 (folders that exist already are left as they are)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # another process made it at the same moment; tighten() fixes a loose one at start
    return path


def create_private(path: Path) -> None:
    """Create `path` empty and 0600 if it does not exist; an existing file's mode is tightened to 0600."""
    private_dir(Path(path).parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        _tighten_one(Path(path))
        return
    os.close(fd)


def write_private(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` atomically; the file is 0600 from creation (readers see old or new)."""
    path = Path(path)
    private_dir(path.parent)
    raw = data.encode() if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)  # a leftover temporary file keeps its old mode through O_CREAT
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _tighten_one(path: Path) -> bool:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & _OTHERS:
        return False
    mode = PRIVATE_DIR_MODE if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE_MODE
    os.chmod(path, mode)
    return True


def tighten(folder: Path) -> list[Path]:
    """Remove group and other access from `folder` and everything in it (symlinks are not followed);
    returns what was changed."""
    folder = Path(folder)
    changed = [folder] if _tighten_one(folder) else []
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root) / name
            if _tighten_one(path):
                changed.append(path)
    return changed


def secure_data_folder(home: Path) -> list[Path]:
    """Create the data folder 0700, tighten what is loose in it, and say so once per process."""
    home = Path(home)
    private_dir(home)
    changed = tighten(home)
    if changed and home not in _reported:
        _reported.add(home)
        sys.stderr.write(
            f"mailwarden: {len(changed)} files and folders in the data folder {str(home)!r} were readable by "
            "other local users; they are now private to you (folders 0700, files 0600).\n"
        )
    return changed
