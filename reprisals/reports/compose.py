"""The content of a periodic report as plain data: the title page, sections I to V, annexes I and II,
and the statistics behind the tables and charts. No layout here (``backends`` lay it out) and no
names: paragraphs hold ``redaction`` markers, resolved when a document is rendered.

The content is a JSON-able dict, stored as the frozen snapshot of a final report::

    {"version", "symbol", "distribution", "date", "start", "end", "title", "subtitle", "summary",
     "sections": [{"number", "title", "blocks": [{"type": "p"|"h"|"table"|"chart", ...}]}],
     "annexes": [{"number", "title", "states": [{"iso3", "name", "paragraphs": [{"n", "case", "text"}]}]}],
     "stats": {key: {...}}, "parties": [ids], "internal": {...}}

Blocks and keys marked internal (``"internal": true``, ``internal``) are for officers' drafts only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from reprisals.core.dates import PartialDate
from reprisals.reports.inclusion import ANNEX_I, ANNEX_II, NAMED, OMITTED, Draft, LeftOut, Placed
from reprisals.reports.loader import CaseData
from reprisals.reports.redaction import party_marker, place_span, scrub, scrub_between_markers

# 2: an incident's place is marked (``redaction.place_span``); a version 1 text holds it as plain words.
VERSION = 2
TITLE = gettext_noop("Cooperation with the United Nations, its representatives and mechanisms in the field of human "
                     "rights")


# Who acted, as the agent of a passive sentence ("… was subjected to a travel ban by the police"). A term
# added later without a phrase here reads "by <its label>".
AGENTS = {
    "police": gettext_noop("by the police"),
    "security_intelligence": gettext_noop("by the security or intelligence services"),
    "judiciary_prosecution": gettext_noop("by the judicial or prosecuting authorities"),
    "officials": gettext_noop("by government officials"),
    "military": gettext_noop("by the military"),
    "state_media": gettext_noop("by State media"),
    "armed_group": gettext_noop("by an armed group"),
    "company": gettext_noop("by a company"),
    "media": gettext_noop("by the media"),
    "unidentified_non_state": gettext_noop("by an unidentified non-State actor"),
}
UNKNOWN_PERPETRATORS = ("unknown",)
# Kinds of engagement too vague to name in a sentence.
UNNAMED_ENGAGEMENTS = ("other",)


def agent(code: str, label: str) -> str:
    """ "by the police"; "" when the perpetrator is unknown or not recorded."""
    if not label or code in UNKNOWN_PERPETRATORS or label.casefold() in ("unknown", "not known"):
        return ""
    if code in AGENTS:
        return _(AGENTS[code])
    return _("by %(perpetrator)s") % {"perpetrator": lower(label)}


def day(d: dt.date) -> str:
    # Translators: a date format (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date), e.g.
    # "Y年n月j日" in Chinese; keep the letters that are format codes.
    return dateformat.format(d, pgettext("date in a report sentence", "j F Y"))


# A month in a sentence, one message a month, so that a language can decline the month's name ("в марте
# 2016 года") or write it its own way ("2016年3月").
IN_MONTH = (
    gettext_noop("In January %(year)s"), gettext_noop("In February %(year)s"), gettext_noop("In March %(year)s"),
    gettext_noop("In April %(year)s"), gettext_noop("In May %(year)s"), gettext_noop("In June %(year)s"),
    gettext_noop("In July %(year)s"), gettext_noop("In August %(year)s"),
    gettext_noop("In September %(year)s"), gettext_noop("In October %(year)s"),
    gettext_noop("In November %(year)s"), gettext_noop("In December %(year)s"),
)


def when(d: PartialDate, *, start: bool = True) -> str:
    """ "On 12 March 2016", "In March 2016", "In 2016" (or lower-case inside a sentence)."""
    if d.day is not None:
        text = _("On %(date)s") % {"date": day(d.earliest)}
    elif d.month is not None:
        text = _(IN_MONTH[d.month - 1]) % {"year": d.year}
    else:
        text = _("In %(year)s") % {"year": d.year}
    return text if start else text[:1].lower() + text[1:]


def join(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    # Translators: between the items of a list but the last two, e.g. "、" in Chinese.
    comma = pgettext("between items of a list", ", ")
    return _("%(first)s and %(last)s") % {"first": comma.join(items[:-1]), "last": items[-1]}


def lower(label: str) -> str:
    """A label inside a sentence: "Travel ban" → "travel ban", but "UN accreditation" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


# Full-width stops (Chinese) are followed by no space.
_STOPS = ".!?…。！？"
_WIDE_STOPS = "。！？"


def _sentence(text: str) -> str:
    """One sentence: its whitespace tidied (a part left empty leaves no double space) and a full stop."""
    text = " ".join(text.split())
    # Translators: the full stop that ends a sentence of a report, e.g. "。" in Chinese.
    return text if not text or text[-1] in _STOPS else text + pgettext("end of a sentence", ".")


def _paragraph(sentences: Sequence[str]) -> str:
    out = ""
    for s in (_sentence(s) for s in sentences if s):
        out += ("" if not out or out[-1] in _WIDE_STOPS else " ") + s
    return out


def _parties(case: CaseData, modes: dict[int, str]) -> tuple[str, int]:
    shown = [p for p in case.parties if modes.get(p.id, OMITTED) != OMITTED]
    return join([party_marker(p.id) for p in shown]), len(shown)


def _free(case: CaseData, text: str) -> str:
    """A free text of the case, scrubbed of its parties' names and of protected values, and of the names of
    persons of other cases (a relative, a colleague), anywhere in the register."""
    out = scrub(text, [p.name_set() for p in case.parties], case.all_secrets())
    return scrub_between_markers(out, case.scrub_others) if case.scrub_others and out else out


def _level_label(level: str) -> str:
    from reprisals.followup.choices import AssessmentLevel

    return str(AssessmentLevel(level).label).lower() if level in AssessmentLevel.values else level


def annex_i_text(case: CaseData, modes: dict[int, str], period_end: dt.date | None = None) -> str:
    """A new case's paragraph. Communications and responses are told up to the end of the period: what
    comes later is told once, in the next report's annex II, which starts where this period ends."""
    parties, count = _parties(case, modes)
    first = case.incidents[0] if case.incidents else None
    all_named = all(modes.get(p.id) == NAMED for p in case.parties if modes.get(p.id, OMITTED) != OMITTED)
    sentences = []
    if first is not None:
        forms = join(sorted({lower(label) for i in case.incidents for _c, label in i.forms}))
        by = agent(first.perpetrator_code, first.perpetrator)
        # A place can identify a person who is not named: given only when everyone is named, and marked so
        # that it is shown only while everyone still is (``redaction.places``).
        where = place_span(_("in %(place)s") % {"place": _free(case, first.place)}) if first.place and all_named \
            else ""
        # Translators: %(by)s is who acted ("by the police") and %(where)s the place ("in Manama"), either
        # possibly empty; put them where the language needs them, with the spaces it needs (none in Chinese).
        sentences.append(ngettext(
            "%(when)s, %(parties)s was reportedly subjected to %(forms)s %(by)s %(where)s",
            "%(when)s, %(parties)s were reportedly subjected to %(forms)s %(by)s %(where)s", count,
        ) % {"when": when(first.date), "parties": parties, "forms": forms, "by": by, "where": where})
    else:
        sentences.append(_("The case concerns %(parties)s") % {"parties": parties})
    if case.engagements:
        bodies = join(list(dict.fromkeys(e.body_name for e in case.engagements)))
        kinds = join(list(dict.fromkeys(lower(e.kind) for e in case.engagements
                                        if e.kind_code not in UNNAMED_ENGAGEMENTS)))
        if kinds:
            sentences.append(_("This followed their cooperation with the United Nations (%(kinds)s: %(bodies)s)")
                             % {"kinds": kinds, "bodies": bodies})
        else:
            sentences.append(_("This followed their cooperation with the United Nations (%(bodies)s)")
                             % {"bodies": bodies})
    if case.summary.strip():
        sentences.append(_free(case, case.summary))
    sentences += _raised_and_answered(case.communications, None, period_end)
    return _paragraph(sentences)


def _raised_and_answered(comms: Sequence, after: dt.date | None, until: dt.date | None) -> list[str]:
    chosen = [c for c in comms if (after is None or c.sent_on > after) and (until is None or c.sent_on <= until)]
    out = []
    for c in chosen:
        out.append(_("On %(date)s, the case was raised with the Government by the %(body)s")
                   % {"date": day(c.sent_on), "body": c.body_name})
    answers = [(r.received_on, c) for c in comms for r in c.responses
               if (after is None or r.received_on > after) and (until is None or r.received_on <= until)]
    for received_on, c in sorted(answers, key=lambda a: a[0]):
        text = _("On %(date)s, the Government responded") % {"date": day(received_on)}
        if c.level:
            text += "; " + _("the response was assessed as: %(level)s") % {"level": _level_label(c.level)}
        out.append(text)
    if chosen and not any(c.responses for c in chosen) and not answers:
        out.append(_("No response had been received at the time of writing"))
    return out


def annex_ii_text(case: CaseData, modes: dict[int, str], period_end: dt.date) -> str:
    from reprisals.reports.patterns import entry_label

    last = case.prior[-1]
    refs = join([entry_label(p.symbol, p.start, p.end, p.annex, p.paragraph) for p in case.prior])
    parties, _count = _parties(case, modes)
    sentences = [_("Follow-up to %(refs)s, concerning %(parties)s") % {"refs": refs, "parties": parties}]
    since = _raised_and_answered(case.communications, last.end, period_end)
    for d in case.developments:
        if d.for_next_report and last.end < d.date.earliest <= period_end:
            since.append(_("%(when)s: %(kind)s. %(what)s") % {"when": when(d.date), "kind": d.kind,
                                                               "what": _sentence(_free(case, d.description))})
    if since:
        sentences += since
    else:
        sentences.append(_("No new information was received during the reporting period"))
    latest = [c.level for c in case.communications if c.level]
    if not latest or latest[-1] != "adequate":
        sentences.append(_("The case remains under follow-up until the State responds adequately"))
    return _paragraph(sentences)


def annex_paragraphs(placed: Sequence[Placed], data: dict[int, CaseData], period_end: dt.date) -> list[dict]:
    states: list[dict] = []
    for p in placed:
        case = data[p.case.id]
        text = (annex_i_text(case, p.party_modes, period_end) if p.annex == ANNEX_I
                else annex_ii_text(case, p.party_modes, period_end))
        if not states or states[-1]["name"] != case.state:
            states.append({"iso3": case.iso3, "name": case.state, "paragraphs": []})
        states[-1]["paragraphs"].append({
            "n": p.paragraph, "case": case.id, "text": text,
            "parties": [pid for pid, mode in p.party_modes.items() if mode != OMITTED],
            "facets": {"forms": sorted({c for i in case.incidents for c, _l in i.forms}),
                       "un_bodies": sorted({e.body_code for e in case.engagements})},
        })
    return states


def left_out_rows(left_out: Sequence[LeftOut], labels: dict[str, str], decision_labels: dict[str, str]) -> list[dict]:
    return [{"case": item.case.id, "reference": item.case.reference, "state": item.case.state,
             "annex": item.annex or "", "reason": item.reason, "detail": item.detail,
             "reason_label": decision_labels.get(item.detail, labels.get(item.reason, item.reason))
             if item.reason == "decided" else labels.get(item.reason, item.reason)} for item in left_out]


def count_states(placed: Sequence[Placed]) -> int:
    return len({p.case.state for p in placed})


def build_content(*, draft: Draft, data: dict[int, CaseData], symbol: str, title: str, start: dt.date,
                  end: dt.date, date: dt.date, summary: str, conclusions: str, stats: dict[str, dict],
                  communications_by_actor: dict, internal: dict) -> dict:
    n1, n2 = len(draft.annex_i), len(draft.annex_ii)
    s1, s2 = count_states(draft.annex_i), count_states(draft.annex_ii)
    all_parties = sorted({pid for p in (*draft.annex_i, *draft.annex_ii) for pid, m in p.party_modes.items()
                          if m != OMITTED})
    figures = {"start": day(start), "end": day(end),
               "n1": ngettext("%(n)s new case", "%(n)s new cases", n1) % {"n": n1},
               "s1": ngettext("%(n)s State", "%(n)s States", s1) % {"n": s1},
               "n2": ngettext("%(n)s case", "%(n)s cases", n2) % {"n": n2},
               "s2": ngettext("%(n)s State", "%(n)s States", s2) % {"n": s2}}
    generated_summary = _(
        "The present report, submitted pursuant to Human Rights Council resolution 12/2, covers the period from "
        "%(start)s to %(end)s. It contains information on %(n1)s of intimidation and reprisal concerning "
        "%(s1)s (annex I) and follow-up information on %(n2)s concerning %(s2)s reported earlier (annex II).") % figures
    sections = [
        {"number": "I", "title": _("Introduction"), "blocks": [
            {"type": "p", "text": _(
                "The present report is submitted pursuant to Human Rights Council resolution 12/2. It covers the "
                "period from %(start)s to %(end)s and gives information on acts of intimidation and reprisal "
                "against those who cooperate, seek to cooperate or have cooperated with the United Nations, its "
                "representatives and mechanisms in the field of human rights.") % figures},
            {"type": "p", "text": _(
                "Information was gathered from across the United Nations system and from civil society. Cases "
                "are included only with the informed consent of those concerned, and are left out where "
                "including them could put anyone at risk. Persons who did not consent to being named are "
                "described without their names.")},
        ]},
        {"number": "II", "title": _("Activities by United Nations actors"), "blocks": [
            {"type": "p", "text": ngettext(
                "During the reporting period, United Nations actors sent %(n)s communication about cases of "
                "intimidation and reprisal to States.",
                "During the reporting period, United Nations actors sent %(n)s communications about cases of "
                "intimidation and reprisal to States.", communications_by_actor["total"])
                % {"n": communications_by_actor["total"]}},
            {"type": "table", "stat": "communications", "caption": _("Communications sent, by United Nations actor")},
        ]},
        {"number": "III", "title": _("Information on cases"), "blocks": [
            {"type": "p", "text": _(
                "Annex I contains information on %(n1)s concerning %(s1)s; annex II contains follow-up "
                "information on %(n2)s concerning %(s2)s included in earlier reports. "
                "The figures below count the cases in both annexes.") % figures},
            {"type": "table", "stat": "by_group", "caption": _("Cases by regional group")},
            {"type": "chart", "stat": "by_group", "caption": _("Cases by regional group")},
            {"type": "table", "stat": "by_form", "caption": _("Cases by form of intimidation or reprisal")},
            {"type": "chart", "stat": "by_form", "caption": _("Cases by form of intimidation or reprisal")},
            {"type": "table", "stat": "by_body", "caption": _("Cases by United Nations body engaged with")},
            {"type": "table", "stat": "by_role_gender", "caption": _("Persons and organisations by role and gender")},
            {"type": "chart", "stat": "by_role_gender", "caption": _("Persons and organisations by role and gender")},
            {"type": "p", "text": _(
                "The response rate counts the communications about these cases sent by the end of the period, "
                "those the State answered, those answered by the deadline, and those whose answer was assessed "
                "as adequate.")},
            {"type": "table", "stat": "response", "caption": _("State response rate")},
        ]},
        {"number": "IV", "title": _("Trends"), "blocks": [
            {"type": "table", "stat": "trend", "caption": _("Cases in each report")},
            {"type": "chart", "stat": "trend", "caption": _("Cases in each report")},
            {"type": "patterns"},
        ]},
        {"number": "V", "title": _("Conclusions and recommendations"), "blocks": [
            {"type": "p", "text": text} for text in _paragraphs(conclusions) or [_(
                "The Secretary-General reiterates that any act of intimidation or reprisal against individuals "
                "and groups for their cooperation with the United Nations in the field of human rights is "
                "unacceptable and must stop."), _(
                "States are urged to investigate every allegation promptly, independently and impartially, to "
                "hold those responsible to account, to provide effective remedies to victims, and to adopt "
                "measures that prevent further acts of intimidation and reprisal.")]
        ]},
    ]
    return {
        "version": VERSION, "symbol": symbol, "distribution": _("General"), "date": date.isoformat(),
        "start": start.isoformat(), "end": end.isoformat(), "title": _(TITLE), "period_title": title,
        "subtitle": _("Report of the Secretary-General"), "summary": summary or generated_summary,
        "sections": sections,
        "annexes": [
            {"number": ANNEX_I, "title": _("Information on new cases, by State"),
             "states": annex_paragraphs(draft.annex_i, data, end)},
            {"number": ANNEX_II, "title": _("Follow-up information on cases included in earlier reports, by State"),
             "states": annex_paragraphs(draft.annex_ii, data, end)},
        ],
        "stats": {**stats, "communications": communications_by_actor["list"]},
        "parties": all_parties,
        "internal": internal,
    }


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]
