"""Texts: organisations (Einrichtungen, Träger, Betriebe, Kammern, Vereine …)."""

TEXTS: dict[str, dict[str, str]] = {
    "kind_organisation": {"de": "Organisation", "en": "organisation"},
    "organisation_migration_merged": {
        "de": "Organisation '{name}' aus {spellings} zusammengeführt",
        "en": "Organisation '{name}' merged from {spellings}",
    },
    "organisation_migration_done": {
        "de": "{count} Organisation(en) aus den Angaben der Akteure angelegt, {merged} davon "
        "aus mehreren Schreibweisen zusammengeführt; Art und Sektor prüfen mit "
        "'dkbm organisation list'",
        "en": "{count} organisation(s) created from what the actors gave, {merged} of them "
        "merged from several spellings; check kind and sector with 'dkbm organisation list'",
    },
    "reason_organisation_has_actors": {
        "de": "zu Organisation {id} ({name}) gehören noch {count} Akteur(e); erst mit "
        "'dkbm organisation zusammenfuehren NR {id}' in eine andere überführen oder ihre "
        "Akteure mit 'dkbm akteur aendern AKTEUR --organisation NAME' umhängen",
        "en": "organisation {id} ({name}) still has {count} actor(s); first merge it into "
        "another with 'dkbm organisation zusammenfuehren NO {id}' or move its actors with "
        "'dkbm akteur aendern ACTOR --organisation NAME'",
    },
    "reason_organisation_merge_self": {
        "de": "eine Organisation ({id}) kann nicht mit sich selbst zusammengeführt werden",
        "en": "an organisation ({id}) cannot be merged with itself",
    },
    "expected_website": {
        "de": "ein Link mit https:// oder http:// und einer Adresse",
        "en": "a link with https:// or http:// and a host",
    },
    "expected_organisation_kind": {
        "de": "eine der Arten {kinds}",
        "en": "one of the kinds {kinds}",
    },
}
