"""Apply Alembic migrations programmatically (`dkbm db upgrade`, `dkbm init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from store.db import database_url, engine, translate

MIGRATIONS = Path(__file__).parent / "migrations"


def config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url or database_url()
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    from sqlalchemy.exc import OperationalError

    cfg = config(url)
    try:
        with engine(cfg.attributes["url"]).begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except OperationalError as exc:
        raise translate(exc, cfg.attributes["url"]) from None
