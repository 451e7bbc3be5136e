"""Use cases on Akteure after they were recorded: change, deactivate, erase (DSGVO).

Erasing keeps every decision, answer and audit entry, but the person is then only
"ehemaliges Mitglied": name, organisation, e-mail address and channels are gone, as are
the messages still waiting for her. Wherever stored text copied her name or address
(messages of every status, the message log, audit entries, meetings and their draft
Protokoll, tasks) the placeholder takes its place; an approved Protokoll is an archive
and keeps what it recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select as orm_select

from dkbm import consent as consent_history
from dkbm import erasure_traces, member_links, verbuende
from dkbm.erasure_traces import FORMER
from dkbm.network import audit, checked_email, checked_function, choice, nonempty, organisation_in
from dkbm.states.errors import Duplicate, NotFound, Reason, Refused
from dkbm.states.model import EducationArea, Language, Organisation, Sector
from dkbm.store import repository as repo
from dkbm.store.db import session
from dkbm.store.tables import (
    ActorRow,
    BoardMemberRow,
)


def change_actor(
    actor_id: int,
    *,
    by: str,
    now: datetime,
    name: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    sector: str | None = None,
    areas: list[str] | None = None,
    consent: bool | None = None,
    lang: str | None = None,
    function: str | None = None,
) -> list[str]:
    """Change the given fields; returns the names of the fields that changed."""
    return change_actor_details(
        actor_id,
        by=by,
        now=now,
        name=name,
        organisation=organisation,
        email=email,
        sector=sector,
        areas=areas,
        consent=consent,
        lang=lang,
        function=function,
    )[0]


def change_actor_details(
    actor_id: int,
    *,
    by: str,
    now: datetime,
    name: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    sector: str | None = None,
    areas: list[str] | None = None,
    consent: bool | None = None,
    lang: str | None = None,
    function: str | None = None,
    partner: int | None = None,
    clear_partner: bool = False,
) -> tuple[list[str], Organisation | None]:
    """Change the given fields; returns the names of the fields that changed, and her new
    organisation when *organisation* named one that did not exist yet (then made, of kind
    Sonstige in her sector). `organisation` is matched with case and spaces aside.
    *partner* marks her as an Akteur of that partner Kommune of a Verbund, *clear_partner*
    as one of this Kommune again, in the same transaction."""
    wanted: dict[str, Any] = {
        "name": nonempty(name, "name") if name is not None else None,
        "organisation_id": None,  # the record *organisation* names, found below
        "email": checked_email(email, "email") if email is not None else None,
        "sector": choice(Sector, sector, "sektor").value if sector is not None else None,
        "areas": [choice(EducationArea, a, "bildungsbereich").value for a in areas]
        if areas is not None
        else None,
        "consent_publication": consent,
        "lang": choice(Language, lang, "sprache").value if lang is not None else None,
        "function": checked_function(function) if function is not None else None,
    }
    named = nonempty(organisation, "organisation") if organisation is not None else None
    with session() as s:
        row = _row(s, actor_id)
        if row.status == "geloescht":
            raise Refused("aendern", Reason("reason_actor_erased", id=actor_id))
        if wanted["email"] and wanted["email"] != row.email:
            twin = s.exec(orm_select(ActorRow).where(ActorRow.email == wanted["email"])).first()
            if twin is not None:
                raise Duplicate("actor", twin.email, twin.id)
        created = None
        if named is not None:
            sector = Sector(wanted["sector"] or row.sector)
            org, new = organisation_in(s, row.municipality_id, named, sector, by, now)
            wanted["organisation_id"] = org.id
            created = org if new else None
        changed = [k for k, v in wanted.items() if v is not None and getattr(row, k) != v]
        for key in changed:
            setattr(row, key, wanted[key])
        changed = ["organisation" if k == "organisation_id" else k for k in changed]
        if changed:
            s.add(row)
            _audit(s, actor_id, now, by, "geaendert", {"felder": changed})
        if partner is not None or clear_partner:
            _, moved = verbuende.mark_actor_partner(s, actor_id, partner, by=by, now=now)
            changed += ["partner"] if moved else []
        if "consent_publication" in changed:
            consent_history.record(
                s,
                municipality_id=row.municipality_id,
                actor_id=actor_id,
                given=row.consent_publication,
                at=now,
                by=by,
                reason=consent_history.CHANGED,
            )
    return changed, created


def set_active(actor_id: int, active: bool, *, by: str, now: datetime) -> None:
    """Deactivate (left the network: no invitations, no messages, her personal links
    revoked) or activate again (links come anew with the next message that asks her)."""
    with session() as s:
        row = _row(s, actor_id)
        if row.status == "geloescht":
            operation = "aktivieren" if active else "deaktivieren"
            raise Refused(operation, Reason("reason_actor_erased", id=actor_id))
        status = "aktiv" if active else "inaktiv"
        if row.status == status:
            return
        if not active:
            boards = [
                b.name for b in repo.boards(s) if any(m.actor_id == actor_id for m in b.members)
            ]
            if boards:
                raise Refused(
                    "deaktivieren",
                    Reason("reason_actor_in_boards", id=actor_id, boards=", ".join(boards)),
                )
        row.status = status
        s.add(row)
        if not active:
            member_links.revoke_actor(s, actor_id, now, "deaktiviert")
        _audit(s, actor_id, now, by, "aktiviert" if active else "deaktiviert", None)


def erase(actor_id: int, *, by: str, now: datetime) -> dict[str, int]:
    """Löschen nach DSGVO; returns how many memberships and waiting messages went with her.

    State, audit event and every trace in stored text change in this one transaction."""
    with session() as s:
        row = _row(s, actor_id)
        if row.status == "geloescht":
            return {"mitgliedschaften": 0, "nachrichten": 0}
        traces = erasure_traces.Traces(
            *erasure_traces.known_as(s.connection(), actor_id, row.name, row.email)
        )
        members = list(
            s.exec(orm_select(BoardMemberRow).where(BoardMemberRow.actor_id == actor_id))
        )
        for m in members:
            s.delete(m)
        deputies = orm_select(BoardMemberRow).where(BoardMemberRow.deputy_for == actor_id)
        for deputy in s.exec(deputies):
            deputy.deputy_for = None
            s.add(deputy)
        if row.consent_publication:
            consent_history.record(
                s,
                municipality_id=row.municipality_id,
                actor_id=actor_id,
                given=False,
                at=now,
                by=by,
                reason=consent_history.ERASED,
            )
        row.name, row.organisation_id, row.function = FORMER, None, ""
        row.email = f"geloescht-{actor_id}@dkbm.invalid"
        row.channels, row.areas, row.consent_publication = [], [], False
        row.status = "geloescht"
        s.add(row)
        conn = s.connection()
        cancelled = erasure_traces.clear_outbox(conn, actor_id, traces)
        erasure_traces.clear_log(conn, actor_id, traces)
        erasure_traces.clear_audit(conn, actor_id, traces)
        for meeting_id, version, state in erasure_traces.clear_meetings(conn, traces, now):
            repo.append_audit(
                s,
                subject="sitzung",
                subject_id=meeting_id,
                version=version,
                at=now,
                by=by,
                action="akteur_geloescht",
                from_state=state,
                to_state=state,
                payload={"akteur": actor_id},
            )
        erasure_traces.clear_tasks(conn, traces)
        erasure_traces.clear_recorded_by(conn, traces)
        consent_history.scrub(conn, actor_id, traces)
        member_links.revoke_actor(s, actor_id, now, "geloescht")
        _audit(
            s,
            actor_id,
            now,
            by,
            "geloescht",
            {"mitgliedschaften": len(members), "nachrichten_storniert": cancelled},
        )
    return {"mitgliedschaften": len(members), "nachrichten": cancelled}


def _row(s, actor_id: int) -> ActorRow:  # type: ignore[no-untyped-def]
    row = s.get(ActorRow, actor_id)
    if row is None:
        raise NotFound("actor", actor_id)
    return row


def _audit(s, actor_id: int, now: datetime, by: str, action: str, payload) -> None:  # type: ignore[no-untyped-def]
    audit(s, "akteur", actor_id, now, by, action, payload)
