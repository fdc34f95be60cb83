"""The report as one self-contained HTML file (styles inside, charts as data URIs)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi

from reprisals.reports.backends import printable_view
from reprisals.reports.render import DocumentView


def render_html(doc: DocumentView) -> bytes:
    return render_to_string("reports/document.html", {
        "doc": printable_view(doc), "language": get_language() or "en",
        "direction": "rtl" if get_language_bidi() else "ltr",
    }).encode()
