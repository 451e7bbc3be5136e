"""Alembic migrations and the SQLModel tables describe the same schema, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import dkbm.store.tables  # noqa: F401
from dkbm.store.db import engine


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    with engine(db_url).connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_downgrade_and_upgrade_round_trip(sqlite_url: str) -> None:
    from alembic import command

    from dkbm.store.migrate import config

    cfg = config(sqlite_url)
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
    with engine(sqlite_url).connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
