"""A signature's status is bound to its dates by a check: confirmed only with `confirmed_at`, withdrawn only with
`withdrawn_at`, and neither date on a pending or held signature. Rows that disagree (none is written so by the
tracker) stop the upgrade, naming them, rather than being changed silently.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

AGREES = (
    "(status = 'confirmed' AND confirmed_at IS NOT NULL AND withdrawn_at IS NULL)"
    " OR (status = 'withdrawn' AND withdrawn_at IS NOT NULL)"
    " OR (status IN ('pending', 'held') AND confirmed_at IS NULL AND withdrawn_at IS NULL)"
)


def upgrade():
    disagreeing = op.get_bind().execute(sa.text(f"SELECT id FROM signature WHERE NOT ({AGREES}) ORDER BY id")).all()
    if disagreeing:
        ids = ", ".join(str(row.id) for row in disagreeing[:20])
        raise RuntimeError(f"Signatures whose status disagrees with their dates (ids {ids}"
                           f"{'…' if len(disagreeing) > 20 else ''}): correct them, then upgrade again.")
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_signature_status_agrees_with_dates'), AGREES)


def downgrade():
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_signature_status_agrees_with_dates'), type_='check')
