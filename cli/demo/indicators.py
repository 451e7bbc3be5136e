"""`dkbm demo`, chapter Kennzahlen und Wirkungsprüfung: Kennzahlen of two Maßnahmen and a Ziel,
their values imported as the Kreisstatistik sends them, and what the review finds."""

from __future__ import annotations

from dkbm import indicator_queries, indicators
from dkbm.cli.demo.story import BY, Clock, say, step
from dkbm.states.indicators import ItemKind

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


def review(clock: Clock, cycle_id: int) -> None:

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
