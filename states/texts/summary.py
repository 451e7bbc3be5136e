"""Texts: the summary of a Beteiligung for the Gremium (`zyklus rueckmeldungen --format`)."""

TEXTS: dict[str, dict[str, str]] = {
    "summary_title": {
        "de": "Rückmeldungen zur Beteiligung",
        "en": "Answers to the consultation",
    },
    "summary_internal": {
        "de": "Intern, für das Gremium; nicht zur Veröffentlichung.",
        "en": "Internal, for the board; not for publication.",
    },
    "summary_cycle": {"de": "Zyklus", "en": "Cycle"},
    "summary_stage": {"de": "Stufe", "en": "Stage"},
    "summary_round": {"de": "Runde", "en": "Round"},
    "summary_board": {"de": "Gremium", "en": "Board"},
    "summary_deadline": {"de": "Frist", "en": "Deadline"},
    "summary_invited": {"de": "Eingeladen", "en": "Invited"},
    "summary_answered": {"de": "Geantwortet", "en": "Answered"},
    "summary_missing": {"de": "Ohne Rückmeldung", "en": "No answer"},
    "summary_overall": {"de": "Rückmeldungen", "en": "Answers"},
    "summary_per_item": {"de": "Rückmeldungen zu einzelnen Punkten", "en": "Answers per item"},
    "summary_no_items": {
        "de": "Zu einzelnen Punkten gab es keine Rückmeldungen.",
        "en": "No answers on single items.",
    },
    "summary_no_answers": {
        "de": "Bisher hat niemand geantwortet.",
        "en": "Nobody has answered yet.",
    },
    "summary_all_answered": {
        "de": "Alle Eingeladenen haben geantwortet.",
        "en": "All invitees have answered.",
    },
    "summary_no_consultation": {
        "de": "In Zyklus {cycle} gab es noch keine Beteiligung.",
        "en": "Cycle {cycle} has had no consultation yet.",
    },
    "summary_no_consultation_stage": {
        "de": "In Zyklus {cycle} gab es zu „{stage}“ keine Beteiligung.",
        "en": 'Cycle {cycle} has had no consultation on "{stage}".',
    },
    "summary_received": {"de": "eingegangen", "en": "received"},
    "summary_replaced": {
        "de": "ersetzt eine frühere Rückmeldung",
        "en": "replaces an earlier answer",
    },
    "summary_no_text": {"de": "(ohne Text)", "en": "(no text)"},
    "summary_goal": {"de": "Ziel", "en": "Goal"},
    "summary_strategy": {"de": "Strategie", "en": "Strategy"},
    "summary_measure": {"de": "Maßnahme", "en": "Measure"},
    "summary_item": {"de": "Punkt", "en": "Item"},
    "summary_zustimmung": {"de": "Zustimmung", "en": "Agreement"},
    "summary_bedenken": {"de": "Bedenken", "en": "Concerns"},
    "summary_anmerkung": {"de": "Anmerkung", "en": "Remark"},
    "summary_page": {"de": "Seite", "en": "Page"},
    "summary_made": {"de": "Stand", "en": "As of"},
    "summary_format_expected": {"de": "md oder pdf", "en": "md or pdf"},
    "summary_pdf_needs_file": {
        "de": "ein PDF wird in eine Datei geschrieben: --ausgabe DATEI angeben",
        "en": "a PDF is written to a file: give --ausgabe FILE",
    },
    "summary_target_is_link": {
        "de": "ist ein symbolischer Link; er wird nicht verfolgt, bitte eine Datei angeben",
        "en": "is a symbolic link; it is not followed, give a file",
    },
    "summary_target_not_file": {
        "de": "ist keine Datei",
        "en": "is not a file",
    },
    "summary_written": {"de": "Geschrieben: {path} ({size})", "en": "Written: {path} ({size})"},
}
