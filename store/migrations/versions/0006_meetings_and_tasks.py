"""Sitzungen with agenda and attendance, Aufgaben from TOPs, a Ladungsfrist per board;
deadlines may belong to a meeting or a task instead of a cycle

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("board") as batch_op:
        batch_op.add_column(
            sa.Column("notice_days", sa.Integer(), nullable=False, server_default="7")
        )
        batch_op.add_column(
            sa.Column(
                "notice_working_days", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("deadline") as batch_op:
        batch_op.alter_column("cycle_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("state", _TEXT(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invite_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", _TEXT(), nullable=False),
        sa.Column("video", _TEXT(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("urgency", _TEXT(), nullable=False),
        sa.Column("cancel_reason", _TEXT(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False, server_default=""),
        sa.Column("approved_in", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approved_in"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_board_id", "meeting", ["board_id"])
    op.create_index("ix_meeting_state", "meeting", ["state"])
    op.create_index("ix_meeting_starts_at", "meeting", ["starts_at"])
    op.create_index("ix_meeting_state_invite_by", "meeting", ["state", "invite_by"])
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("title", _TEXT(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", _TEXT(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", _TEXT(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["actor.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_task_meeting_id", "task", ["meeting_id"])
    op.create_index("ix_task_owner_id", "task", ["owner_id"])
    op.create_index("ix_task_status", "task", ["status"])


def downgrade() -> None:
    op.drop_table("task")
    op.drop_table("meeting")
    orphans = "SELECT id FROM deadline WHERE cycle_id IS NULL"
    op.execute(f"UPDATE outbox SET deadline_id = NULL WHERE deadline_id IN ({orphans})")
    op.execute("DELETE FROM deadline WHERE cycle_id IS NULL")
    with op.batch_alter_table("deadline") as batch_op:
        batch_op.alter_column("cycle_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("board") as batch_op:
        batch_op.drop_column("notice_working_days")
        batch_op.drop_column("notice_days")
