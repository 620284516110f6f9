"""The commune's link to its hub (issue 14): what it received and what it reported.

- ``link_inbox``: processed hub messages by id (sender, seq, kind, result): redeliveries and
  replays are recognised.
- ``link_notices``: the hub's notices for the operator.
- ``link_emergencies``: hub emergencies and the program and order each became.
- ``link_outbox``: the state of each as-run row last sent to the hub, and when the broker took it.
- ``link_counters``: the station's own message sequence number.

Revision ID: 0006_link
Revises: 0005_recorded_takes
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_link"
down_revision = "0005_recorded_takes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_inbox",
        sa.Column("message_id", sa.String(length=32), primary_key=True),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_link_inbox_sender", "link_inbox", ["sender"])
    op.create_table(
        "link_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.String(length=32), nullable=False, unique=True),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "link_emergencies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("emergency_id", sa.String(length=128), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=False, unique=True),
        sa.Column(
            "program_id",
            sa.Integer(),
            sa.ForeignKey("programs.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("order_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_link_emergencies_emergency_id", "link_emergencies", ["emergency_id"])
    op.create_index("ix_link_emergencies_program_id", "link_emergencies", ["program_id"])
    op.create_table(
        "link_outbox",
        sa.Column(
            "asrun_row_id",
            sa.Integer(),
            sa.ForeignKey("asrun.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("seconds_played", sa.Float(), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "link_counters",
        sa.Column("name", sa.String(length=50), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("link_counters")
    op.drop_table("link_outbox")
    op.drop_index("ix_link_emergencies_program_id", "link_emergencies")
    op.drop_index("ix_link_emergencies_emergency_id", "link_emergencies")
    op.drop_table("link_emergencies")
    op.drop_table("link_notices")
    op.drop_index("ix_link_inbox_sender", "link_inbox")
    op.drop_table("link_inbox")
