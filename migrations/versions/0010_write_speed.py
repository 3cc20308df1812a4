"""Write speed: on PostgreSQL, two functions seal audit events with fewer round trips while the audit chain's lock
is held (every other writer waits meanwhile): audit_chain_claim takes the lock, reads the last event and draws
the ids of the events to be sealed; audit_chain_append does that and also seals and inserts the events, given each
one's canonical form cut around its id and previous hash (tracker/audit/hashing.py canonical_parts), so that the
hash is the one the app computes. Nothing changes on SQLite, where one writer at a time holds the database's
write lock anyway.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
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

APPEND_FUNCTION = f"""
CREATE FUNCTION audit_chain_append(events json)
RETURNS TABLE (id integer, previous_hash varchar, hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    last_hash varchar;
    new_id integer;
    new_hash varchar;
    e json;
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    SELECT a.hash INTO last_hash FROM audit_event AS a ORDER BY a.id DESC LIMIT 1;
    last_hash := COALESCE(last_hash, repeat('0', 64));
    FOR e IN SELECT value FROM json_array_elements(events) LOOP
        new_id := nextval(pg_get_serial_sequence('audit_event', 'id'));
        new_hash := encode(sha256(convert_to(
            (e->>'head') || new_id::text || (e->>'middle') || last_hash || (e->>'tail'), 'UTF8')), 'hex');
        INSERT INTO audit_event (id, at, actor_id, actor_label, action, object_type, object_id, election_id,
                                 contest_id, summary, public, before, after, previous_hash, hash)
        VALUES (new_id, (e->>'at')::timestamptz, (e->>'actor_id')::integer, e->>'actor_label', e->>'action',
                e->>'object_type', (e->>'object_id')::integer, (e->>'election_id')::integer,
                (e->>'contest_id')::integer, e->>'summary', (e->>'public')::boolean, (e->>'before')::json,
                (e->>'after')::json, last_hash, new_hash);
        id := new_id;
        previous_hash := last_hash;
        hash := new_hash;
        RETURN NEXT;
        last_hash := new_hash;
    END LOOP;
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(CLAIM_FUNCTION)
        op.execute(APPEND_FUNCTION)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION audit_chain_append(json)')
        op.execute('DROP FUNCTION audit_chain_claim(integer)')
