"""The Koordination's own voice: sender name, signature, Reply-To and escalation role

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("sender_name", "signature", "reply_to", "escalation_title")


def upgrade() -> None:
    with op.batch_alter_table("municipality") as batch:
        for name in _COLUMNS:
            batch.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("municipality") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
