"""chat conversations and CSAT ratings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:40:52.163490
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=100), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_chat_conversations_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_conversations")),
        sa.UniqueConstraint("conversation_id", "day", name=op.f("uq_chat_conversations_conversation_id")),
    )
    with op.batch_alter_table("chat_conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_conversations_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_chat_conversations_day"), ["day"], unique=False)

    op.create_table(
        "csat_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=100), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_csat_ratings_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csat_ratings")),
    )
    with op.batch_alter_table("csat_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_csat_ratings_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_csat_ratings_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_csat_ratings_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("csat_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_csat_ratings_customer_id"))
        batch_op.drop_index(batch_op.f("ix_csat_ratings_created_at"))
        batch_op.drop_index(batch_op.f("ix_csat_ratings_conversation_id"))

    op.drop_table("csat_ratings")
    with op.batch_alter_table("chat_conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_conversations_day"))
        batch_op.drop_index(batch_op.f("ix_chat_conversations_customer_id"))

    op.drop_table("chat_conversations")
