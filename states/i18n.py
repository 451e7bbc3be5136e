"""User-facing texts in German (default) and English.

The catalog is plain data so the pure domain can name a refusal by key and
parameters, and the edges (CLI, flows, notifications) render it in the
reader's language.
"""

from __future__ import annotations

import os

LANGUAGES = ("de", "en")

_language = os.environ.get("DKBM_LANG", "de") if os.environ.get("DKBM_LANG") in LANGUAGES else "de"

CATALOG: dict[str, dict[str, str]] = {
    # Sitzungen
    "conflict_meeting": {
        "de": "Konflikt: Sitzung {id} wurde inzwischen geändert; bitte erneut versuchen",
        "en": "conflict: meeting {id} was changed meanwhile; please try again",
    },
    "reason_meeting_no_agenda": {
        "de": "die Tagesordnung ist leer; bitte zuerst TOPs anlegen",
        "en": "the agenda is empty; add items first",
    },
    "reason_meeting_date_past": {
        "de": "der Termin liegt nicht in der Zukunft",
        "en": "the date is not in the future",
    },
    "reason_meeting_notice": {
        "de": "die Ladungsfrist ({days} Tage) ist verstrichen, die Ladung hätte bis {latest} "
        "hinausgehen müssen; mit --dringlich GRUND trotzdem einladen",
        "en": "the notice period ({days} days) has passed, the invitation was due by {latest}; "
        "use --dringlich REASON to invite anyway",
    },
    "reason_meeting_not_begun": {
        "de": "die Sitzung hat noch nicht begonnen",
        "en": "the meeting has not begun yet",
    },
    "reason_meeting_cancel_reason": {
        "de": "bitte einen Grund für die Absage angeben (--grund)",
        "en": "please give a reason for the cancellation (--grund)",
    },
    "reason_meeting_no_place": {
        "de": "bitte einen Ort (--ort) oder einen Videolink (--video) angeben",
        "en": "please give a place (--ort) or a video link (--video)",
    },
    "reason_meeting_ends_before": {
        "de": "das Ende liegt vor dem Beginn",
        "en": "the end lies before the start",
    },
    "reason_meeting_state": {
        "de": "im Zustand {state} nicht möglich",
        "en": "not possible in state {state}",
    },
    "reason_meeting_not_held": {
        "de": "die Sitzung ist nicht als durchgeführt erfasst (Zustand {state}); "
        "zuerst 'dkbm sitzung durchfuehren'",
        "en": "the meeting is not recorded as held (state {state}); "
        "run 'dkbm sitzung durchfuehren' first",
    },
    "reason_meeting_votes": {
        "de": "{cast} Stimmen abgegeben, aber nur {seats} stimmberechtigte Anwesende",
        "en": "{cast} votes cast, but only {seats} voting members present",
    },
    "reason_attendance_missing": {
        "de": "die Anwesenheit ist noch nicht erfasst ('dkbm sitzung anwesenheit')",
        "en": "attendance has not been recorded yet ('dkbm sitzung anwesenheit')",
    },
    "reason_attendance_twice": {
        "de": "Akteur {actor} ist mehrfach genannt",
        "en": "actor {actor} is named more than once",
    },
    "reason_item_voted": {
        "de": "über TOP {top} wurde bereits abgestimmt",
        "en": "item {top} has already been voted on",
    },
    "reason_cycle_other_board": {
        "de": "Zyklus {id} gehört zu einem anderen Gremium",
        "en": "cycle {id} belongs to another board",
    },
    "reason_minutes_not_drafted": {
        "de": "das Protokoll der Sitzung {id} ist noch nicht entworfen",
        "en": "the minutes of meeting {id} have not been drafted yet",
    },
    "reason_minutes_not_editable": {
        "de": "das Protokoll ist nur im Entwurf änderbar (Zustand {state})",
        "en": "the minutes can only be changed as a draft (state {state})",
    },
    "reason_not_a_member": {
        "de": "Akteur {actor} ist nicht Mitglied von „{board}“",
        "en": 'actor {actor} is not a member of "{board}"',
    },
    "reason_not_a_deputy": {
        "de": "Akteur {actor} ist keine Stellvertretung in diesem Gremium",
        "en": "actor {actor} is not a deputy in this board",
    },
    "reason_no_linked_deputy": {
        "de": "für Akteur {actor} ist keine Stellvertretung verknüpft; bitte --durch angeben",
        "en": "actor {actor} has no linked deputy; please give --durch",
    },
    "reason_task_done": {
        "de": "Aufgabe {id} ist bereits erledigt",
        "en": "task {id} is already done",
    },
    "vote_unanimous_conflict": {
        "de": "entweder --einstimmig oder Stimmenzahlen (--ja/--nein/--enthaltung) angeben",
        "en": "give either --einstimmig or vote counts (--ja/--nein/--enthaltung)",
    },
    "superseded_meeting_changed": {
        "de": "ersetzt: eine neuere Fassung der Einladung geht hinaus",
        "en": "replaced: a newer version of the invitation goes out",
    },
    "superseded_meeting_cancelled": {
        "de": "zurückgezogen: die Sitzung wurde abgesagt",
        "en": "withdrawn: the meeting was cancelled",
    },
    "kind_meeting": {"de": "Sitzung", "en": "meeting"},
    "kind_agenda_item": {"de": "TOP", "en": "agenda item"},
    "kind_task": {"de": "Aufgabe", "en": "task"},
    # Kennzahlen (Bildungsmonitoring)
    "kind_indicator": {"de": "Kennzahl", "en": "indicator"},
    # Wissensbibliothek
    "kind_document": {"de": "Dokument", "en": "document"},
    "conflict_document": {
        "de": "Konflikt: Dokument {id} wurde inzwischen geändert; bitte erneut versuchen",
        "en": "conflict: document {id} was changed meanwhile; please try again",
    },
    "reason_document_link_or_file": {
        "de": "bitte genau eines angeben: --url ADRESSE oder --datei PFAD",
        "en": "please give exactly one of --url ADDRESS or --datei PATH",
    },
    "reason_document_url": {
        "de": "{url!r} ist kein Link mit http:// oder https:// und einer Adresse",
        "en": "{url!r} is not a link with http:// or https:// and a host",
    },
    "reason_document_url_text": {
        "de": "der Link {url!r} enthält Leer- oder Steuerzeichen oder ist länger als {limit} Zeichen",
        "en": "the link {url!r} contains spaces or control characters or is longer than "
        "{limit} characters",
    },
    "reason_document_filename": {
        "de": "der Dateiname {name!r} taugt nicht zur Veröffentlichung (ein Name ohne / und "
        "Steuerzeichen, nicht mit . am Anfang, höchstens {limit} Zeichen)",
        "en": "the file name {name!r} cannot be published (one name without / or control "
        "characters, not starting with ., at most {limit} characters)",
    },
    "reason_document_type": {
        "de": "die Datei {name!r} hat keinen Dateityp, den das Portal veröffentlicht "
        "(erlaubt: {allowed})",
        "en": "the file {name!r} is not of a type the portal publishes (allowed: {allowed})",
    },
    "reason_document_too_large": {
        "de": "die Datei {name} ist {size} groß; erlaubt sind höchstens {limit}",
        "en": "the file {name} is {size}; at most {limit} is allowed",
    },
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
    "expected_built_portal": {
        "de": "ein mit 'dkbm portal build' gebautes Portal",
        "en": "a portal built with 'dkbm portal build'",
    },
    "portal_serving": {
        "de": "Portal: {url}  (Strg+C beendet)",
        "en": "Portal: {url}  (Ctrl+C stops)",
    },
    "reason_document_is_link": {
        "de": "Dokument {id} ist ein Link ({url}), keine Datei",
        "en": "document {id} is a link ({url}), not a file",
    },
    "reason_document_tag_twice": {
        "de": "{option} und --ohne-{what} schließen einander aus",
        "en": "{option} and --ohne-{what} exclude each other",
    },
    "reason_internal_or_public": {
        "de": "--intern und --oeffentlich schließen einander aus",
        "en": "--intern and --oeffentlich exclude each other",
    },
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
    "csv_unreadable": {
        "de": "Datei {file} nicht lesbar ({cause})",
        "en": "file {file} cannot be read ({cause})",
    },
    # errors
    "not_found": {
        "de": "{kind} {id} nicht gefunden",
        "en": "{kind} {id} not found",
    },
    "invalid_trigger": {
        "de": "'{trigger}' ist im Zustand {state} nicht möglich; erlaubt: {allowed}",
        "en": "'{trigger}' is not possible in state {state}; allowed: {allowed}",
    },
    "unknown_trigger": {
        "de": "unbekannter Schritt '{trigger}'; bekannt sind: {known}",
        "en": "unknown step '{trigger}'; known steps: {known}",
    },
    "conflict": {
        "de": "Konflikt: Zyklus {id} wurde inzwischen geändert (Version {expected} erwartet, "
        "jetzt {actual}); bitte Status neu laden und erneut versuchen",
        "en": "conflict: cycle {id} was changed meanwhile (expected version {expected}, "
        "now {actual}); reload the status and try again",
    },
    "refused": {
        "de": "'{trigger}' abgelehnt: {reason}",
        "en": "'{trigger}' refused: {reason}",
    },
    "invalid_value": {
        "de": "ungültiger Wert für {field}: {value!r} ({expected})",
        "en": "invalid value for {field}: {value!r} ({expected})",
    },
    "database_unreachable": {
        "de": "Datenbank nicht erreichbar: {url} ({detail})",
        "en": "database unreachable: {url} ({detail})",
    },
    "database_not_initialised": {
        "de": "Datenbank {url} ist nicht eingerichtet; bitte zuerst 'dkbm init' ausführen",
        "en": "database {url} is not set up; run 'dkbm init' first",
    },
    "invalid_setting": {
        "de": "die Einstellung {name} ist ungültig (eine Zahl von Sekunden erwartet)",
        "en": "the setting {name} is invalid (a number of seconds expected)",
    },
    "database_outdated": {
        "de": "Datenbank {url} hat einen älteren Aufbau als diese Version; bitte 'dkbm db upgrade'",
        "en": "database {url} has an older schema than this version; please run 'dkbm db upgrade'",
    },
    "database_locked": {
        "de": "Datenbank {url} ist gesperrt: ein anderer Vorgang schreibt gerade; bitte gleich "
        "noch einmal versuchen",
        "en": "database {url} is locked: another process is writing; please try again shortly",
    },
    "database_read_only": {
        "de": "Datenbank {url} ist schreibgeschützt; nichts wurde geändert",
        "en": "database {url} is read-only; nothing was changed",
    },
    "database_corrupt": {
        "de": "Datenbank {url} ist beschädigt ({detail}); bitte die letzte Sicherung einspielen",
        "en": "database {url} is damaged ({detail}); please restore the last backup",
    },
    "database_value_range": {
        "de": "ein Wert ist für die Datenbank zu groß ({detail}); nichts wurde geändert",
        "en": "a value is too large for the database ({detail}); nothing was changed",
    },
    "database_conflict": {
        "de": "gleichzeitige Änderung in {url}; nichts wurde geändert, bitte erneut versuchen",
        "en": "concurrent change in {url}; nothing was changed, please try again",
    },
    "no_municipality": {
        "de": "es ist noch keine Kommune eingerichtet; bitte 'dkbm init --kommune ...' ausführen",
        "en": "no municipality is set up yet; run 'dkbm init --kommune ...'",
    },
    "duplicate": {
        "de": "{kind} '{name}' gibt es schon (Nr. {id})",
        "en": "{kind} '{name}' already exists (no. {id})",
    },
    "unsupported_database": {
        "de": "Datenbank-URL {url} wird nicht unterstützt (sqlite:///… oder postgresql+psycopg://…)",
        "en": "database URL {url} is not supported (sqlite:///… or postgresql+psycopg://…)",
    },
    "port_busy": {
        "de": "Port {port} ist von einem anderen Programm belegt; anderen Port mit --port wählen",
        "en": "port {port} is taken by another program; choose another with --port",
    },
    "prefect_unreachable": {
        "de": "Prefect-Server {url} antwortet nicht (läuft 'dkbm serve'? Ohne PREFECT_API_URL "
        "startet 'dkbm serve' einen eigenen Server)",
        "en": "Prefect server {url} does not answer (is 'dkbm serve' running? Without "
        "PREFECT_API_URL 'dkbm serve' starts a server of its own)",
    },
    "no_moderation_deployment": {
        "de": "auf dem Prefect-Server {url} gibt es kein Deployment 'moderation'; "
        "'dkbm serve' starten oder deploy/prefect.yaml ausrollen (docs/operations.md)",
        "en": "the Prefect server {url} has no deployment 'moderation'; start 'dkbm serve' "
        "or deploy deploy/prefect.yaml (docs/operations.md)",
    },
    "already_moderated": {
        "de": "Zyklus {id} wird schon moderiert: Lauf '{run}' ({state}), {link}",
        "en": "cycle {id} is already being moderated: run '{run}' ({state}), {link}",
    },
    "reason_not_moderatable": {
        "de": "moderiert wird eine Stufe in Entwurf, Beteiligung oder Abstimmung (jetzt: {state})",
        "en": "a stage is moderated in draft, consultation or vote (now: {state})",
    },
    "usage_missing": {"de": "Angabe fehlt: {what}", "en": "missing: {what}"},
    "usage_no_such_command_close": {
        "de": "unbekannter Befehl '{what}'; meinten Sie '{close}'? Bekannt sind: {known}",
        "en": "no such command '{what}'; did you mean '{close}'? Known commands: {known}",
    },
    "usage_no_such_command": {
        "de": "unbekannter Befehl '{what}'; bekannt sind: {known}",
        "en": "no such command '{what}'; known commands: {known}",
    },
    "usage_extra_argument": {
        "de": "unerwartetes zusätzliches Argument: {what}",
        "en": "unexpected extra argument: {what}",
    },
    "not_utf8": {
        "de": "Argument {position} ist kein gültiger UTF-8-Text",
        "en": "argument {position} is not valid UTF-8 text",
    },
    "control_character": {
        "de": "Argument {position} enthält ein Steuerzeichen ({char}); bitte ohne angeben",
        "en": "argument {position} contains a control character ({char}); please leave it out",
    },
    "interrupted": {
        "de": "abgebrochen (Strg-C); nichts halb Gespeichertes bleibt zurück",
        "en": "interrupted (Ctrl-C); nothing half-saved is left behind",
    },
    "confirm_needed": {
        "de": "{what} nur mit Bestätigung: bitte {option} angeben",
        "en": "{what} only when confirmed: please add {option}",
    },
    "line_break": {
        "de": "Argument {position} enthält einen Zeilenumbruch; Titel und Namen stehen in einer Zeile",
        "en": "argument {position} contains a line break; titles and names are one line",
    },
    "vote_mode_conflict": {
        "de": "entweder --frist (schriftliche Abstimmung) oder --termin (Sitzung), nicht beides",
        "en": "either --frist (written vote) or --termin (meeting), not both",
    },
    "out_of_range": {
        "de": "{value} liegt nicht zwischen {low} und {high}",
        "en": "{value} is not between {low} and {high}",
    },
    "ambiguous_number": {
        "de": "{value!r} ist mehrdeutig: als ganze Zahl {whole} schreiben, als Dezimalzahl "
        "{decimal}",
        "en": "{value!r} is ambiguous: write {whole} for the whole number, or {decimal} for "
        "the decimal",
    },
    "not_a_year": {
        "de": "{value!r} ist kein Jahr (2025) und kein Schuljahr (2024/25)",
        "en": "{value!r} is neither a year (2025) nor a school year (2024/25)",
    },
    "not_a_number": {
        "de": "{value!r} ist keine Zahl",
        "en": "{value!r} is not a number",
    },
    "usage_no_such_option": {"de": "unbekannte Option {what}", "en": "no such option {what}"},
    "usage_bad_value": {
        "de": "ungültiger Wert für {what}: {detail}",
        "en": "invalid value for {what}: {detail}",
    },
    # why a queued message was withdrawn
    "superseded_consultation_over": {
        "de": "überholt: Beteiligung abgeschlossen",
        "en": "superseded: consultation closed",
    },
    "superseded_vote_over": {
        "de": "überholt: Abstimmung abgeschlossen",
        "en": "superseded: vote closed",
    },
    "superseded_back_to_draft": {
        "de": "überholt: zurück in den Entwurf",
        "en": "superseded: back to draft",
    },
    "superseded_new_deadline": {"de": "ersetzt: neue Frist", "en": "replaced: new deadline"},
    # why a delivery failed
    "cause_dns": {
        "de": "Servername nicht auflösbar (DNS)",
        "en": "server name not found (DNS)",
    },
    "cause_connection_refused": {
        "de": "Verbindung abgelehnt (läuft der Server, stimmt der Port?)",
        "en": "connection refused (is the server running, is the port right?)",
    },
    "cause_auth": {
        "de": "Anmeldung abgelehnt (Benutzer oder Passwort)",
        "en": "login refused (user or password)",
    },
    "cause_timeout": {"de": "Zeitüberschreitung", "en": "timed out"},
    "cause_tls": {
        "de": "TLS-Fehler (Zertifikat oder Verschlüsselung)",
        "en": "TLS error (certificate or encryption)",
    },
    "cause_refused": {"de": "Nachricht nicht angenommen", "en": "message not accepted"},
    "cause_bad_url": {"de": "ungültige Kanal-URL", "en": "invalid channel URL"},
    "cause_plugin": {"de": "Fehler im Kanal", "en": "channel error"},
    "cause_no_route": {
        "de": "kein Versandweg: Empfänger ohne eigenen Kanal und DKBM_MAIL_URL nicht gesetzt",
        "en": "no route: recipients without a channel of their own and DKBM_MAIL_URL not set",
    },
    # guard reasons
    "reason_vision_missing": {
        "de": "der Leitbild-Text fehlt noch ('dkbm zyklus leitbild')",
        "en": "the vision statement text is still missing ('dkbm zyklus leitbild')",
    },
    "reason_no_goals": {
        "de": "es ist noch kein strategisches Ziel erfasst ('dkbm zyklus ziel')",
        "en": "no strategic goal has been added yet ('dkbm zyklus ziel')",
    },
    "reason_goal_without_strategy": {
        "de": "Ziel {id} ('{title}') hat noch keine Handlungsstrategie",
        "en": "goal {id} ('{title}') has no action strategy yet",
    },
    "reason_no_measures": {
        "de": "es ist noch keine Maßnahme erfasst ('dkbm zyklus massnahme')",
        "en": "no measure has been added yet ('dkbm zyklus massnahme')",
    },
    "reason_measure_incomplete": {
        "de": "Maßnahme {id} ('{title}') fehlt noch: {missing}",
        "en": "measure {id} ('{title}') is missing: {missing}",
    },
    "reason_deadline_missing": {
        "de": "für die Beteiligung fehlt die Frist (--frist JJJJ-MM-TT)",
        "en": "the consultation needs a deadline (--frist YYYY-MM-DD)",
    },
    "reason_deadline_past": {
        "de": "die Frist {deadline} liegt nicht in der Zukunft",
        "en": "the deadline {deadline} is not in the future",
    },
    "reason_no_invitees": {
        "de": "zur Beteiligung ist niemand eingeladen (Akteure oder Gremium angeben)",
        "en": "nobody is invited to the consultation (name actors or a board)",
    },
    "reason_consultation_open": {
        "de": "die Beteiligung läuft bis {deadline}; es fehlen noch {missing} von {invited} "
        "Rückmeldungen",
        "en": "the consultation runs until {deadline}; {missing} of {invited} answers are "
        "still missing",
    },
    "reason_no_vote": {
        "de": "es ist noch kein Abstimmungsergebnis erfasst ('dkbm zyklus abstimmung' oder "
        "'entscheiden'; bei schriftlicher Abstimmung 'dkbm zyklus stimme')",
        "en": "no vote result has been recorded yet ('dkbm zyklus abstimmung' or "
        "'entscheiden'; for a written vote 'dkbm zyklus stimme')",
    },
    "reason_no_quorum": {
        "de": "das Gremium war nicht beschlussfähig: {present} von {members} stimmberechtigten "
        "Mitgliedern anwesend, nötig sind {needed}",
        "en": "the board had no quorum: {present} of {members} voting members present, "
        "{needed} needed",
    },
    "reason_meeting_past": {
        "de": "der Sitzungstermin {meeting} liegt nicht in der Zukunft",
        "en": "the meeting date {meeting} is not in the future",
    },
    "reason_written_vote_open": {
        "de": "die schriftliche Abstimmung läuft bis {deadline}; abgegeben sind {cast} von "
        "{members} Stimmen; vorzeitig beschließen nur mit Begründung (--grund)",
        "en": "the written vote runs until {deadline}; {cast} of {members} votes are cast; "
        "deciding early needs a reason (--grund)",
    },
    "reason_no_majority": {
        "de": "keine Mehrheit: {yes} Ja- gegen {no} Nein-Stimmen bei {abstain} Enthaltungen",
        "en": "no majority: {yes} yes against {no} no votes with {abstain} abstentions",
    },
    "reason_measure_without_report": {
        "de": "Maßnahme {id} ('{title}') hat noch keinen Fortschrittsbericht",
        "en": "measure {id} ('{title}') has no progress report yet",
    },
    "reason_reopen_stage": {
        "de": "wiedereröffnen braucht --stufe (eine von: {stages})",
        "en": "reopening needs --stufe (one of: {stages})",
    },
    "reason_not_editable": {
        "de": "{what} kann nur im Entwurf der Stufe '{stage}' bearbeitet werden (jetzt: {state})",
        "en": "{what} can only be edited in the draft of stage '{stage}' (now: {state})",
    },
    "reason_not_in_consultation": {
        "de": "Antworten sind nur während einer Beteiligung möglich (jetzt: {state})",
        "en": "answers are only possible during a consultation (now: {state})",
    },
    "reason_deadline_not_in_consultation": {
        "de": "eine Frist lässt sich nur während einer Beteiligung verschieben (jetzt: {state}); "
        "für eine schriftliche Abstimmung gilt die Frist aus 'abstimmung_starten --frist'",
        "en": "a deadline can only be moved during a consultation (now: {state}); a written "
        "vote keeps the deadline given with 'abstimmung_starten --frist'",
    },
    "reason_actor_erased": {
        "de": "Akteur {id} ist gelöscht (DSGVO); es gibt nichts mehr zu ändern",
        "en": "actor {id} was erased (GDPR); there is nothing left to change",
    },
    "reason_actor_in_boards": {
        "de": "Akteur {id} ist noch Mitglied in: {boards}; zuerst dort entfernen "
        "('dkbm gremium mitglied G {id} --entfernen')",
        "en": "actor {id} is still a member of: {boards}; remove the membership first "
        "('dkbm gremium mitglied G {id} --entfernen')",
    },
    "reason_actor_inactive": {
        "de": "Akteur {id} ist deaktiviert ('dkbm akteur aktivieren {id}')",
        "en": "actor {id} is deactivated ('dkbm akteur aktivieren {id}')",
    },
    "reason_deputy_not_voter": {
        "de": "Akteur {actor} ist kein stimmberechtigtes Mitglied von {board}; eine "
        "Stellvertretung vertritt ein stimmberechtigtes Mitglied",
        "en": "actor {actor} is not a voting member of {board}; a deputy stands in for a "
        "voting member",
    },
    "reason_item_referenced": {
        "de": "{what} {id} wird noch gebraucht von {by}; zuerst dort ändern oder entfernen",
        "en": "{what} {id} is still used by {by}; change or remove those first",
    },
    "reason_not_invited": {
        "de": "Akteur {actor} ist zu dieser Beteiligung nicht eingeladen",
        "en": "actor {actor} is not invited to this consultation",
    },
    "reason_not_in_vote": {
        "de": "ein Abstimmungsergebnis kann nur in der Abstimmung erfasst werden (jetzt: {state})",
        "en": "a vote result can only be recorded during a vote (now: {state})",
    },
    "reason_not_a_voter": {
        "de": "Akteur {actor} ist in „{board}“ nicht stimmberechtigt",
        "en": 'actor {actor} has no vote in "{board}"',
    },
    "reason_vote_counts": {
        "de": "Ja + Nein + Enthaltungen ({cast}) übersteigen die Anwesenden ({present})",
        "en": "yes + no + abstentions ({cast}) exceed those present ({present})",
    },
    "reason_present_exceeds": {
        "de": "{present} Anwesende, aber das Gremium hat nur {members} stimmberechtigte Mitglieder",
        "en": "{present} present, but the board has only {members} voting members",
    },
    "reason_not_in_implementation": {
        "de": "Fortschrittsberichte sind nur in der Umsetzung möglich (jetzt: {state})",
        "en": "progress reports are only possible during implementation (now: {state})",
    },
    "reason_not_closed": {
        "de": "ein neuer Zyklus kann nur aus einem abgeschlossenen Zyklus entstehen "
        "(Zyklus {id} ist in {state})",
        "en": "a new cycle can only be seeded from a closed cycle (cycle {id} is in {state})",
    },
    "reason_board_no_voters": {
        "de": "Gremium {id} hat keine stimmberechtigten Mitglieder",
        "en": "board {id} has no voting members",
    },
    # words
    "kind_cycle": {"de": "Zyklus", "en": "cycle"},
    "kind_actor": {"de": "Akteur", "en": "actor"},
    "kind_board": {"de": "Gremium", "en": "board"},
    "kind_vision": {"de": "Leitbild", "en": "vision statement"},
    "kind_goal": {"de": "Ziel", "en": "goal"},
    "kind_strategy": {"de": "Handlungsstrategie", "en": "action strategy"},
    "kind_measure": {"de": "Maßnahme", "en": "measure"},
    "kind_municipality": {"de": "Kommune", "en": "municipality"},
    "kind_deadline": {"de": "Frist", "en": "deadline"},
    "kind_dead_letter": {"de": "Unzustellbare Nachricht", "en": "dead letter"},
    "kind_message": {"de": "Nachricht", "en": "message"},
    "kind_channel": {"de": "Kanal", "en": "channel"},
    "kind_item": {"de": "Ziel, Strategie oder Maßnahme Nr.", "en": "goal, strategy or measure no."},
    "missing_owner": {"de": "Verantwortliche(r)", "en": "owner"},
    "missing_indicator": {"de": "Indikator", "en": "indicator"},
    "missing_deadline": {"de": "Frist", "en": "deadline"},
    "none": {"de": "keine", "en": "none"},
}


def set_language(lang: str) -> None:
    """Choose the language for everything rendered from now on in this process."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _language = lang


def language() -> str:
    return _language


def readable(stored: str) -> str:
    """A stored reason or error in the reader's language: a catalog key, optionally after
    a channel (`mailto://host/…#ab12cd: cause_dns`); anything else as it is."""
    head, _, tail = stored.rpartition(": ")
    if stored in CATALOG:
        return t(stored)
    if tail in CATALOG:
        return f"{head}: {t(tail)}"
    return stored


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Render catalog entry *key* in *lang* (default: the process language)."""
    entry = CATALOG[key]
    return entry[lang or _language].format(**params)
