"""The report as one self-contained HTML file (styles inside, charts as data URIs)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from reprisals.reports.render import DocumentView


def render_html(doc: DocumentView) -> bytes:
    return render_to_string("reports/document.html", {"doc": doc, "language": get_language() or "en"}).encode()
