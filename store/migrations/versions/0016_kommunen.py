"""Kommunen as tenants: each Kommune keyed by its AGS, with its database role, mail route
and sender address; every row of a Kommune's data names it; on PostgreSQL, row-level
security walls each Kommune's role off from the others' rows

Existing rows belong to the first Kommune, as the repository read them before (rows kept
before any Kommune was set up stay unassigned until the first one is, which takes them).
Nothing changes for a database of one Kommune: it has no role, and its owner sees all.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_NEW = (
    "board_member",
    "verbund_partner",
    "audit_event",
    "outbox",
    "deadline",
    "message_log",
    "meeting",
    "task",
    "indicator",
    "indicator_value",
    "goal",
    "strategy",
    "measure",
    "measure_report",
    "document",
    "answer",
    "ballot",
    "member_link",
)
_ALL = (
    "organisation",
    "organisation_relation",
    "actor",
    "consent_event",
    "board",
    "cycle",
    "verbund",
    "reminder_plan",
    *_NEW,
)
_PAIRS = (
    ("outbox", "ix_outbox_kommune_status_due_at", ["municipality_id", "status", "due_at"]),
    (
        "deadline",
        "ix_deadline_kommune_status_next_check_at",
        ["municipality_id", "status", "next_check_at"],
    ),
)
# The Kommune a role serves: its own row of municipality, which the role alone may see.
# current_user is a `name` (collation "C"): compared in the column's collation, the unique
# index on db_role finds the row instead of a scan of every Kommune in every statement.
_ME = 'current_user::text COLLATE "default"'
_OWN = f"(SELECT m.id FROM municipality m WHERE m.db_role = {_ME})"


def upgrade() -> None:
    with op.batch_alter_table("municipality") as batch:
        batch.add_column(sa.Column("ags", _TEXT(), nullable=True))
        batch.add_column(sa.Column("identifier_ags", _TEXT(), nullable=True))
        batch.add_column(sa.Column("db_role", _TEXT(), nullable=True))
        batch.add_column(sa.Column("mail_route", _TEXT(), server_default="", nullable=False))
        batch.add_column(sa.Column("sender_address", _TEXT(), server_default="", nullable=False))
        batch.create_unique_constraint("uq_municipality_ags", ["ags"])
        batch.create_unique_constraint("uq_municipality_db_role", ["db_role"])
    for table in _NEW:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("municipality_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                f"fk_{table}_municipality_id", "municipality", ["municipality_id"], ["id"]
            )
            batch.create_index(f"ix_{table}_municipality_id", ["municipality_id"])
        op.execute(
            f"UPDATE {table} SET municipality_id = (SELECT min(id) FROM municipality) "
            "WHERE municipality_id IS NULL"
        )
    for table, name, columns in _PAIRS:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE municipality ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY kommune ON municipality USING (db_role = {_ME}) "
        f"WITH CHECK (db_role = {_ME})"
    )
    for table in _ALL:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY kommune ON {table} USING (municipality_id = {_OWN}) "
            f"WITH CHECK (municipality_id = {_OWN})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*_ALL, "municipality"):
            op.execute(f"DROP POLICY IF EXISTS kommune ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table, name, _ in reversed(_PAIRS):
        op.drop_index(name, table_name=table)
    for table in reversed(_NEW):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_municipality_id")
            batch.drop_constraint(f"fk_{table}_municipality_id", type_="foreignkey")
            batch.drop_column("municipality_id")
    with op.batch_alter_table("municipality") as batch:
        batch.drop_constraint("uq_municipality_db_role", type_="unique")
        batch.drop_constraint("uq_municipality_ags", type_="unique")
        for column in ("sender_address", "mail_route", "db_role", "identifier_ags", "ags"):
            batch.drop_column(column)
