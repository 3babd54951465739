"""The server secret: the key for the hashes in `login_attempt` and for signing sign-in cookies.

Where it lives, in this order:
1. `TRACKER_SECRET_KEY` in the environment (at least 32 characters): for several dashboard
   processes, or machines, sharing one PostgreSQL database;
2. else a file beside the SQLite database (`tracker.db` → `tracker.db.secret`), or
   `data/tracker.secret` for other databases, created on first use readable by the owner only.

Why not in the database's settings table: whoever gets a copy of the database file or a backup
would then hold the key with the hashes and could test guesses against them (and forge
sign-in cookies). Kept beside it, a leaked backup alone reveals neither. Losing the file costs
little: recorded sign-in attempts stop counting and everyone signs in again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from tracker.files import PRIVATE, write_private

ENV_VARIABLE = "TRACKER_SECRET_KEY"
MIN_ENV_LENGTH = 32


def secret_path(url: str) -> Path:
    """The file that holds the secret for the database at `url`."""
    from tracker.db import DEFAULT_DATABASE

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        database = Path(parsed.database).expanduser()
        return database.with_name(database.name + ".secret")
    return DEFAULT_DATABASE.with_name("tracker.secret")


@cache
def _secret_from(path: Path) -> bytes:
    if not path.exists():
        try:
            write_private(path, secrets.token_hex(32).encode(), exclusive=True)
        except FileExistsError:  # another process created it first: use theirs
            pass
    value = path.read_bytes().strip()
    if len(value) < MIN_ENV_LENGTH:
        raise RuntimeError(f"{path} holds no usable secret; delete it and a new one is made")
    if path.stat().st_mode & 0o077:
        os.chmod(path, PRIVATE)
    return value


def server_secret(engine_or_url: Engine | str) -> bytes:
    """The secret for this database (see the module's docstring for where it lives)."""
    configured = os.environ.get(ENV_VARIABLE, "")
    if configured:
        if len(configured) < MIN_ENV_LENGTH:
            raise RuntimeError(f"{ENV_VARIABLE} must be at least {MIN_ENV_LENGTH} characters long")
        return configured.encode()
    url = engine_or_url.url.render_as_string(hide_password=False) if isinstance(engine_or_url, Engine) else engine_or_url
    return _secret_from(secret_path(url).resolve())


def keyed_hash(secret: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value` under `secret`, separated by `purpose`: 64 hex characters."""
    return hmac.new(secret, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()
