"""Texts: the Wissensbibliothek."""

TEXTS: dict[str, dict[str, str]] = {
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
}
