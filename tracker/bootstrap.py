"""What a database needs besides its tables before anyone uses it: the built-in exercise catalogue.

`tracker.db.open_engine` calls `ensure_catalogue` after migrating, under the same lock, so a
fresh database is ready whichever process opens it first. It lives here rather than in the
store so that opening a database does not import the whole read/write layer.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from tracker.catalogue import CATALOGUE
from tracker.models import Exercise


def name_key(name: str) -> str:
    """Case- and space-insensitive key: ' Squat  (barbell)' and 'squat (Barbell)' match."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def ensure_catalogue(db: Session) -> int:
    """Add the built-in exercises that are missing; never overwrites a reclassified one."""
    present = set(db.exec(select(Exercise.name_key)).all())
    missing = [entry for entry in CATALOGUE if name_key(entry.name) not in present]
    if missing:
        try:
            db.add_all(
                Exercise(name=entry.name, name_key=name_key(entry.name), pattern=entry.pattern, spinal_load=entry.spinal_load)
                for entry in missing
            )
            db.commit()
        except BaseException:
            db.rollback()
            raise
    return len(missing)
