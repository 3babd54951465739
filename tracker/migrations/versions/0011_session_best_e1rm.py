"""Each session's best e1RM per lift, stored on the session row (derived, like its loads), so the
strength charts read the best so far before their dates from the sessions instead of every
earlier set; backfilled here from the stored sets.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('best_e1rm', sa.Text(), nullable=True))
    _backfill_best_e1rm()


def _backfill_best_e1rm() -> None:
    """Derive each session's best e1RM per lift from its sets, as the store does on write."""
    from itertools import groupby

    from tracker.science.session_load import SetLoad, best_e1rms

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT s.session_id, s.kind, s.reps, s.weight_kg, e.name"
            " FROM exercise_set s JOIN exercise e ON e.id = s.exercise_id ORDER BY s.session_id, s.position"
        )
    ).fetchall()
    session = sa.table("training_session", sa.column("id", sa.Integer), sa.column("best_e1rm", sa.Text))
    updates = []
    for session_id, sets in groupby(rows, key=lambda row: row[0]):
        best = best_e1rms([SetLoad(kind=kind, reps=reps, weight_kg=weight, spinal_load=False, exercise=name) for _, kind, reps, weight, name in sets])
        if best is not None:
            updates.append({"sid": session_id, "best": best})
    if updates:
        bind.execute(session.update().where(session.c.id == sa.bindparam("sid")).values(best_e1rm=sa.bindparam("best")), updates)


def downgrade() -> None:
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_column('best_e1rm')
