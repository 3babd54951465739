"""Squad: availability history, what each coach last saw on the roster, and the daily
wellness check. New tables only: no existing row is touched.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('wellness_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('athlete_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('sleep_hours', sa.Float(), nullable=True),
    sa.Column('sleep_quality', sa.Integer(), nullable=True),
    sa.Column('soreness', sa.Integer(), nullable=True),
    sa.Column('stress', sa.Integer(), nullable=True),
    sa.Column('mood', sa.Integer(), nullable=True),
    sa.Column('fatigue', sa.Integer(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('athlete_id', 'date')
    )
    with op.batch_alter_table('wellness_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wellness_entry_athlete_id'), ['athlete_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wellness_entry_date'), ['date'], unique=False)

    op.create_table('availability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('athlete_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('set_by', sa.Integer(), nullable=True),
    sa.Column('set_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by'], ['app_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('availability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_athlete_id'), ['athlete_id'], unique=False)

    op.create_table('roster_seen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=True),
    sa.Column('athlete_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('triage_rank', sa.Integer(), nullable=False),
    sa.Column('last_pain_id', sa.Integer(), nullable=False),
    sa.Column('in_reduce', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['viewer_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('viewer_id', 'athlete_id')
    )
    with op.batch_alter_table('roster_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_seen_athlete_id'), ['athlete_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('roster_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_seen_athlete_id'))

    op.drop_table('roster_seen')
    with op.batch_alter_table('availability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_athlete_id'))

    op.drop_table('availability')
    with op.batch_alter_table('wellness_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wellness_entry_date'))
        batch_op.drop_index(batch_op.f('ix_wellness_entry_athlete_id'))

    op.drop_table('wellness_entry')
