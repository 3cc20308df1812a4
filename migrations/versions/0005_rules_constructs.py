"""Rules beyond the basic routes: declared kinds of body, pooled kinds and routes of parts, spread by group,
stages that do not gate, timetable amendments, incumbents, own bodies, consent and nominations withdrawn at a moment.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('election_kind',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('plural', sa.String(length=80), nullable=False),
    sa.Column('person', sa.Boolean(), nullable=False),
    sa.Column('groups', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_election_kind_election_id_election'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_election_kind')),
    sa.UniqueConstraint('election_id', 'key', name=op.f('uq_election_kind_election_id_key'))
    )
    with op.batch_alter_table('election_kind', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_election_kind_election_id'), ['election_id'], unique=False)

    op.create_table('stage_amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], name=op.f('fk_stage_amendment_stage_id_stage'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_amendment'))
    )
    with op.batch_alter_table('stage_amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_amendment_stage_id'), ['stage_id'], unique=False)

    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incumbent_exempt', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('self_nomination', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('consent_by', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gates', sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table('route', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_route_kind_known'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=200), existing_nullable=False)
        batch_op.add_column(sa.Column('part', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('spread', sa.Integer(), nullable=True))

    with op.batch_alter_table('nominating_body', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_nominating_body_kind_known'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=40), existing_nullable=False)
        batch_op.add_column(sa.Column('body_group', sa.String(length=120), nullable=True))

    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incumbent', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('consented_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_candidacy_body_id'), ['body_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_candidacy_body_id_nominating_body'), 'nominating_body', ['body_id'], ['id'])

    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')

    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_candidacy_body_id_nominating_body'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_candidacy_body_id'))
        batch_op.drop_column('consented_at')
        batch_op.drop_column('body_id')
        batch_op.drop_column('incumbent')

    with op.batch_alter_table('nominating_body', schema=None) as batch_op:
        batch_op.drop_column('body_group')
        batch_op.alter_column('kind', existing_type=sa.String(length=40), type_=sa.String(length=16), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_nominating_body_kind_known'), "kind in ('mp', 'clp', 'affiliate')")

    with op.batch_alter_table('route', schema=None) as batch_op:
        batch_op.drop_column('spread')
        batch_op.drop_column('part')
        batch_op.alter_column('kind', existing_type=sa.String(length=200), type_=sa.String(length=16), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_route_kind_known'), "kind in ('mp', 'clp', 'affiliate')")

    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_column('gates')

    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_column('consent_by')
        batch_op.drop_column('self_nomination')
        batch_op.drop_column('incumbent_exempt')

    with op.batch_alter_table('stage_amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_amendment_stage_id'))
    op.drop_table('stage_amendment')

    with op.batch_alter_table('election_kind', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_election_kind_election_id'))
    op.drop_table('election_kind')
