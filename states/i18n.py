"""User-facing texts in German (default) and English.

The catalog is plain data so the pure domain can name a refusal by key and
parameters, and the edges (CLI, flows, notifications) render it in the
reader's language.
"""

from __future__ import annotations

import importlib
import os
import pkgutil

from dkbm.states import texts

LANGUAGES = ("de", "en")

_language = os.environ.get("DKBM_LANG", "de") if os.environ.get("DKBM_LANG") in LANGUAGES else "de"


def _merged() -> dict[str, dict[str, str]]:
    """Every module of `states/texts/` (one per area) joined into one catalog; a key that
    two areas define is an error at import, not a silent overwrite."""
    catalog: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(texts.__path__), key=lambda m: m.name):
        area = importlib.import_module(f"{texts.__name__}.{info.name}")
        twice = catalog.keys() & area.TEXTS.keys()
        if twice:
            raise RuntimeError(f"catalog keys defined twice: {sorted(twice)}")
        catalog.update(area.TEXTS)
    return catalog


CATALOG: dict[str, dict[str, str]] = _merged()


def set_language(lang: str) -> None:
    """Choose the language for everything rendered from now on in this process."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _language = lang


def language() -> str:
    return _language


def readable(stored: str) -> str:
    """A stored reason or error in the reader's language: a catalog key, optionally after
    a channel (`mailto://host/…#ab12cd: cause_dns`); anything else as it is."""
    head, _, tail = stored.rpartition(": ")
    if stored in CATALOG:
        return t(stored)
    if tail in CATALOG:
        return f"{head}: {t(tail)}"
    return stored


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Render catalog entry *key* in *lang* (default: the process language)."""
    entry = CATALOG[key]
    return entry[lang or _language].format(**params)
