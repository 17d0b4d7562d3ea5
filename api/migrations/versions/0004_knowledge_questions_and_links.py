"""knowledge questions and links (the console's "Kennishiaten" learning loop)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 11:52:19.559523
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "knowledge_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("normalised", sa.String(length=500), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=True),
        sa.Column("agent_username", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_links")),
    )
    with op.batch_alter_table("knowledge_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_links_normalised"), ["normalised"], unique=False)

    op.create_table(
        "knowledge_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("normalised", sa.String(length=500), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("top_section", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vote", sa.String(length=4), nullable=True),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_knowledge_questions_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_questions")),
    )
    with op.batch_alter_table("knowledge_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_questions_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_knowledge_questions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_knowledge_questions_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_knowledge_questions_normalised"), ["normalised"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("knowledge_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_questions_normalised"))
        batch_op.drop_index(batch_op.f("ix_knowledge_questions_customer_id"))
        batch_op.drop_index(batch_op.f("ix_knowledge_questions_created_at"))
        batch_op.drop_index(batch_op.f("ix_knowledge_questions_conversation_id"))

    op.drop_table("knowledge_questions")
    with op.batch_alter_table("knowledge_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_links_normalised"))

    op.drop_table("knowledge_links")
