"""An HTML mail ends with its closing and signature once, as its text part does (the
layout adds no second signature)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dkbm.notifications.render import TEMPLATES, render

SIGNATURE = "Koordination\nBildungsbüro Kreis"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_rendered_mail_is_signed_once(lang: str) -> None:
    mail = render(
        "erinnerung",
        lang,
        {"empfaenger": "Anna", "aufgabe": "x", "zyklus": "Z", "tage": 1, "frist": "01.01.2027",
         "link": "", "absender": SIGNATURE},
    )  # fmt: skip
    assert mail.text.count("Bildungsbüro Kreis") == 1
    assert mail.html.count("Bildungsbüro Kreis") == 1
    assert mail.html.rstrip().endswith("Koordination<br>Bildungsbüro Kreis</p>\n</body></html>")


def test_every_html_template_has_the_signature_in_its_body_and_the_layout_none() -> None:
    layout = (Path(TEMPLATES) / "layout.html").read_text(encoding="utf-8")
    assert "{{ absender }}" not in layout
    pages = sorted(Path(TEMPLATES).glob("*/*.html"))
    assert len(pages) > 30
    for page in pages:
        assert page.read_text(encoding="utf-8").count("{{ absender }}") == 1, page
