"""`dkbm demo`, first chapter: the Landkreis Musterland, its Akteure from five sectors, the
Lenkungsgruppe and two Arbeitsgruppen."""

from __future__ import annotations

from dkbm import network, organisations
from dkbm.cli.demo.story import BY, Clock, say, step

# name, organisation, sector, education areas, her role there
ACTORS = [
    ("Dr. Helga Brandt", "Kreistag", "politik", ["schule"], "Ausschuss für Schule und Bildung"),
    ("Murat Yilmaz", "Kreistag", "politik", ["uebergang_schule_beruf"], "Fraktionsvorsitz"),
    ("Sabine Köhler", "Kreistag", "politik", ["fruehe_bildung"], "Jugendhilfeausschuss"),
    ("Thomas Weiß", "Stadtrat Kreisstadt", "politik", ["weiterbildung"], ""),
    ("Petra Lange", "Jugendamt", "verwaltung", ["fruehe_bildung", "non_formale_bildung"], ""),
    ("Jörg Hoffmann", "Schulverwaltungsamt", "verwaltung", ["schule"], "Amtsleitung"),
    ("Aylin Demir", "Sozialamt", "verwaltung", ["weiterbildung"], ""),
    ("Klaus Richter", "Kreisentwicklung und Statistik", "verwaltung", [], ""),
    ("Monika Schäfer", "Schulamt (Land)", "verwaltung", ["schule"], "Schulrätin"),
    ("Frank Becker", "Jobcenter", "verwaltung", ["uebergang_schule_beruf"], ""),
    ("Ute Wagner", "Kita-Verbund Nord", "bildungseinrichtungen", ["fruehe_bildung"], ""),
    ("Stefan Krüger", "Gesamtschule Am Park", "bildungseinrichtungen", ["schule"], "Schulleiter"),
    ("Maria Schulz", "Berufskolleg des Kreises", "bildungseinrichtungen",
     ["berufliche_bildung"], ""),
    ("Dr. Jan Peters", "Hochschule für Angewandte Wissenschaften", "bildungseinrichtungen",
     ["hochschule"], "Vizepräsident"),
    ("Gülay Aksoy", "Volkshochschule", "bildungseinrichtungen", ["weiterbildung"], "Leitung"),
    ("Heike Neumann", "Grundschule Lindenweg", "bildungseinrichtungen", ["schule"], ""),
    ("Markus Vogel", "Gymnasium Süd", "bildungseinrichtungen", ["schule"], ""),
    ("Birgit Fuchs", "Industrie- und Handelskammer", "wirtschaft", ["berufliche_bildung"],
     "Ausbildungsberatung"),
    ("Ralf Zimmermann", "Kreishandwerkerschaft", "wirtschaft", ["uebergang_schule_beruf"], ""),
    ("Nadine Hartmann", "Agentur für Arbeit", "wirtschaft", ["uebergang_schule_beruf"],
     "Berufsberatung"),
    ("Oliver Schmitt", "Sparkasse Musterland", "wirtschaft", ["berufliche_bildung"],
     "Personalabteilung"),
    ("Katrin Werner", "Unternehmerverband", "wirtschaft", ["weiterbildung"], ""),
    ("Andreas Lorenz", "Kreissportbund", "zivilgesellschaft", ["non_formale_bildung"], ""),
    ("Elif Kaya", "Integrationsrat", "zivilgesellschaft", ["non_formale_bildung"], ""),
    ("Bernd Hahn", "Stadtbibliothek Förderverein", "zivilgesellschaft",
     ["non_formale_bildung"], ""),
    ("Claudia Krause", "Kreiselternrat", "zivilgesellschaft", ["schule"], ""),
    ("Dieter Schubert", "Wohlfahrtsverband", "zivilgesellschaft", ["fruehe_bildung"], ""),
    ("Lea Jung", "Jugendring", "zivilgesellschaft", ["non_formale_bildung"], ""),
    ("Yusuf Öztürk", "Migrantenselbstorganisation", "zivilgesellschaft", ["weiterbildung"], ""),
    ("Franziska Roth", "Musikschule", "bildungseinrichtungen", ["non_formale_bildung"], ""),
]  # fmt: skip

# organisation: kind, sector, Bildungsbereiche, Sozialraum or Gemeinde
ORGANISATIONS = {
    "Kreistag": ("sonstige", "politik", [], "Kreisstadt"),
    "Stadtrat Kreisstadt": ("sonstige", "politik", [], "Kreisstadt"),
    "Jugendamt": ("amt", "verwaltung", ["fruehe_bildung", "non_formale_bildung"], "Kreisstadt"),
    "Schulverwaltungsamt": ("amt", "verwaltung", ["schule"], "Kreisstadt"),
    "Sozialamt": ("amt", "verwaltung", ["weiterbildung"], "Kreisstadt"),
    "Kreisentwicklung und Statistik": ("amt", "verwaltung", [], "Kreisstadt"),
    "Schulamt (Land)": ("amt", "verwaltung", ["schule"], "Kreisstadt"),
    "Jobcenter": ("amt", "verwaltung", ["uebergang_schule_beruf", "weiterbildung"], "Kreisstadt"),
    "Kita-Verbund Nord": ("traeger", "bildungseinrichtungen", ["fruehe_bildung"], "Nordheim"),
    "Gesamtschule Am Park": ("schule", "bildungseinrichtungen", ["schule"], "Kreisstadt"),
    "Berufskolleg des Kreises": (
        "schule", "bildungseinrichtungen", ["berufliche_bildung", "uebergang_schule_beruf"],
        "Kreisstadt",
    ),
    "Hochschule für Angewandte Wissenschaften": (
        "hochschule", "bildungseinrichtungen", ["hochschule", "weiterbildung"], "Kreisstadt",
    ),
    "Volkshochschule": ("traeger", "bildungseinrichtungen", ["weiterbildung"], "Kreisstadt"),
    "Grundschule Lindenweg": ("schule", "bildungseinrichtungen", ["schule"], "Südstadt"),
    "Gymnasium Süd": ("schule", "bildungseinrichtungen", ["schule"], "Südstadt"),
    "Industrie- und Handelskammer": (
        "kammer", "wirtschaft", ["berufliche_bildung", "uebergang_schule_beruf"], "",
    ),
    "Kreishandwerkerschaft": ("kammer", "wirtschaft", ["berufliche_bildung"], ""),
    "Agentur für Arbeit": ("amt", "wirtschaft", ["uebergang_schule_beruf"], "Kreisstadt"),
    "Sparkasse Musterland": ("betrieb", "wirtschaft", ["berufliche_bildung"], ""),
    "Unternehmerverband": ("verein", "wirtschaft", ["weiterbildung"], ""),
    "Kreissportbund": ("verein", "zivilgesellschaft", ["non_formale_bildung"], ""),
    "Integrationsrat": ("sonstige", "zivilgesellschaft", ["non_formale_bildung"], ""),
    "Stadtbibliothek Förderverein": ("verein", "zivilgesellschaft", ["non_formale_bildung"],
                                     "Kreisstadt"),
    "Kreiselternrat": ("sonstige", "zivilgesellschaft", ["schule"], ""),
    "Wohlfahrtsverband": ("traeger", "zivilgesellschaft", ["fruehe_bildung"], ""),
    "Jugendring": ("verein", "zivilgesellschaft", ["non_formale_bildung"], ""),
    "Migrantenselbstorganisation": ("verein", "zivilgesellschaft", ["weiterbildung"], "Nordheim"),
    "Musikschule": ("stiftung", "bildungseinrichtungen", ["non_formale_bildung"], "Kreisstadt"),
}  # fmt: skip

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
    for org, (kind, sector, areas, locality) in ORGANISATIONS.items():
        organisations.add(
            name=org,
            kind=kind,
            sector=sector,
            areas=areas,
            locality=locality,
            by=BY,
            now=clock.now,
        )
    for i, (name, org, sector, areas, function) in enumerate(ACTORS):
        network.add_actor(
            name=name,
            organisation=org,
            function=function,
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
    sectors = {sector for _, _, sector, _, _ in ACTORS}
    say(
        f"{len(ORGANISATIONS)} Organisationen (Ämter, Schulen, Träger, Kammern, Vereine …), "
        f"{len(ACTORS)} Akteure aus {len(sectors)} Sektoren, eine Lenkungsgruppe "
        f"({len(STEERING)} Stimmberechtigte) und zwei Arbeitsgruppen angelegt.",
        f"{len(ORGANISATIONS)} organisations (offices, schools, providers, chambers, "
        f"associations …), {len(ACTORS)} actors from {len(sectors)} sectors, a steering group "
        f"({len(STEERING)} voting members) and two working groups added.",
    )
    return steering.id, ags
