"""Reading and writing rows; every function takes the caller's Session (one transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from dkbm.states.errors import Conflict, DkbmError, NotFound
from dkbm.states.model import (
    Actor,
    Board,
    Municipality,
    Organisation,
    OrganisationKind,
    Sector,
    StrategyCycle,
    organisation_key,
)
from dkbm.store import answers, hotpath, items, mapping, tenant
from dkbm.store.answers import Round
from dkbm.store.db import Tx
from dkbm.store.tables import (
    ActorRow,
    AuditEventRow,
    BoardMemberRow,
    BoardRow,
    CycleRow,
    MunicipalityRow,
    OrganisationRow,
    OutboxRow,
    RelayPositionRow,
    ReminderPlanRow,
)

# The hot path of every use case (load, update, audit, outbox) runs as Core statements
# built once and on the session's connection: SQLAlchemy caches their compiled form, and
# the ORM's identity map has nothing to offer a load-change-write of one row.
_CYCLE = CycleRow.__table__  # type: ignore[attr-defined]
_OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]
_ACTOR = ActorRow.__table__  # type: ignore[attr-defined]
_BOARD = BoardRow.__table__  # type: ignore[attr-defined]
_MEMBER = BoardMemberRow.__table__  # type: ignore[attr-defined]
_MUNICIPALITY = MunicipalityRow.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEventRow.__table__  # type: ignore[attr-defined]
_SELECT_BY_SOURCE = select(_AUDIT).where(
    _AUDIT.c.subject == bindparam("subject"),
    _AUDIT.c.subject_id == bindparam("subject_id"),
    _AUDIT.c.source == bindparam("source"),
)
_SELECT_MUNICIPALITY = select(_MUNICIPALITY).where(_MUNICIPALITY.c.id == bindparam("id"))
_PLAN = ReminderPlanRow.__table__  # type: ignore[attr-defined]
# The Kommune with its own reminder plans, a row per plan (one without a plan: its kind None)
_SELECT_MUNICIPALITY_PLANS = (
    select(
        _MUNICIPALITY,
        _PLAN.c.kind.label("plan_kind"),
        _PLAN.c.before_working_days,
        _PLAN.c.on_the_day,
        _PLAN.c.overdue_working_days,
        _PLAN.c.escalate_after_days,
    )
    .select_from(_MUNICIPALITY.outerjoin(_PLAN, _PLAN.c.municipality_id == _MUNICIPALITY.c.id))
    .where(_MUNICIPALITY.c.id == bindparam("id"))
)
_ORGANISATION = OrganisationRow.__table__  # type: ignore[attr-defined]
# An Akteur with her organisation's name as `organisation` (what store.mapping.actor reads).
ACTOR_WITH_ORGANISATION = select(_ACTOR, _ORGANISATION.c.name.label("organisation")).select_from(
    _ACTOR.outerjoin(_ORGANISATION, _ORGANISATION.c.id == _ACTOR.c.organisation_id)
)
_SELECT_ACTOR = ACTOR_WITH_ORGANISATION.where(_ACTOR.c.id == bindparam("actor_id"))
_SELECT_ACTORS = ACTOR_WITH_ORGANISATION.where(_ACTOR.c.id.in_(bindparam("ids", expanding=True)))
_SELECT_BOARD = select(_BOARD).where(_BOARD.c.id == bindparam("board_id"))
_SELECT_MEMBERS = (
    select(_MEMBER).where(_MEMBER.c.board_id == bindparam("board_id")).order_by(_MEMBER.c.actor_id)
)
_RELAY = RelayPositionRow.__table__  # type: ignore[attr-defined]
_UPSERT = {"postgresql": pg_insert(_RELAY), "sqlite": sqlite_insert(_RELAY)}
_ENQUEUE = {
    "postgresql": pg_insert(_OUTBOX)
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(_OUTBOX.c.id),
    "sqlite": sqlite_insert(_OUTBOX)
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(_OUTBOX.c.id),
}


def municipality(s: Tx) -> Municipality:
    """The Kommune the transaction serves (`store.tenant`)."""
    kommune = tenant.current_id()
    if kommune is None:
        raise DkbmError("no_municipality")
    row = s.connection().execute(_SELECT_MUNICIPALITY, {"id": kommune}).first()
    if row is None:
        raise DkbmError("no_municipality")
    return mapping.municipality(row)


def municipality_with_plans(s: Tx) -> tuple[Municipality, list[Any]]:
    """`municipality`, and the rows of its own reminder plans (`plan_kind`, the plan's
    columns), read in one statement: what a batch of the reminder sweep starts with."""
    kommune = tenant.current_id()
    if kommune is None:
        raise DkbmError("no_municipality")
    rows = s.connection().execute(_SELECT_MUNICIPALITY_PLANS, {"id": kommune}).all()
    if not rows:
        raise DkbmError("no_municipality")
    return mapping.municipality(rows[0]), [r for r in rows if r.plan_kind is not None]


def add_municipality(s: Session, m: Municipality) -> Municipality:
    row = MunicipalityRow(
        **{k: v for k, v in vars(m).items() if k != "id"}, identifier_ags=m.ags or None
    )
    s.add(row)
    s.flush()
    m.id = row.id
    return m


def add_actor(
    s: Session,
    municipality_id: int,
    a: Actor,
    channels: list[str] | None = None,
    delivery: str = "sofort",
    at: datetime | None = None,
) -> Actor:
    """Record *a*; her organisation is the record `a.organisation` names (case and spaces
    aside), made when there is none yet (`organisation_for`)."""
    if a.organisation_id is None and a.organisation:
        org, _ = organisation_for(s, municipality_id, a.organisation, a.sector, at=at)
        a.organisation_id = org.id
        a.organisation = org.name
    row = ActorRow(
        channels=channels or [],
        delivery=delivery,
        municipality_id=municipality_id,
        name=a.name,
        organisation_id=a.organisation_id,
        function=a.function,
        email=a.email,
        sector=a.sector.value,
        areas=[x.value for x in a.areas],
        consent_publication=a.consent_publication,
        lang=a.lang,
    )
    s.add(row)
    s.flush()
    a.id = row.id
    return a


def actor(s: Tx, actor_id: int) -> Actor:
    row = s.connection().execute(_SELECT_ACTOR, {"actor_id": actor_id}).first()
    if row is None:
        raise NotFound("actor", actor_id)
    return mapping.actor(row)


def actor_rows(s: Tx, ids: Iterable[int]) -> list[Any]:
    """Actor rows as Core rows (name, e-mail, language, delivery) for composing messages."""
    wanted = list(ids)
    if not wanted:
        return []
    return list(s.connection().execute(_SELECT_ACTORS, {"ids": wanted}))


def existing_actor_ids(s: Tx, ids: Iterable[int]) -> set[int]:
    wanted = list(ids)
    rows = s.connection().execute(select(_ACTOR.c.id).where(_ACTOR.c.id.in_(wanted)))
    return {r[0] for r in rows}


def actors(s: Tx, ids: Iterable[int] | None = None) -> list[Actor]:
    query = ACTOR_WITH_ORGANISATION.order_by(_ACTOR.c.id)
    if ids is not None:
        query = query.where(_ACTOR.c.id.in_(list(ids)))
    return [mapping.actor(r) for r in s.connection().execute(query)]


def organisation_by_name(s: Tx, municipality_id: int, name: str) -> Organisation | None:
    """The organisation *name* names, case and spaces aside; None if there is none."""
    row = (
        s.connection()
        .execute(
            select(_ORGANISATION).where(
                _ORGANISATION.c.municipality_id == municipality_id,
                _ORGANISATION.c.name_key == organisation_key(name),
            )
        )
        .first()
    )
    return mapping.organisation(row) if row is not None else None


def add_organisation(
    s: Tx, municipality_id: int, o: Organisation, at: datetime | None
) -> Organisation:
    """Insert *o*; its moments are *at*, or the database's clock when none is given (rows
    written by tests and fixtures through `add_actor`)."""
    moment: Any = at if at is not None else func.current_timestamp()
    o.id = (
        s.connection()
        .execute(
            _ORGANISATION.insert()
            .values(
                municipality_id=municipality_id,
                name=o.name,
                name_key=o.key,
                kind=o.kind.value,
                sector=o.sector.value,
                areas=[a.value for a in o.areas],
                locality=o.locality,
                address=o.address,
                website=o.website,
                created_at=moment,
                updated_at=moment,
            )
            .returning(_ORGANISATION.c.id)
        )
        .scalar_one()
    )
    return o


def organisation_for(
    s: Tx, municipality_id: int, name: str, sector: Sector, *, at: datetime | None
) -> tuple[Organisation, bool]:
    """The organisation *name* names, or a new one of that name (kind Sonstige, in the
    *sector* of the Akteur who named it); True when it is new (the caller audits it)."""
    found = organisation_by_name(s, municipality_id, name)
    if found is not None:
        return found, False
    org = Organisation(
        id=None, name=" ".join(name.split()), kind=OrganisationKind.SONSTIGE, sector=sector
    )
    add_organisation(s, municipality_id, org, at)
    return org, True


def add_board(s: Session, municipality_id: int, b: Board) -> Board:
    row = BoardRow(
        municipality_id=municipality_id,
        name=b.name,
        kind=b.kind.value,
        quorum_percent=b.quorum_percent,
        notice_days=b.notice_days,
        notice_working_days=b.notice_working_days,
    )
    s.add(row)
    s.flush()
    b.id = row.id
    return b


def board_by_name(s: Session, name: str) -> BoardRow | None:
    return s.exec(select(BoardRow).where(BoardRow.name == name)).first()


def board(s: Tx, board_id: int) -> Board:
    conn = s.connection()
    row = conn.execute(_SELECT_BOARD, {"board_id": board_id}).first()
    if row is None:
        raise NotFound("board", board_id)
    members = conn.execute(_SELECT_MEMBERS, {"board_id": board_id}).all()
    return mapping.board(row, list(members))


def voters_by_board(s: Tx, board_ids: Iterable[int]) -> dict[int, list[int]]:
    """Voting members (Vorsitz, Mitglied) of each board."""
    wanted = list(board_ids)
    if not wanted:
        return {}
    rows = s.connection().execute(
        select(_MEMBER.c.board_id, _MEMBER.c.actor_id)
        .where(_MEMBER.c.board_id.in_(wanted), _MEMBER.c.role.in_(["vorsitz", "mitglied"]))
        .order_by(_MEMBER.c.actor_id)
    )
    found: dict[int, list[int]] = {}
    for board_id, actor_id in rows:
        found.setdefault(board_id, []).append(actor_id)
    return found


def board_channels(s: Tx, board_id: int) -> list[str]:
    row = s.connection().execute(select(_BOARD.c.channels).where(_BOARD.c.id == board_id)).first()
    return list(row.channels or []) if row else []


def boards(s: Session) -> list[Board]:
    rows = s.exec(select(BoardRow).order_by(BoardRow.id)).all()
    members = s.exec(select(BoardMemberRow).order_by(BoardMemberRow.actor_id)).all()
    return [mapping.board(r, [m for m in members if m.board_id == r.id]) for r in rows]


def set_member(
    s: Session, board_id: int, actor_id: int, role: str | None, deputy_for: int | None = None
) -> None:
    """Add, change or (role None) remove a membership."""
    row = s.get(BoardMemberRow, (board_id, actor_id))
    if role is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(
            BoardMemberRow(board_id=board_id, actor_id=actor_id, role=role, deputy_for=deputy_for)
        )
    else:
        row.role = role
        row.deputy_for = deputy_for
        s.add(row)
    s.flush()


def insert_cycle(s: Session, c: StrategyCycle, now: datetime) -> StrategyCycle:
    content = mapping.content(c)
    row = CycleRow(
        municipality_id=c.municipality_id,
        board_id=c.board_id,
        title=c.title,
        state=c.state,
        version=c.version,
        round=c.round,
        content=content,
        items_digest=items.digest(content),
        seeded_from=c.seeded_from,
        updated_at=now,
    )
    s.add(row)
    s.flush()
    c.id = row.id
    items.sync(s, row.id or 0, content)
    return c


# What the item tables held when a cycle was read, by (cycle, version): a version's
# document never changes, so this is a fact about the row, not a cache to invalidate.
_ITEMS_AT: dict[tuple[int, int], str] = {}


def cycle(s: Tx, cycle_id: int, *, rows: bool = True) -> StrategyCycle:
    """The cycle; with *rows*, also the answers or ballots its state needs (`with_rows`)."""
    row = hotpath.load_cycle(s)(cycle_id)
    if row is None:
        raise NotFound("cycle", cycle_id)
    if len(_ITEMS_AT) > 4096:
        _ITEMS_AT.clear()
    _ITEMS_AT[(row.id, row.version)] = row.items_digest or ""
    c = mapping.cycle(row)
    return with_rows(s, c) if rows else c


def with_rows(s: Tx, c: StrategyCycle) -> StrategyCycle:
    """*c* with what its state needs of the rows kept beside it: the answers while its
    Beteiligung runs, the ballots (and the result they make, judged against the board) while
    it is voted on. One SELECT each, the board only once there is a ballot; no other state
    reads anything."""
    step = c.state.partition("_")[2]
    if step == "beteiligung" and c.consultation is not None:
        key = Round(c.id or 0, c.consultation.stage, c.round)
        mapping.with_answers(c, answers.answers(s, key))
    elif step == "abstimmung":
        found = answers.ballots(s, Round(c.id or 0, c.stage, c.round))
        mapping.with_ballots(c, found, board(s, c.board_id) if found else None)
    return c


def cycle_documents(s: Tx, ids: Iterable[int], *, content: bool = True) -> list[Any]:
    """Cycle rows with their raw content document (or without: the header alone), for
    readers that need only part of a cycle."""
    wanted = list(ids)
    if not wanted:
        return []
    columns = _CYCLE.c if content else [c for c in _CYCLE.c if c.name != "content"]
    return list(s.connection().execute(select(*columns).where(_CYCLE.c.id.in_(wanted))))


def measures_by_key(s: Tx, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Any]:
    """Maßnahmen as rows by (cycle, Maßnahme): what the reminder sweep asks about them."""
    wanted = set(keys)
    # SQLite plans a row-value IN as a scan: two INs, then only the pairs asked for.
    rows = hotpath.measures(s, {c for c, _ in wanted}, {m for _, m in wanted})
    return {
        (r[0], r[1]): SimpleNamespace(title=r[2], owner_id=r[3], reports=r[4])
        for r in rows
        if (r[0], r[1]) in wanted
    }


def cycles(s: Session) -> list[StrategyCycle]:
    return [mapping.cycle(r) for r in s.exec(select(CycleRow).order_by(CycleRow.id))]


def update_cycle(s: Tx, c: StrategyCycle, expected_version: int, now: datetime) -> None:
    """Write *c* if nobody changed it since *expected_version* was read, else raise Conflict."""
    content = mapping.content(c)
    values = {
        "state": c.state,
        "version": c.version,
        "round": c.round,
        "title": c.title,
        "content": content,
        "items_digest": items.digest(content),
    }
    if hotpath.write_cycle(s, values, c.id or 0, expected_version, now) != 1:
        actual = (
            s.connection().execute(select(_CYCLE.c.version).where(_CYCLE.c.id == c.id)).scalar()
        )
        raise Conflict(c.id or 0, expected_version, actual if actual is not None else "-")
    if values["items_digest"] != _ITEMS_AT.get((c.id or 0, expected_version)):
        items.sync(s, c.id or 0, content)


def append_audit(s: Tx, **fields: Any) -> None:
    hotpath.write_audit(s, fields)


def append_change(
    s: Tx,
    subject: str,
    subject_id: int,
    version: int,
    *,
    by: str,
    at: datetime,
    action: str,
    payload: Any,
    reason: str = "",
) -> None:
    """The audit entry of a change that no state machine drives (a Kennzahl, a document)."""
    hotpath.write_audit(
        s,
        {
            "subject": subject,
            "subject_id": subject_id,
            "version": version,
            "at": at,
            "by": by,
            "action": action,
            "payload": payload,
            "reason": reason,
        },
    )


def audit_by_source(s: Tx, subject: str, subject_id: int, source: str) -> Any:
    """The audit event a *source* caused on a subject, or None (a source acts once)."""
    params = {"subject": subject, "subject_id": subject_id, "source": source}
    return s.connection().execute(_SELECT_BY_SOURCE, params).first()


def audit_after(s: Tx, subject: str, after_id: int, limit: int) -> list[Any]:
    """Audit rows of *subject* with an id above *after_id*, oldest first."""
    query = (
        select(_AUDIT)
        .where(_AUDIT.c.subject == subject, _AUDIT.c.id > after_id)
        .order_by(_AUDIT.c.id)
        .limit(limit)
    )
    return list(s.connection().execute(query))


def relay_position(s: Tx, name: str) -> int:
    query = select(_RELAY.c.last_id).where(_RELAY.c.name == name)
    return s.connection().execute(query).scalar() or 0


def advance_relay(s: Tx, name: str, last_id: int) -> None:
    """Move the relay forward, never back (two relays may overlap)."""
    conn = s.connection()
    insert = _UPSERT[conn.dialect.name]
    stmt = insert.values(name=name, last_id=last_id)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["name"],
            set_={"last_id": func.max(_RELAY.c.last_id, stmt.excluded.last_id)}
            if conn.dialect.name == "sqlite"
            else {"last_id": func.greatest(_RELAY.c.last_id, stmt.excluded.last_id)},
        )
    )


def audit_events(s: Session, subject: str, subject_id: int) -> list[AuditEventRow]:
    return list(
        s.exec(
            select(AuditEventRow)
            .where(AuditEventRow.subject == subject, AuditEventRow.subject_id == subject_id)
            .order_by(AuditEventRow.id)
        )
    )


def enqueue(s: Tx, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows; a row whose key already exists is skipped (idempotent).
    Returns how many were new, so that concurrent sweeps each report only their own."""
    if not rows:
        return 0
    new = hotpath.write_outbox(s, rows)
    if new is not None:
        return new
    conn = s.connection()
    return len(conn.execute(_ENQUEUE[conn.dialect.name], rows).all())


def outbox(s: Session, cycle_id: int | None = None) -> list[OutboxRow]:
    query = select(OutboxRow).order_by(OutboxRow.id)
    if cycle_id is not None:
        query = query.where(OutboxRow.cycle_id == cycle_id)
    return list(s.exec(query))


def count(s: Session, table: type) -> int:
    return s.exec(select(func.count()).select_from(table)).one()
