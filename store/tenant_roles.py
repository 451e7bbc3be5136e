"""The database roles that wall Kommunen off from each other (PostgreSQL only).

Each Kommune of a database with several has a role of its own, named after the database and
its AGS (`states.kommune.role_name`), a member of one group role that holds the privileges
on the tables. Row-level security (migration 0016) lets a role see and write only rows of
the Kommune whose `db_role` it is. dkbm itself runs each transaction for a Kommune as its
role (`store.tenant`); `dkbm kommune zugang` lets a coordinator log in as it.
"""

from __future__ import annotations

import base64
import os

from sqlalchemy.engine import Connection

from dkbm.states.errors import DkbmError
from dkbm.states.kommune import group_name, role_name
from dkbm.store.tenant import quoted

# The installation's own tables: a Kommune's role may read the schema revision (`dkbm health`
# asks for it) and nothing of the relay's position.
_SYSTEM_TABLES = ("alembic_version", "relay_position")
_READABLE = ("alembic_version",)


def database_name(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SELECT current_database()").scalar_one())


def _exists(conn: Connection, role: str) -> bool:
    found = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role})
    return found.first() is not None


def _create(conn: Connection, role: str, *extra: str) -> None:
    from sqlalchemy.exc import DBAPIError

    if _exists(conn, role):
        return
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"CREATE ROLE {quoted(role)} NOLOGIN {' '.join(extra)}")
    except DBAPIError as exc:
        detail = str((getattr(exc.orig, "diag", None) and exc.orig.diag.message_primary) or exc)
        raise DkbmError("kommune_roles_refused", role=role, detail=detail) from None


def grant(conn: Connection) -> None:
    """The group role's privileges on every table and sequence (again after a migration
    added tables); nothing on the installation's own tables."""
    group = group_name(database_name(conn))
    if not _exists(conn, group):
        return
    g = quoted(group)
    conn.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {g}"
    )
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {g}")
    for table in _SYSTEM_TABLES:
        conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM {g}")
    for table in _READABLE:
        conn.exec_driver_sql(f"GRANT SELECT ON {table} TO {g}")


def ensure(conn: Connection) -> list[str]:
    """Give every Kommune without one its role (and the group role its privileges); returns
    the roles created. In the caller's transaction: a refusal leaves nothing behind."""
    database = database_name(conn)
    group = group_name(database)
    _create(conn, group)
    grant(conn)
    made = []
    missing = conn.exec_driver_sql(
        "SELECT id, ags FROM municipality WHERE db_role IS NULL ORDER BY id"
    ).all()
    for kommune_id, ags in missing:
        role = role_name(database, ags)
        _create(conn, role, f"IN ROLE {quoted(group)}")
        conn.exec_driver_sql(f"GRANT {quoted(role)} TO CURRENT_USER")
        conn.exec_driver_sql(
            "UPDATE municipality SET db_role = %(r)s WHERE id = %(id)s",
            {"r": role, "id": kommune_id},
        )
        made.append(role)
    return made


def open_login(conn: Connection, role: str, password: str) -> None:
    """Let *role* log in with *password*. Only its SCRAM verifier, computed here, reaches the
    server: the password stays out of a server log of every statement and out of
    `pg_stat_statements`."""
    # base64 and `$:-` only: nothing in it to quote
    conn.exec_driver_sql(f"ALTER ROLE {quoted(role)} LOGIN PASSWORD '{scram_verifier(password)}'")


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """PostgreSQL's stored form of *password* (`SCRAM-SHA-256$i:salt$StoredKey:ServerKey`,
    as `password_encryption = scram-sha-256` writes it: 16 bytes of salt, 4096 rounds)."""
    from scramp import ScramMechanism

    salt, stored_key, server_key, rounds = ScramMechanism("SCRAM-SHA-256").make_auth_info(
        password, iteration_count=iterations, salt=os.urandom(16)
    )
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"SCRAM-SHA-256${rounds}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def drop(conn: Connection, role: str) -> None:
    """Remove *role* (its Kommune was removed)."""
    if _exists(conn, role):
        conn.exec_driver_sql(f"DROP OWNED BY {quoted(role)}")
        conn.exec_driver_sql(f"DROP ROLE {quoted(role)}")
