"""Texts: the database's limits on waiting (PostgreSQL's lock and statement timeouts)."""

TEXTS: dict[str, dict[str, str]] = {
    "database_lock_timeout": {
        "de": "Datenbank {url} ist gesperrt: nach {seconds} s Warten auf einen anderen Vorgang "
        "abgebrochen (DKBM_LOCK_TIMEOUT_SECONDS); nichts wurde geändert, bitte später noch "
        "einmal versuchen",
        "en": "database {url} is locked: gave up after waiting {seconds} s for another process "
        "(DKBM_LOCK_TIMEOUT_SECONDS); nothing was changed, please try again later",
    },
    "database_statement_timeout": {
        "de": "Datenbank {url} ist ausgelastet: eine Abfrage lief länger als {seconds} s und "
        "wurde abgebrochen (DKBM_STATEMENT_TIMEOUT_SECONDS); nichts wurde geändert, bitte "
        "später noch einmal versuchen",
        "en": "database {url} is busy: a query ran for more than {seconds} s and was cancelled "
        "(DKBM_STATEMENT_TIMEOUT_SECONDS); nothing was changed, please try again later",
    },
    "database_file_vanished": {
        "de": "die Datenbank-Datei von {url} wurde gelöscht oder verschoben, während dkbm "
        "lief; was danach geschrieben wurde, ist verloren: Datei aus der Sicherung "
        "zurückholen",
        "en": "the database file of {url} was deleted or moved while dkbm ran; what was "
        "written since is lost: restore the file from the backup",
    },
}
