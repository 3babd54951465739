"""Where it hurts: the left/right side of a pain report and the body-chart areas tapped.

Existing reports keep every value; a one-sided low-back region gets the side it already says
('low back left' -> left, 'low back right' -> right, 'low back both sides' -> both).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGION_SIDES = {'low back left': 'left', 'low back right': 'right', 'low back both sides': 'both'}


def upgrade() -> None:
    with op.batch_alter_table('pain_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('side', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('body_areas', sa.String(length=255), nullable=True))
    pain_entry = sa.table('pain_entry', sa.column('region', sa.String), sa.column('side', sa.String))
    for region, side in REGION_SIDES.items():
        op.execute(pain_entry.update().where(pain_entry.c.region == region).values(side=side))


def downgrade() -> None:
    with op.batch_alter_table('pain_entry', schema=None) as batch_op:
        batch_op.drop_column('body_areas')
        batch_op.drop_column('side')
