"""The audit trail as a hash chain: each event carries previous_hash and hash (the events already stored are
chained in id order); election_id and contest_id become plain ids, so that removing a contest no longer rewrites
its events; on PostgreSQL a trigger refuses UPDATE and DELETE of audit events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""
from datetime import UTC

from alembic import op
import sqlalchemy as sa

from tracker.audit.hashing import GENESIS, event_hash


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

#: Events read and chained at a time.
PAGE = 1000

APPEND_ONLY_FUNCTION = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % of audit event #% refused.', TG_OP, OLD.id
        USING HINT = 'Audit events are never changed or deleted; a correction is a new event.';
END
$$
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
"""

events = sa.table(
    'audit_event',
    sa.column('id', sa.Integer), sa.column('at', sa.DateTime(timezone=True)), sa.column('actor_id', sa.Integer),
    sa.column('actor_label', sa.String), sa.column('action', sa.String), sa.column('object_type', sa.String),
    sa.column('object_id', sa.Integer), sa.column('election_id', sa.Integer), sa.column('contest_id', sa.Integer),
    sa.column('summary', sa.Text), sa.column('public', sa.Boolean), sa.column('before', sa.JSON),
    sa.column('after', sa.JSON), sa.column('previous_hash', sa.String), sa.column('hash', sa.String),
)


def _chain_stored_events():
    """Seal the events already stored, in id order, as the app seals a new one (tracker/audit/hashing.py)."""
    bind = op.get_bind()
    fields = [column for column in events.columns if column.name not in ('previous_hash', 'hash')]
    seal = (events.update().where(events.c.id == sa.bindparam('event_id'))
            .values(previous_hash=sa.bindparam('new_previous_hash'), hash=sa.bindparam('new_hash')))
    last_id, last_hash = 0, GENESIS
    while True:
        page = bind.execute(sa.select(*fields).where(events.c.id > last_id).order_by(events.c.id).limit(PAGE)).all()
        if not page:
            return
        sealed = []
        for row in page:
            values = dict(row._mapping, previous_hash=last_hash)
            if values['at'].tzinfo is None:  # SQLite keeps UTC without its offset
                values['at'] = values['at'].replace(tzinfo=UTC)
            last_id, last_hash = row.id, event_hash(values)
            sealed.append({'event_id': row.id, 'new_previous_hash': values['previous_hash'], 'new_hash': last_hash})
        bind.execute(seal, sealed)


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_audit_event_contest_id_contest'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_audit_event_election_id_election'), type_='foreignkey')

    _chain_stored_events()

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('previous_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(APPEND_ONLY_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER audit_event_append_only ON audit_event')
        op.execute('DROP FUNCTION audit_event_append_only()')

    # The foreign keys come back: ids of elections and contests removed since are forgotten, as they were then.
    for column, parent in (('election_id', 'election'), ('contest_id', 'contest')):
        op.execute(f'UPDATE audit_event SET {column} = NULL WHERE {column} IS NOT NULL '
                   f'AND {column} NOT IN (SELECT id FROM {parent})')

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('previous_hash')
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_election_id_election'), 'election', ['election_id'],
                                    ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_contest_id_contest'), 'contest', ['contest_id'],
                                    ['id'], ondelete='SET NULL')
