"""`dkbm demo`, chapter Wissensbibliothek: a report linked, a survey uploaded as a file, an
internal draft that the portal does not show."""

from __future__ import annotations

from dkbm import documents
from dkbm.cli.demo.story import BY, Clock, say, step
from dkbm.documents import Upload

# The AG's survey of where school leavers went, as the Berufskolleg sent it (a file).
DESTINATIONS_CSV = (
    "\ufeffSchulform;Abgänge;Ausbildung;Schule (Oberstufe, Berufskolleg);Übergangssystem;unbekannt\r\n"
    "Hauptschule;412;131;187;71;23\r\n"
    "Realschule;655;262;348;31;14\r\n"
    "Gesamtschule;538;151;331;39;17\r\n"
)


def fill(clock: Clock, cycle_id: int, ag_ids: list[int]) -> None:

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
        link, hidden = d.file is None, not d.public
        say(
            f"  Dokument {d.id}: {d.title} ({'Link' if link else 'Datei'}{', intern' * hidden})",
            f"  Document {d.id}: {d.title} ({'link' if link else 'file'}{', internal' * hidden})",
        )
    say(
        "  Öffentliche Dokumente erscheinen im Portal unter Wissen: dkbm wissen list, "
        "dkbm portal build portal-out/",
        "  Public documents appear in the portal's knowledge section: dkbm wissen list, "
        "dkbm portal build portal-out/",
    )
