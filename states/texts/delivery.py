"""Texts: why a queued message was withdrawn and why a delivery failed."""

TEXTS: dict[str, dict[str, str]] = {
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
        "de": "kein Versandweg: Empfänger ohne eigenen Kanal und DKBM_MAIL_URL (oder die "
        "Mail-Route der Kommune, 'dkbm kommune show') nicht gesetzt",
        "en": "no route: recipients without a channel of their own and DKBM_MAIL_URL (or the "
        "municipality's mail route, 'dkbm kommune show') not set",
    },
}
