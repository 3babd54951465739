"""Each session's weighted working sets per lift (their count, tonnage and spinal flag), stored
on the session row (derived, like its loads), so the trends page's tonnage chart and its choice
of main lifts read one row per session instead of its sets; backfilled here from the stored sets.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 13:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lift_work', sa.Text(), nullable=True))
    _backfill_lift_work()


def _backfill_lift_work() -> None:
    """Derive each session's work per lift from its sets, as the store does on write."""
    from itertools import groupby

    from tracker.science.session_load import SetLoad, lift_work

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT s.session_id, s.kind, s.reps, s.weight_kg, e.name, e.spinal_load"
            " FROM exercise_set s JOIN exercise e ON e.id = s.exercise_id ORDER BY s.session_id, s.position"
        )
    ).fetchall()
    session = sa.table("training_session", sa.column("id", sa.Integer), sa.column("lift_work", sa.Text))
    updates = []
    for session_id, sets in groupby(rows, key=lambda row: row[0]):
        work = lift_work([SetLoad(kind=kind, reps=reps, weight_kg=weight, spinal_load=bool(spinal), exercise=name) for _, kind, reps, weight, name, spinal in sets])
        if work is not None:
            updates.append({"sid": session_id, "work": work})
    if updates:
        bind.execute(session.update().where(session.c.id == sa.bindparam("sid")).values(lift_work=sa.bindparam("work")), updates)


def downgrade() -> None:
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_column('lift_work')
