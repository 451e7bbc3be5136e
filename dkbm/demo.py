"""`dkbm demo`: a sample Landkreis runs a strategy cycle from Leitbild to Umsetzung.

Everything goes through the same use cases as the CLI; only the clock is
simulated, so weeks of consultation pass in a second.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from dkbm import context, cycles, network, queries
from dkbm.cli.output import h, table
from dkbm.consequences import end_of
from dkbm.context import BERLIN, local
from dkbm.states.errors import DkbmError
from dkbm.states.i18n import language
from dkbm.store import repository as repo
from dkbm.store.db import database_url, safe_url, session
from dkbm.store.migrate import upgrade
from dkbm.store.tables import ActorRow

BY = "bildungsbuero-demo"

# name, organisation, sector, education areas
ACTORS = [
    ("Dr. Helga Brandt", "Kreistag, Ausschuss für Schule und Bildung", "politik", ["schule"]),
    ("Murat Yilmaz", "Kreistag, Fraktion", "politik", ["uebergang_schule_beruf"]),
    ("Sabine Köhler", "Kreistag, Jugendhilfeausschuss", "politik", ["fruehe_bildung"]),
    ("Thomas Weiß", "Stadtrat Kreisstadt", "politik", ["weiterbildung"]),
    ("Petra Lange", "Jugendamt", "verwaltung", ["fruehe_bildung", "non_formale_bildung"]),
    ("Jörg Hoffmann", "Schulverwaltungsamt", "verwaltung", ["schule"]),
    ("Aylin Demir", "Sozialamt", "verwaltung", ["weiterbildung"]),
    ("Klaus Richter", "Kreisentwicklung und Statistik", "verwaltung", []),
    ("Monika Schäfer", "Schulamt (Land)", "verwaltung", ["schule"]),
    ("Frank Becker", "Jobcenter", "verwaltung", ["uebergang_schule_beruf"]),
    ("Ute Wagner", "Kita-Verbund Nord", "bildungseinrichtungen", ["fruehe_bildung"]),
    ("Stefan Krüger", "Gesamtschule Am Park", "bildungseinrichtungen", ["schule"]),
    ("Maria Schulz", "Berufskolleg des Kreises", "bildungseinrichtungen", ["berufliche_bildung"]),
    (
        "Dr. Jan Peters",
        "Hochschule für Angewandte Wissenschaften",
        "bildungseinrichtungen",
        ["hochschule"],
    ),
    ("Gülay Aksoy", "Volkshochschule", "bildungseinrichtungen", ["weiterbildung"]),
    ("Heike Neumann", "Grundschule Lindenweg", "bildungseinrichtungen", ["schule"]),
    ("Markus Vogel", "Gymnasium Süd", "bildungseinrichtungen", ["schule"]),
    ("Birgit Fuchs", "Industrie- und Handelskammer", "wirtschaft", ["berufliche_bildung"]),
    ("Ralf Zimmermann", "Kreishandwerkerschaft", "wirtschaft", ["uebergang_schule_beruf"]),
    ("Nadine Hartmann", "Agentur für Arbeit", "wirtschaft", ["uebergang_schule_beruf"]),
    ("Oliver Schmitt", "Sparkasse, Personalabteilung", "wirtschaft", ["berufliche_bildung"]),
    ("Katrin Werner", "Unternehmerverband", "wirtschaft", ["weiterbildung"]),
    ("Andreas Lorenz", "Kreissportbund", "zivilgesellschaft", ["non_formale_bildung"]),
    ("Elif Kaya", "Integrationsrat", "zivilgesellschaft", ["non_formale_bildung"]),
    ("Bernd Hahn", "Stadtbibliothek Förderverein", "zivilgesellschaft", ["non_formale_bildung"]),
    ("Claudia Krause", "Kreiselternrat", "zivilgesellschaft", ["schule"]),
    ("Dieter Schubert", "Wohlfahrtsverband", "zivilgesellschaft", ["fruehe_bildung"]),
    ("Lea Jung", "Jugendring", "zivilgesellschaft", ["non_formale_bildung"]),
    ("Yusuf Öztürk", "Migrantenselbstorganisation", "zivilgesellschaft", ["weiterbildung"]),
    ("Franziska Roth", "Musikschule", "bildungseinrichtungen", ["non_formale_bildung"]),
]

# Lenkungsgruppe: leadership from all five sectors.
STEERING = [1, 2, 5, 6, 9, 12, 18, 20, 24]
AG_TRANSITION = [2, 10, 13, 18, 19, 20]
AG_EARLY = [3, 5, 11, 27, 23]
DEPUTY = 3  # stands in for member 5 in the Lenkungsgruppe


class Clock:
    """Simulated time: the demo moves it instead of waiting."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def deadline(self, **delta: float) -> datetime:
        """A deadline as coordinators set them: the end of a day, Berlin time."""
        return end_of((self.now + timedelta(**delta)).astimezone(BERLIN).date())


def say(de: str, en: str) -> None:
    print(h(de, en))


def step(de: str, en: str) -> None:
    print()
    print("== " + h(de, en))


STORY_DAYS = 150  # the story takes about 125 days and ends a few weeks before today


def story_start(today: datetime) -> datetime:
    """A Monday, 09:00 UTC, far enough back that the whole story lies in the past: a
    coordinator reading the portal or the reports afterwards sees held meetings as held
    and values of years gone by (a value of a year to come is refused)."""
    start = (today - timedelta(days=STORY_DAYS)).astimezone(UTC)
    monday = start.date() - timedelta(days=start.weekday())
    return datetime.combine(monday, time(9, 0), tzinfo=UTC)


def run() -> None:
    upgrade()
    with session() as s:
        if repo.count(s, ActorRow):
            raise DkbmError(
                "invalid_value",
                field="DKBM_DATABASE_URL",
                value="…",
                expected=h("eine leere Datenbank für die Demo", "an empty database for the demo"),
            )
    clock = Clock(story_start(context.now()))
    board_id, ag_ids = _setup(clock)
    cycle_id = _leitbild(clock, board_id)
    _goals(clock, cycle_id, ag_ids)
    _strategies(clock, cycle_id, board_id)
    _measures(clock, cycle_id)
    _indicators(clock, cycle_id)
    _library(clock, cycle_id, ag_ids)
    _finale(clock, cycle_id)


def _setup(clock: Clock) -> tuple[int, list[int]]:
    step("Landkreis Musterland einrichten", "Setting up the district of Musterland")
    m = network.setup_municipality(
        name="Landkreis Musterland",
        bundesland="NW",
        form="bildungsbuero",
        placement="stabsstelle",
        contact_name="Landrätin Dr. Eva Sommer",
        contact_email="landraetin@musterland.example",
        by=BY,
        now=clock.now,
    )
    say(
        f"Bildungsbüro als Stabsstelle; Eskalationen gehen an die {m.escalation_role}.",
        f"Education office as a staff unit; escalations go to the {m.escalation_role}.",
    )
    for i, (name, org, sector, areas) in enumerate(ACTORS):
        network.add_actor(
            name=name,
            organisation=org,
            email=f"akteur{i + 1}@musterland.example",
            sector=sector,
            areas=areas,
            consent=i % 3 != 0,
            lang="en" if name == "Dr. Jan Peters" else "de",
            by=BY,
            now=clock.now,
        )
    steering = network.add_board(
        name="Lenkungsgruppe Bildung", kind="gremium", quorum_percent=50, by=BY, now=clock.now
    )
    network.set_member(board_id=steering.id, actor_ids=[1], role="vorsitz", by=BY, now=clock.now)
    network.set_member(
        board_id=steering.id, actor_ids=STEERING[1:], role="mitglied", by=BY, now=clock.now
    )
    network.set_member(
        board_id=steering.id,
        actor_ids=[DEPUTY],
        role="stellvertretung",
        deputy_for=5,
        by=BY,
        now=clock.now,
    )
    ags = []
    for name, members in (
        ("AG Übergang Schule-Beruf", AG_TRANSITION),
        ("AG Frühe Bildung", AG_EARLY),
    ):
        ag = network.add_board(
            name=name, kind="arbeitsgruppe", quorum_percent=50, by=BY, now=clock.now
        )
        network.set_member(board_id=ag.id, actor_ids=members, role="mitglied", by=BY, now=clock.now)
        ags.append(ag.id)
    sectors = {sector for _, _, sector, _ in ACTORS}
    say(
        f"{len(ACTORS)} Akteure aus {len(sectors)} Sektoren, eine Lenkungsgruppe "
        f"({len(STEERING)} Stimmberechtigte) und zwei Arbeitsgruppen angelegt.",
        f"{len(ACTORS)} actors from {len(sectors)} sectors, a steering group "
        f"({len(STEERING)} voting members) and two working groups added.",
    )
    return steering.id, ags


def _try(clock: Clock, cycle_id: int, trigger: str, **kw: object) -> bool:
    """Take a step; a refusal is shown with its reason, as the coordinator would see it."""
    try:
        c = cycles.advance(cycle_id, trigger, by=BY, now=clock.now, **kw)  # type: ignore[arg-type]
    except DkbmError as exc:
        print(f"  ✗ {exc}")
        return False
    from dkbm.states.cycle import describe_state

    print(f"  {trigger} -> {describe_state(c.state, language())}")
    return True


def _consult(
    clock: Clock, cycle_id: int, answering: list[int], weeks: int = 3, **kw: object
) -> None:
    deadline = clock.deadline(weeks=weeks)
    _try(clock, cycle_id, "beteiligung_starten", deadline=deadline, **kw)
    c = queries.status(cycle_id, clock.now)["beteiligung"]
    say(
        f"  {c['eingeladen']} Eingeladene, Frist {local(deadline)}",
        f"  {c['eingeladen']} invited, deadline {local(deadline)}",
    )
    # the answers come in during office hours, well before the deadline
    per_day = -(-len(answering) // max(1, weeks * 5)) if answering else 1
    for i, actor_id in enumerate(answering):
        if i % per_day:
            clock.advance(minutes=20)
        else:
            clock.advance(days=1, minutes=-20 * (per_day - 1) if i else 0)
        cycles.record_response(
            cycle_id, actor_id, "Einverstanden, mit Anmerkungen.", by=BY, now=clock.now
        )
    say(f"  {len(answering)} Rückmeldungen eingegangen", f"  {len(answering)} answers received")


def _vote(clock: Clock, cycle_id: int, present: int, yes: int, no: int, abstain: int) -> None:
    clock.advance(days=7)
    c = cycles.record_vote(
        cycle_id, present=present, yes=yes, no=no, abstain=abstain, by=BY, now=clock.now
    )
    v = c.vote
    say(
        f"  Sitzung: {present} von {v.voting_members} anwesend, {yes} ja / {no} nein / {abstain} Enthaltung{'' if abstain == 1 else 'en'}",
        f"  Meeting: {present} of {v.voting_members} present, {yes} yes / {no} no / {abstain} abstain",
    )


def _leitbild(clock: Clock, board_id: int) -> int:
    step("Stufe 1: Leitbild", "Stage 1: vision statement")
    c = cycles.start(
        title="Bildungsstrategie Musterland 2030", board_id=board_id, by=BY, now=clock.now
    )
    _try(clock, c.id, "beteiligung_starten", deadline=clock.deadline(weeks=3))
    cycles.set_vision(
        c.id,
        "Im Landkreis Musterland erhält jeder Mensch faire Bildungschancen, "
        "von der frühen Kindheit bis ins hohe Alter.",
        by=BY,
        now=clock.now,
    )
    _consult(clock, c.id, answering=[1, 5, 12, 18, 24], weeks=3)
    _try(clock, c.id, "abstimmung_starten")
    say(
        "  Rückmeldungen verlangen mehr Gewicht auf Weiterbildung: zurück in den Entwurf.",
        "  Answers ask for more weight on further education: back to draft.",
    )
    _try(clock, c.id, "ueberarbeiten", reason="Rückmeldungen der Beteiligung einarbeiten")
    cycles.set_vision(
        c.id,
        "Im Landkreis Musterland erhält jeder Mensch faire Bildungschancen, von der frühen "
        "Kindheit über Schule und Beruf bis zur Weiterbildung im hohen Alter.",
        by=BY,
        now=clock.now,
    )
    _consult(clock, c.id, answering=list(range(1, 31)), weeks=3)
    say(
        "  Alle haben geantwortet: Abstimmung vor Fristende möglich.",
        "  Everyone answered: the vote may open before the deadline.",
    )
    _try(clock, c.id, "abstimmung_starten")
    _vote(clock, c.id, present=4, yes=4, no=0, abstain=0)
    _try(clock, c.id, "beschliessen")
    say("  Neue Sitzung wird angesetzt.", "  A new meeting is called.")
    _vote(clock, c.id, present=7, yes=6, no=0, abstain=1)
    _try(clock, c.id, "beschliessen")
    _try(clock, c.id, "naechste_stufe")
    return c.id


def _goals(clock: Clock, cycle_id: int, ag_ids: list[int]) -> None:
    step("Stufe 2: Strategische Ziele", "Stage 2: strategic goals")
    for title, areas in (
        ("Übergänge von der Kita in die Schule gelingen", ["fruehe_bildung", "schule"]),
        ("Kein Abschluss ohne Anschluss", ["uebergang_schule_beruf", "berufliche_bildung"]),
        ("Weiterbildung erreicht alle Altersgruppen", ["weiterbildung"]),
    ):
        cycles.add_goal(cycle_id, title, areas, by=BY, now=clock.now)
    say(
        "  3 Ziele erfasst; Beteiligung der Arbeitsgruppen.",
        "  3 goals; the working groups are consulted.",
    )
    _consult(clock, cycle_id, answering=[2, 10, 13], weeks=2, invited_boards=ag_ids)
    _try(clock, cycle_id, "abstimmung_starten")
    clock.advance(weeks=2)
    say("  Frist abgelaufen.", "  Deadline passed.")
    _try(clock, cycle_id, "abstimmung_starten")
    _vote(clock, cycle_id, present=8, yes=7, no=1, abstain=0)
    _try(clock, cycle_id, "beschliessen")
    _try(clock, cycle_id, "naechste_stufe")


def _strategies(clock: Clock, cycle_id: int, board_id: int) -> None:
    step("Stufe 3: Handlungsstrategien", "Stage 3: action strategies")
    cycles.add_strategy(
        cycle_id, 1, "Kita-Schule-Tandems in jedem Sozialraum", by=BY, now=clock.now
    )
    cycles.add_strategy(
        cycle_id, 2, "Berufsorientierung ab Klasse 7 verzahnen", by=BY, now=clock.now
    )
    _try(clock, cycle_id, "beteiligung_starten", deadline=clock.deadline(weeks=2))
    cycles.add_strategy(cycle_id, 3, "Weiterbildungsberatung vor Ort", by=BY, now=clock.now)
    _consult(clock, cycle_id, answering=[], weeks=2)
    clock.advance(weeks=2, days=1)
    _try(clock, cycle_id, "abstimmung_starten")
    _meeting(clock, cycle_id, board_id)
    _try(clock, cycle_id, "naechste_stufe")


def _meeting(clock: Clock, cycle_id: int, board_id: int) -> None:
    """The Lenkungsgruppe decides in a Sitzung: Ladung, replies, attendance, vote, minutes."""
    from dkbm import meetings, minutes
    from dkbm.states.meeting import BERLIN as LOCAL

    day = (clock.now + timedelta(days=10)).astimezone(LOCAL).date()
    start = datetime.combine(day, time(17, 0), tzinfo=LOCAL)
    m = meetings.plan(
        board_id=board_id,
        starts_at=start,
        ends_at=None,
        place="Kreishaus, Sitzungssaal",
        video="",
        public=True,
        by=BY,
        now=clock.now,
    )
    meetings.add_item(
        m.id or 0,
        title="Bericht der Koordination zur Beteiligung",
        public=True,
        documents=[f"https://musterland.example/bildung/beteiligung-{clock.now.year}.pdf"],
        cycle_id=None,
        by=BY,
        now=clock.now,
    )
    meetings.add_item(
        m.id or 0, title="", public=True, documents=[], cycle_id=cycle_id, by=BY, now=clock.now
    )
    meetings.invite(m.id or 0, by=BY, now=clock.now)
    say(
        f"  Sitzung {m.id} geplant am {start:%d.%m.%Y %H:%M} Uhr, Ladung mit 2 TOPs und "
        "Kalendereintrag an 10 Mitglieder.",
        f"  Meeting {m.id} planned for {start:%d %b %Y %H:%M}, invitation with 2 items and a "
        "calendar entry to 10 members.",
    )
    meetings.reply(m.id or 0, 5, "vertretung", by=BY, now=clock.now)
    meetings.reply(m.id or 0, 24, "absage", by=BY, now=clock.now)
    clock.now = start + timedelta(hours=2)
    present = [a for a in STEERING if a not in (5, 24)] + [DEPUTY]
    meetings.record_attendance(
        m.id or 0,
        present=present,
        excused=[24],
        absent=[],
        represented=[5],
        by=BY,
        now=clock.now,
    )
    meetings.hold(m.id or 0, by=BY, now=clock.now)
    meetings.vote(
        m.id or 0, 1, unanimous=True, discussion="Zur Kenntnis genommen.", by=BY, now=clock.now
    )
    held = meetings.vote(
        m.id or 0,
        2,
        yes=7,
        no=0,
        abstain=1,
        discussion="Die Strategien werden mit den AGs umgesetzt.",
        by=BY,
        now=clock.now,
    )
    result = held.items[1].vote
    assert result is not None
    say(
        f"  Sitzung: {result.seats} von 9 Sitzen besetzt (Mitglied 5 vertreten), TOP 2: "
        f"{result.yes} ja / {result.no} nein / {result.abstain} Enthaltung{'' if result.abstain == 1 else 'en'} – beschlossen.",
        f"  Meeting: {result.seats} of 9 seats filled (member 5 represented), item 2: "
        f"{result.yes} yes / {result.no} no / {result.abstain} abstain – decided.",
    )
    task = meetings.add_task(
        m.id or 0,
        2,
        title="Tandem-Konzept mit den Kitas abstimmen",
        owner_id=DEPUTY,
        due_at=clock.deadline(weeks=4),
        by=BY,
        now=clock.now,
    )
    meetings.draft_minutes(m.id or 0, minutes.draft(m.id or 0, by=BY), by=BY, now=clock.now)
    say(
        f"  Aufgabe {task} vergeben; Protokollentwurf erstellt ('dkbm sitzung protokoll {m.id}').",
        f"  Task {task} assigned; minutes drafted ('dkbm sitzung protokoll {m.id}').",
    )


def _measures(clock: Clock, cycle_id: int) -> None:
    step("Stufe 4: Maßnahmenentscheidung", "Stage 4: decision on measures")
    for strategy_id, title, owner, indicator, target, deadline in (
        (
            4,
            "Übergangsbögen Kita-Schule einführen",
            5,
            "Anteil Kitas mit Übergangsbogen",
            "90 %",
            date(2028, 7, 31),
        ),
        (
            5,
            "Potenzialanalyse in allen 8. Klassen",
            13,
            "Schulen mit Potenzialanalyse",
            "alle 24",
            date(2028, 1, 31),
        ),
        (6, "Mobile Weiterbildungsberatung", 15, "", "400 Beratungen/Jahr", None),
    ):
        cycles.save_measure(
            cycle_id,
            strategy_id=strategy_id,
            title=title,
            owner_id=owner,
            indicator=indicator or None,
            target_value=target,
            deadline=deadline,
            by=BY,
            now=clock.now,
        )
    _try(clock, cycle_id, "beteiligung_starten", deadline=clock.deadline(weeks=2))
    cycles.save_measure(
        cycle_id,
        measure_id=9,
        indicator="Beratungen pro Jahr",
        deadline=date(2028, 12, 31),
        by=BY,
        now=clock.now,
    )
    say("  Maßnahme 9 vervollständigt.", "  Measure 9 completed.")
    _consult(clock, cycle_id, answering=list(range(1, 31)), weeks=2)
    _try(clock, cycle_id, "abstimmung_starten")
    _vote(clock, cycle_id, present=8, yes=6, no=1, abstain=1)
    _try(clock, cycle_id, "beschliessen")
    _try(clock, cycle_id, "naechste_stufe")


# Kennzahlen of Maßnahmen 7 and 8 and of Ziel 2: (kind, item, name, unit, source,
# baseline, target), then their values as the Kreisstatistik sends them (German Excel CSV).
INDICATORS = [
    (
        "massnahme",
        7,
        "Anteil Kitas mit Übergangsbogen",
        "%",
        "Jugendamt, Kita-Erhebung",
        (20.0, 2024),
        (90.0, 2028),
    ),
    (
        "massnahme",
        8,
        "Schulen mit Potenzialanalyse",
        "Schulen",
        "Schulamt",
        (6.0, 2024),
        (24.0, 2028),
    ),
    (
        "ziel",
        2,
        "Schulabgänge ohne Abschluss",
        "%",
        "IT.NRW, Schulstatistik",
        (7.8, 2023),
        (5.0, 2029),
    ),
]
VALUES_CSV = (
    "\ufeffKennzahl;Jahr;Wert;Notiz\r\n"
    "1;2025;35;\r\n1;2026;52;vorläufig\r\n"
    "2;2025;7;\r\n2;2026;8;zwei Schulen ohne Träger-Zusage\r\n"
    "3;2024;7,4;\r\n3;2025;7,0;\r\n3;2026;6,5;\r\n"
)


def _indicators(clock: Clock, cycle_id: int) -> None:
    from dkbm import indicator_queries, indicators
    from dkbm.states.indicators import ItemKind

    step("Kennzahlen und Wirkungsprüfung", "Indicators and impact review")
    for kind, item, name, unit, source, baseline, target in INDICATORS:
        ind = indicators.add(
            cycle_id,
            item_kind=ItemKind(kind),
            item_id=item,
            name=name,
            unit=unit,
            source=source,
            baseline=baseline,
            target=target,
            by=BY,
            now=clock.now,
        )
        say(f"  Kennzahl {ind.id}: {name}", f"  Indicator {ind.id}: {name}")
    result = indicators.import_values(
        VALUES_CSV.encode(), file="kreisstatistik.csv", by=BY, now=clock.now
    )
    say(
        f"  kreisstatistik.csv: {result.total} Werte importiert.",
        f"  kreisstatistik.csv: {result.total} values imported.",
    )
    doc = indicator_queries.review(cycle_id, now=clock.now)[0]
    for item in doc["nicht_auf_kurs"]:
        de, en = ("Ziel", "goal") if item["art"] == "ziel" else ("Maßnahme", "measure")
        say(
            f"  Nicht auf Kurs: {de} {item['id']} ({item['titel']})",
            f"  Off track: {en} {item['id']} ({item['titel']})",
        )
    if doc["vorschlag"]:
        say(
            f"  Vorschlag in der Wirkungsprüfung: {doc['vorschlag']['befehl']}",
            f"  Suggested in the impact review: {doc['vorschlag']['befehl']}",
        )
    say(
        f"  Mehr: dkbm kennzahl pruefen {cycle_id}, dkbm kennzahl show 2 --svg kennzahl-2.svg",
        f"  More: dkbm kennzahl pruefen {cycle_id}, dkbm kennzahl show 2 --svg kennzahl-2.svg",
    )


# The AG's survey of where school leavers went, as the Berufskolleg sent it (a file).
DESTINATIONS_CSV = (
    "\ufeffSchulform;Abgänge;Ausbildung;Schule (Oberstufe, Berufskolleg);Übergangssystem;unbekannt\r\n"
    "Hauptschule;412;131;187;71;23\r\n"
    "Realschule;655;262;348;31;14\r\n"
    "Gesamtschule;538;151;331;39;17\r\n"
)


def _library(clock: Clock, cycle_id: int, ag_ids: list[int]) -> None:
    from dkbm import documents
    from dkbm.documents import Upload

    step("Wissensbibliothek", "Knowledge library")
    added = [
        documents.add(
            title="Bildungsbericht Landkreis Musterland 2025",
            description="Zweiter kommunaler Bildungsbericht: Daten von der Kita bis zur "
            "Weiterbildung, Grundlage der Ziele dieses Zyklus.",
            url="https://www.musterland.example/bildung/bildungsbericht-2025.pdf",
            cycle_id=cycle_id,
            areas=["fruehe_bildung", "schule", "uebergang_schule_beruf", "weiterbildung"],
            by=BY,
            now=clock.now,
        ),
        documents.add(
            title="Verbleib der Schulabgängerinnen und Schulabgänger 2026",
            description="Erhebung der AG Übergang Schule-Beruf mit dem Berufskolleg.",
            upload=Upload("verbleib-schulabgaenge-2026.csv", DESTINATIONS_CSV.encode()),
            cycle_id=cycle_id,
            board_id=ag_ids[0],
            areas=["uebergang_schule_beruf", "berufliche_bildung"],
            by=BY,
            now=clock.now,
        ),
        documents.add(
            title="Haushaltsplanung Bildungsbüro 2028, Entwurf",
            url="https://intranet.musterland.example/bildungsbuero/haushalt-2028",
            public=False,
            by=BY,
            now=clock.now,
        ),
    ]
    for d in added:
        kind = h("Link", "link") if d.file is None else h("Datei", "file")
        hidden = "" if d.public else h(", intern", ", internal")
        say(
            f"  Dokument {d.id}: {d.title} ({kind}{hidden})",
            f"  Document {d.id}: {d.title} ({kind}{hidden})",
        )
    say(
        "  Öffentliche Dokumente erscheinen im Portal unter Wissen: dkbm wissen list, "
        "dkbm portal build portal-out/",
        "  Public documents appear in the portal's knowledge section: dkbm wissen list, "
        "dkbm portal build portal-out/",
    )


def _finale(clock: Clock, cycle_id: int) -> None:
    step("Stand des Zyklus", "Where the cycle stands")
    doc = queries.status(cycle_id, clock.now)
    print(f"  {doc['titel']}: {doc['bezeichnung']} (Version {doc['version']})")
    for m in doc["inhalt"]["massnahmen"]:
        print(f"  - {m['titel']} ({m['indikator']}, Ziel {m['zielwert']}, bis {m['frist']})")
    for s in doc["naechste_schritte"]:
        print(f"  {'✓' if s['moeglich'] else '✗'} {s['schritt']} {s['grund'] or ''}".rstrip())
    step("Verlauf (Übergänge)", "History (transitions)")
    rows = [
        [e["version"], e["zeit"][:10], e["schritt"], e["aus"], e["nach"], e["grund"]]
        for e in queries.history(cycle_id)
        if e["schritt"]
    ]
    table(
        [
            "V",
            h("Datum", "Date"),
            h("Schritt", "Step"),
            h("Aus", "From"),
            h("Nach", "To"),
            h("Grund", "Reason"),
        ],
        rows,
    )
    with session() as s:
        queued = sum(1 for m in repo.outbox(s, cycle_id) if m.status in ("pending", "digest"))
    print()
    say(
        f"{queued} Nachrichten (Einladungen, Mitteilungen) liegen im Postausgang. "
        f"Weiter mit: DKBM_DATABASE_URL={safe_url(database_url())} .venv/bin/dkbm zyklus status {cycle_id}",
        f"{queued} messages (invitations, notices) are queued in the outbox. "
        f"Next: DKBM_DATABASE_URL={safe_url(database_url())} .venv/bin/dkbm zyklus status {cycle_id}",
    )
