"""Import provenance: session source and key, set fingerprints, cardio distance and time,
and per-athlete exercise aliases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 11:36:47.601326
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('exercise_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('athlete_id', sa.Integer(), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('athlete_id', 'name_key')
    )
    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.add_column(sa.Column('distance_km', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('seconds', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_exercise_set_fingerprint'), ['fingerprint'], unique=True)

    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=12), server_default='manual', nullable=False))
        batch_op.add_column(sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_training_session_source_key'), ['source_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_source_key'))
        batch_op.drop_column('source_key')
        batch_op.drop_column('source')

    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_set_fingerprint'))
        batch_op.drop_column('fingerprint')
        batch_op.drop_column('seconds')
        batch_op.drop_column('distance_km')

    op.drop_table('exercise_alias')
