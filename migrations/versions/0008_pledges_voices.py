"""Pledges and candidates' voices: candidate accounts (a person), pledges in versions with
invitations, signatures and refusals, statements, members' questions and answers, listening exercises.

The first schema's pledge and pledge_signature tables were never written by the application; they are replaced
by the versioned ones.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pledge_signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_signature_person_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_signature_pledge_id'))
    op.drop_table('pledge_signature')
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_election_id'))
    op.drop_table('pledge')
    op.create_table('pledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_pledge_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_pledge_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['person.id'], name=op.f('fk_pledge_proposed_by_id_person')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_pledge_published_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge')),
    sa.UniqueConstraint('election_id', 'slug', name=op.f('uq_pledge_election_id_slug'))
    )
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_election_id'), ['election_id'], unique=False)
    op.create_table('candidate_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_candidate_statement_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_statement')),
    sa.UniqueConstraint('person_id', name=op.f('uq_candidate_statement_person_id'))
    )
    op.create_table('listening_exercise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_listening_exercise_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listening_exercise')),
    sa.UniqueConstraint('person_id', 'slug', name=op.f('uq_listening_exercise_person_id_slug'))
    )
    with op.batch_alter_table('listening_exercise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listening_exercise_person_id'), ['person_id'], unique=False)

    op.create_table('hustings_moderator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('named_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_hustings_moderator_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_hustings_moderator_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hustings_moderator')),
    sa.UniqueConstraint('contest_id', 'user_id', name=op.f('uq_hustings_moderator_contest_id_user_id'))
    )
    with op.batch_alter_table('hustings_moderator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hustings_moderator_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hustings_moderator_user_id'), ['user_id'], unique=False)

    op.create_table('listening_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['listening_exercise.id'], name=op.f('fk_listening_export_exercise_id_listening_exercise'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_listening_export_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listening_export'))
    )
    with op.batch_alter_table('listening_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listening_export_exercise_id'), ['exercise_id'], unique=False)

    op.create_table('listening_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('may_publish', sa.Boolean(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role in ('member', 'councillor', 'affiliate', 'other')", name=op.f('ck_listening_response_role_known')),
    sa.ForeignKeyConstraint(['body_id'], ['nominating_body.id'], name=op.f('fk_listening_response_body_id_nominating_body')),
    sa.ForeignKeyConstraint(['exercise_id'], ['listening_exercise.id'], name=op.f('fk_listening_response_exercise_id_listening_exercise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listening_response')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_listening_response_token_hash'))
    )
    with op.batch_alter_table('listening_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listening_response_exercise_id'), ['exercise_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('suggested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reject_reason', sa.Text(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status in ('suggested', 'published', 'merged', 'rejected')", name=op.f('ck_question_status_known')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_question_contest_id_contest'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_contest_id'), ['contest_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_answer_person_id_person')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('question_id', 'person_id', name=op.f('uq_answer_question_id_person_id'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_question_id'), ['question_id'], unique=False)

    op.create_table('pledge_contest',
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_pledge_contest_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_contest_pledge_id_pledge'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pledge_id', 'contest_id', name=op.f('pk_pledge_contest'))
    )
    op.create_table('pledge_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_version_pledge_id_pledge'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_version')),
    sa.UniqueConstraint('pledge_id', 'number', name=op.f('uq_pledge_version_pledge_id_number'))
    )
    with op.batch_alter_table('pledge_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_version_pledge_id'), ['pledge_id'], unique=False)

    op.create_table('question_asker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['nominating_body.id'], name=op.f('fk_question_asker_body_id_nominating_body')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_asker_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_asker')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_question_asker_token_hash'))
    )
    with op.batch_alter_table('question_asker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_asker_question_id'), ['question_id'], unique=False)

    op.create_table('pledge_decline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('declined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_pledge_decline_person_id_person')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_decline_pledge_id_pledge'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['pledge_version.id'], name=op.f('fk_pledge_decline_version_id_pledge_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_decline')),
    sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_pledge_decline_version_id_person_id'))
    )
    with op.batch_alter_table('pledge_decline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_decline_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_decline_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_decline_version_id'), ['version_id'], unique=False)

    op.create_table('pledge_signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_pledge_signature_person_id_person')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_signature_pledge_id_pledge'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_pledge_signature_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['version_id'], ['pledge_version.id'], name=op.f('fk_pledge_signature_version_id_pledge_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_signature')),
    sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_pledge_signature_version_id_person_id'))
    )
    with op.batch_alter_table('pledge_signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_signature_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_signature_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_signature_version_id'), ['version_id'], unique=False)

    op.create_table('pledge_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_pledge_invitation_person_id_person')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_pledge_invitation_pledge_id_pledge'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['pledge_version.id'], name=op.f('fk_pledge_invitation_version_id_pledge_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_invitation')),
    sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_pledge_invitation_version_id_person_id'))
    )
    with op.batch_alter_table('pledge_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_invitation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_invitation_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_invitation_version_id'), ['version_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_person_id_person'), 'person', ['person_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('ck_user_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', "role in ('admin', 'secretary', 'organiser', 'candidate')")


def downgrade():
    op.execute("DELETE FROM \"user\" WHERE role = 'candidate'")
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', "role in ('admin', 'secretary', 'organiser')")
        batch_op.drop_constraint(batch_op.f('fk_user_person_id_person'), type_='foreignkey')
        batch_op.drop_column('person_id')
    with op.batch_alter_table('pledge_signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_signature_version_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_signature_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_signature_person_id'))
    op.drop_table('pledge_signature')

    with op.batch_alter_table('pledge_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_invitation_version_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_invitation_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_invitation_person_id'))

    op.drop_table('pledge_invitation')
    with op.batch_alter_table('pledge_decline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_decline_version_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_decline_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_decline_person_id'))

    op.drop_table('pledge_decline')
    with op.batch_alter_table('question_asker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_asker_question_id'))

    op.drop_table('question_asker')
    with op.batch_alter_table('pledge_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_version_pledge_id'))

    op.drop_table('pledge_version')
    op.drop_table('pledge_contest')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_question_id'))
        batch_op.drop_index(batch_op.f('ix_answer_person_id'))

    op.drop_table('answer')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_contest_id'))

    op.drop_table('question')
    with op.batch_alter_table('listening_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listening_response_exercise_id'))

    op.drop_table('listening_response')
    with op.batch_alter_table('listening_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listening_export_exercise_id'))

    op.drop_table('listening_export')
    with op.batch_alter_table('hustings_moderator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hustings_moderator_user_id'))
        batch_op.drop_index(batch_op.f('ix_hustings_moderator_contest_id'))

    op.drop_table('hustings_moderator')
    with op.batch_alter_table('listening_exercise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listening_exercise_person_id'))

    op.drop_table('listening_exercise')
    op.drop_table('candidate_statement')
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_election_id'))
    op.drop_table('pledge')
    # The first schema's tables, as they were.
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
