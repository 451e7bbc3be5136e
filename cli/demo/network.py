"""`dkbm demo`, first chapter: the Landkreis Musterland, its Akteure from five sectors, the
Lenkungsgruppe and two Arbeitsgruppen."""

from __future__ import annotations

from dkbm import network
from dkbm.cli.demo.story import BY, Clock, say, step

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


def set_up(clock: Clock) -> tuple[int, list[int]]:
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
