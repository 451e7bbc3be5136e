"""Texts: the database's schema revision against this version's migrations."""

TEXTS: dict[str, dict[str, str]] = {
    "database_newer": {
        "de": "Datenbank {url} hat den Schemastand {current}, den diese dkbm-Version nicht kennt "
        "(ihr neuester: {head}); eine neuere Version hat sie eingerichtet: diese installieren "
        "oder eine Sicherung mit passendem Stand einspielen; nichts wurde geändert",
        "en": "database {url} has schema revision {current}, which this dkbm version does not "
        "know (its newest: {head}); a newer version set it up: install that one or restore a "
        "backup of a matching revision; nothing was changed",
    },
}
