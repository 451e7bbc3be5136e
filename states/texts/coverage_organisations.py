"""Texts: the Querschnitt counted by organisations (`dkbm bericht abdeckung`, portal)."""

TEXTS: dict[str, dict[str, str]] = {
    "coverage_gap_sektor_ohne_organisation": {
        "de": "Keine Organisation aus {v} im Netzwerk",
        "en": "No organisation from {v} in the network",
    },
    "coverage_gap_bereich_ohne_organisation": {
        "de": "Keine Organisation im Netzwerk arbeitet im Bereich {v}",
        "en": "No organisation in the network works in {v}",
    },
    "coverage_organisations_heading": {
        "de": "Organisationen je Bildungsbereich und Sektor",
        "en": "Organisations by education area and sector",
    },
    "coverage_organisations_total": {"de": "Organisationen gesamt", "en": "All organisations"},
    "coverage_organisations_sum": {"de": "Summe", "en": "Total"},
    "coverage_organisations_without_area": {
        "de": "{count} Organisation(en) ohne Bildungsbereich: nur im Sektor gezählt "
        "(Bereiche setzen mit 'dkbm organisation aendern NR --bereich …')",
        "en": "{count} organisation(s) without an education area: counted in their sector "
        "only (set areas with 'dkbm organisation aendern NO --bereich …')",
    },
    "coverage_organisations_note": {
        "de": "Eine Organisation zählt in jedem ihrer Bildungsbereiche einmal; die Summe je "
        "Sektor zählt jede Organisation des Sektors einmal.",
        "en": "An organisation counts once in each of its education areas; the total per "
        "sector counts each organisation of the sector once.",
    },
}
