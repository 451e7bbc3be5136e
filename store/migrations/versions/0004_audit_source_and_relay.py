"""audit events carry the source that caused them; the event relay keeps its position

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(
            "ux_audit_event_source", ["subject", "subject_id", "source"], unique=True
        )
    op.create_table(
        "relay_position",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("relay_position")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_index("ux_audit_event_source")
        batch_op.drop_column("source")
