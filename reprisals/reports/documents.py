"""Reports are small classes behind one contract: ``render(params) -> (filename, mimetype, bytes)``.

The content (``drafting``/``compose``, or a final report's snapshot) is separate from the layout: each
back-end lays out the same ``render.DocumentView``. ``params``: ``{"period": ReportingPeriod,
"public": bool}``. A public document is the redacted one; without ``public`` the officers' draft adds
what was left out and why, the patterns naming cases, and each paragraph's case reference.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from reprisals.reports import drafting, render
from reprisals.reports.backends.docx import render_docx
from reprisals.reports.backends.html import render_html
from reprisals.reports.backends.pdf import render_pdf
from reprisals.reports.models import ReportingPeriod


class PeriodicReport(ABC):
    """The Secretary-General's periodic report for one period, in one format."""

    format: ClassVar[str]
    mimetype: ClassVar[str]
    extension: ClassVar[str]

    def content(self, period: ReportingPeriod) -> dict:
        return drafting.period_content(period)

    def filename(self, period: ReportingPeriod, public: bool) -> str:
        base = (period.symbol or f"report-{period.start:%Y%m%d}-{period.end:%Y%m%d}").replace("/", "-")
        return f"{base}{'' if public else '-draft'}.{self.extension}"

    def render(self, params: dict[str, Any]) -> tuple[str, str, bytes]:
        period: ReportingPeriod = params["period"]
        public = bool(params.get("public", False))
        content = params.get("content") or self.content(period)
        view = render.prepare(content, public=public)
        return self.filename(period, public), self.mimetype, self.lay_out(view, dt.date.fromisoformat(content["date"]))

    @abstractmethod
    def lay_out(self, view: render.DocumentView, date: dt.date) -> bytes:
        """The document's bytes in this back-end's format (DOCX, PDF or HTML)."""


class DocxReport(PeriodicReport):
    format = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def lay_out(self, view: render.DocumentView, date: dt.date) -> bytes:
        return render_docx(view, date=date)


class PdfReport(PeriodicReport):
    format = "pdf"
    mimetype = "application/pdf"
    extension = "pdf"

    def lay_out(self, view: render.DocumentView, date: dt.date) -> bytes:
        return render_pdf(view, date=date)


class HtmlReport(PeriodicReport):
    format = "html"
    mimetype = "text/html; charset=utf-8"
    extension = "html"

    def lay_out(self, view: render.DocumentView, date: dt.date) -> bytes:
        return render_html(view)


REPORTS: dict[str, type[PeriodicReport]] = {cls.format: cls for cls in (DocxReport, PdfReport, HtmlReport)}
FORMATS = tuple(REPORTS)
