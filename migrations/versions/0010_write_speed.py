"""Write speed: on PostgreSQL, one function takes the audit chain's lock, reads the last event and draws the ids
of the events to be sealed, in one round trip (every other writer waits while the lock is held). Nothing changes
on SQLite, where one writer at a time holds the database's write lock anyway.

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-06
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0004'
branch_labels = None
depends_on = None

#: tracker.audit.chain.CHAIN_LOCK ("AuditTr"), the advisory lock every writer of audit events takes.
CHAIN_LOCK = 0x41756469745472

#: VOLATILE, so that (under READ COMMITTED) the query after the lock takes a snapshot of its own and sees the
#: events committed by the writer that held the lock before.
CLAIM_FUNCTION = f"""
CREATE FUNCTION audit_chain_claim(wanted integer)
RETURNS TABLE (last_id integer, last_hash varchar, ids bigint[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    RETURN QUERY
        SELECT head.id, head.hash,
               ARRAY(SELECT nextval(pg_get_serial_sequence('audit_event', 'id')) FROM generate_series(1, wanted))
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT e.id, e.hash FROM audit_event AS e ORDER BY e.id DESC LIMIT 1) AS head ON true;
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(CLAIM_FUNCTION)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION audit_chain_claim(integer)')
