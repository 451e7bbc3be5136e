"""Use cases on regionale Verbünde (one transaction each, audited): add a Verbund of this
Kommune with neighbouring Kommunen, change it, end it, add and remove its partner
Kommunen, give it its own Gremium or AG, mark an Akteur as one of a partner Kommune, and
mark a cycle or a Maßnahme as run together in it.

Partner Kommunen are records of the Verbund (name, AGS, a contact), not tenants of this
installation. A cycle's and a Maßnahme's Verbund are columns of their rows (`cycle`,
`measure`), set through `cycle_changes.change`: the cycle gets a new version and the
audit entry, so its pages are rebuilt; the document is left as it is (its item rows are
diffed against it and leave the column alone).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from dkbm.cycle_changes import change
from dkbm.effects import Effects
from dkbm.network import audit, checked_email, nonempty
from dkbm.states.errors import Duplicate, InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.links import checked
from dkbm.states.model import StrategyCycle
from dkbm.states.verbund import Partner, Verbund, checked_ags, checked_period
from dkbm.store import repository as repo
from dkbm.store.db import Tx, session
from dkbm.store.tables import ActorRow, BoardRow, VerbundPartnerRow, VerbundRow

FIELDS = ("name", "agreement", "agreement_url", "valid_from", "valid_to")


def _line(value: str, field: str) -> str:
    """An optional text on one line (empty allowed)."""
    if "\n" in value or "\r" in value:
        raise InvalidValue(field, value, t("expected_one_line"))
    return " ".join(value.split())


def _name(value: str, field: str = "name") -> str:
    return " ".join(nonempty(value, field).split())


def _link(value: str) -> str:
    return checked("link", value) if value.strip() else ""


def add(
    *,
    name: str,
    agreement: str = "",
    agreement_url: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    by: str,
    now: datetime,
) -> Verbund:
    """A new Verbund of this Kommune, with its agreement and its dates."""
    checked_period(valid_from, valid_to)
    v = Verbund(
        id=None,
        municipality_id=0,
        name=_name(name),
        agreement=_line(agreement, "vereinbarung"),
        agreement_url=_link(agreement_url),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with session() as s:
        kommune = repo.municipality(s)
        twin = _by_name(s, kommune.id, v.name)  # type: ignore[arg-type]
        if twin is not None:
            raise Duplicate("verbund", twin.name, twin.id)  # type: ignore[arg-type]
        row = VerbundRow(
            municipality_id=kommune.id,  # type: ignore[arg-type]
            **{k: getattr(v, k) for k in FIELDS},
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        v.id, v.municipality_id = row.id, row.municipality_id
        _audit(s, row.id, now, by, "angelegt", {"name": v.name})  # type: ignore[arg-type]
    return v


def change_verbund(
    verbund_id: int,
    *,
    by: str,
    now: datetime,
    name: str | None = None,
    agreement: str | None = None,
    agreement_url: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> list[str]:
    """Change the given fields; returns the names of those that changed."""
    wanted: dict[str, Any] = {
        "name": _name(name) if name is not None else None,
        "agreement": _line(agreement, "vereinbarung") if agreement is not None else None,
        "agreement_url": _link(agreement_url) if agreement_url is not None else None,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    if all(v is None for v in wanted.values()):
        raise InvalidValue("verbund aendern", "", t("expected_verbund_change"))
    with session() as s:
        row = _row(s, verbund_id)
        if wanted["name"] is not None and wanted["name"] != row.name:
            twin = _by_name(s, row.municipality_id, wanted["name"])
            if twin is not None and twin.id != verbund_id:
                raise Duplicate("verbund", twin.name, twin.id)  # type: ignore[arg-type]
        checked_period(
            valid_from if valid_from is not None else row.valid_from,
            valid_to if valid_to is not None else row.valid_to,
        )
        changed = [k for k, v in wanted.items() if v is not None and getattr(row, k) != v]
        for key in changed:
            setattr(row, key, wanted[key])
        if changed:
            row.updated_at = now
            s.add(row)
            _audit(s, verbund_id, now, by, "geaendert", {"felder": changed})
    return changed


def end(verbund_id: int, on: date, *, by: str, now: datetime) -> Verbund:
    """The agreement ends on *on* (its last day); the Verbund and what ran in it stay."""
    with session() as s:
        row = _row(s, verbund_id)
        checked_period(row.valid_from, on)
        row.valid_to = on
        row.updated_at = now
        s.add(row)
        _audit(s, verbund_id, now, by, "beendet", {"bis": on.isoformat()})
        return _verbund(s, row)


def add_partner(
    verbund_id: int,
    *,
    name: str,
    ags: str = "",
    contact_name: str = "",
    contact_email: str = "",
    by: str,
    now: datetime,
) -> Partner:
    """A neighbouring Kommune joins the Verbund, with its contact (never published)."""
    p = Partner(
        id=None,
        verbund_id=verbund_id,
        name=_name(name),
        ags=checked_ags(ags),
        contact_name=_line(contact_name, "kontakt"),
        contact_email=checked_email(contact_email.strip(), "kontakt-email")
        if contact_email.strip()
        else "",
    )
    with session() as s:
        _row(s, verbund_id)
        for other in s.exec(
            select(VerbundPartnerRow).where(VerbundPartnerRow.verbund_id == verbund_id)
        ):
            if other.name.casefold() == p.name.casefold() or (p.ags and other.ags == p.ags):
                raise Refused(
                    "partner",
                    Reason(
                        "reason_verbund_partner_twice",
                        name=other.name,
                        id=verbund_id,
                        partner=other.id,
                    ),
                )
        row = VerbundPartnerRow(**{k: v for k, v in vars(p).items() if k != "id"})
        s.add(row)
        s.flush()
        p.id = row.id
        # the contact is personal data: the audit names the Kommune only
        _audit(s, verbund_id, now, by, "partner_hinzugefuegt", {"partner": p.id, "name": p.name})
    return p


def partner(partner_id: int) -> Partner:
    with session() as s:
        row = s.get(VerbundPartnerRow, partner_id)
        if row is None:
            raise NotFound("verbund_partner", partner_id)
        return _partner(row)


def remove_partner(partner_id: int, *, by: str, now: datetime) -> Partner:
    """A partner Kommune leaves the Verbund; refused while Akteure are marked as its own."""
    with session() as s:
        row = s.get(VerbundPartnerRow, partner_id)
        if row is None:
            raise NotFound("verbund_partner", partner_id)
        count = len(list(s.exec(select(ActorRow.id).where(ActorRow.partner_id == partner_id))))
        if count:
            raise Refused(
                "partner-entfernen",
                Reason(
                    "reason_verbund_partner_has_actors", id=partner_id, name=row.name, count=count
                ),
            )
        gone = Partner(
            id=row.id,
            verbund_id=row.verbund_id,
            name=row.name,
            ags=row.ags,
            contact_name=row.contact_name,
            contact_email=row.contact_email,
        )
        s.delete(row)
        _audit(
            s,
            gone.verbund_id,
            now,
            by,
            "partner_entfernt",
            {"partner": partner_id, "name": gone.name},
        )
    return gone


def set_board(verbund_id: int, board_id: int | None, *, by: str, now: datetime) -> Verbund:
    """The Verbund's own Gremium or AG (an existing one; None: none). Its members may be
    Akteure of the partner Kommunen (`set_actor_partner`)."""
    with session() as s:
        row = _row(s, verbund_id)
        if board_id is not None:
            if s.get(BoardRow, board_id) is None:
                raise NotFound("board", board_id)
            other = s.exec(
                select(VerbundRow).where(
                    VerbundRow.board_id == board_id, VerbundRow.id != verbund_id
                )
            ).first()
            if other is not None:
                raise Refused(
                    "gremium",
                    Reason("reason_verbund_board_taken", board=board_id, other=other.id),
                )
        row.board_id = board_id
        row.updated_at = now
        s.add(row)
        _audit(s, verbund_id, now, by, "gremium_gesetzt", {"gremium": board_id})
        return _verbund(s, row)


def set_actor_partner(
    actor_id: int, partner_id: int | None, *, by: str, now: datetime
) -> tuple[Partner | None, bool]:
    """Mark an Akteur as one of a partner Kommune (None: of this Kommune again); returns
    the partner Kommune and whether that changed anything."""
    with session() as s:
        return mark_actor_partner(s, actor_id, partner_id, by=by, now=now)


def mark_actor_partner(
    s: Session, actor_id: int, partner_id: int | None, *, by: str, now: datetime
) -> tuple[Partner | None, bool]:
    """`set_actor_partner` inside the caller's transaction (`network.enrol_actor` marks a
    new Akteur in the transaction that adds her): the partner Kommune is checked first, an
    erased Akteur is refused, and a change is audited."""
    actor = s.get(ActorRow, actor_id)
    if actor is None:
        raise NotFound("actor", actor_id)
    partner = None
    if partner_id is not None:
        found = s.get(VerbundPartnerRow, partner_id)
        if found is None:
            raise NotFound("verbund_partner", partner_id)
        partner = _partner(found)
    if actor.status == "geloescht":
        raise Refused("partner", Reason("reason_actor_erased", id=actor_id))
    if actor.partner_id == partner_id:
        return partner, False
    actor.partner_id = partner_id
    s.add(actor)
    payload = {"partner": partner_id, "verbund": partner.verbund_id if partner else None}
    audit(s, "akteur", actor_id, now, by, "partnerkommune_gesetzt", payload)
    return partner, True


def set_cycle(cycle_id: int, verbund_id: int | None, *, by: str, now: datetime) -> StrategyCycle:
    """Mark a cycle as run together in a Verbund (None: by this Kommune alone)."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if verbund_id is not None:
            _open_verbund(s, verbund_id, now)
        s.connection().execute(
            text("UPDATE cycle SET verbund_id = :v WHERE id = :c"), {"v": verbund_id, "c": c.id}
        )
        return Effects("verbund_gesetzt", payload={"verbund": verbund_id})

    return change(cycle_id, by, now, decide)


def set_measure(
    cycle_id: int, measure_id: int, verbund_id: int | None, *, by: str, now: datetime
) -> StrategyCycle:
    """Mark a Maßnahme as run together in a Verbund (None: by this Kommune alone)."""

    def decide(s: Tx, c: StrategyCycle) -> Effects:
        if not any(m.id == measure_id for m in c.measures):
            raise NotFound("measure", measure_id)
        if verbund_id is not None:
            _open_verbund(s, verbund_id, now)
        s.connection().execute(
            text("UPDATE measure SET verbund_id = :v WHERE cycle_id = :c AND item_id = :m"),
            {"v": verbund_id, "c": c.id, "m": measure_id},
        )
        return Effects(
            "massnahme_verbund_gesetzt", payload={"id": measure_id, "verbund": verbund_id}
        )

    return change(cycle_id, by, now, decide)


def _open_verbund(s: Tx, verbund_id: int, now: datetime) -> None:
    """The Verbund exists and its agreement has not ended before *now*."""
    row = (
        s.connection()
        .execute(text("SELECT id, name, valid_to FROM verbund WHERE id = :v"), {"v": verbund_id})
        .first()
    )
    if row is None:
        raise NotFound("verbund", verbund_id)
    end_ = row.valid_to
    if isinstance(end_, str):
        end_ = date.fromisoformat(end_[:10])
    if end_ is not None and end_ < now.date():
        raise Refused(
            "verbund",
            Reason("reason_verbund_ended", id=row.id, name=row.name, end=end_),
        )


def _by_name(s, municipality_id: int, name: str) -> VerbundRow | None:  # type: ignore[no-untyped-def]
    for row in s.exec(select(VerbundRow).where(VerbundRow.municipality_id == municipality_id)):
        if row.name.casefold() == name.casefold():
            return row
    return None


def _row(s, verbund_id: int) -> VerbundRow:  # type: ignore[no-untyped-def]
    row = s.get(VerbundRow, verbund_id)
    if row is None:
        raise NotFound("verbund", verbund_id)
    return row


def _partner(row: VerbundPartnerRow) -> Partner:
    return Partner(
        id=row.id,
        verbund_id=row.verbund_id,
        name=row.name,
        ags=row.ags,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
    )


def _verbund(s, row: VerbundRow) -> Verbund:  # type: ignore[no-untyped-def]
    partners = s.exec(
        select(VerbundPartnerRow)
        .where(VerbundPartnerRow.verbund_id == row.id)
        .order_by(VerbundPartnerRow.id)
    )
    return Verbund(
        id=row.id,
        municipality_id=row.municipality_id,
        name=row.name,
        agreement=row.agreement,
        agreement_url=row.agreement_url,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        board_id=row.board_id,
        partners=[_partner(p) for p in partners],
    )


def _audit(s, verbund_id: int, now: datetime, by: str, action: str, payload) -> None:  # type: ignore[no-untyped-def]
    audit(s, "verbund", verbund_id, now, by, action, payload)
