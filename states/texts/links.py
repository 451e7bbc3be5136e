"""Texts: the link policy (where a typed link may point)."""

TEXTS: dict[str, dict[str, str]] = {
    "expected_link": {
        "de": "ein Link mit https://, http:// oder mailto:, z. B. https://meet.kreis.example/bildung",
        "en": "a link with https://, http:// or mailto:, e.g. https://meet.kreis.example/education",
    },
}
