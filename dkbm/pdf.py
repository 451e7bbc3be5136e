"""PDF documents (the Sachstandsbericht, the Protokoll) as tagged PDF/UA-1.

They go to a Stadtrat's Vorlage or to members who may use a screen reader (BITV): the
structure tree, the document language, the title and the charts' text alternatives come
from the HTML they are made of (`<html lang>`, `<title>`, `aria-label`).
"""

from __future__ import annotations


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
