"""As-run rows remember where an item stopped, to resume it; the station remembers its first run.

- ``asrun.position``: seconds into the audio of the last sentence boundary reached.
- ``asrun.resumes``: how many times the item went on after an interruption.
- ``asrun.resume_at``: an interrupted item re-placed in a later slot of its campaign.
- ``daemon_state.since``: when the daemon first ran; every placement since then gets an outcome.

Revision ID: 0002_asrun_resume
Revises: 0001_baseline
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_asrun_resume"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("asrun") as batch:
        batch.add_column(sa.Column("position", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("resumes", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("resume_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("daemon_state") as batch:
        batch.add_column(sa.Column("since", sa.DateTime(timezone=True), nullable=True))
    # A row left "playing" by release 0.1.0 was cut off by a crash with no position recorded:
    # it resumes from the top if its slot still has room, as any interrupted item.


def downgrade() -> None:
    with op.batch_alter_table("daemon_state") as batch:
        batch.drop_column("since")
    with op.batch_alter_table("asrun") as batch:
        batch.drop_column("resume_at")
        batch.drop_column("resumes")
        batch.drop_column("position")
