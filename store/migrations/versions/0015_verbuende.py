"""Regionale Verbünde: a Verbund of this Kommune with neighbouring Kommunen (its agreement,
its dates, its own Gremium), its partner Kommunen (name, AGS, contact), an Akteur of a
partner Kommune, and the cycles and Maßnahmen run in a Verbund

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_MOMENT = sa.DateTime(timezone=True)
# (table, column, foreign key, referred table)
_MARKS = (
    ("actor", "partner_id", "fk_actor_partner_id", "verbund_partner"),
    ("cycle", "verbund_id", "fk_cycle_verbund_id", "verbund"),
    ("measure", "verbund_id", "fk_measure_verbund_id", "verbund"),
)


def upgrade() -> None:
    op.create_table(
        "verbund",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("name", _TEXT(), nullable=False),
        sa.Column("agreement", _TEXT(), server_default="", nullable=False),
        sa.Column("agreement_url", _TEXT(), server_default="", nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("board_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "name"),
    )
    op.create_index("ix_verbund_municipality_id", "verbund", ["municipality_id"])
    op.create_table(
        "verbund_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verbund_id", sa.Integer(), nullable=False),
        sa.Column("name", _TEXT(), nullable=False),
        sa.Column("ags", _TEXT(), server_default="", nullable=False),
        sa.Column("contact_name", _TEXT(), server_default="", nullable=False),
        sa.Column("contact_email", _TEXT(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["verbund_id"], ["verbund.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_verbund_partner_verbund_id", "verbund_partner", ["verbund_id"])
    for table, column, key, referred in _MARKS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch.create_foreign_key(key, referred, [column], ["id"])
            batch.create_index(f"ix_{table}_{column}", [column])


def downgrade() -> None:
    for table, column, key, _ in reversed(_MARKS):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_{column}")
            batch.drop_constraint(key, type_="foreignkey")
            batch.drop_column(column)
    op.execute("DELETE FROM audit_event WHERE subject = 'verbund'")
    op.drop_index("ix_verbund_partner_verbund_id", table_name="verbund_partner")
    op.drop_table("verbund_partner")
    op.drop_index("ix_verbund_municipality_id", table_name="verbund")
    op.drop_table("verbund")
