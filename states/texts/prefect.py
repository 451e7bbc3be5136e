"""Messages about finding the Prefect server and the runs of this database."""

TEXTS: dict[str, dict[str, str]] = {
    "prefect_not_serving": {
        "de": "kein Prefect-Server unter {url}: zuerst 'dkbm serve' starten (Port "
        "DKBM_PREFECT_PORT, Vorgabe 4200; jetzt {port}) oder PREFECT_API_URL auf einen Server setzen",
        "en": "no Prefect server at {url}: start 'dkbm serve' first (port DKBM_PREFECT_PORT, "
        "default 4200; now {port}) or point PREFECT_API_URL at a server",
    },
    "prefect_failed": {
        "de": "Prefect-Server {url} kann gerade nicht antworten ({reason}); in einer Minute "
        "erneut versuchen, nichts wurde geändert",
        "en": "the Prefect server {url} cannot answer right now ({reason}); try again in a "
        "minute, nothing was changed",
    },
    "moderation_other_database": {
        "de": "das Deployment 'moderation' auf {url} arbeitet mit einer anderen Datenbank "
        "({theirs}, diese: {ours}); 'dkbm serve' mit derselben DKBM_DATABASE_URL starten "
        "wie diesen Befehl",
        "en": "the deployment 'moderation' on {url} works on another database ({theirs}, "
        "this one: {ours}); start 'dkbm serve' with the same DKBM_DATABASE_URL as this command",
    },
}
