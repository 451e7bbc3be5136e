"""Texts: Kennzahlen (Bildungsmonitoring), their values and the CSV import."""

TEXTS: dict[str, dict[str, str]] = {
    "kind_indicator": {"de": "Kennzahl", "en": "indicator"},
    "conflict_indicator": {
        "de": "Konflikt: Kennzahl {id} wurde inzwischen geändert; bitte erneut versuchen",
        "en": "conflict: indicator {id} was changed meanwhile; please try again",
    },
    "reason_indicator_year": {
        "de": "das Jahr {year} liegt nicht zwischen {first} und {last}",
        "en": "the year {year} is not between {first} and {last}",
    },
    "reason_indicator_not_finite": {
        "de": "Ausgangs- und Zielwert müssen Zahlen sein",
        "en": "baseline and target must be numbers",
    },
    "reason_indicator_target_year": {
        "de": "das Zieljahr {target} muss nach dem Jahr des Ausgangswerts ({baseline}) liegen",
        "en": "the target year {target} must come after the baseline year ({baseline})",
    },
    "kind_value": {"de": "Wert", "en": "value"},
    "kind_baseline": {"de": "Ausgangswert", "en": "baseline"},
    "kind_target": {"de": "Zielwert", "en": "target"},
    "reason_indicator_bounds": {
        "de": "{what} {value_de} passt nicht zur Einheit {unit!r} (erlaubt: {bounds})",
        "en": "{what} {value_en} does not fit the unit {unit!r} (allowed: {bounds})",
    },
    "reason_indicator_stored_misfit": {
        "de": "der gespeicherte Wert von {year} passt nicht dazu: {problem}",
        "en": "the value kept for {year} does not fit it: {problem}",
    },
    "reason_indicator_negative": {
        "de": "der Wert {value_de} ist negativ, Ausgangs- und Zielwert sind es nicht; "
        "eine Einheit, die eine Veränderung nennt ('%-Punkte', 'Veränderung zum Vorjahr', "
        "'Saldo'), erlaubt negative Werte",
        "en": "the value {value_en} is negative, baseline and target are not; a unit "
        "naming a change ('percentage points', 'change on last year') allows negative values",
    },
    "reason_indicator_future": {
        "de": "{year} liegt in der Zukunft (jetzt {current}): Werte sind gemessene Werte, "
        "ein Schuljahr zählt nach seinem ersten Jahr",
        "en": "{year} lies in the future (now {current}): values are measured values, "
        "a school year counts by its first year",
    },
    "reason_indicator_flat": {
        "de": "Zielwert und Ausgangswert sind gleich: daraus ergibt sich keine Richtung",
        "en": "target and baseline are equal: they give no direction",
    },
    "reason_indicator_item": {
        "de": "Nr. {id} ist eine Handlungsstrategie; Kennzahlen gehören zu einem Ziel "
        "(--ziel) oder einer Maßnahme (--massnahme)",
        "en": "no. {id} is an action strategy; indicators belong to a goal (--ziel) "
        "or a measure (--massnahme)",
    },
    "reason_indicator_no_ziel": {
        "de": "Zyklus {cycle} hat kein Ziel {id} (seine Ziele: {ids})",
        "en": "cycle {cycle} has no goal {id} (its goals: {ids})",
    },
    "reason_indicator_no_massnahme": {
        "de": "Zyklus {cycle} hat keine Maßnahme {id} (seine Maßnahmen: {ids})",
        "en": "cycle {cycle} has no measure {id} (its measures: {ids})",
    },
    "reason_indicator_is_ziel": {
        "de": "Nr. {id} ist ein Ziel: bitte --ziel {id}",
        "en": "no. {id} is a goal: please use --ziel {id}",
    },
    "reason_indicator_is_massnahme": {
        "de": "Nr. {id} ist eine Maßnahme: bitte --massnahme {id}",
        "en": "no. {id} is a measure: please use --massnahme {id}",
    },
    "reason_indicator_one_item": {
        "de": "bitte genau eines angeben: --ziel NR oder --massnahme NR",
        "en": "please give exactly one of --ziel NO or --massnahme NO",
    },
    "reason_indicator_no_value": {
        "de": "Kennzahl {id} hat keinen Wert für {year}",
        "en": "indicator {id} has no value for {year}",
    },
    "reason_indicator_value_and_remove": {
        "de": "WERT und --entfernen schließen einander aus",
        "en": "WERT (value) and --entfernen exclude each other",
    },
    "reason_indicator_value_or_remove": {
        "de": "bitte einen WERT angeben oder --entfernen",
        "en": "please give a WERT (value) or --entfernen",
    },
    "reason_tolerance": {
        "de": "die Toleranz muss zwischen 0 und 100 % liegen",
        "en": "the tolerance must be between 0 and 100 %",
    },
    "csv_cell": {
        "de": "{file}, Zeile {line}, Spalte {column}: {problem}",
        "en": "{file}, line {line}, column {column}: {problem}",
    },
    "csv_line": {
        "de": "{file}, Zeile {line}: {problem}",
        "en": "{file}, line {line}: {problem}",
    },
    "csv_rejected": {
        "de": "nichts importiert: {rows} fehlerhafte Zeile(n) in {file}",
        "en": "nothing imported: {rows} faulty line(s) in {file}",
    },
    "csv_more": {
        "de": "… und {rows} weitere fehlerhafte Zeile(n)",
        "en": "… and {rows} more faulty line(s)",
    },
    "csv_not_a_year": {
        "de": "{value!r} ist kein Jahr zwischen {first} und {last}",
        "en": "{value!r} is not a year between {first} and {last}",
    },
    "csv_not_an_id": {
        "de": "{value!r} ist keine Kennzahl-Nr.",
        "en": "{value!r} is not an indicator number",
    },
    "csv_unknown_indicator": {
        "de": "Kennzahl {value} gibt es nicht",
        "en": "indicator {value} does not exist",
    },
    "csv_other_indicator": {
        "de": "Kennzahl {value}, aber importiert wird für --kennzahl {wanted}",
        "en": "indicator {value}, but the import is for --kennzahl {wanted}",
    },
    "csv_empty_cell": {"de": "leer", "en": "empty"},
    "csv_no_indicator": {
        "de": "keine Spalte kennzahl und kein --kennzahl NR",
        "en": "no column kennzahl and no --kennzahl NO",
    },
    "csv_duplicate": {
        "de": "Jahr {year} der Kennzahl {id} steht schon in Zeile {other}",
        "en": "year {year} of indicator {id} is already in line {other}",
    },
    "csv_missing_column": {
        "de": "Spalte {column} fehlt (Kopfzeile: {expected})",
        "en": "column {column} is missing (header: {expected})",
    },
    "csv_unknown_column": {
        "de": "unbekannte Spalte {column!r} (möglich: {expected})",
        "en": "unknown column {column!r} (possible: {expected})",
    },
    "csv_cells": {
        "de": "{found} Zellen, die Kopfzeile hat {expected}",
        "en": "{found} cells, the header has {expected}",
    },
    "csv_encoding": {
        "de": "kein UTF-8 (in Excel „CSV UTF-8“ wählen)",
        "en": "not UTF-8 (choose 'CSV UTF-8' in Excel)",
    },
    "csv_empty_file": {"de": "die Datei ist leer", "en": "the file is empty"},
    "csv_duplicate_column": {
        "de": "die Kopfzeile nennt die Spalte {column} zweimal (Spalten {first} und {second})",
        "en": "the header names the column {column} twice (columns {first} and {second})",
    },
    "csv_open_quote": {
        "de": "ein Anführungszeichen wird bis zum Ende der Datei nicht geschlossen",
        "en": "a quote is not closed up to the end of the file",
    },
    "csv_stray_quote": {
        "de": "Anführungszeichen mitten in einer Zelle (innerhalb von Anführungszeichen "
        'wird " verdoppelt: "")',
        "en": 'a quote in the middle of a cell (within quotes, " is doubled: "")',
    },
    "csv_multiline": {
        "de": "eine Zelle reicht bis Zeile {end}: ein Anführungszeichen ist erst dort "
        "geschlossen (eine Zelle ist eine Zeile)",
        "en": "a cell runs on to line {end}: a quote is only closed there (a cell is one line)",
    },
    "csv_cell_too_long": {
        "de": "eine Zelle ist länger als {limit} Zeichen",
        "en": "a cell is longer than {limit} characters",
    },
    "number_too_large": {
        "de": "{value!r} liegt nicht zwischen -{limit} und {limit}",
        "en": "{value!r} is not between -{limit} and {limit}",
    },
    "reason_indicator_magnitude": {
        "de": "{what} {value_de} liegt nicht zwischen -{limit_de} und {limit_de}",
        "en": "{what} {value_en} is not between -{limit_en} and {limit_en}",
    },
    "json_not_finite": {
        "de": "Hinweis: keine endliche Zahl, als null ausgegeben: {fields}",
        "en": "Note: not a finite number, written as null: {fields}",
    },
    "csv_unreadable": {
        "de": "Datei {file} nicht lesbar ({cause})",
        "en": "file {file} cannot be read ({cause})",
    },
}
