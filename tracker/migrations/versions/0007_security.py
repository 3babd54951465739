"""Security: keyed hashes in login_attempt, one-time claim codes, fingerprints unique per athlete.

- login_attempt: the typed username was stored in clear (a password pasted into the username
  box was kept). It becomes `username_hash` (HMAC with the server secret) plus `client_hash`,
  and `succeeded` becomes `outcome` ("failed", "ok", "unlock"). Existing rows keep their time
  and outcome; their clear-text username is erased (the secret lives outside the database, so
  a migration cannot hash it, and old attempts only mattered for a few minutes of throttling).
- claim_code: one-time codes for claiming an account (linking an athlete profile) or setting
  a password after an admin's reset.
- exercise_set.fingerprint: no longer unique across the database (one athlete's export can be
  imported into another's log); the import engine keeps it unique within each athlete.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('client_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default='failed'))
    op.execute("UPDATE login_attempt SET outcome = CASE WHEN succeeded THEN 'ok' ELSE 'failed' END")
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempt_username_key'))
        batch_op.drop_column('username_key')
        batch_op.drop_column('succeeded')
        batch_op.alter_column('username_hash', server_default=None)
        batch_op.alter_column('outcome', server_default=None)
        batch_op.create_index(batch_op.f('ix_login_attempt_username_hash'), ['username_hash'], unique=False)

    op.create_table('claim_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('athlete_id', sa.Integer(), nullable=True),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['athlete_id'], ['athlete.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by'], ['app_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claim_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_code_code_hash'), ['code_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_claim_code_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_set_fingerprint'))
        batch_op.create_index(batch_op.f('ix_exercise_set_fingerprint'), ['fingerprint'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('exercise_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_set_fingerprint'))
        batch_op.create_index(batch_op.f('ix_exercise_set_fingerprint'), ['fingerprint'], unique=True)

    with op.batch_alter_table('claim_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_code_user_id'))
        batch_op.drop_index(batch_op.f('ix_claim_code_code_hash'))
    op.drop_table('claim_code')

    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('succeeded', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE login_attempt SET succeeded = (outcome = 'ok')")
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempt_username_hash'))
        batch_op.drop_column('outcome')
        batch_op.drop_column('client_hash')
        batch_op.drop_column('username_hash')
        batch_op.create_index(batch_op.f('ix_login_attempt_username_key'), ['username_key'], unique=False)
