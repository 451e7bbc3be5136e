"""Rückmeldungen and Stimmen as rows of their own; personal links for members

Revision ID: 0010
Revises: 0009
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("municipality") as batch:
        batch.add_column(
            sa.Column("link_grace_days", sa.Integer(), server_default="14", nullable=False)
        )
    answer = op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("stage", _TEXT(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("items", sa.JSON(), nullable=True),
        sa.Column("given_at", _MOMENT, nullable=False),
        sa.Column("given_by", _TEXT(), nullable=False),
        sa.Column("source", _TEXT(), nullable=False),
        sa.Column("replaced", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "stage", "round", "actor_id"),
    )
    op.create_index("ix_answer_cycle_id", "answer", ["cycle_id"])
    op.create_index("ix_answer_actor_id", "answer", ["actor_id"])
    ballot = op.create_table(
        "ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("stage", _TEXT(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("choice", _TEXT(), nullable=False),
        sa.Column("cast_at", _MOMENT, nullable=False),
        sa.Column("cast_by", _TEXT(), nullable=False),
        sa.Column("source", _TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "stage", "round", "actor_id"),
    )
    op.create_index("ix_ballot_cycle_id", "ballot", ["cycle_id"])
    op.create_index("ix_ballot_actor_id", "ballot", ["actor_id"])
    op.create_table(
        "member_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _TEXT(), nullable=False),
        sa.Column("salt", _TEXT(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("purpose", _TEXT(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("stage", _TEXT(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.Column("revoked_at", _MOMENT, nullable=True),
        sa.Column("revoked_reason", _TEXT(), nullable=False),
        sa.Column("last_used_at", _MOMENT, nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    for column in ("actor_id", "cycle_id", "meeting_id", "task_id"):
        op.create_index(f"ix_member_link_{column}", "member_link", [column])
    _move_out_of_documents(answer, ballot)


def _cycles() -> sa.Table:
    return sa.table(
        "cycle",
        sa.column("id", sa.Integer()),
        sa.column("state", _TEXT()),
        sa.column("round", sa.Integer()),
        sa.column("content", sa.JSON()),
        sa.column("updated_at", _MOMENT),
    )


def _move_out_of_documents(answer: sa.Table, ballot: sa.Table) -> None:
    """Each cycle's answers and ballots become rows (at the cycle's current round, the only
    one a document held) and leave the document. The moment of an answer is its last
    `rueckmeldung` audit entry, else the cycle's last change."""
    conn = op.get_bind()
    cycles = _cycles()
    for cycle_id, state, round_, content, updated_at in conn.execute(sa.select(cycles)).all():
        doc = json.loads(content) if isinstance(content, str) else dict(content or {})
        consultation = doc.get("consultation") or {}
        if "answers" not in consultation and "ballots" not in doc:
            continue
        answers = consultation.pop("answers", None) or {}
        ballots = doc.pop("ballots", None) or {}
        moment = _utc(updated_at)
        given = _answer_moments(conn, cycle_id)
        rows = [
            {
                "cycle_id": cycle_id,
                "stage": consultation["stage"],
                "round": round_,
                "actor_id": int(actor),
                "text": text,
                "items": None,
                "given_at": given.get(int(actor), moment),
                "given_by": "migration",
                "source": "migration",
                "replaced": 0,
            }
            for actor, text in answers.items()
        ]
        if rows:
            conn.execute(sa.insert(answer), rows)
        stage = state.split("_", 1)[0]
        votes = [
            {
                "cycle_id": cycle_id,
                "stage": stage,
                "round": round_,
                "actor_id": int(actor),
                "choice": choice,
                "cast_at": moment,
                "cast_by": "migration",
                "source": "migration",
            }
            for actor, choice in ballots.items()
        ]
        if votes:
            conn.execute(sa.insert(ballot), votes)
        if consultation:
            doc["consultation"] = consultation
        conn.execute(sa.update(cycles).where(cycles.c.id == cycle_id).values(content=doc))


def _answer_moments(conn: Any, cycle_id: int) -> dict[int, datetime]:
    found: dict[int, datetime] = {}
    rows = conn.execute(
        sa.text(
            "SELECT at, payload FROM audit_event WHERE subject = 'zyklus' AND subject_id = :id "
            "AND action = 'rueckmeldung' ORDER BY id"
        ),
        {"id": cycle_id},
    )
    for at, payload in rows:
        details = json.loads(payload) if isinstance(payload, str) else (payload or {})
        if "akteur" in details:
            found[int(details["akteur"])] = _utc(at)
    return found


def _utc(moment: Any) -> datetime:
    """As the documents are read: a time without zone is UTC."""
    parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def downgrade() -> None:
    """Answers and ballots of each cycle's current round go back into its document."""
    conn = op.get_bind()
    cycles = _cycles()
    for cycle_id, state, round_, content, _ in conn.execute(sa.select(cycles)).all():
        doc = json.loads(content) if isinstance(content, str) else dict(content or {})
        consultation = doc.get("consultation")
        if consultation:
            consultation["answers"] = {
                str(a): t
                for a, t in conn.execute(
                    sa.text(
                        "SELECT actor_id, text FROM answer WHERE cycle_id = :c AND stage = :s "
                        "AND round = :r ORDER BY actor_id"
                    ),
                    {"c": cycle_id, "s": consultation["stage"], "r": round_},
                )
            }
        doc["ballots"] = {
            str(a): ch
            for a, ch in conn.execute(
                sa.text(
                    "SELECT actor_id, choice FROM ballot WHERE cycle_id = :c AND stage = :s "
                    "AND round = :r ORDER BY actor_id"
                ),
                {"c": cycle_id, "s": state.split("_", 1)[0], "r": round_},
            )
        }
        conn.execute(sa.update(cycles).where(cycles.c.id == cycle_id).values(content=doc))
    op.drop_table("member_link")
    op.drop_table("ballot")
    op.drop_table("answer")
    # SQLite drops the plain column in place: copying the table anew would drop the one
    # every Akteur refers to, which the enforced foreign keys refuse
    with op.batch_alter_table("municipality", recreate="never") as batch:
        batch.drop_column("link_grace_days")
