"""Alembic environment: runs on the connection handed in by store.migrate."""

from alembic import context
from sqlmodel import SQLModel

import dkbm.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from dkbm.store.db import engine

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        with engine(config.attributes["url"]).begin() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
