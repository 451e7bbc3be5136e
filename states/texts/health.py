"""Texts: `dkbm health`, what a monitoring system (Icinga, Nagios, Zabbix) reads per check.

Check names and the states OK, WARNING, CRITICAL stay as they are in both languages: they are
what monitoring matches on."""

TEXTS: dict[str, dict[str, str]] = {
    "health_all_well": {"de": "alles in Ordnung", "en": "all is well"},
    # the database side
    "health_schema_ok": {"de": "{url}: Schema {head}", "en": "{url}: schema {head}"},
    "health_schema_behind": {
        "de": "{url}: Schema {current}, diese Version braucht {head} ('dkbm db upgrade')",
        "en": "{url}: schema {current}, this version needs {head} ('dkbm db upgrade')",
    },
    "health_schema_empty": {"de": "leer", "en": "empty"},
    "health_nothing_due": {"de": "nichts fällig", "en": "nothing due"},
    "health_backlog": {
        "de": "{count} fällig, die älteste seit {minutes} min",
        "en": "{count} due, the oldest for {minutes} min",
    },
    "health_dead_letters": {
        "de": "{count} unzustellbar ('dkbm nachrichten fehler')",
        "en": "{count} undeliverable ('dkbm nachrichten fehler')",
    },
    "health_no_dead_letters": {"de": "keine", "en": "none"},
    "health_route_unset": {
        "de": "Mailweg nicht gesetzt, die E-Mails bleiben im Postausgang: {kommunen}",
        "en": "mail route not set, the mail stays in the outbox: {kommunen}",
    },
    "health_no_installation_route": {
        "de": "DKBM_MAIL_URL nicht gesetzt: E-Mail nur über eigene Mailwege von Kommunen",
        "en": "DKBM_MAIL_URL not set: mail only through Kommunen's own mail routes",
    },
    "health_no_mail": {
        "de": "DKBM_MAIL_URL nicht gesetzt: keine E-Mail, nur eigene Kanäle der Empfänger",
        "en": "DKBM_MAIL_URL not set: no mail, only recipients' own channels",
    },
    "health_installation_route": {"de": "DKBM_MAIL_URL gesetzt", "en": "DKBM_MAIL_URL set"},
    "health_routes_set": {
        "de": "alle gesetzt: {own} von {count} Kommunen mit eigenem Mailweg",
        "en": "all set: {own} of {count} Kommunen with a mail route of their own",
    },
    # the Prefect server and its workers
    "health_prefect_down": {
        "de": "Prefect-Server {url} antwortet nicht",
        "en": "Prefect server {url} does not answer",
    },
    "health_prefect_up": {
        "de": "Prefect-Server {url} erreichbar",
        "en": "Prefect server {url} reachable",
    },
    "health_prefect_failed": {
        "de": "Prefect-Server {url}: {reason}",
        "en": "Prefect server {url}: {reason}",
    },
    "health_no_pool": {
        "de": "kein Work-Pool: die Flows laufen in 'dkbm serve'",
        "en": "no work pool: the flows run in 'dkbm serve'",
    },
    "health_pool_without_worker": {
        "de": "kein Worker online im Work-Pool {pools}",
        "en": "no worker online in work pool {pools}",
    },
    "health_workers_online": {"de": "{count} Worker online", "en": "{count} workers online"},
    "health_worker_online": {"de": "1 Worker online", "en": "1 worker online"},
    "health_workers_silent": {
        "de": "ohne Heartbeat seit zwei Intervallen: {workers}",
        "en": "no heartbeat for two intervals: {workers}",
    },
    "health_worker_last_seen": {
        "de": "{name} (letzter vor {age})",
        "en": "{name} (last {age} ago)",
    },
    # the runs of each deployment
    "health_no_deployment": {
        "de": "kein Deployment '{name}' ('dkbm serve' oder 'runbook.sh deploy')",
        "en": "no deployment '{name}' ('dkbm serve' or 'runbook.sh deploy')",
    },
    "health_runs_fine": {
        "de": "keine fehlgeschlagenen oder hängenden Läufe",
        "en": "no failed or stuck runs",
    },
    "health_run_failed": {
        "de": "letzter Lauf '{run}' {state}: {message}",
        "en": "last run '{run}' {state}: {message}",
    },
    "health_runs_failed": {
        "de": "{count} Läufe in Folge fehlgeschlagen, zuletzt '{run}' {state}: {message}",
        "en": "{count} runs in a row failed, the last '{run}' {state}: {message}",
    },
    "health_state_failed": {"de": "fehlgeschlagen (Failed)", "en": "failed"},
    "health_state_crashed": {"de": "abgestürzt (Crashed)", "en": "crashed"},
    "health_no_message": {"de": "ohne Meldung", "en": "no message"},
    "health_in_cycle": {"de": "Zyklus {id}: {finding}", "en": "cycle {id}: {finding}"},
    "health_stuck": {
        "de": "Lauf '{run}' läuft seit {age} (erwartet höchstens {limit})",
        "en": "run '{run}' has been running for {age} (expected at most {limit})",
    },
    "health_no_success": {"de": "noch kein erfolgreicher Lauf", "en": "no successful run yet"},
    "health_last_success": {
        "de": "letzter erfolgreicher Lauf vor {minutes} min",
        "en": "last successful run {minutes} min ago",
    },
    "health_waiting": {
        "de": "{count} wartet länger als {days} Tage: {runs}",
        "en": "{count} waiting longer than {days} days: {runs}",
    },
    "health_none_waiting": {
        "de": "keine wartet länger als {days} Tage",
        "en": "none waiting longer than {days} days",
    },
    "health_bad_limit": {
        "de": "Deployment=Minuten, Deployment eines von {names}",
        "en": "deployment=minutes, deployment one of {names}",
    },
    # flows/reconcile.py: the state message of a run whose process vanished
    "run_vanished": {
        "de": "Prozess verschwunden: kein Lebenszeichen (Heartbeat) seit {seconds} s",
        "en": "process vanished: no sign of life (heartbeat) for {seconds} s",
    },
    # The checks of `dkbm health` by name (--json keeps the stored name)
    "health_check_datenbank": {"de": "Datenbank", "en": "database"},
    "health_check_postausgang": {"de": "Postausgang", "en": "outbox"},
    "health_check_dead_letters": {"de": "Unzustellbare Nachrichten", "en": "dead letters"},
    "health_check_mailweg": {"de": "Mailweg", "en": "mail route"},
    "health_check_prefect": {"de": "Prefect", "en": "Prefect"},
    "health_check_worker": {"de": "Worker", "en": "worker"},
}
