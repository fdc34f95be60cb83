"""From a report's content to what a document shows: the one place where texts are redacted, tables
protected and charts drawn, for every back-end (DOCX, PDF, HTML).

``prepare(content, public=...)`` resolves every marker through ``redaction.Redactor`` (the consent in
force now), protects every count with ``disclosure`` when public, draws the charts from the
protected figures, and keeps the officers' notes (what was left out and why, patterns naming cases,
case references) only when not public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reprisals.reports import charts, compose, conf, disclosure
from reprisals.reports.disclosure import OTHER
from reprisals.reports.redaction import Redactor

HIDDEN = "x"


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Chart:
    caption: str
    png: bytes
    note: str = ""

    @property
    def data_uri(self) -> str:
        import base64

        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass
class Block:
    kind: str  # "p", "table", "chart"
    text: str = ""
    number: int | None = None
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    number: str
    title: str
    blocks: list[Block]


@dataclass
class Paragraph:
    n: int
    text: str
    reference: str = ""


@dataclass
class StateGroup:
    name: str
    paragraphs: list[Paragraph]


@dataclass
class AnnexView:
    number: str
    title: str
    states: list[StateGroup]

    @property
    def empty(self) -> bool:
        return not self.states


@dataclass
class Internal:
    left_out: list[dict]
    omitted_parties: list[dict]
    patterns: dict


@dataclass
class DocumentView:
    symbol: str
    distribution: str
    date: str
    title: str
    subtitle: str
    period_title: str
    summary: str
    sections: list[Section]
    annexes: list[AnnexView]
    public: bool
    internal: Internal | None = None
    charts: list[Chart] = field(default_factory=list)

    @property
    def heading_symbol(self) -> str:
        return self.symbol or _("[symbol to be assigned]")


def prepare(content: dict, *, public: bool, redactor: Redactor | None = None) -> DocumentView:
    redactor = redactor or Redactor.for_parties(content.get("parties", []))
    threshold = conf.min_cell()
    text = redactor.text
    references = content.get("internal", {}).get("references", {}) if not public else {}
    sections: list[Section] = []
    number = 0
    for section in content["sections"]:
        blocks: list[Block] = []
        for block in section["blocks"]:
            if block["type"] == "p":
                number += 1
                blocks.append(Block("p", text(block["text"]), number))
            elif block["type"] == "patterns":
                number += 1
                blocks.append(Block("p", _patterns_text(content["stats"]["patterns"], public, threshold), number))
            elif block["type"] == "table":
                blocks.append(Block("table", table=_table(content["stats"][block["stat"]], block["caption"],
                                                          public, threshold)))
            elif block["type"] == "chart":
                blocks.append(Block("chart", chart=_chart(content["stats"][block["stat"]], block["caption"],
                                                          public, threshold)))
        sections.append(Section(section["number"], section["title"], blocks))
    annexes = [
        AnnexView(a["number"], a["title"], [
            StateGroup(s["name"], [Paragraph(p["n"], text(p["text"], p.get("parties"), p.get("case")),
                                             references.get(str(p["case"]), ""))
                                   for p in s["paragraphs"]])
            for s in a["states"]])
        for a in content["annexes"]
    ]
    internal = None
    if not public:
        i = content.get("internal", {})
        internal = Internal(i.get("left_out", []), i.get("omitted_parties", []), i.get("patterns", {}))
    return DocumentView(
        symbol=content["symbol"], distribution=content["distribution"],
        date=compose.day(dt.date.fromisoformat(content["date"])), title=content["title"],
        subtitle=content["subtitle"], period_title=text(content.get("period_title", "")),
        summary=text(content["summary"]), sections=sections, annexes=annexes, public=public, internal=internal,
    )


def _hidden_note(threshold: int) -> str:
    return _("x: not shown to protect identities (fewer than %(n)s, or a figure from which one could be worked "
             "out).") % {"n": threshold}


def _patterns_text(p: dict, public: bool, threshold: int) -> str:
    def show(n: int) -> str:
        return disclosure.band(n, threshold) if public else str(n)

    return _("%(states)s States had cases in three or more reports. Cases of %(persons)s persons targeted again "
             "after a first report are included, and %(bodies)s cases were raised by several United Nations "
             "bodies.") % {"states": show(p["states"]), "persons": show(p["persons"]), "bodies": show(p["bodies"])}


def _table(stat: dict, caption: str, public: bool, threshold: int) -> Table:
    kind = stat["kind"]
    if kind == "list":
        return _list_table(stat, caption, public, threshold)
    if kind == "table":
        return _cross_table(stat, caption, public, threshold)
    if kind == "response":
        return _response_table(stat, caption, public, threshold)
    raise ValueError(kind)


def _list_rows(stat: dict, public: bool, threshold: int) -> tuple[list[tuple[str, int | None]], int | None, str]:
    labels = {code: label for code, label, _n in stat["items"]}
    counts = {code: n for code, _label, n in stat["items"]}
    if not public:
        return [(labels[c], n) for c, n in counts.items()], sum(counts.values()), ""
    protected = disclosure.protect_counts(counts, threshold)
    rows = [(_("Other (grouped to protect identities)") if c == OTHER else labels[c], n) for c, n in protected.rows]
    note = _hidden_note(threshold) if protected.other_count or protected.all_suppressed else ""
    return rows, protected.total, note


def _list_table(stat: dict, caption: str, public: bool, threshold: int) -> Table:
    rows, total, note = _list_rows(stat, public, threshold)
    body = [[label, str(n)] for label, n in rows]
    body.append([_("Total"), HIDDEN if total is None else str(total)])
    return Table(caption, ["", _("Cases")], body, note)


def _cross(stat: dict, public: bool, threshold: int) -> tuple[list[str], list[str], dict, dict, dict, object]:
    rows = [code for code, _l in stat["rows"]]
    columns = [code for code, _l in stat["columns"]]
    counts = {(r, c): n for r, c, n in stat["counts"]}
    protected = disclosure.protect_table(counts, rows, columns, threshold if public else 1)
    return rows, columns, protected.cells, protected.row_totals, protected.column_totals, protected.total


def _cross_table(stat: dict, caption: str, public: bool, threshold: int) -> Table:
    rows, columns, cells, row_totals, column_totals, total = _cross(stat, public, threshold)
    row_labels = dict(map(tuple, stat["rows"]))
    col_labels = dict(map(tuple, stat["columns"]))

    def show(cell: disclosure.Cell) -> str:
        return HIDDEN if cell.value is None else str(cell.value)

    body = [[row_labels[r], *(show(cells[(r, c)]) for c in columns), show(row_totals[r])] for r in rows]
    body.append([_("Total"), *(show(column_totals[c]) for c in columns), show(total)])  # type: ignore[arg-type]
    hidden = any(c.value is None for c in cells.values())
    return Table(caption, ["", *(col_labels[c] for c in columns), _("Total")], body,
                 _hidden_note(threshold) if hidden else "")


def _rate(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def _response_table(stat: dict, caption: str, public: bool, threshold: int) -> Table:
    header = [_("State"), _("Communications"), _("Answered"), _("Answered on time"), _("Assessed adequate")]
    states = {row[0]: row[1:] for row in stat["states"]}
    body: list[list[str]] = []
    note = ""
    if public:
        protected = disclosure.protect_counts({s: v[0] for s, v in states.items()}, threshold)
        for state, _sent in protected.rows:
            if state == OTHER:
                grouped = [v for s, v in states.items() if s not in dict(protected.rows)]
                sums = [sum(col) for col in zip(*grouped, strict=True)] if grouped else [0, 0, 0, 0]
                body.append([_("Other States (grouped to protect identities)"), *_rates(sums)])
                note = _hidden_note(threshold)
            else:
                body.append([state, *_rates(states[state])])
        total = stat["total"]
        body.append([_("Total"), *(_rates(total) if total[0] >= threshold else [HIDDEN] * 4)])
        return Table(caption, header, body, (note + " " if note else "") + _("Shares of the communications sent."))
    for state, v in states.items():
        body.append([state, *_counts_and_rates(v)])
    body.append([_("Total"), *_counts_and_rates(stat["total"])])
    return Table(caption, header, body)


def _rates(v: list[int]) -> list[str]:
    sent, answered, on_time, adequate = v
    return [str(sent), _rate(answered, sent), _rate(on_time, sent), _rate(adequate, sent)]


def _counts_and_rates(v: list[int]) -> list[str]:
    sent, answered, on_time, adequate = v
    return [str(sent), f"{answered} ({_rate(answered, sent)})", f"{on_time} ({_rate(on_time, sent)})",
            f"{adequate} ({_rate(adequate, sent)})"]


def _chart(stat: dict, caption: str, public: bool, threshold: int) -> Chart:
    note = ""
    if stat["kind"] == "list":
        rows, _total, note = _list_rows(stat, public, threshold)
        if not any(n for _l, n in rows):
            return Chart(caption, b"", note)
        png = charts.bars([label for label, _n in rows], [("", [n or 0 for _l, n in rows])])
    else:
        rows, columns, cells, _rt, _ct, _t = _cross(stat, public, threshold)
        row_labels = dict(map(tuple, stat["rows"]))
        col_labels = dict(map(tuple, stat["columns"]))
        series = [(col_labels[c], [cells[(r, c)].value or 0 for r in rows]) for c in columns]
        if any(cell.value is None for cell in cells.values()):
            note = _hidden_note(threshold)
        if not any(v for _name, values in series for v in values):
            return Chart(caption, b"", note)
        png = charts.bars([row_labels[r] for r in rows], series)
    return Chart(caption, png, note)
