"""The hub's first schema: communes, messages sent, acknowledgements, as-run, heartbeats,
refusals.

Revision ID: 0001_hub
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_hub"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_communes",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("broker_user", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("station_id"),
        sa.UniqueConstraint("broker_user"),
    )
    op.create_table(
        "hub_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "hub_received",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "hub_refusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload_bytes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hub_refusals_received", "hub_refusals", ["received_at"], unique=False)
    op.create_table(
        "hub_sent_messages",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("program_title", sa.Text(), nullable=True),
        sa.Column("pack_id", sa.String(length=64), nullable=True),
        sa.Column("emergency_id", sa.String(length=128), nullable=True),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("schedule_json", sa.Text(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_hub_sent_recipient", "hub_sent_messages", ["recipient", "sent_at"], unique=False
    )
    op.create_table(
        "hub_acks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ack_id", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["hub_communes.station_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ack_id"),
    )
    op.create_index("ix_hub_acks_message", "hub_acks", ["message_id"], unique=False)
    op.create_table(
        "hub_asrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("asrun_id", sa.String(length=128), nullable=False),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds_played", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("emergency_id", sa.String(length=128), nullable=True),
        sa.Column("sources", sa.String(length=20), nullable=True),
        sa.Column("message_id", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["hub_communes.station_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("station_id", "asrun_id", name="uq_hub_asrun_station_asrun"),
    )
    op.create_index("ix_hub_asrun_started", "hub_asrun", ["started_at"], unique=False)
    op.create_table(
        "hub_status",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("now_playing", sa.Text(), nullable=True),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("free_disk_bytes", sa.BigInteger(), nullable=False),
        sa.Column("last_airing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["hub_communes.station_id"],
        ),
        sa.PrimaryKeyConstraint("station_id"),
    )
    op.create_table(
        "hub_status_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("now_playing", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["hub_communes.station_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_hub_status_history_station", "hub_status_history", ["station_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_hub_status_history_station", table_name="hub_status_history")
    op.drop_table("hub_status_history")
    op.drop_table("hub_status")
    op.drop_index("ix_hub_asrun_started", table_name="hub_asrun")
    op.drop_table("hub_asrun")
    op.drop_index("ix_hub_acks_message", table_name="hub_acks")
    op.drop_table("hub_acks")
    op.drop_index("ix_hub_sent_recipient", table_name="hub_sent_messages")
    op.drop_table("hub_sent_messages")
    op.drop_index("ix_hub_refusals_received", table_name="hub_refusals")
    op.drop_table("hub_refusals")
    op.drop_table("hub_received")
    op.drop_table("hub_counters")
    op.drop_table("hub_communes")
