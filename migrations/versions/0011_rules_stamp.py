"""Rules stamp: each contest carries a token that changes whenever its rules could have (its own columns, its
stages, routes, timetable amendments and halts, its election's time zone and declared kinds), so that every
process may keep the rules it built from them until the token moves (tracker/elections/stamps.py). Existing
contests are given one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rules_stamp', sa.String(length=32), nullable=True))
    contest = sa.table('contest', sa.column('id', sa.Integer), sa.column('rules_stamp', sa.String))
    connection = op.get_bind()
    for (ident,) in connection.execute(sa.select(contest.c.id)).all():
        connection.execute(contest.update().where(contest.c.id == ident).values(rules_stamp=secrets.token_hex(16)))


def downgrade():
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_column('rules_stamp')
