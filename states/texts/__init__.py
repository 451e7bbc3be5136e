"""The message catalog by area: each module holds TEXTS, key -> {"de": …, "en": …}."""
