"""SQLModel tables: the one place the schema is defined (Alembic migrations follow it)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from dkbm.store import tenant


class UtcDateTime(TypeDecorator):
    """Timestamps are stored in UTC and come back aware, on SQLite (which keeps no zone)
    as on PostgreSQL. A naive datetime is a bug and is refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


def _json(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(JSON, **kw))


def _kommune() -> Any:
    """The Kommune a row belongs to: by default the one the transaction serves
    (`store.tenant`). Empty only for rows kept before the first Kommune was set up, which
    it takes over (`dkbm.network.setup_municipality`)."""
    return Field(
        default_factory=tenant.current_id,
        sa_column=Column(
            Integer,
            ForeignKey("municipality.id"),
            nullable=True,
            index=True,
            default=tenant.current_id,
        ),
    )


# Tables whose rows belong to one Kommune (migration 0016 walls each of them off by
# row-level security on PostgreSQL); municipality itself is walled by its own row.
TENANT_TABLES = (
    "organisation",
    "organisation_relation",
    "actor",
    "consent_event",
    "board",
    "board_member",
    "cycle",
    "verbund",
    "verbund_partner",
    "audit_event",
    "outbox",
    "deadline",
    "reminder_plan",
    "message_log",
    "meeting",
    "task",
    "indicator",
    "indicator_value",
    "goal",
    "strategy",
    "measure",
    "measure_report",
    "document",
    "answer",
    "ballot",
    "member_link",
)


def _moment(**kw: Any) -> Any:
    return Field(sa_column=Column(UtcDateTime(), **kw))


class MunicipalityRow(SQLModel, table=True):
    __tablename__ = "municipality"

    id: int | None = Field(default=None, primary_key=True)
    # Amtlicher Gemeindeschlüssel: the key a Kommune is chosen by among several
    ags: str | None = Field(default=None, unique=True)
    # the AGS its calendar UIDs and Message-IDs carry: the one it was set up with, never
    # changed (an entry already sent keeps its UID); None: the identifiers without one
    identifier_ags: str | None = None
    name: str
    bundesland: str = Field(max_length=2)
    form: str
    placement: str
    contact_name: str
    contact_email: str
    # personal links stay open this many days after their deadline (the coordinator sets it)
    link_grace_days: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    # the Koordination's voice in every message; empty: the default by form and Land
    sender_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    signature: str = Field(default="", sa_column_kwargs={"server_default": ""})
    reply_to: str = Field(default="", sa_column_kwargs={"server_default": ""})
    escalation_title: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # its database role (PostgreSQL, several Kommunen): every transaction for it runs as it
    db_role: str | None = Field(default=None, unique=True)
    # the environment variable holding its own Apprise mail URL, and its sender address;
    # empty: the installation's
    mail_route: str = Field(default="", sa_column_kwargs={"server_default": ""})
    sender_address: str = Field(default="", sa_column_kwargs={"server_default": ""})


class OrganisationRow(SQLModel, table=True):
    """An organisation Akteure belong to; `name_key` (the name without case and extra
    spaces) is what makes two spellings one organisation."""

    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("municipality_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    name: str
    name_key: str
    kind: str
    sector: str
    areas: list[str] | None = _json()
    locality: str = ""  # Sozialraum oder Gemeinde
    address: str = ""
    website: str = ""
    created_at: datetime = _moment(nullable=False)
    updated_at: datetime = _moment(nullable=False)


class OrganisationRelationRow(SQLModel, table=True):
    """A relation from one organisation to another (`states.relations.RelationKind`),
    valid from and to a day (either open); ending it sets `valid_to`."""

    __tablename__ = "organisation_relation"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    from_id: int = Field(foreign_key="organisation.id", index=True)
    to_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: datetime = _moment(nullable=False)
    updated_at: datetime = _moment(nullable=False)


class ActorRow(SQLModel, table=True):
    __tablename__ = "actor"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    name: str
    # her organisation (its record; None once her data are erased) and her role there
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    function: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # an Akteur of a partner Kommune of a regionale Verbund (None: of this Kommune)
    partner_id: int | None = Field(default=None, foreign_key="verbund_partner.id", index=True)
    email: str
    sector: str = Field(index=True)
    areas: list[str] | None = _json()
    consent_publication: bool = False
    lang: str = "de"
    channels: list[str] | None = _json()  # Apprise URLs: secrets, never shown unmasked
    delivery: str = "sofort"  # or "taeglich": bundle everything into a daily digest
    # aktiv, inaktiv (left the network, history kept) or geloescht (personal data erased)
    status: str = Field(default="aktiv", sa_column_kwargs={"server_default": "aktiv"})


class ConsentEventRow(SQLModel, table=True):
    """Her consent to publication given or withdrawn: when, by whom recorded, on what
    occasion (`angelegt`, `geaendert`, `geloescht`). Holds no name of hers."""

    __tablename__ = "consent_event"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    actor_id: int = Field(foreign_key="actor.id", index=True)
    given: bool
    at: datetime = _moment(nullable=False)
    by: str
    reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class BoardRow(SQLModel, table=True):
    __tablename__ = "board"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    name: str
    kind: str
    quorum_percent: int = 50
    channels: list[str] | None = _json()
    # Ladungsfrist: invitations go out at least this many (calendar or working) days ahead.
    notice_days: int = Field(default=7, sa_column_kwargs={"server_default": "7"})
    notice_working_days: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class BoardMemberRow(SQLModel, table=True):
    __tablename__ = "board_member"

    municipality_id: int | None = _kommune()
    board_id: int = Field(foreign_key="board.id", primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", primary_key=True)
    role: str
    deputy_for: int | None = None  # a Stellvertretung: the Akteur she stands in for


class CycleRow(SQLModel, table=True):
    """A strategy cycle: machine state, optimistic version, and its content as a document."""

    __tablename__ = "cycle"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    board_id: int = Field(foreign_key="board.id")
    title: str
    state: str = Field(index=True)
    version: int
    round: int
    content: dict[str, Any] | None = _json()
    # Fingerprint of the Ziele, Strategien and Maßnahmen in `content` as last written to
    # their tables (store.items): a transition that leaves them alone writes no item row.
    items_digest: str = ""
    seeded_from: int | None = Field(default=None, foreign_key="cycle.id")
    updated_at: datetime = _moment(nullable=False)
    # run together in a regionale Verbund (dkbm.verbuende; not part of the document)
    verbund_id: int | None = Field(default=None, foreign_key="verbund.id", index=True)


class VerbundRow(SQLModel, table=True):
    """A regionale Verbund of this Kommune with neighbouring Kommunen: the agreement (its
    title, a link under the link policy), its dates, its own Gremium or AG."""

    __tablename__ = "verbund"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    name: str
    agreement: str = Field(default="", sa_column_kwargs={"server_default": ""})
    agreement_url: str = Field(default="", sa_column_kwargs={"server_default": ""})
    valid_from: date | None = None
    valid_to: date | None = None
    board_id: int | None = Field(default=None, foreign_key="board.id")
    created_at: datetime = _moment(nullable=False)
    updated_at: datetime = _moment(nullable=False)


class VerbundPartnerRow(SQLModel, table=True):
    """A partner Kommune of a Verbund (a record, not a tenant); its contact is personal
    data and never published."""

    __tablename__ = "verbund_partner"

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    verbund_id: int = Field(foreign_key="verbund.id", index=True)
    name: str
    ags: str = Field(default="", sa_column_kwargs={"server_default": ""})  # 8 digits or empty
    contact_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    contact_email: str = Field(default="", sa_column_kwargs={"server_default": ""})


class AuditEventRow(SQLModel, table=True):
    """Who did what, when, from which state to which, and why."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ux_audit_event_source", "subject", "subject_id", "source", unique=True),
    )

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(index=True)
    subject_id: int = Field(index=True)
    version: int
    at: datetime = _moment(nullable=False)
    by: str
    action: str
    trigger: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    reason: str = ""
    payload: dict[str, Any] | None = _json()
    # What caused the change when a retry must not repeat it (a flow run's step or input).
    source: str | None = None


class RelayPositionRow(SQLModel, table=True):
    """How far a relay (audit log -> Prefect events) has read the audit log."""

    __tablename__ = "relay_position"

    name: str = Field(primary_key=True)
    last_id: int = 0


class OutboxRow(SQLModel, table=True):
    """A message to send, written in the transaction of the change that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due_at", "status", "due_at"),
        Index("ix_outbox_kommune_status_due_at", "municipality_id", "status", "due_at"),
    )

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    kind: str
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    recipient_id: int | None = Field(default=None, foreign_key="actor.id")
    payload: dict[str, Any] | None = _json()
    created_at: datetime = _moment(nullable=False)
    due_at: datetime = _moment(nullable=False, index=True)
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    sent_at: datetime | None = _moment(nullable=True)
    last_error: str | None = None
    message_id: str | None = None
    claimed_until: datetime | None = _moment(nullable=True)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True)


class DeadlineRow(SQLModel, table=True):
    """Frist: a due moment in a cycle that someone still owes something for."""

    __tablename__ = "deadline"
    __table_args__ = (
        Index("ix_deadline_status_next_check_at", "status", "next_check_at"),
        Index(
            "ix_deadline_kommune_status_next_check_at", "municipality_id", "status", "next_check_at"
        ),
    )

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    # None for a meeting's or a task's deadline: its ref then names it ("sitzung:4", "aufgabe:9")
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    kind: str
    ref: str = ""  # what it is about within the cycle, e.g. "leitbild:2" or "massnahme:7"
    due_at: datetime = _moment(nullable=False, index=True)
    revision: int = 1
    status: str = Field(default="offen", index=True)
    next_check_at: datetime = _moment(nullable=False, index=True)


class ReminderPlanRow(SQLModel, table=True):
    """Erinnerungsplan of a Kommune for one kind of deadline."""

    __tablename__ = "reminder_plan"
    __table_args__ = (UniqueConstraint("municipality_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    kind: str
    before_working_days: list[int] | None = _json()
    on_the_day: bool = True
    overdue_working_days: list[int] | None = _json()
    escalate_after_days: int = 5


class MessageLogRow(SQLModel, table=True):
    """Informationsfluss: every message that went out, to whom, how, about what."""

    __tablename__ = "message_log"

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int | None = Field(default=None, foreign_key="outbox.id", index=True)
    at: datetime = _moment(nullable=False, index=True)
    recipient_id: int | None = Field(default=None, foreign_key="actor.id", index=True)
    recipient: str
    channel: str
    kind: str
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    stage: str | None = None
    subject: str
    message_id: str


class MeetingRow(SQLModel, table=True):
    """Sitzung of a Gremium or an AG: state and times as columns, agenda and attendance
    as one document (read and written whole, like a cycle's content)."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_state_invite_by", "state", "invite_by"),)

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    state: str = Field(index=True)
    version: int
    starts_at: datetime = _moment(nullable=False, index=True)
    ends_at: datetime | None = _moment(nullable=True)
    # the moment the Ladung goes out by itself if nobody sent it earlier
    invite_by: datetime = _moment(nullable=False)
    place: str = ""
    video: str = ""
    public: bool = True
    sequence: int = 0
    invited_at: datetime | None = _moment(nullable=True)
    urgency: str = ""
    cancel_reason: str = ""
    minutes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    approved_in: int | None = Field(default=None, foreign_key="meeting.id")
    content: dict[str, Any] | None = _json()
    updated_at: datetime = _moment(nullable=False)


class TaskRow(SQLModel, table=True):
    """Aufgabe from a TOP: an owner, a deadline, done or not."""

    __tablename__ = "task"

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    item: int  # the TOP's number
    title: str
    owner_id: int = Field(foreign_key="actor.id", index=True)
    due_at: datetime = _moment(nullable=False)
    status: str = Field(default="offen", index=True)
    done_at: datetime | None = _moment(nullable=True)
    note: str = ""
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")


class IndicatorRow(SQLModel, table=True):
    """Kennzahl of a cycle's Ziel or Maßnahme: where it starts (baseline) and where it
    should be by when (target). The cycle's content items have ids; `item_id` is one."""

    __tablename__ = "indicator"

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    item_kind: str  # ziel | massnahme
    item_id: int
    name: str
    unit: str = ""
    source: str = ""  # Quelle, e.g. "IT.NRW, Schulstatistik"
    baseline_value: float
    baseline_year: int
    target_value: float
    target_year: int
    version: int
    updated_at: datetime = _moment(nullable=False)


class IndicatorValueRow(SQLModel, table=True):
    """One value of a Kennzahl for one year (a later value for the same year replaces it)."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    year: int
    value: float
    note: str = ""
    recorded_at: datetime = _moment(nullable=False)
    recorded_by: str


# The cycle's items as rows. The cycle's document stays what a use case reads and writes
# under its version; these tables are its relational image, written by store.items in
# the same transaction, so Ziele, Strategien and Maßnahmen can be queried across cycles.


class GoalRow(SQLModel, table=True):
    """Strategisches Ziel of a cycle; `item_id` is its number within the cycle."""

    __tablename__ = "goal"

    municipality_id: int | None = _kommune()
    cycle_id: int = Field(foreign_key="cycle.id", primary_key=True)
    item_id: int = Field(primary_key=True)
    position: int
    title: str
    areas: list[str] | None = _json()


class StrategyRow(SQLModel, table=True):
    """Handlungsstrategie under a Ziel of the same cycle."""

    __tablename__ = "strategy"

    municipality_id: int | None = _kommune()
    cycle_id: int = Field(foreign_key="cycle.id", primary_key=True)
    item_id: int = Field(primary_key=True)
    position: int
    goal_id: int
    title: str


class MeasureRow(SQLModel, table=True):
    """Maßnahme under a Handlungsstrategie of the same cycle, with its reports summed up."""

    __tablename__ = "measure"

    municipality_id: int | None = _kommune()
    cycle_id: int = Field(foreign_key="cycle.id", primary_key=True)
    item_id: int = Field(primary_key=True)
    position: int
    strategy_id: int
    title: str
    owner_id: int | None = Field(default=None, foreign_key="actor.id", index=True)
    indicator: str = ""
    target_value: str = ""
    deadline: date | None = Field(default=None, index=True)
    reports: int = 0
    # run together in a regionale Verbund: set by dkbm.verbuende on the row alone (the
    # document's items leave it as it is)
    verbund_id: int | None = Field(default=None, foreign_key="verbund.id", index=True)
    last_report_at: datetime | None = _moment(nullable=True)
    last_value: float | None = None


class MeasureReportRow(SQLModel, table=True):
    """Fortschrittsbericht on a Maßnahme, numbered in the order they came in."""

    __tablename__ = "measure_report"

    municipality_id: int | None = _kommune()
    cycle_id: int = Field(foreign_key="cycle.id", primary_key=True)
    measure_id: int = Field(primary_key=True)
    position: int = Field(primary_key=True)
    at: datetime = _moment(nullable=False)
    text: str
    value: float | None = None


class DocumentRow(SQLModel, table=True):
    """Dokument of the knowledge library: a link (`url`) or an uploaded file whose bytes are
    kept here (so a backup of the database holds them), tagged by cycle, Gremium/AG and
    Bildungsbereiche."""

    __tablename__ = "document"

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    title: str
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    url: str | None = None
    filename: str | None = None
    media_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    board_id: int | None = Field(default=None, foreign_key="board.id", index=True)
    areas: list[str] | None = _json()
    public: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    added_at: datetime = _moment(nullable=False)
    added_by: str
    updated_at: datetime = _moment(nullable=False)
    version: int
    # last: lists never select it, and SQLite then never reads its overflow pages
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class AnswerRow(SQLModel, table=True):
    """Rückmeldung of one invited Akteur to one Beteiligung round: a row of its own, so that
    hundreds answering at once never contend for the cycle's version. A second answer
    replaces the first (one row per Akteur, stage and round)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("cycle_id", "stage", "round", "actor_id"),)

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage: str
    round: int
    actor_id: int = Field(foreign_key="actor.id", index=True)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # per item (Ziel, Strategie, Maßnahme id as text): {"haltung": zustimmung|bedenken|anmerkung, "text": …}
    items: dict[str, Any] | None = _json()
    given_at: datetime = _moment(nullable=False)
    given_by: str
    source: str = ""  # "cli", "web", "migration"
    replaced: int = 0  # how often an earlier answer was replaced


class BallotRow(SQLModel, table=True):
    """Stimme of one voting member in a written vote (Umlaufverfahren): ja, nein, enthaltung."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("cycle_id", "stage", "round", "actor_id"),)

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage: str
    round: int
    actor_id: int = Field(foreign_key="actor.id", index=True)
    choice: str
    cast_at: datetime = _moment(nullable=False)
    cast_by: str
    source: str = ""


class MemberLinkRow(SQLModel, table=True):
    """A personal link: one Akteur, one purpose, one object. Only the token's SHA-256 is kept;
    the token itself is an HMAC of `salt` under the installation's link secret (kept outside
    the database), so the coordinator can show it again and a copy of the database alone
    opens nothing."""

    __tablename__ = "member_link"

    municipality_id: int | None = _kommune()
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True)
    salt: str
    actor_id: int = Field(foreign_key="actor.id", index=True)
    purpose: str  # beteiligung | abstimmung | sitzung | aufgabe
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    stage: str | None = None
    round: int | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    created_at: datetime = _moment(nullable=False)
    expires_at: datetime = _moment(nullable=False)
    revoked_at: datetime | None = _moment(nullable=True)
    revoked_reason: str = ""
    last_used_at: datetime | None = _moment(nullable=True)
