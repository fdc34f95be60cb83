"""The report as PDF, laid out by WeasyPrint from the HTML back-end, in Noto fonts that cover Latin,
Arabic, Chinese and Cyrillic (Debian: fonts-noto-core, fonts-noto-cjk)."""

from __future__ import annotations

import datetime as dt
import logging

from reprisals.reports.backends import printable_view
from reprisals.reports.backends.html import render_html
from reprisals.reports.render import DocumentView

# WeasyPrint reports every CSS property it ignores at WARNING; the document does not depend on them.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(doc: DocumentView, *, date: dt.date | None = None) -> bytes:
    from weasyprint import HTML

    doc = printable_view(doc)
    document = HTML(string=render_html(doc).decode(), base_url=None).render()
    # Only the title in the metadata: no author, no software dates beyond the report's own date.
    document.metadata.title = f"{doc.heading_symbol} {doc.title}"
    document.metadata.authors = []
    document.metadata.created = document.metadata.modified = (date or dt.date.today()).isoformat()
    return document.write_pdf()
