"""Texts: what the edges say about typed input: files, folders, expected forms."""

TEXTS: dict[str, dict[str, str]] = {
    "file_missing": {"de": "keine Datei dieses Namens", "en": "no such file"},
    "folder_missing": {"de": "diesen Ordner gibt es nicht", "en": "no such folder"},
    "file_is_folder": {"de": "ein Ordner, keine Datei", "en": "a folder, not a file"},
    "file_not_regular": {
        "de": "keine gewöhnliche Datei (ein Gerät oder eine Pipe)",
        "en": "not a regular file (a device or a pipe)",
    },
    "file_no_permission": {"de": "keine Berechtigung", "en": "permission denied"},
    "expected_one_line": {
        "de": "eine Zeile, ohne Zeilenumbruch",
        "en": "one line, without a line break",
    },
    "expected_not_empty": {"de": "nicht leer", "en": "not empty"},
    "expected_day": {"de": "JJJJ-MM-TT oder TT.MM.JJJJ", "en": "YYYY-MM-DD or DD.MM.YYYY"},
    "expected_plan_days": {"de": "Arbeitstage, z. B. 7,2", "en": "working days, e.g. 7,2"},
    "expected_number": {"de": "eine Zahl", "en": "a number"},
    "expected_working_days": {"de": "0 bis 60 Arbeitstage", "en": "0 to 60 working days"},
    "expected_quorum": {
        "de": "0 bis 99 (Prozent, 'mehr als')",
        "en": "0 to 99 (per cent, 'more than')",
    },
    "expected_notice_days": {"de": "0 bis 90 Tage", "en": "0 to 90 days"},
    "expected_deputy_role": {
        "de": "nur mit --rolle stellvertretung",
        "en": "only with --rolle stellvertretung",
    },
    "expected_other_person": {"de": "eine andere Person", "en": "another person"},
    "expected_deputy_of": {
        "de": "die Nr. des vertretenen Mitglieds (--vertritt)",
        "en": "the no. of the member represented (--vertritt)",
    },
    "expected_markdown": {"de": "Markdown-Text", "en": "Markdown text"},
    "expected_goal_or_strategy": {
        "de": "ein Ziel oder eine Strategie (Maßnahmen: massnahme --id)",
        "en": "a goal or a strategy (measures: massnahme --id)",
    },
    "expected_base_url": {
        "de": "http(s)-Adresse, z. B. https://bildung.kreis.example/",
        "en": "an http(s) address, e.g. https://bildung.kreis.example/",
    },
    "expected_free_port": {
        "de": "ein Port, den dieses Konto öffnen darf (ab 1024)",
        "en": "a port this account may open (1024 or above)",
    },
    "expected_local_address": {
        "de": "eine Adresse dieses Rechners, z. B. 127.0.0.1 ({detail})",
        "en": "an address of this machine, e.g. 127.0.0.1 ({detail})",
    },
}
