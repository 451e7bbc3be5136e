"""Kommunen as tenants of one installation: add one, list them, give one its own login.

The first Kommune of a database is what `dkbm init --kommune` always set up; it takes over
rows kept before it (Kennzahlen, documents). A second one needs PostgreSQL and an AGS for
every Kommune: from then on each has a database role, and every transaction for it runs as
that role under row-level security (`store.tenant`, `store.tenant_roles`).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import text
from sqlmodel import Session, select

from dkbm.file_output import PRIVATE, write_replacing
from dkbm.network import audit, municipality_from
from dkbm.states.errors import DkbmError, Duplicate, InvalidValue, NotFound
from dkbm.states.i18n import t
from dkbm.states.kommune import checked_ags, checked_land, land_of
from dkbm.states.model import Municipality
from dkbm.store import repository as repo
from dkbm.store import tenant, tenant_roles
from dkbm.store.db import database_url, session
from dkbm.store.settings import masked, url_parts
from dkbm.store.tables import MunicipalityRow
from dkbm.store.tenant_export import as_json, exported
from dkbm.store.tenant_export import remove as remove_rows


def add(
    *, by: str, now: datetime, ags: str | None, only_first: bool = False, **fields: str
) -> Municipality:
    """Record a Kommune (with its Koordination). The first one in a database may go without
    an AGS, as `dkbm init --kommune` always did; any further one needs PostgreSQL and an AGS
    for each. *only_first*: refused if the database has one already (`dkbm init`)."""
    if ags:
        ags = checked_ags(ags)
        if not fields.get("bundesland"):
            fields["bundesland"] = land_of(ags)
        checked_land(ags, fields["bundesland"])
    fields.setdefault("bundesland", "NW")
    m = municipality_from(**fields)
    m.ags = ags or None
    with tenant.across(), session() as s:
        present = s.exec(select(MunicipalityRow).order_by(MunicipalityRow.id)).all()
        for row in present:
            if ags and row.ags == ags:
                raise Duplicate("municipality", f"{row.ags} {row.name}", row.id)
        if present and only_first:
            raise Duplicate("municipality", present[0].name, present[0].id)
        if present:
            _refuse_second(s, present, ags, m.name)
        repo.add_municipality(s, m)
        assert m.id is not None
        tenant.adopt(tenant.Scope(id=m.id, ags=m.ags, name=m.name, role=None))
        if not present:
            _take_over_unassigned(s, m.id)
        else:
            tenant_roles.ensure(s.connection())
        audit(s, "kommune", m.id, now, by, "eingerichtet", _described(m))
    return m


def _refuse_second(s: Session, present: list[MunicipalityRow], ags: str | None, name: str) -> None:
    if s.connection().dialect.name != "postgresql":
        raise DkbmError("kommune_sqlite_single", name=present[0].name)
    for row in present:
        if not row.ags:
            raise DkbmError("kommune_needs_ags", name=row.name)
    if not ags:
        raise InvalidValue("--ags", "", "AGS")


def _take_over_unassigned(s: Session, kommune_id: int) -> None:
    """Rows kept before any Kommune was set up (a Kennzahl, a document) become the first
    Kommune's, as they were its all along."""
    from dkbm.store.tables import TENANT_TABLES

    for table in TENANT_TABLES:
        s.connection().execute(
            text(f"UPDATE {table} SET municipality_id = :k WHERE municipality_id IS NULL"),
            {"k": kommune_id},
        )


def _described(m: Municipality) -> dict[str, Any]:
    return {"name": m.name, "verortung": m.placement.value} | ({"ags": m.ags} if m.ags else {})


def listed() -> list[dict[str, Any]]:
    """Every Kommune this connection may see (the owner: all; a Kommune's login: its own),
    with the one a command would serve now marked."""
    with tenant.across(), session() as s:
        rows = s.exec(select(MunicipalityRow).order_by(MunicipalityRow.id)).all()
    return [
        {
            "id": r.id,
            "ags": r.ags,
            "name": r.name,
            "bundesland": r.bundesland,
            "rolle": r.db_role,
            "mail_route": r.mail_route or None,
            "absendeadresse": r.sender_address or None,
        }
        for r in rows
    ]


def refuse_taken_ags(value: str) -> None:
    """Refuse an AGS another Kommune has (asked across Kommunen, before the caller's
    transaction: the Kommune's own role would not see the other)."""
    ags = checked_ags(value)
    asked = tenant.asked()
    with tenant.across(), session() as s:
        mine = _id_of(s, asked)
        other = s.exec(
            select(MunicipalityRow).where(MunicipalityRow.ags == ags, MunicipalityRow.id != mine)
        ).first()
    if other is not None:
        raise Duplicate("municipality", f"{other.ags} {other.name}", other.id)


def _id_of(s: Session, asked: str | int | None) -> int | None:
    """The id of the Kommune *asked* for (by AGS or name), read across Kommunen; None for
    none asked (the only one is meant)."""
    if asked is None:
        rows = s.exec(select(MunicipalityRow.id)).all()
        return rows[0] if len(rows) == 1 else None
    if isinstance(asked, int):
        return asked
    column = MunicipalityRow.name if isinstance(asked, tenant.ByName) else MunicipalityRow.ags
    return s.exec(select(MunicipalityRow.id).where(column == str(asked))).first()


def set_ags(s: Session, row: MunicipalityRow, value: str, bundesland: str) -> str:
    """*row*'s AGS set to *value* (checked, of its Land; `refuse_taken_ags` checked that no
    other Kommune has it); returns it."""
    ags = checked_ags(value)
    checked_land(ags, bundesland, "--ags")
    return ags


def grant_access(
    *, ags: str, env_file: Path, by: str, now: datetime, replace: bool = False
) -> dict[str, Any]:
    """A login for the Kommune *ags*: its database role may log in with a new password,
    written with the connection URL into *env_file* (0600) and nowhere else; an existing
    file only with *replace*. Connected so, `dkbm` and any SQL client see that Kommune's rows
    alone. The new password replaces any earlier one."""
    ags = checked_ags(ags, "AGS")
    url = database_url()
    if not url.startswith("postgresql"):
        raise DkbmError("kommune_access_sqlite")
    if not replace and (env_file.exists() or env_file.is_symlink()):
        raise InvalidValue("--datei", str(env_file), t("expected_new_file"))
    _require_owner()
    password = secrets.token_urlsafe(24)
    with tenant.across(), session() as s:
        row = s.exec(select(MunicipalityRow).where(MunicipalityRow.ags == ags)).first()
        if row is None:
            raise NotFound("municipality", ags)
        tenant_roles.ensure(s.connection())
        s.refresh(row)
        assert row.db_role is not None and row.id is not None
        tenant_roles.open_login(s.connection(), row.db_role, password)
        login = _login_url(url, row.db_role, password)
        write_replacing(
            env_file,
            f"DKBM_DATABASE_URL={login}\nDKBM_KOMMUNE={ags}\n".encode(),
            field="--datei",
            mode=PRIVATE,
        )
        tenant.adopt(tenant.Scope(id=row.id, ags=row.ags, name=row.name, role=None))
        audit(s, "kommune", row.id, now, by, "zugang", {"rolle": row.db_role})
    return {"ags": ags, "rolle": row.db_role, "url": masked(login), "datei": str(env_file)}


def remove(*, ags: str, confirm: str, export_file: Path, by: str, now: datetime) -> dict[str, Any]:
    """Remove the Kommune *ags* and everything of it, after writing all its rows into
    *export_file* (0600, JSON). *confirm* must repeat the AGS. One transaction: an export
    that cannot be written, or anything else refused, removes nothing. Its database role goes
    with it. An audit entry that names no Kommune keeps who removed which, when, and the
    export's SHA-256."""
    import hashlib

    ags = checked_ags(ags, "AGS")
    if confirm.strip() != ags:
        raise InvalidValue("--bestaetigen", confirm, ags)
    _require_owner()
    asked = tenant.asked()
    if isinstance(asked, str) and not isinstance(asked, tenant.ByName) and asked != ags:
        raise DkbmError("kommune_remove_other", ags=ags, asked=asked)
    with tenant.across(), session() as s:
        row = s.exec(select(MunicipalityRow).where(MunicipalityRow.ags == ags)).first()
        if row is None:
            raise NotFound("municipality", ags)
        assert row.id is not None
        conn = s.connection()
        doc = {"ags": ags, "exported_at": now.isoformat(), **exported(conn, row.id)}
        data = as_json(doc)
        write_replacing(export_file, data, field="--export", mode=PRIVATE)
        role = row.db_role
        kommune_id, name = row.id, row.name
        s.expunge(row)
        counts = remove_rows(conn, kommune_id)
        if role:
            tenant_roles.drop(conn, role)
        digest = hashlib.sha256(data).hexdigest()
        payload = {
            "ags": ags,
            "name": name,
            "zeilen": sum(counts.values()),
            "export_sha256": digest,
        }
        repo.append_audit(
            s, subject="kommune", subject_id=kommune_id, version=1, at=now, by=by,
            action="entfernt", payload=payload, municipality_id=None,
        )  # fmt: skip
    return {**payload, "datei": str(export_file), "tabellen": counts}


def _require_owner() -> None:
    """Adding a Kommune's login or removing a Kommune is the installation's work: refused
    in one line over a Kommune's own login (whose role could not do it anyway)."""
    if not database_url().startswith("postgresql"):
        return  # SQLite knows no logins of its own
    with tenant.across(), session() as s:
        role = s.connection().exec_driver_sql("SELECT session_user").scalar_one()
        own = s.exec(select(MunicipalityRow).where(MunicipalityRow.db_role == role)).first()
    if own is not None:
        raise DkbmError("kommune_needs_owner", ags=own.ags or "", role=role)


def _login_url(url: str, role: str, password: str) -> str:
    parts = url_parts(url) or {}
    host = parts.get("ipv6host") or parts.get("ipv4host") or "localhost"
    if parts.get("ipv6host"):
        host = f"[{host}]"
    port = f":{parts['port']}" if parts.get("port") else ""
    query = f"?{parts['query']}" if parts.get("query") else ""
    scheme = url.split("://", 1)[0]
    return (
        f"{scheme}://{quote(role, safe='')}:{quote(password, safe='')}@{host}{port}/"
        f"{parts.get('path') or ''}{query}"
    )
