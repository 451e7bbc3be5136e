"""Ziele, Strategien, Maßnahmen and their reports as rows beside the cycle document

Revision ID: 0009
Revises: 0008
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column("cycle", sa.Column("items_digest", _TEXT(), nullable=False, server_default=""))
    goal = op.create_table(
        "goal",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", _TEXT(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("cycle_id", "item_id"),
    )
    strategy = op.create_table(
        "strategy",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", _TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("cycle_id", "item_id"),
    )
    measure = op.create_table(
        "measure",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("title", _TEXT(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("indicator", _TEXT(), nullable=False),
        sa.Column("target_value", _TEXT(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("last_report_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["actor.id"]),
        sa.PrimaryKeyConstraint("cycle_id", "item_id"),
    )
    op.create_index("ix_measure_owner_id", "measure", ["owner_id"])
    op.create_index("ix_measure_deadline", "measure", ["deadline"])
    report = op.create_table(
        "measure_report",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", _TEXT(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("cycle_id", "measure_id", "position"),
    )
    _backfill(goal, strategy, measure, report)


def _backfill(goal: sa.Table, strategy: sa.Table, measure: sa.Table, report: sa.Table) -> None:
    """Rows from every cycle's document as it stands. The fingerprint stays empty, so
    the cycle's next write compares its items with these rows once. Written out here, not
    imported from store.items: a migration must keep doing what it did when that changes."""
    conn = op.get_bind()
    for cycle_id, content in conn.execute(sa.text("SELECT id, content FROM cycle")):
        doc = json.loads(content) if isinstance(content, str) else (content or {})
        goals = [
            {
                "cycle_id": cycle_id,
                "item_id": g["id"],
                "position": n,
                "title": g["title"],
                "areas": list(g.get("areas", [])),
            }
            for n, g in enumerate(doc.get("goals", []))
        ]
        strategies = [
            {
                "cycle_id": cycle_id,
                "item_id": s["id"],
                "position": n,
                "goal_id": s["goal_id"],
                "title": s["title"],
            }
            for n, s in enumerate(doc.get("strategies", []))
        ]
        measures, reports = [], []
        for n, m in enumerate(doc.get("measures", [])):
            done = m.get("reports", [])
            last = done[-1] if done else None
            measures.append(
                {
                    "cycle_id": cycle_id,
                    "item_id": m["id"],
                    "position": n,
                    "strategy_id": m["strategy_id"],
                    "title": m["title"],
                    "owner_id": m.get("owner_id"),
                    "indicator": m.get("indicator", ""),
                    "target_value": m.get("target_value", ""),
                    "deadline": date.fromisoformat(m["deadline"]) if m.get("deadline") else None,
                    "reports": len(done),
                    "last_report_at": _utc(last["at"]) if last else None,
                    "last_value": last.get("value") if last else None,
                }
            )
            reports += [
                {
                    "cycle_id": cycle_id,
                    "measure_id": m["id"],
                    "position": k,
                    "at": _utc(r["at"]),
                    "text": r["text"],
                    "value": r.get("value"),
                }
                for k, r in enumerate(done)
            ]
        for table, values in (
            (goal, goals),
            (strategy, strategies),
            (measure, measures),
            (report, reports),
        ):
            if values:
                conn.execute(sa.insert(table), values)


def _utc(moment: str) -> datetime:
    """As the documents are read: a time without zone is UTC."""
    parsed = datetime.fromisoformat(moment)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def downgrade() -> None:
    op.drop_table("measure_report")
    op.drop_table("measure")
    op.drop_table("strategy")
    op.drop_table("goal")
    with op.batch_alter_table("cycle") as batch:
        batch.drop_column("items_digest")
