"""The report as DOCX, editable in Word and LibreOffice: real styles (Title, Heading 1-3, Caption),
paragraphs numbered by Word's own numbering (restarting at 1 in each annex), and real tables.

Fonts: Noto for Latin, Cyrillic and Greek; Noto Naskh Arabic for right-to-left scripts; Noto Sans CJK
SC for East Asian text, set on the styles so that every run picks the right one.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reprisals.reports.backends import printable_view
from reprisals.reports.render import DocumentView, Table

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff\u4e00-\u9fff]")
PARAGRAPH_STYLE = "Numbered Paragraph"
PARAGRAPH_STYLE_ID = "NumberedParagraph"


def _fonts(style: object) -> None:
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, name in (("w:ascii", "Noto Serif"), ("w:hAnsi", "Noto Serif"), ("w:cs", "Noto Naskh Arabic"),
                       ("w:eastAsia", "Noto Sans CJK SC")):
        fonts.set(qn(attr), name)


class _Numbering:
    """One abstract numbering ("1.", hanging indent) and a fresh list (w:num) per numbered run of
    paragraphs, restarting at 1."""

    def __init__(self, document: Document) -> None:
        self.numbering = document.part.numbering_part.element
        self.abstract_id = 90
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(self.abstract_id))
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "singleLevel")
        abstract.append(multi)
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), "0")
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1."), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "567")
        ind.set(qn("w:hanging"), "567")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.next_id = 900

    def new_list(self) -> int:
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_id))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(self.abstract_id))
        num.append(ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.numbering.append(num)
        self.next_id += 1
        return self.next_id - 1


def _numbered(document: Document, text: str, num_id: int) -> None:
    # The style is set by its id: python-docx looks a style up by name through the whole styles part on
    # every call, which made thousands of paragraphs take minutes.
    paragraph = document.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), PARAGRAPH_STYLE_ID)
    ppr.insert(0, style)
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    style.addnext(numpr)
    _text(paragraph, text)


def _text(paragraph: object, text: str) -> None:
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    if get_language_bidi() or (_RTL.search(text) and not _LTR.search(text)):
        bidi = OxmlElement("w:bidi")
        paragraph._p.get_or_add_pPr().append(bidi)  # type: ignore[attr-defined]
    if _RTL.search(text):
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl") if not _LTR.search(text) else OxmlElement("w:cs"))


def _table(document: Document, table: Table) -> None:
    document.add_paragraph(table.caption, style="Caption")
    t = document.add_table(rows=1, cols=len(table.header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    if get_language_bidi():  # columns run right to left, as the text does
        t._tbl.tblPr.append(OxmlElement("w:bidiVisual"))  # type: ignore[attr-defined]
    for cell, text in zip(t.rows[0].cells, table.header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(t.rows[0])
    for row in table.rows:
        cells = t.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if i:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.note:
        document.add_paragraph(table.note, style="Note")


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def _styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    _fonts(normal)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        _fonts(styles[name])
    numbered = styles.add_style(PARAGRAPH_STYLE, 1)
    assert numbered.style_id == PARAGRAPH_STYLE_ID
    numbered.base_style = normal
    numbered.paragraph_format.space_after = Pt(6)
    numbered.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    note = styles.add_style("Note", 1)
    note.base_style = normal
    note.font.size = Pt(8)
    if get_language_bidi():  # a right-to-left document: every paragraph style reads right to left
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "Header",
                     PARAGRAPH_STYLE, "Note"):
            styles[name].element.get_or_add_pPr().append(OxmlElement("w:bidi"))


def render_docx(doc: DocumentView, *, date: dt.date | None = None) -> bytes:
    doc = printable_view(doc)  # XML cannot hold every stored character: python-docx would raise
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.header.paragraphs[0].text = doc.heading_symbol
    _styles(document)
    numbering = _Numbering(document)
    core = document.core_properties
    core.title = f"{doc.heading_symbol} {doc.title}"
    core.author = core.last_modified_by = _("United Nations")
    core.comments = core.keywords = core.subject = ""
    stamp = dt.datetime.combine(date or dt.date.today(), dt.time(0, 0))
    core.created = core.modified = stamp
    core.revision = 1

    top = document.add_paragraph()
    top.add_run(_("United Nations")).bold = True
    top.add_run("\t" + doc.heading_symbol).bold = True
    document.add_paragraph("\n".join([_("General Assembly"), _("Distr.") + ": " + doc.distribution, doc.date]))
    if not doc.public:
        document.add_paragraph(_("DRAFT FOR OFFICERS: not for publication."), style="Note")
    if doc.period_title:
        document.add_paragraph(doc.period_title)
    document.add_paragraph(doc.title, style="Title")
    document.add_paragraph(doc.subtitle, style="Subtitle")
    document.add_heading(_("Summary"), level=2)
    document.add_paragraph(doc.summary)

    body_list = numbering.new_list()
    for s in doc.sections:
        document.add_heading(f"{s.number}. {s.title}", level=1)
        for block in s.blocks:
            if block.kind == "p":
                _numbered(document, block.text, body_list)
            elif block.kind == "table" and block.table:
                _table(document, block.table)
            elif block.kind == "chart" and block.chart and block.chart.png:
                document.add_picture(io.BytesIO(block.chart.png), width=Cm(15))
                document.add_paragraph(f"{block.chart.caption} {block.chart.note}".strip(), style="Caption")
    for annex in doc.annexes:
        document.add_page_break()
        heading = document.add_heading(_("Annex %(n)s") % {"n": annex.number}, level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(annex.title, style="Subtitle").alignment = WD_ALIGN_PARAGRAPH.CENTER
        annex_list = numbering.new_list()
        if not annex.states:
            document.add_paragraph(_("No cases."))
        for state in annex.states:
            document.add_heading(state.name, level=2)
            for p in state.paragraphs:
                _numbered(document, p.text + (f" [{p.reference}]" if p.reference else ""), annex_list)
    if doc.internal:
        document.add_page_break()
        document.add_heading(_("For officers only: left out of the report"), level=1)
        rows = [[r["reference"], r["state"], r["annex"] or "—", r["reason_label"]] for r in doc.internal.left_out]
        _table(document, Table(_("Left out"), [_("Case"), _("State"), _("Annex"), _("Why")], rows))
        document.add_heading(_("For officers only: patterns"), level=1)
        pats = doc.internal.patterns
        states = "; ".join(f"{s['state']} ({', '.join(s['periods'])})" for s in pats.get("states", []))
        persons = "; ".join(f"{r['reference']} ← {r['earlier_reference']} ({r['earlier_report']})"
                            for r in pats.get("persons", []))
        bodies = "; ".join(f"{s['reference']} ({', '.join(s['bodies'])})" for s in pats.get("bodies", []))
        document.add_paragraph(_("States with cases in three or more reports") + ": " + states)
        document.add_paragraph(_("Persons targeted again after a first report") + ": " + persons)
        document.add_paragraph(_("Cases raised by several UN bodies") + ": " + bodies)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
