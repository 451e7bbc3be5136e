"""`dkbm demo`, the network: organisations tied to each other, a regional Verbund with a
neighbouring Gemeinde and its own AG, a Maßnahme run together, the AG's seats proposed
with the reasons and gaps the coordinator reads, and where the network's picture is."""

from __future__ import annotations

from datetime import date

from dkbm import network, organisation_queries, organisations, relations, selection, verbuende
from dkbm.cli.demo.story import BY, Clock, say, step
from dkbm.cli.output import day
from dkbm.cli.selection import print_selection
from dkbm.context import BERLIN
from dkbm.states.i18n import language
from dkbm.states.relations import kind_name

# from, to, kind, since (years back; None: no date), note
RELATIONS = [
    ("Industrie- und Handelskammer", "Berufskolleg des Kreises", "kooperationsvereinbarung", 2,
     "Praktika und Berufsorientierung"),
    ("Wohlfahrtsverband", "Kita-Verbund Nord", "traegerschaft", None, ""),
    ("Jugendamt", "Jugendring", "foerderung", 1, ""),
]  # fmt: skip

PARTNER = ("Gemeinde Waldau", "05562014", "Bürgermeister Olaf Brandt")
PARTNER_ACTOR = ("Sven Ohlsen", "Oberschule Waldau", "s.ohlsen@waldau.example")
MEASURE = 8  # Potenzialanalyse in allen 8. Klassen: the Gemeinde's Oberschule joins in
AREAS = ["uebergang_schule_beruf", "berufliche_bildung"]


def connect(clock: Clock, cycle_id: int) -> None:
    step(
        "Netzwerk: Beziehungen, Verbund, Auswahl",
        "Network: relations, regional alliance, selection",
    )
    today = clock.now.astimezone(BERLIN).date()
    ids = {o["name"]: o["id"] for o in organisation_queries.organisations()}
    for source, target, kind, years, note in RELATIONS:
        since = date(today.year - years, 8, 1) if years else None
        rel = relations.add(
            ids[source],
            ids[target],
            kind=kind,
            valid_from=since,
            note=note,
            by=BY,
            now=clock.now,
        )
        name = kind_name(rel.kind.value, language())
        start = f", {'since' if language() == 'en' else 'seit'} {day(since)}" if since else ""
        say(
            f"  Beziehung {rel.id}: {source} → {target} ({name}{start})",
            f"  Relation {rel.id}: {source} → {target} ({name}{start})",
        )

    until = date(today.year + 3, 7, 31)
    v = verbuende.add(
        name="Bildungsregion Musterland-Waldau",
        agreement="Kooperationsvereinbarung Übergang Schule-Beruf",
        valid_from=today,
        valid_to=until,
        by=BY,
        now=clock.now,
    )
    town, ags, contact = PARTNER
    partner = verbuende.add_partner(
        v.id or 0, name=town, ags=ags, contact_name=contact, by=BY, now=clock.now
    )
    ag = network.add_board(
        name="AG Bildungsregion", kind="arbeitsgruppe", quorum_percent=50, by=BY, now=clock.now
    )
    verbuende.set_board(v.id or 0, ag.id, by=BY, now=clock.now)
    name, org, email = PARTNER_ACTOR
    organisations.add(
        name=org,
        kind="schule",
        sector="bildungseinrichtungen",
        areas=["schule", "uebergang_schule_beruf"],
        locality=town.removeprefix("Gemeinde "),
        by=BY,
        now=clock.now,
    )
    guest = network.add_actor(
        name=name,
        organisation=org,
        email=email,
        sector="bildungseinrichtungen",
        areas=["uebergang_schule_beruf"],
        consent=True,
        lang="de",
        function="Schulleiter",
        by=BY,
        now=clock.now,
    )
    verbuende.set_actor_partner(guest.id or 0, partner.id, by=BY, now=clock.now)
    network.set_member(
        board_id=ag.id or 0, actor_ids=[guest.id or 0], role="mitglied", by=BY, now=clock.now
    )
    verbuende.set_measure(cycle_id, MEASURE, v.id, by=BY, now=clock.now)
    say(
        f"  Verbund {v.id} „{v.name}“ mit der {town} (AGS {ags}), Vereinbarung bis "
        f"{day(until)}; eigene AG: {ag.name} (Nr. {ag.id}), darin {name} aus Waldau; "
        f"Maßnahme {MEASURE} läuft gemeinsam im Verbund.",
        f"  Regional alliance {v.id} “{v.name}” with {town} (AGS {ags}), agreement until "
        f"{day(until)}; its own working group: {ag.name} (no. {ag.id}), with {name} from "
        f"Waldau; measure {MEASURE} runs together in the alliance.",
    )

    clock.advance(days=1)
    say(
        f"  Die übrigen Sitze der AG schlägt dkbm vor (dkbm auswahl vorschlagen --sitze 5 "
        f"--bereich … --fuer ag {ag.id} --uebernehmen):",
        f"  dkbm proposes the working group's other seats (dkbm auswahl vorschlagen --sitze 5 "
        f"--bereich … --fuer ag {ag.id} --uebernehmen):",
    )
    doc = selection.propose(5, areas=AREAS, target=("ag", ag.id or 0))
    doc["uebernommen"] = selection.take_over(doc, by=BY, now=clock.now)
    print_selection(doc)
    say(
        "  Das Netzwerk als Bild (Organisationen nach Sektor, Gremien und AGs in der Mitte): "
        "dkbm netzwerk bild --ausgabe netzwerk.svg, in Worten mit --text; im Portal auf "
        "netzwerk.html: dkbm portal build portal-out/",
        "  The network as a picture (organisations by sector, boards and working groups in "
        "the middle): dkbm netzwerk bild --ausgabe netzwerk.svg, in words with --text; in "
        "the portal on netzwerk.html: dkbm portal build portal-out/",
    )
