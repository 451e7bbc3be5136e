"""Texts: Akteure and organisations imported from and exported to CSV or Excel."""

TEXTS: dict[str, dict[str, str]] = {
    "import_invalid": {
        "de": "{value!r} ist ungültig ({expected})",
        "en": "{value!r} is not valid ({expected})",
    },
    "import_duplicate_email": {
        "de": "die E-Mail-Adresse {value!r} steht schon in Zeile {other}",
        "en": "the e-mail address {value!r} is already in line {other}",
    },
    "import_duplicate_name": {
        "de": "die Organisation {value!r} steht schon in Zeile {other} (Groß- und "
        "Kleinschreibung und Leerzeichen zählen nicht)",
        "en": "the organisation {value!r} is already in line {other} (case and spaces do "
        "not count)",
    },
    "import_email_ambiguous": {
        "de": "{value!r} ist die E-Mail-Adresse mehrerer Akteure (Nr. {ids}); erst mit "
        "'dkbm akteur aendern' bereinigen",
        "en": "{value!r} is the e-mail address of several actors (nos. {ids}); first tidy "
        "them with 'dkbm akteur aendern'",
    },
    "import_not_xlsx": {
        "de": "keine gültige XLSX-Datei (Excel-Arbeitsmappe)",
        "en": "not a valid XLSX file (Excel workbook)",
    },
    "import_cell_lines": {
        "de": "eine Zelle hat mehrere Zeilen (eine Zelle ist eine Zeile)",
        "en": "a cell spans several lines (a cell is one line)",
    },
    # an e-mail address as expected (dkbm.network.checked_email: add, aendern and import)
    "expected_email": {"de": "name@beispiel.de", "en": "name@example.org"},
    "expected_yes_no": {"de": "ja oder nein", "en": "ja or nein (yes or no)"},
    "expected_table_file": {
        "de": "eine Datei mit der Endung .csv oder .xlsx",
        "en": "a file ending in .csv or .xlsx",
    },
}
