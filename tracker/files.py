"""Files only their owner may read: the database, its backups, the server secret.

Whoever can read the database file can read every athlete, so the tracker creates each of
these files with mode 0600, and writes a file that must appear whole (a backup, the secret)
under a temporary name first, renaming it into place only once it is complete.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist; tighten it if it does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        if path.stat().st_mode & 0o077 and _owned(path):
            os.chmod(path, PRIVATE)


def _owned(path: Path) -> bool:
    return path.stat().st_uid == os.geteuid()


def partial_name(path: Path) -> Path:
    """Where a file is written before it is renamed to `path` (hidden, in the same folder)."""
    return path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}")


def publish(write: Callable[[Path], None], path: Path, *, replace: bool = False) -> Path:
    """Write a file through `write(temporary_path)` and give it the name `path` only once it
    is whole: a process killed half-way leaves no file under `path`. Without `replace`, an
    existing `path` is never overwritten (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = partial_name(path)
    create_private(temporary)
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _link_or_rename(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _link_or_rename(temporary: Path, path: Path) -> None:
    """Give `temporary` the name `path` without overwriting: a hard link is atomic and refuses
    an existing name; where the file system has no hard links, check and rename instead."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)


def write_private(path: Path, data: bytes, *, exclusive: bool = False) -> Path:
    """`data` to `path` (mode 0600), all or nothing; `exclusive`: refuse if `path` exists."""

    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    return publish(write, path, replace=not exclusive)
