"""Texts: errors of every use case."""

TEXTS: dict[str, dict[str, str]] = {
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
    "prefect_server_ended": {
        "de": "der lokale Prefect-Server von 'dkbm serve' ist beendet (Exit {code}); "
        "'dkbm serve' neu starten (systemd tut es mit Restart=on-failure)",
        "en": "the local Prefect server of 'dkbm serve' ended (exit {code}); start "
        "'dkbm serve' again (systemd does with Restart=on-failure)",
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
}
