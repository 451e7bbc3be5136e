"""Use cases for the Kommune and its network: Akteure, Gremien and Arbeitsgruppen."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from sqlmodel import Session, select

from dkbm import consent as consent_history
from dkbm.states.errors import DkbmError, Duplicate, InvalidValue, NotFound, Reason, Refused
from dkbm.states.i18n import t
from dkbm.states.model import (
    BUNDESLAENDER,
    VOTING_ROLES,
    Actor,
    Board,
    BoardKind,
    CoordinationForm,
    EducationArea,
    Language,
    MemberRole,
    Municipality,
    Organisation,
    Placement,
    Sector,
)
from dkbm.states.numbers import is_whole
from dkbm.states.vocabulary import value_of
from dkbm.store import repository as repo
from dkbm.store import tenant
from dkbm.store.db import session
from dkbm.store.tables import ActorRow, BoardRow, MunicipalityRow

E = TypeVar("E", bound=StrEnum)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def choice(enum: type[E], value: str, field: str, kind: str | None = None) -> E:
    """The member *value* names, by its stored value or its German or English name (the
    vocabulary *kind*, by default *field*: `bildungsbereich`, `sektor`)."""
    values = [e.value for e in enum]  # type: ignore[attr-defined]
    found = value_of(kind or field, value, values)
    if found is None:
        raise InvalidValue(field, value, ", ".join(values))
    return enum(found)  # type: ignore[call-arg]


def audit(  # type: ignore[no-untyped-def]
    s, subject: str, subject_id: int, now: datetime, by: str, action: str, payload=None
) -> None:
    """One audit entry of a change to the network (Kommune, Akteur, Organisation, Gremium,
    Verbund): no state machine drives it, so it is version 1."""
    repo.append_audit(
        s,
        subject=subject,
        subject_id=subject_id,
        version=1,
        at=now,
        by=by,
        action=action,
        payload=payload,
    )


def nonempty(value: str, field: str) -> str:
    """A name or title: not empty, and on one line."""
    if not value.strip():
        raise InvalidValue(field, value, t("expected_not_empty"))
    if "\n" in value or "\r" in value:
        raise InvalidValue(field, value, t("expected_one_line"))
    return value.strip()


def checked_email(value: str, field: str) -> str:
    if not _EMAIL.match(value):
        raise InvalidValue(field, value, t("expected_email"))
    return value


def checked_bundesland(value: str) -> str:
    if value.upper() not in BUNDESLAENDER:
        raise InvalidValue("bundesland", value, ", ".join(BUNDESLAENDER))
    return value.upper()


def municipality_from(
    *,
    name: str,
    bundesland: str,
    form: str,
    placement: str,
    contact_name: str,
    contact_email: str,
) -> Municipality:
    """A checked Kommune, before anything is written."""
    checked_bundesland(bundesland)
    return Municipality(
        id=None,
        name=nonempty(name, "kommune"),
        bundesland=bundesland.upper(),
        form=choice(CoordinationForm, form, "form"),
        placement=choice(Placement, placement, "verortung"),
        contact_name=nonempty(contact_name, "kontakt"),
        contact_email=checked_email(contact_email, "kontakt-email"),
    )


def setup_municipality(
    *, by: str, now: datetime, ags: str | None = None, **fields: str
) -> Municipality:
    """Record the Kommune and its Koordination (form, Verortung, sign-off contact): the
    first of the database (`dkbm init`); `dkbm kommune add` records further ones."""
    from dkbm import kommunen

    return kommunen.add(by=by, now=now, ags=ags, only_first=True, **fields)


def add_actor(
    *,
    name: str,
    organisation: str,
    email: str,
    sector: str,
    areas: list[str],
    consent: bool,
    lang: str,
    by: str,
    now: datetime,
    channels: list[str] | None = None,
    delivery: str = "sofort",
    function: str = "",
) -> Actor:
    """Record an Akteur (`enrol_actor`, without saying whether her organisation is new)."""
    return enrol_actor(
        name=name,
        organisation=organisation,
        email=email,
        sector=sector,
        areas=areas,
        consent=consent,
        lang=lang,
        by=by,
        now=now,
        channels=channels,
        delivery=delivery,
        function=function,
    )[0]


def enrol_actor(
    *,
    name: str,
    organisation: str,
    email: str,
    sector: str,
    areas: list[str],
    consent: bool,
    lang: str,
    by: str,
    now: datetime,
    channels: list[str] | None = None,
    delivery: str = "sofort",
    function: str = "",
    partner_id: int | None = None,
) -> tuple[Actor, Organisation | None]:
    """Record an Akteur in the organisation *organisation* names (case and spaces aside);
    returns her and the organisation when it was new (then made of kind Sonstige in her
    sector, and audited). *partner_id* marks her as one of a partner Kommune of a Verbund,
    checked in the same transaction (`verbuende.mark_actor_partner`)."""
    actor = actor_from(
        name=name,
        organisation=organisation,
        email=email,
        sector=sector,
        areas=areas,
        consent=consent,
        lang=lang,
        function=function,
    )
    urls = [_checked_channel(u) for u in channels or []]
    mode = choice(Delivery, delivery, "zustellung").value
    with session() as s:
        kommune = repo.municipality(s)
        twin = s.exec(select(ActorRow).where(ActorRow.email == actor.email)).first()
        if twin is not None:
            raise Duplicate("actor", twin.email, twin.id)
        org, created = organisation_in(s, kommune.id, actor.organisation, actor.sector, by, now)
        actor.organisation_id, actor.organisation = org.id, org.name
        repo.add_actor(s, kommune.id, actor, channels=urls, delivery=mode, at=now)
        audit(s, "akteur", actor.id, now, by, "angelegt")
        consent_history.record(
            s,
            municipality_id=kommune.id,
            actor_id=actor.id,
            given=actor.consent_publication,
            at=now,
            by=by,
            reason=consent_history.ADDED,
        )
        if partner_id is not None:
            from dkbm.verbuende import mark_actor_partner

            mark_actor_partner(s, actor.id, partner_id, by=by, now=now)  # type: ignore[arg-type]
    return actor, org if created else None


def actor_from(
    *,
    name: str,
    organisation: str,
    email: str,
    sector: str,
    areas: list[str],
    consent: bool,
    lang: str,
    function: str = "",
) -> Actor:
    """A checked Akteur from the values of `dkbm akteur add` (or a row of an import), before
    anything is written: the one place her fields are checked, with the same errors."""
    actor = Actor(
        id=None,
        name=name.strip(),
        organisation=" ".join(organisation.split()),
        email=checked_email(email, "email"),
        sector=choice(Sector, sector, "sektor"),
        areas=[choice(EducationArea, a, "bildungsbereich") for a in areas],
        consent_publication=consent,
        lang=choice(Language, lang, "sprache").value,
        function=checked_function(function),
    )
    if not actor.name:
        raise InvalidValue("name", name, t("expected_not_empty"))
    if not actor.organisation:
        raise InvalidValue("organisation", organisation, t("expected_not_empty"))
    return actor


def checked_function(value: str) -> str:
    """Her role in her organisation (Funktion): one line, may be empty."""
    if "\n" in value or "\r" in value:
        raise InvalidValue("funktion", value, t("expected_one_line"))
    return " ".join(value.split())


def organisation_in(
    s: Session, municipality_id: int, name: str, sector: Sector, by: str, now: datetime
) -> tuple[Organisation, bool]:
    """The organisation *name* names, made (and audited) when new; True when new."""
    org, created = repo.organisation_for(s, municipality_id, name, sector, at=now)
    if created:
        audit(s, "organisation", org.id, now, by, "angelegt", {"name": org.name})
    return org, created


def add_board(
    *,
    name: str,
    kind: str,
    quorum_percent: int | None,
    by: str,
    now: datetime,
    notice_days: int = 7,
    notice_working_days: bool = False,
) -> Board:
    """A Gremium (quorum 50 % unless given) or an Arbeitsgruppe (no quorum rule unless
    given); *notice_days* is its Ladungsfrist."""
    board_kind = choice(BoardKind, kind, "art", "gremienart")
    if quorum_percent is None:
        quorum_percent = 0 if board_kind is BoardKind.ARBEITSGRUPPE else 50
    if not 0 <= quorum_percent < 100:
        raise InvalidValue("quorum", quorum_percent, t("expected_quorum"))
    check_notice(notice_days)
    board = Board(
        id=None,
        name=nonempty(name, "name"),
        kind=board_kind,
        quorum_percent=quorum_percent,
        notice_days=notice_days,
        notice_working_days=notice_working_days,
    )
    with session() as s:
        kommune = repo.municipality(s)
        existing = repo.board_by_name(s, board.name)
        if existing is not None:
            raise Duplicate("board", board.name, existing.id)
        repo.add_board(s, kommune.id, board)
        audit(s, "gremium", board.id, now, by, "angelegt")
    return board


def check_notice(days: int) -> None:
    if not 0 <= days <= 90:
        raise InvalidValue("ladungsfrist", days, t("expected_notice_days"))


def set_member(
    *,
    board_id: int,
    actor_ids: list[int],
    role: str | None,
    by: str,
    now: datetime,
    deputy_for: int | None = None,
) -> Board:
    """Add members with *role*, or remove them when *role* is None. A Stellvertretung names
    the voting member she stands in for (*deputy_for*)."""
    with session() as s:
        return set_member_in(
            s,
            board_id=board_id,
            actor_ids=actor_ids,
            role=role,
            by=by,
            now=now,
            deputy_for=deputy_for,
        )


def set_member_in(
    s: Session,
    *,
    board_id: int,
    actor_ids: list[int],
    role: str | None,
    by: str,
    now: datetime,
    deputy_for: int | None = None,
) -> Board:
    """`set_member` inside the caller's transaction *s*: the caller commits the memberships
    and their audit entry together with its own rows, or nothing."""
    role_value = choice(MemberRole, role, "rolle").value if role is not None else None
    board = repo.board(s, board_id)
    current = {m.actor_id: (m.role.value, m.deputy_for) for m in board.members}
    if role_value == MemberRole.STELLVERTRETUNG:
        _check_deputy(board, deputy_for)
    elif deputy_for is not None:
        raise InvalidValue("vertritt", deputy_for, t("expected_deputy_role"))
    changed = []
    for actor_id in actor_ids:
        actor = repo.actor(s, actor_id)
        if role_value is not None and actor.status == "geloescht":
            raise Refused("mitglied", Reason("reason_actor_erased", id=actor_id))
        if role_value is not None and not actor.active:
            raise Refused("mitglied", Reason("reason_actor_inactive", id=actor_id))
        if actor_id == deputy_for:
            raise InvalidValue("vertritt", deputy_for, t("expected_other_person"))
        wanted = (role_value, deputy_for) if role_value is not None else None
        if current.get(actor_id) != wanted:
            repo.set_member(s, board_id, actor_id, role_value, deputy_for)
            changed.append(actor_id)
    if not changed:
        return board
    audit(
        s,
        "gremium",
        board_id,
        now,
        by,
        "mitglied_entfernt" if role_value is None else "mitglied_gesetzt",
        {"akteure": changed, "rolle": role_value, "vertritt": deputy_for},
    )
    return repo.board(s, board_id)


def _check_deputy(board: Board, deputy_for: int | None) -> None:
    voters = {m.actor_id for m in board.members if m.role in VOTING_ROLES}
    if deputy_for is None:
        raise InvalidValue("vertritt", "", t("expected_deputy_of"))
    if deputy_for not in voters:
        raise Refused(
            "mitglied", Reason("reason_deputy_not_voter", actor=deputy_for, board=board.name)
        )


def current_municipality() -> Municipality:
    with session() as s:
        return repo.municipality(s)


GRACE_DAYS = (0, 365)


VOICE = ("sender_name", "signature", "reply_to", "escalation_title")
_VOICE_LIMITS = {"sender_name": 100, "signature": 500, "escalation_title": 100}


def checked_voice(field: str, value: str) -> str:
    """A sender name, signature, Reply-To address or escalation role as set; empty brings
    back the default. Only the signature may span lines (names go into mail headers)."""
    value = value.strip()
    if not value:
        return ""
    option = {"sender_name": "--absender", "signature": "--signatur", "reply_to": "--antwort-an",
              "escalation_title": "--eskalation-rolle"}[field]  # fmt: skip
    if field == "reply_to":
        return checked_email(value, option)
    if field != "signature":
        nonempty(value, option)
    limit = _VOICE_LIMITS[field]
    if len(value) > limit:
        raise InvalidValue(option, value[:40] + "…", t("expected_at_most_chars", limit=limit))
    return value


ROUTE = ("mail_route", "sender_address")
_ROUTE_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
ROUTE_PREFIX = "DKBM_MAIL_URL_"


def checked_route(field: str, value: str, ags: str | None) -> str:
    """The environment variable holding the Kommune's own mail URL (never the URL: it
    carries a password), or its sender address; empty: the installation's. A Kommune's
    route is `DKBM_MAIL_URL_<its AGS>` and no other variable: no Kommune sends through
    another's mail server, nor reads any other setting of the installation."""
    value = value.strip()
    if not value:
        return ""
    if field == "sender_address":
        return checked_email(value, "--absendeadresse")
    own = f"{ROUTE_PREFIX}{ags}" if ags else ""
    if value != own:
        from dkbm.notifications.channels import masked

        shown = value if _ROUTE_NAME.fullmatch(value) else masked(value)
        expected = t("expected_route_name", own=own) if own else t("expected_route_needs_ags")
        raise InvalidValue("--mail-route", shown, expected)
    return value


def change_municipality(
    *, by: str, now: datetime, link_grace_days: int | None = None, **changes: str | None
) -> Municipality:
    """Change the Kommune's settings (Form, Verortung, Kontakt …); escalations follow from now.
    *link_grace_days*: how long a personal link stays open after its deadline (links issued
    from now on, and open ones when their next message moves them). The Koordination's
    voice (*sender_name*, *signature*, *reply_to*, *escalation_title*; "" for the default)
    holds for every message composed from now on."""
    if link_grace_days is not None and not GRACE_DAYS[0] <= link_grace_days <= GRACE_DAYS[1]:
        raise InvalidValue("--link-nachfrist", link_grace_days, t("expected_grace_days"))
    voice = {k: checked_voice(k, v) for k in VOICE if (v := changes.pop(k, None)) is not None}
    ags = changes.pop("ags", None)
    route = {k: v for k in ROUTE if (v := changes.pop(k, None)) is not None}
    if ags is not None:
        from dkbm.kommunen import refuse_taken_ags

        refuse_taken_ags(ags)
    with session() as s:
        kommune = tenant.current_id()
        row = s.get(MunicipalityRow, kommune) if kommune is not None else None
        if row is None:
            raise DkbmError("no_municipality")
        fields = {
            "name": row.name,
            "bundesland": row.bundesland,
            "form": row.form,
            "placement": row.placement,
            "contact_name": row.contact_name,
            "contact_email": row.contact_email,
        }
        fields.update({k: v for k, v in changes.items() if v is not None})
        checked = municipality_from(**fields)  # type: ignore[arg-type]
        new = {
            "name": checked.name,
            "bundesland": checked.bundesland,
            "form": checked.form.value,
            "placement": checked.placement.value,
            "contact_name": checked.contact_name,
            "contact_email": checked.contact_email,
        }
        if link_grace_days is not None:
            new["link_grace_days"] = link_grace_days
        if ags is not None:
            from dkbm.kommunen import set_ags

            new["ags"] = set_ags(s, row, ags, checked.bundesland)
        new.update(voice)
        new.update({k: checked_route(k, v, new.get("ags") or row.ags) for k, v in route.items()})
        diff = {
            k: {"von": getattr(row, k), "zu": v} for k, v in new.items() if getattr(row, k) != v
        }
        if diff:
            for key, value in new.items():
                setattr(row, key, value)
            s.add(row)
            audit(
                s,
                "kommune",
                row.id,
                now,
                by,
                "geaendert",
                {k: v for k, v in diff.items() if k not in _ADDRESSES}
                | {k: "geändert" for k in _ADDRESSES if k in diff},
            )
        checked.id = row.id
        checked.ags = row.ags
        checked.mail_route = row.mail_route or ""
        checked.sender_address = row.sender_address or ""
        checked.link_grace_days = row.link_grace_days
        for key in VOICE:
            setattr(checked, key, getattr(row, key) or "")
        return checked


_ADDRESSES = ("contact_email", "reply_to")  # the audit says that they changed, not to what


class Delivery(StrEnum):
    SOFORT = "sofort"
    TAEGLICH = "taeglich"


def _checked_channel(url: str) -> str:
    from dkbm.notifications.channels import masked, valid

    if not valid(url):
        raise InvalidValue("kanal", masked(url), "Apprise-URL, z. B. mailto://… oder json://…")
    return url


def set_actor_channel(
    *, actor_id: int, url: str, remove: bool, by: str, now: datetime
) -> list[str]:
    """Add or remove an Apprise URL of an Akteur; the audit log keeps only its masked form."""
    return _set_channel(ActorRow, "actor", "akteur", actor_id, url, remove, by, now)


def set_board_channel(
    *, board_id: int, url: str, remove: bool, by: str, now: datetime
) -> list[str]:
    """Add or remove an Apprise URL of a Gremium (e.g. its Teams or Matrix room)."""
    return _set_channel(BoardRow, "board", "gremium", board_id, url, remove, by, now)


def _set_channel(
    table: type[ActorRow] | type[BoardRow],
    kind: str,
    subject: str,
    row_id: int,
    url: str,
    remove: bool,
    by: str,
    now: datetime,
) -> list[str]:
    from dkbm.notifications.channels import masked

    if not remove:
        _checked_channel(url)
    with session() as s:
        row = s.get(table, row_id)
        if row is None:
            raise NotFound(kind, row_id)
        current = list(row.channels or [])
        if remove:
            # Channels are shown masked only, so they can be named by their number too.
            if is_whole(url) and 0 < int(url) <= len(current):
                url = current[int(url) - 1]
            if url not in current:
                raise NotFound("channel", masked(url) if not is_whole(url) else url)
        channels = [c for c in current if c != url]
        if not remove:
            if url in current:
                return [masked(c) for c in current]  # already there: nothing to record
            channels.append(url)
        row.channels = channels
        s.add(row)
        audit(
            s,
            subject,
            row_id,
            now,
            by,
            "kanal_entfernt" if remove else "kanal_hinzugefuegt",
            {"kanal": masked(url)},
        )
        return [masked(c) for c in channels]


def set_delivery(*, actor_id: int, mode: str, by: str, now: datetime) -> None:
    """Zustellung: every message at once, or one daily digest."""
    value = choice(Delivery, mode, "zustellung").value
    with session() as s:
        row = s.get(ActorRow, actor_id)
        if row is None:
            raise NotFound("actor", actor_id)
        row.delivery = value
        s.add(row)
        audit(s, "akteur", actor_id, now, by, "zustellung", {"zustellung": value})
