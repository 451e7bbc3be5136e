"""Texts: the transparency portal's build and preview (`dkbm portal build|serve`)."""

TEXTS: dict[str, dict[str, str]] = {
    "portal_refused": {
        "de": "Portal nicht gebaut: {folder} {reason}; nichts verändert",
        "en": "portal not built: {folder} {reason}; nothing changed",
    },
    "portal_is_root": {"de": "ist das Wurzelverzeichnis", "en": "is the root folder"},
    "portal_is_home": {
        "de": "ist der persönliche Ordner (HOME) oder enthält ihn",
        "en": "is the home folder (HOME) or holds it",
    },
    "portal_is_file": {"de": "ist eine Datei, kein Ordner", "en": "is a file, not a folder"},
    "portal_is_link": {
        "de": "ist ein symbolischer Link (den Ordner selbst angeben)",
        "en": "is a symbolic link (name the folder itself)",
    },
    "portal_is_mount": {
        "de": "ist ein Einhängepunkt (das Portal wird durch Umbenennen getauscht: "
        "den Ordner darüber einhängen)",
        "en": "is a mount point (the portal is swapped in by renaming: mount the folder above)",
    },
    "portal_holds_git": {
        "de": "enthält ein Git-Repository ({path})",
        "en": "holds a Git repository ({path})",
    },
    "portal_holds_database": {
        "de": "enthält eine Datenbankdatei ({path})",
        "en": "holds a database file ({path})",
    },
    "portal_holds_mount": {
        "de": "enthält einen Einhängepunkt ({path})",
        "en": "holds a mount point ({path})",
    },
    "portal_holds_link": {
        "de": "enthält einen symbolischen Link, wo das Portal schreibt ({path}); "
        "das Portal folgt keinem Link",
        "en": "holds a symbolic link where the portal writes ({path}); the portal follows no link",
    },
    "portal_not_ours": {
        "de": "ist nicht leer und nicht von 'dkbm portal build' gebaut (kein {manifest}): "
        "einen leeren Ordner wählen oder --erzwingen (fremde Dateien bleiben)",
        "en": "is not empty and was not built by 'dkbm portal build' (no {manifest}): "
        "choose an empty folder or --erzwingen (foreign files stay)",
    },
    "portal_earlier": {
        "de": "enthält das Portal einer früheren dkbm-Version (ohne {manifest}): einmal "
        "'{command}' übernimmt es (fremde Dateien bleiben)",
        "en": "holds the portal of an earlier dkbm version (no {manifest}): "
        "'{command}' takes it over, once (foreign files stay)",
    },
    "portal_takeover_unknown": {
        "de": "enthält kein Portal einer früheren dkbm-Version (oparl/system.json und "
        "data/metadaten.json von dkbm fehlen): --uebernehmen gilt nur dafür",
        "en": "holds no portal of an earlier dkbm version (no oparl/system.json and "
        "data/metadaten.json by dkbm): --uebernehmen is only for that",
    },
    "portal_takeover_built": {
        "de": "ist schon vom Portal gebaut ({manifest} vorhanden): ohne --uebernehmen bauen",
        "en": "was built by the portal already ({manifest} present): build without --uebernehmen",
    },
    "portal_manifest_damaged": {
        "de": "hat ein beschädigtes {manifest} (mit --erzwingen gilt keine Datei als vom Portal)",
        "en": "has a damaged {manifest} (with --erzwingen no file counts as the portal's)",
    },
    "portal_collision": {
        "de": "enthält fremde Dateien, wo das Portal schreibt ({paths}): bitte verschieben",
        "en": "holds foreign files where the portal writes ({paths}): move them away",
    },
    "portal_not_written": {
        "de": "Portal nicht geschrieben: {folder}: {detail}; das bisherige Portal bleibt",
        "en": "portal not written: {folder}: {detail}; the previous portal stays",
    },
    "portal_cause_disk_full": {
        "de": "kein Platz mehr auf dem Datenträger",
        "en": "no space left on the device",
    },
    "portal_cause_quota": {"de": "Speicherkontingent erschöpft", "en": "disk quota exceeded"},
    "portal_cause_read_only": {
        "de": "Dateisystem nur lesbar",
        "en": "read-only file system",
    },
    "portal_written": {
        "de": "Portal geschrieben: {folder} ({pages} Seiten, {written} Dateien geschrieben, "
        "{unchanged} unverändert{removed})",
        "en": "Portal written: {folder} ({pages} pages, {written} files written, "
        "{unchanged} unchanged{removed})",
    },
    "portal_removed_count": {"de": ", {count} entfernt", "en": ", {count} removed"},
    "portal_removed": {"de": "Entfernt: {paths}", "en": "Removed: {paths}"},
    "portal_foreign_kept": {
        "de": "Fremde Dateien behalten (nicht vom Portal geschrieben, nie entfernt): {paths}",
        "en": "Foreign files kept (not written by the portal, never removed): {paths}",
    },
    "portal_left_beside": {
        "de": "Neben dem Ordner geblieben (fremde Dateien, die nicht zurückkonnten): {paths}",
        "en": "Left beside the folder (foreign files that could not move back): {paths}",
    },
    "portal_taken_over": {
        "de": "Übernommen: das Portal der früheren Version; was sie geschrieben hat, ersetzt "
        "oder entfernt dieser Bau, ab jetzt genügt 'dkbm portal build'",
        "en": "Taken over: the earlier version's portal; this build replaced or removed what "
        "it wrote, from now on 'dkbm portal build' will do",
    },
    "portal_cleaned": {
        "de": "Aufgeräumt: {count} Reste abgebrochener Läufe",
        "en": "Cleaned up: {count} leftovers of interrupted builds",
    },
    "portal_no_base_url": {
        "de": "Hinweis: ohne --basis-url (oder DKBM_PORTAL_URL) zeigen Feeds und OParl auf "
        "http://localhost:8080/: gut für die Vorschau, nicht zum Veröffentlichen.",
        "en": "Note: without --basis-url (or DKBM_PORTAL_URL) feeds and OParl point to "
        "http://localhost:8080/: fine for the preview, not for publishing.",
    },
    "expected_built_portal": {
        "de": "ein mit 'dkbm portal build' gebautes Portal",
        "en": "a portal built with 'dkbm portal build'",
    },
    "portal_serving": {
        "de": "Portal: {url}  (Strg+C beendet)",
        "en": "Portal: {url}  (Ctrl+C stops)",
    },
}
