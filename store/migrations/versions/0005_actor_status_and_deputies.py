"""Akteure can be deactivated or deleted (DSGVO); a Stellvertretung names whom she stands in for

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("actor") as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="aktiv",
            )
        )
    with op.batch_alter_table("board_member") as batch_op:
        batch_op.add_column(sa.Column("deputy_for", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("board_member") as batch_op:
        batch_op.drop_column("deputy_for")
    with op.batch_alter_table("actor") as batch_op:
        batch_op.drop_column("status")
