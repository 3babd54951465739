"""Initial schema: athletes, exercises, training sessions with their sets, pain entries.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 10:49:28.706714
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('athlete',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('unit', sa.String(length=2), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('body_mass_kg', sa.Float(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('athlete', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_athlete_name_key'), ['name_key'], unique=True)

    op.create_table('exercise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('pattern', sa.String(length=16), nullable=False),
    sa.Column('spinal_load', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exercise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exercise_name_key'), ['name_key'], unique=True)

    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('athlete_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('duration_min', sa.Integer(), nullable=True),
    sa.Column('rpe', sa.Float(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('sleep_hours', sa.Float(), nullable=True),
    sa.Column('sleep_quality', sa.Integer(), nullable=True),
    sa.Column('stress', sa.Integer(), nullable=True),
    sa.Column('soreness', sa.Integer(), nullable=True),
    sa.Column('srpe_load', sa.Float(), nullable=True),
    sa.Column('tonnage', sa.Float(), nullable=False),
    sa.Column('spinal_tonnage', sa.Float(), nullable=False),
    sa.Column('hard_sets', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_athlete_id'), ['athlete_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_date'), ['date'], unique=False)

    op.create_table('exercise_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('reps', sa.Integer(), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=False),
    sa.Column('rpe', sa.Float(), nullable=True),
    sa.Column('rir', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercise.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exercise_set_exercise_id'), ['exercise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exercise_set_session_id'), ['session_id'], unique=False)

    op.create_table('pain_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('athlete_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('pain', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=24), nullable=False),
    sa.Column('quality', sa.String(length=20), nullable=True),
    sa.Column('timing', sa.String(length=20), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('below_knee', sa.Boolean(), nullable=False),
    sa.Column('pins_and_needles', sa.Boolean(), nullable=False),
    sa.Column('one_leg_weakness', sa.Boolean(), nullable=False),
    sa.Column('worse_sitting', sa.Boolean(), nullable=False),
    sa.Column('worse_bending', sa.Boolean(), nullable=False),
    sa.Column('worse_arching', sa.Boolean(), nullable=False),
    sa.Column('eases_with_movement', sa.Boolean(), nullable=False),
    sa.Column('saddle_numbness', sa.Boolean(), nullable=False),
    sa.Column('bladder_bowel_change', sa.Boolean(), nullable=False),
    sa.Column('both_legs_weak_or_numb', sa.Boolean(), nullable=False),
    sa.Column('fever_or_unwell', sa.Boolean(), nullable=False),
    sa.Column('constant_pain', sa.Boolean(), nullable=False),
    sa.Column('recent_trauma', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pain_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pain_entry_athlete_id'), ['athlete_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pain_entry_recorded_at'), ['recorded_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pain_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pain_entry_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_pain_entry_athlete_id'))

    op.drop_table('pain_entry')
    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_set_session_id'))
        batch_op.drop_index(batch_op.f('ix_exercise_set_exercise_id'))

    op.drop_table('exercise_set')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_date'))
        batch_op.drop_index(batch_op.f('ix_training_session_athlete_id'))

    op.drop_table('training_session')
    with op.batch_alter_table('exercise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_name_key'))

    op.drop_table('exercise')
    with op.batch_alter_table('athlete', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_athlete_name_key'))

    op.drop_table('athlete')
