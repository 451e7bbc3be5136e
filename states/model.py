"""Domain objects: plain dataclasses, no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Sector(StrEnum):
    """Sektor: every Akteur belongs to exactly one of the five."""

    POLITIK = "politik"
    VERWALTUNG = "verwaltung"
    BILDUNGSEINRICHTUNGEN = "bildungseinrichtungen"
    WIRTSCHAFT = "wirtschaft"
    ZIVILGESELLSCHAFT = "zivilgesellschaft"


class EducationArea(StrEnum):
    """Bildungsbereich."""

    FRUEHE_BILDUNG = "fruehe_bildung"
    SCHULE = "schule"
    UEBERGANG_SCHULE_BERUF = "uebergang_schule_beruf"
    BERUFLICHE_BILDUNG = "berufliche_bildung"
    HOCHSCHULE = "hochschule"
    WEITERBILDUNG = "weiterbildung"
    NON_FORMALE_BILDUNG = "non_formale_bildung"


class CoordinationForm(StrEnum):
    """Form der Koordination."""

    ZUSATZAUFGABE = "zusatzaufgabe"
    PERSONALSTELLE = "personalstelle"
    BILDUNGSBUERO = "bildungsbuero"


class Placement(StrEnum):
    """Verortung der Koordination."""

    STABSSTELLE = "stabsstelle"
    LINIE = "linie"


class Language(StrEnum):
    DE = "de"
    EN = "en"


class BoardKind(StrEnum):
    GREMIUM = "gremium"
    ARBEITSGRUPPE = "arbeitsgruppe"


class MemberRole(StrEnum):
    VORSITZ = "vorsitz"
    MITGLIED = "mitglied"
    STELLVERTRETUNG = "stellvertretung"
    GAST = "gast"


class OrganisationKind(StrEnum):
    """Art der Organisation."""

    KITA = "kita"
    SCHULE = "schule"
    HOCHSCHULE = "hochschule"
    TRAEGER = "traeger"
    BETRIEB = "betrieb"
    KAMMER = "kammer"
    VEREIN = "verein"
    AMT = "amt"
    STIFTUNG = "stiftung"
    SONSTIGE = "sonstige"


VOTING_ROLES = frozenset({MemberRole.VORSITZ, MemberRole.MITGLIED})

# Bundesländer by ISO 3166-2 subdivision code (what `holidays` expects).
BUNDESLAENDER = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}


@dataclass
class Municipality:
    """Kommune and its Koordination."""

    id: int | None
    name: str
    bundesland: str
    form: CoordinationForm
    placement: Placement
    contact_name: str
    contact_email: str
    link_grace_days: int = 14  # personal links stay open this long after their deadline
    # the Koordination's own voice; empty: what its form and Land suggest
    sender_name: str = ""
    signature: str = ""
    reply_to: str = ""
    escalation_title: str = ""
    ags: str | None = None  # Amtlicher Gemeindeschlüssel, the key among several Kommunen
    mail_route: str = ""  # the environment variable with its own mail URL; empty: DKBM_MAIL_URL
    sender_address: str = ""  # its mail's From address; empty: the mail route's

    @property
    def escalation_role(self) -> str:
        """Who signs off and receives escalations: as set, else by Verortung, named as the
        Land names its departments (Referat in Bayern, Dezernat elsewhere)."""
        if self.escalation_title:
            return self.escalation_title
        if self.placement is Placement.STABSSTELLE:
            return "Verwaltungsspitze"
        if self.bundesland == "BY":
            return "Referats-/Amtsleitung"
        return "Dezernats-/Amtsleitung"

    def sender(self, lang: str = "de") -> str:
        """The name every message goes out under: as set, else by form (a Bildungsbüro only
        where the Koordination is one)."""
        if self.sender_name:
            return self.sender_name
        if self.form is CoordinationForm.BILDUNGSBUERO:
            return f"Education office, {self.name}" if lang == "en" else f"Bildungsbüro {self.name}"
        if lang == "en":
            return f"Education coordination, {self.name}"
        return f"Bildungskoordination {self.name}"

    def closing(self, lang: str = "de") -> str:
        """What a message is signed with."""
        return self.signature or self.sender(lang)


@dataclass
class Actor:
    """Akteur."""

    id: int | None
    name: str
    organisation: str
    email: str
    sector: Sector
    areas: list[EducationArea] = field(default_factory=list)
    consent_publication: bool = False
    lang: str = "de"
    channels: list[str] = field(default_factory=list)  # Apprise URLs (secrets)
    delivery: str = "sofort"
    status: str = "aktiv"  # inaktiv: left the network; geloescht: personal data erased
    # the record `organisation` names (its name is `organisation`); None once erased
    organisation_id: int | None = None
    function: str = ""  # Funktion: her role in her organisation, as she calls it

    @property
    def active(self) -> bool:
        return self.status == "aktiv"


def organisation_key(name: str) -> str:
    """What makes two spellings of an organisation's name the same one: case and spaces do
    not count ("Stadt  Fürth", "stadt fürth" and "StadtFürth" are "stadtfürth")."""
    return "".join(name.split()).casefold()


@dataclass
class Organisation:
    """Organisation (Einrichtung, Träger, Betrieb, Kammer, Verein, Amt …) that Akteure
    belong to: one of the five sectors, with its Bildungsbereiche and where it works
    (Sozialraum or Gemeinde)."""

    id: int | None
    name: str
    kind: OrganisationKind
    sector: Sector
    areas: list[EducationArea] = field(default_factory=list)
    locality: str = ""  # Sozialraum oder Gemeinde
    address: str = ""
    website: str = ""  # under the link policy (states.links), http(s) only

    @property
    def key(self) -> str:
        return organisation_key(self.name)


@dataclass
class Membership:
    actor_id: int
    role: MemberRole = MemberRole.MITGLIED
    deputy_for: int | None = None


@dataclass
class Board:
    """Gremium or Arbeitsgruppe with its members and quorum rule.

    Quorum: the board can decide when more than `quorum_percent` % of its voting
    members are present (the common "mehr als die Hälfte" is 50).
    """

    id: int | None
    name: str
    kind: BoardKind = BoardKind.GREMIUM
    quorum_percent: int = 50
    members: list[Membership] = field(default_factory=list)
    notice_days: int = 7  # Ladungsfrist
    notice_working_days: bool = False

    @property
    def voting_members(self) -> int:
        return sum(1 for m in self.members if m.role in VOTING_ROLES)

    @property
    def quorum_needed(self) -> int:
        return self.voting_members * self.quorum_percent // 100 + 1


@dataclass
class Goal:
    """Strategisches Ziel."""

    id: int
    title: str
    areas: list[str] = field(default_factory=list)


@dataclass
class Strategy:
    """Handlungsstrategie under a goal."""

    id: int
    goal_id: int
    title: str


@dataclass
class Report:
    """Fortschrittsbericht on a measure."""

    at: datetime
    text: str
    value: float | None = None


@dataclass
class Measure:
    """Maßnahme under an action strategy."""

    id: int
    strategy_id: int
    title: str
    owner_id: int | None = None
    indicator: str = ""
    target_value: str = ""
    deadline: date | None = None
    reports: list[Report] = field(default_factory=list)

    def missing(self) -> list[str]:
        gaps = []
        if self.owner_id is None:
            gaps.append("owner")
        if not self.indicator:
            gaps.append("indicator")
        if self.deadline is None:
            gaps.append("deadline")
        return gaps


@dataclass
class Consultation:
    """Beteiligung of one stage round: who was invited and who answered (the answers are
    rows of their own, `store.answers`; loaded with the cycle while the Beteiligung runs)."""

    stage: str
    deadline: datetime
    invited: list[int]
    answers: dict[int, str] = field(default_factory=dict)

    def missing(self) -> list[int]:
        return [a for a in self.invited if a not in self.answers]


@dataclass
class Vote:
    """Abstimmungsergebnis as recorded from the minutes."""

    stage: str
    present: int
    yes: int
    no: int
    abstain: int
    voting_members: int
    quorum_needed: int

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum_needed

    @property
    def majority(self) -> bool:
        return self.yes > self.no


BALLOT_CHOICES = ("ja", "nein", "enthaltung")
# Haltung of a Rückmeldung to one Ziel, Strategie or Maßnahme
STANCES = ("zustimmung", "bedenken", "anmerkung")
MAX_ANSWER_CHARS = 10_000  # a Rückmeldung (and each remark on an item) is a letter, not a file


def vote_from_ballots(stage: str, ballots: dict[int, str], board: Board) -> Vote:
    """Schriftliche Abstimmung (Umlaufverfahren): whoever cast a ballot took part."""
    return Vote(
        stage=stage,
        present=len(ballots),
        yes=sum(1 for b in ballots.values() if b == "ja"),
        no=sum(1 for b in ballots.values() if b == "nein"),
        abstain=sum(1 for b in ballots.values() if b == "enthaltung"),
        voting_members=board.voting_members,
        quorum_needed=board.quorum_needed,
    )


@dataclass
class StrategyCycle:
    """Strategiezyklus: one pass from Leitbild to Wirkungsprüfung.

    The `transitions` machine (states.cycle) drives `state`; everything else
    is the content worked out along the way.
    """

    id: int | None
    municipality_id: int
    title: str
    board_id: int
    state: str = "leitbild_entwurf"
    version: int = 0
    round: int = 1
    vision: str = ""
    goals: list[Goal] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    consultation: Consultation | None = None
    vote: Vote | None = None
    # written vote: Akteur -> ja|nein|enthaltung (rows of their own, loaded during the vote)
    ballots: dict[int, str] = field(default_factory=dict)
    vote_deadline: datetime | None = None
    # An oral vote: when and where the board meets (told in the vote invitation).
    vote_meeting: datetime | None = None
    vote_place: str = ""
    decided: dict[str, datetime] = field(default_factory=dict)
    seeded_from: int | None = None
    # The last round in which each stage opened a Beteiligung: a stage entered again (the
    # next stage after a reopened one, or the reopened one) counts on from there, so that
    # answers, ballots and links, kept per stage and round, never mix two passes.
    rounds: dict[str, int] = field(default_factory=dict)

    @property
    def stage(self) -> str:
        return self.state.split("_", 1)[0]

    def next_item_id(self) -> int:
        ids = [x.id for x in (*self.goals, *self.strategies, *self.measures)]
        return max(ids, default=0) + 1
