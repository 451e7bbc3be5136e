"""indexes for the sender's claim and the reminder sweep

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_status_due_at", "outbox", ["status", "due_at"])
    op.create_index("ix_deadline_status_next_check_at", "deadline", ["status", "next_check_at"])


def downgrade() -> None:
    op.drop_index("ix_deadline_status_next_check_at", table_name="deadline")
    op.drop_index("ix_outbox_status_due_at", table_name="outbox")
