"""Organisations as records: what an Akteur typed as her organisation becomes a record

Spellings that differ only in case and spaces become one organisation, named as most of its
Akteure spelled it (ties: the spelling met first); each merge is printed for whoever runs
`dkbm db upgrade` and kept as an audit entry. The free-text column goes: every reader takes
the record's name.

Revision ID: 0012
Revises: 0011
"""

import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_MOMENT = sa.DateTime(timezone=True)
BY = "migration 0012"
# the Bildungsbereiche in their order (states.model.EducationArea when this was written)
_AREAS = (
    "fruehe_bildung",
    "schule",
    "uebergang_schule_beruf",
    "berufliche_bildung",
    "hochschule",
    "weiterbildung",
    "non_formale_bildung",
)
# a first guess at the kind from the name; `dkbm organisation aendern N --art` corrects it
_KINDS = (
    ("hochschule", r"hochschule|universit|\bfh\b|\bth\b"),
    ("kita", r"\bkita|kindergarten|kindertages|krippe|\bhort\b"),
    ("schule", r"schule|gymnasium|\bbbs\b|kolleg"),
    ("kammer", r"kammer|\bihk\b|\bhwk\b"),
    ("stiftung", r"stiftung"),
    ("verein", r"verein|\be\.\s?v\b|verband|initiative"),
    ("amt", r"\bamt\b|amt$|ämter|jobcenter|agentur|verwaltung|ministerium|behörde|stadt |kreis"),
    ("traeger", r"träger|traeger|\bawo\b|caritas|diakoni|paritätisch|\bdrk\b"),
    ("betrieb", r"gmbh|\bag\b|\bkg\b|\bohg\b|betrieb|unternehmen|handwerk"),
)


def _kind(name: str) -> str:
    lowered = name.casefold()
    for kind, pattern in _KINDS:
        if re.search(pattern, lowered):
            return kind
    return "sonstige"


def _key(name: str) -> str:
    """As states.model.organisation_key: case and spaces do not count."""
    return "".join(name.split()).casefold()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("name", _TEXT(), nullable=False),
        sa.Column("name_key", _TEXT(), nullable=False),
        sa.Column("kind", _TEXT(), nullable=False),
        sa.Column("sector", _TEXT(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=True),
        sa.Column("locality", _TEXT(), nullable=False),
        sa.Column("address", _TEXT(), nullable=False),
        sa.Column("website", _TEXT(), nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "name_key"),
    )
    op.create_index("ix_organisation_municipality_id", "organisation", ["municipality_id"])
    with op.batch_alter_table("actor") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("function", _TEXT(), server_default="", nullable=False))
        batch.create_foreign_key(
            "fk_actor_organisation_id", "organisation", ["organisation_id"], ["id"]
        )
        batch.create_index("ix_actor_organisation_id", ["organisation_id"])
    _records_from_text(op.get_bind())
    with op.batch_alter_table("actor") as batch:
        batch.drop_column("organisation")


def _records_from_text(conn: Any) -> None:
    """One record per organisation the Akteure named, per Kommune."""
    from dkbm.states.i18n import t

    now = datetime.now(UTC)
    groups: dict[tuple[int, str], list[tuple[int, str, str, list[str]]]] = {}
    rows = conn.execute(
        sa.text("SELECT id, municipality_id, organisation, sector, areas FROM actor ORDER BY id")
    )
    for actor_id, municipality_id, text, sector, areas in rows:
        if not (text or "").strip():
            continue  # an erased Akteur keeps no organisation
        groups.setdefault((municipality_id, _key(text)), []).append(
            (actor_id, text, sector, list(_json(areas) or []))
        )
    organisation = sa.table(
        "organisation",
        sa.column("id", sa.Integer()),
        sa.column("municipality_id", sa.Integer()),
        sa.column("name", _TEXT()),
        sa.column("name_key", _TEXT()),
        sa.column("kind", _TEXT()),
        sa.column("sector", _TEXT()),
        sa.column("areas", sa.JSON()),
        sa.column("locality", _TEXT()),
        sa.column("address", _TEXT()),
        sa.column("website", _TEXT()),
        sa.column("created_at", _MOMENT),
        sa.column("updated_at", _MOMENT),
    )
    audit = sa.table(
        "audit_event",
        sa.column("subject", _TEXT()),
        sa.column("subject_id", sa.Integer()),
        sa.column("version", sa.Integer()),
        sa.column("at", _MOMENT),
        sa.column("by", _TEXT()),
        sa.column("action", _TEXT()),
        sa.column("reason", _TEXT()),
        sa.column("payload", sa.JSON()),
    )
    merged = 0
    for (municipality_id, key), members in groups.items():
        spellings = Counter(text for _, text, _, _ in members)
        # most frequent spelling; Counter keeps first-met order, max() the first of equals
        name = " ".join(max(spellings, key=lambda s: spellings[s]).split())
        sectors = Counter(sector for _, _, sector, _ in members)
        areas = {a for _, _, _, found in members for a in found}
        org_id = conn.execute(
            organisation.insert()
            .values(
                municipality_id=municipality_id,
                name=name,
                name_key=key,
                kind=_kind(name),
                sector=max(sectors, key=lambda s: sectors[s]),
                areas=[a for a in _AREAS if a in areas] + sorted(areas - set(_AREAS)),
                locality="",
                address="",
                website="",
                created_at=now,
                updated_at=now,
            )
            .returning(organisation.c.id)
        ).scalar_one()
        conn.execute(
            sa.text("UPDATE actor SET organisation_id = :org WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"org": org_id, "ids": [actor_id for actor_id, _, _, _ in members]},
        )
        distinct = list(spellings)
        conn.execute(
            audit.insert().values(
                subject="organisation",
                subject_id=org_id,
                version=1,
                at=now,
                by=BY,
                action="zusammengefuehrt" if len(distinct) > 1 else "angelegt",
                reason="",
                payload={"name": name, "schreibweisen": distinct, "akteure": len(members)},
            )
        )
        if len(distinct) > 1:
            merged += 1
            print(
                t(
                    "organisation_migration_merged",
                    name=name,
                    spellings=", ".join(f"'{s}'" for s in distinct),
                )
            )
    if groups:
        print(t("organisation_migration_done", count=len(groups), merged=merged))


def downgrade() -> None:
    with op.batch_alter_table("actor") as batch:
        batch.add_column(sa.Column("organisation", _TEXT(), server_default="", nullable=False))
    op.execute(
        "UPDATE actor SET organisation = (SELECT name FROM organisation "
        "WHERE organisation.id = actor.organisation_id) WHERE organisation_id IS NOT NULL"
    )
    with op.batch_alter_table("actor") as batch:
        batch.alter_column("organisation", server_default=None)
        batch.drop_index("ix_actor_organisation_id")
        batch.drop_constraint("fk_actor_organisation_id", type_="foreignkey")
        batch.drop_column("function")
        batch.drop_column("organisation_id")
    op.execute("DELETE FROM audit_event WHERE subject = 'organisation'")
    op.drop_index("ix_organisation_municipality_id", table_name="organisation")
    op.drop_table("organisation")
