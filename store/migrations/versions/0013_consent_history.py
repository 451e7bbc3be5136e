"""Consent as a history: every time an Akteur's consent to publication is given or
withdrawn, when and by whom recorded

Each Akteur starts with one event, her consent as it stands, at the moment she was added
(her audit entry `angelegt`) or, where the log has none, at the upgrade.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BY = "migration 0013"


def upgrade() -> None:
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consent_event_actor_id", "consent_event", ["actor_id"])
    op.create_index("ix_consent_event_municipality_id", "consent_event", ["municipality_id"])
    _seed(op.get_bind())


def _seed(conn: sa.engine.Connection) -> None:
    meta = sa.MetaData()
    actor = sa.Table("actor", meta, autoload_with=conn)
    audit = sa.Table("audit_event", meta, autoload_with=conn)
    event = sa.Table("consent_event", meta, autoload_with=conn)
    added = {
        r.subject_id: _aware(r.at)
        for r in conn.execute(
            sa.select(audit.c.subject_id, sa.func.min(audit.c.at).label("at"))
            .where(audit.c.subject == "akteur", audit.c.action == "angelegt")
            .group_by(audit.c.subject_id)
        )
    }
    now = datetime.now(UTC)
    rows = [
        {
            "municipality_id": a.municipality_id,
            "actor_id": a.id,
            "given": bool(a.consent_publication),
            "at": added.get(a.id, now),
            "by": BY,
            "reason": "migration",
        }
        for a in conn.execute(
            sa.select(actor.c.id, actor.c.municipality_id, actor.c.consent_publication).order_by(
                actor.c.id
            )
        )
    ]
    if rows:
        conn.execute(event.insert(), rows)


def _aware(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def downgrade() -> None:
    op.drop_index("ix_consent_event_municipality_id", table_name="consent_event")
    op.drop_index("ix_consent_event_actor_id", table_name="consent_event")
    op.drop_table("consent_event")
