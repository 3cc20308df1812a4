"""Appeals: organisations' petitions and sign-up forms with immutable consent texts; supporters (one normalised
address each), their signatures (counted once confirmed), consent events appended never overwritten, the emailed
"my data" links (token hashes only), the share ledger of every export with its copies, and erasures recorded
without personal data.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('erasure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('salt', sa.String(length=32), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure'))
    )
    op.create_table('supporter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supporter')),
    sa.UniqueConstraint('email', name=op.f('uq_supporter_email'))
    )
    op.create_table('supporter_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supporter_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['supporter_id'], ['supporter.id'], name=op.f('fk_supporter_link_supporter_id_supporter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supporter_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_supporter_link_token_hash'))
    )
    with op.batch_alter_table('supporter_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supporter_link_supporter_id'), ['supporter_id'], unique=False)

    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('petitioning', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('target', sa.Integer(), nullable=True),
    sa.Column('privacy_url', sa.String(length=500), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contest_id', sa.Integer(), nullable=True),
    sa.Column('suspension_id', sa.Integer(), nullable=True),
    sa.Column('close_when_ballot_opens', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('target IS NULL OR target > 0', name=op.f('ck_appeal_target_positive')),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_appeal_contest_id_contest'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_appeal_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_appeal_published_by_id_user')),
    sa.ForeignKeyConstraint(['suspension_id'], ['suspension.id'], name=op.f('fk_appeal_suspension_id_suspension'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    sa.UniqueConstraint('organisation_id', 'slug', name=op.f('uq_appeal_organisation_id_slug'))
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('consent_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('wording', sa.Text(), nullable=False),
    sa.Column('recipients', sa.String(length=500), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_consent_text_appeal_id_appeal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_text')),
    sa.UniqueConstraint('appeal_id', 'choice', 'version', name=op.f('uq_consent_text_appeal_id_choice_version'))
    )
    with op.batch_alter_table('consent_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_text_appeal_id'), ['appeal_id'], unique=False)

    op.create_table('share_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purpose', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('filter', sa.String(length=300), nullable=False),
    sa.Column('recipients', sa.String(length=500), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_share_export_appeal_id_appeal')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_share_export_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_export'))
    )
    with op.batch_alter_table('share_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_export_appeal_id'), ['appeal_id'], unique=False)

    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('supporter_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('region', sa.String(length=80), nullable=True),
    sa.Column('held_reason', sa.String(length=200), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirm_token_hash', sa.String(length=64), nullable=True),
    sa.Column('confirm_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('repeat_mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status in ('pending', 'confirmed', 'held', 'withdrawn')", name=op.f('ck_signature_status_known')),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_signature_appeal_id_appeal')),
    sa.ForeignKeyConstraint(['body_id'], ['nominating_body.id'], name=op.f('fk_signature_body_id_nominating_body'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supporter_id'], ['supporter.id'], name=op.f('fk_signature_supporter_id_supporter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature')),
    sa.UniqueConstraint('appeal_id', 'supporter_id', name=op.f('uq_signature_appeal_id_supporter_id')),
    sa.UniqueConstraint('confirm_token_hash', name=op.f('uq_signature_confirm_token_hash'))
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_appeal_id'), ['appeal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signature_confirmed_at'), ['confirmed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_signature_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_signature_supporter_id'), ['supporter_id'], unique=False)

    op.create_table('consent_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supporter_id', sa.Integer(), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=False),
    sa.Column('consent_text_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('how', sa.String(length=40), nullable=False),
    sa.CheckConstraint("kind in ('given', 'refused', 'withdrawn', 'erased')", name=op.f('ck_consent_event_kind_known')),
    sa.ForeignKeyConstraint(['consent_text_id'], ['consent_text.id'], name=op.f('fk_consent_event_consent_text_id_consent_text')),
    sa.ForeignKeyConstraint(['signature_id'], ['signature.id'], name=op.f('fk_consent_event_signature_id_signature')),
    sa.ForeignKeyConstraint(['supporter_id'], ['supporter.id'], name=op.f('fk_consent_event_supporter_id_supporter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_event'))
    )
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_event_consent_text_id'), ['consent_text_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_event_signature_id'), ['signature_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_event_supporter_id'), ['supporter_id'], unique=False)

    op.create_table('share_export_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('export_id', sa.Integer(), nullable=False),
    sa.Column('supporter_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('clp', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['export_id'], ['share_export.id'], name=op.f('fk_share_export_entry_export_id_share_export')),
    sa.ForeignKeyConstraint(['supporter_id'], ['supporter.id'], name=op.f('fk_share_export_entry_supporter_id_supporter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_export_entry'))
    )
    with op.batch_alter_table('share_export_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_export_entry_export_id'), ['export_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_export_entry_supporter_id'), ['supporter_id'], unique=False)



def downgrade():
    with op.batch_alter_table('share_export_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_export_entry_supporter_id'))
        batch_op.drop_index(batch_op.f('ix_share_export_entry_export_id'))

    op.drop_table('share_export_entry')
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_event_supporter_id'))
        batch_op.drop_index(batch_op.f('ix_consent_event_signature_id'))
        batch_op.drop_index(batch_op.f('ix_consent_event_consent_text_id'))

    op.drop_table('consent_event')
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_supporter_id'))
        batch_op.drop_index(batch_op.f('ix_signature_status'))
        batch_op.drop_index(batch_op.f('ix_signature_confirmed_at'))
        batch_op.drop_index(batch_op.f('ix_signature_appeal_id'))

    op.drop_table('signature')
    with op.batch_alter_table('share_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_export_appeal_id'))

    op.drop_table('share_export')
    with op.batch_alter_table('consent_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_text_appeal_id'))

    op.drop_table('consent_text')
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_organisation_id'))

    op.drop_table('appeal')
    with op.batch_alter_table('supporter_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supporter_link_supporter_id'))

    op.drop_table('supporter_link')
    op.drop_table('supporter')
    op.drop_table('erasure')
