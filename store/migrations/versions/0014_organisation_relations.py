"""Relations between organisations: a kind (Kooperationsvereinbarung, Trägerschaft,
Förderung, Mitgliedschaft, Netzwerkpartner), valid from and to a day, a note

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organisation_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("kind", _TEXT(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", _TEXT(), server_default="", nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["from_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["to_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("municipality_id", "from_id", "to_id"):
        op.create_index(
            f"ix_organisation_relation_{column}", "organisation_relation", [column], unique=False
        )


def downgrade() -> None:
    op.drop_table("organisation_relation")
