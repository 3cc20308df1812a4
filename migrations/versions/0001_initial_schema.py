"""Initial schema: elections, contests, stages and routes; bodies, people and candidacies;
nominations, suspensions, accounts, the audit trail; slates; frozen ballots, results and counts.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('election',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_election')),
    sa.UniqueConstraint('slug', name=op.f('uq_election_slug'))
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisation_slug'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('name', name=op.f('uq_person_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_person_slug'))
    )
    op.create_table('contest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('max_nominations_per_body', sa.Integer(), nullable=False),
    sa.Column('min_women', sa.Integer(), nullable=True),
    sa.Column('counting_statuses', sa.String(length=64), nullable=False),
    sa.Column('discount_suspended_mps', sa.Boolean(), nullable=False),
    sa.Column('ballot_opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ballot_closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('max_nominations_per_body >= 1', name=op.f('ck_contest_max_nominations_positive')),
    sa.CheckConstraint('seats >= 1', name=op.f('ck_contest_seats_positive')),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_contest_election_id_election'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contest')),
    sa.UniqueConstraint('election_id', 'slug', name=op.f('uq_contest_election_id_slug'))
    )
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contest_election_id'), ['election_id'], unique=False)

    op.create_table('nominating_body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('region', sa.String(length=80), nullable=True),
    sa.Column('is_union', sa.Boolean(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind in ('mp', 'clp', 'affiliate')", name=op.f('ck_nominating_body_kind_known')),
    sa.CheckConstraint('members >= 0', name=op.f('ck_nominating_body_members_not_negative')),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_nominating_body_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_nominating_body_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominating_body')),
    sa.UniqueConstraint('election_id', 'code', name=op.f('uq_nominating_body_election_id_code'))
    )
    with op.batch_alter_table('nominating_body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominating_body_election_id'), ['election_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominating_body_person_id'), ['person_id'], unique=False)

    op.create_table('pledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_pledge_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_pledge_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge')),
    sa.UniqueConstraint('slug', name=op.f('uq_pledge_slug'))
    )
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_election_id'), ['election_id'], unique=False)

    op.create_table('slate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=False),
    sa.Column('draft_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_slate_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_slate_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slate')),
    sa.UniqueConstraint('organisation_id', 'election_id', name=op.f('uq_slate_organisation_id_election_id'))
    )
    with op.batch_alter_table('slate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slate_election_id'), ['election_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_slate_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('suspension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome IS NULL OR outcome in ('lifted', 'overturned', 'expelled')", name=op.f('ck_suspension_outcome_known')),
    sa.CheckConstraint('ends_at IS NULL OR ends_at > starts_at', name=op.f('ck_suspension_ends_after_start')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_suspension_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suspension'))
    )
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspension_person_id'), ['person_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role in ('admin', 'secretary', 'organiser')", name=op.f('ck_user_role_known')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_user_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('election_id', sa.Integer(), nullable=True),
    sa.Column('contest_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_event_actor_id_user')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_audit_event_contest_id_contest'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_audit_event_election_id_election'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_election_id'), ['election_id'], unique=False)

    op.create_table('ballot_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('frozen_by_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_ballot_snapshot_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['frozen_by_id'], ['user.id'], name=op.f('fk_ballot_snapshot_frozen_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_snapshot'))
    )
    with op.batch_alter_table('ballot_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_snapshot_contest_id'), ['contest_id'], unique=False)

    op.create_table('candidacy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('woman', sa.Boolean(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_candidacy_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_candidacy_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidacy')),
    sa.UniqueConstraint('contest_id', 'person_id', name=op.f('uq_candidacy_contest_id_person_id'))
    )
    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidacy_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidacy_person_id'), ['person_id'], unique=False)

    op.create_table('contest_halt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('halted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resumed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_contest_halt_contest_id_contest'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contest_halt'))
    )
    with op.batch_alter_table('contest_halt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contest_halt_contest_id'), ['contest_id'], unique=False)

    op.create_table('declared_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('electorate', sa.Integer(), nullable=True),
    sa.Column('turnout', sa.Integer(), nullable=True),
    sa.Column('valid_votes', sa.Integer(), nullable=False),
    sa.Column('rejected_votes', sa.Integer(), nullable=False),
    sa.Column('rounds', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_declared_result_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_declared_result_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declared_result')),
    sa.UniqueConstraint('contest_id', name=op.f('uq_declared_result_contest_id'))
    )
    op.create_table('pledge_signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_pledge_signature_person_id_person')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_signature_pledge_id_pledge'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_signature')),
    sa.UniqueConstraint('pledge_id', 'person_id', name=op.f('uq_pledge_signature_pledge_id_person_id'))
    )
    with op.batch_alter_table('pledge_signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_signature_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_signature_pledge_id'), ['pledge_id'], unique=False)

    op.create_table('slate_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slate_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_slate_version_published_by_id_user')),
    sa.ForeignKeyConstraint(['slate_id'], ['slate.id'], name=op.f('fk_slate_version_slate_id_slate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slate_version')),
    sa.UniqueConstraint('slate_id', 'number', name=op.f('uq_slate_version_slate_id_number'))
    )
    with op.batch_alter_table('slate_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slate_version_slate_id'), ['slate_id'], unique=False)

    op.create_table('stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('opens_at < closes_at', name=op.f('ck_stage_window_ordered')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_stage_contest_id_contest'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage')),
    sa.UniqueConstraint('contest_id', 'key', name=op.f('uq_stage_contest_id_key'))
    )
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_contest_id'), ['contest_id'], unique=False)

    op.create_table('stored_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=True),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('blt', sa.Text(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['nominating_body.id'], name=op.f('fk_stored_count_body_id_nominating_body')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_stored_count_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_stored_count_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_count'))
    )
    with op.batch_alter_table('stored_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_count_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_count_contest_id'), ['contest_id'], unique=False)

    op.create_table('user_body',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['nominating_body.id'], name=op.f('fk_user_body_body_id_nominating_body'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_body_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'body_id', name=op.f('pk_user_body'))
    )
    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('candidacy_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('nominated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('logged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_total', sa.Integer(), nullable=True),
    sa.Column('meeting_rounds', sa.Text(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(slot IS NULL) = (status in ('rejected', 'withdrawn'))", name=op.f('ck_nomination_slot_iff_active')),
    sa.CheckConstraint("status in ('submitted', 'verified', 'rejected', 'withdrawn')", name=op.f('ck_nomination_status_known')),
    sa.ForeignKeyConstraint(['body_id'], ['nominating_body.id'], name=op.f('fk_nomination_body_id_nominating_body')),
    sa.ForeignKeyConstraint(['candidacy_id'], ['candidacy.id'], name=op.f('fk_nomination_candidacy_id_candidacy'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_nomination_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_nomination_decided_by_id_user')),
    sa.ForeignKeyConstraint(['logged_by_id'], ['user.id'], name=op.f('fk_nomination_logged_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination')),
    sa.UniqueConstraint('contest_id', 'body_id', 'slot', name=op.f('uq_nomination_contest_id_body_id_slot'))
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_candidacy_id'), ['candidacy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index('uq_nomination_active_body_candidate', ['contest_id', 'body_id', 'candidacy_id'], unique=True,
                              sqlite_where=sa.text('slot IS NOT NULL'), postgresql_where=sa.text('slot IS NOT NULL'))

    op.create_table('route',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('share', sa.String(length=20), nullable=True),
    sa.Column('of', sa.Integer(), nullable=True),
    sa.Column('unions', sa.Integer(), nullable=True),
    sa.Column('membership_share', sa.String(length=20), nullable=True),
    sa.CheckConstraint("kind in ('mp', 'clp', 'affiliate')", name=op.f('ck_route_kind_known')),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], name=op.f('fk_route_stage_id_stage'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_route'))
    )
    with op.batch_alter_table('route', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_route_stage_id'), ['stage_id'], unique=False)



def downgrade():
    with op.batch_alter_table('route', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_route_stage_id'))

    op.drop_table('route')
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index('uq_nomination_active_body_candidate')
        batch_op.drop_index(batch_op.f('ix_nomination_contest_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_candidacy_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_body_id'))

    op.drop_table('nomination')
    op.drop_table('user_body')
    with op.batch_alter_table('stored_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_count_contest_id'))
        batch_op.drop_index(batch_op.f('ix_stored_count_body_id'))

    op.drop_table('stored_count')
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_contest_id'))

    op.drop_table('stage')
    with op.batch_alter_table('slate_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slate_version_slate_id'))

    op.drop_table('slate_version')
    with op.batch_alter_table('pledge_signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_signature_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_signature_person_id'))

    op.drop_table('pledge_signature')
    op.drop_table('declared_result')
    with op.batch_alter_table('contest_halt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contest_halt_contest_id'))

    op.drop_table('contest_halt')
    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidacy_person_id'))
        batch_op.drop_index(batch_op.f('ix_candidacy_contest_id'))

    op.drop_table('candidacy')
    with op.batch_alter_table('ballot_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_snapshot_contest_id'))

    op.drop_table('ballot_snapshot')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_election_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_contest_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    op.drop_table('user')
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suspension_person_id'))

    op.drop_table('suspension')
    with op.batch_alter_table('slate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slate_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_slate_election_id'))

    op.drop_table('slate')
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_election_id'))

    op.drop_table('pledge')
    with op.batch_alter_table('nominating_body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominating_body_person_id'))
        batch_op.drop_index(batch_op.f('ix_nominating_body_election_id'))

    op.drop_table('nominating_body')
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contest_election_id'))

    op.drop_table('contest')
    op.drop_table('person')
    op.drop_table('organisation')
    op.drop_table('election')
