"""Exports of the register: CSV (one row per case), JSON (everything the reader may see, streamed) and the
End Reprisals (Uwazi) CSV (one row per affected party and case).

``public=True`` exports what is already public and nothing more: the cases published in final reports,
through the reports' one redaction step and inclusion rules (``reports.public``, ``reports.redaction``),
with the consent in force at the moment of the export. JSON and CSV are the public site's open data
(``/public/data/cases.json`` and ``cases.csv``, ``reports.opendata``); the Uwazi CSV has one row per
published paragraph and per person it may still show, filled only from that paragraph. No case reference,
status, title, summary, place, date of the register, source or protected field is in a public export.
Every CSV cell goes through ``spreadsheet.escape_cell`` (``opendata.safe_cell`` for the open data).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from reprisals.cases.models import AffectedParty, Allegation, Case, ConsentUse, Engagement, Incident
from reprisals.cases.selectors import cases_visible_to, consent_in_force, withhold
from reprisals.core.audit import audit_record
from reprisals.intake import uwazi
from reprisals.intake.spreadsheet import escape_row
from reprisals.reference.models import Term, UNBody
from reprisals.reports import opendata
from reprisals.reports.models import ReportEntry
from reprisals.reports.patterns import entry_label
from reprisals.reports.public import published, redacted
from reprisals.reports.redaction import Redactor, party_marker

FORMATS = ("csv", "json", "uwazi-csv")
CSV_HEADER = ["reference", "title", "country", "status", "year", "risk_level", "parties", "forms", "un_bodies",
              "first_incident", "allegations"]
CHUNK = 2000


def export_cases(actor: Any) -> QuerySet[Case]:
    """The whole register for the system (``actor`` None), else what ``actor`` may see."""
    qs = Case.objects.all() if actor is None else cases_visible_to(actor)
    return (qs.select_related("country").order_by("id").prefetch_related(
        Prefetch("parties", queryset=AffectedParty.objects.prefetch_related("roles", "consents")),
        Prefetch("incidents", queryset=Incident.objects.select_related("perpetrator").prefetch_related("forms")),
        Prefetch("engagements", queryset=Engagement.objects.select_related("un_body", "kind")),
        Prefetch("allegations", queryset=Allegation.objects.select_related("source_entity")),
    ))


def _cases(actor: Any) -> Iterator[Case]:
    for case in export_cases(actor).iterator(chunk_size=500):
        yield case if actor is None else withhold(actor, case)  # share_un consent (cases.selectors.withheld_from)


def _first_incident(case: Case) -> str:
    incidents = list(case.incidents.all())
    return str(min(incidents, key=lambda i: i.date.earliest).date) if incidents else ""


def case_record(case: Case) -> dict[str, Any]:
    """One case as plain data for staff (no protected fields)."""
    parties = [{
        "kind": party.kind, "roles": [t.code for t in party.roles.all()], "gender": party.gender,
        "is_minor": party.is_minor, "is_foreign_national": party.is_foreign_national, "name": party.name,
        "is_anonymous": party.is_anonymous, "description": party.description,
        "name_variants": [] if party.is_anonymous else party.name_variants,
        "consent": {use: consent_in_force(party, use) for use in ConsentUse.values},
    } for party in case.parties.all()]
    return {
        "reference": case.reference, "country": case.country.iso3, "status": case.status, "year": case.year,
        "parties": parties,
        "incidents": [{"date": str(i.date), "forms": [t.code for t in i.forms.all()],
                       "perpetrator": i.perpetrator.code if i.perpetrator else None, "place": i.place,
                       "description": i.description} for i in case.incidents.all()],
        "engagements": [{"un_body": e.un_body.code, "kind": e.kind.code, "date": str(e.date),
                         "description": e.description} for e in case.engagements.all()],
        "title": case.title, "summary": case.summary, "risk_level": case.risk_level,
        "is_restricted": case.is_restricted, "created_at": case.created_at.isoformat(),
        "allegations": [{"reference": a.reference, "received_on": a.received_on.isoformat(), "channel": a.channel,
                         "source_entity": a.source_entity.code if a.source_entity else None,
                         "source_reference": a.source_reference, "narrative": a.narrative}
                        for a in case.allegations.all()],
    }


def write_json(out: IO[str], cases: Iterator[Case]) -> int:
    count = 0
    out.write("[")
    for case in cases:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(case_record(case), ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


def write_csv(out: IO[str], cases: Iterator[Case]) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    count = 0
    for case in cases:
        record = case_record(case)
        forms = uwazi.join(f for i in record["incidents"] for f in i["forms"])
        bodies = uwazi.join(e["un_body"] for e in record["engagements"])
        names = uwazi.join(p["name"] or "" for p in record["parties"])
        writer.writerow(escape_row([case.reference, case.title, case.country.iso3, case.status, case.year,
                                    case.risk_level, names, forms, bodies, _first_incident(case),
                                    len(record["allegations"])]))
        count += 1
    return count


def _uwazi_row(case: Case, party: AffectedParty) -> list[Any]:
    label = uwazi.export_value
    incidents = list(case.incidents.all())
    engagements = list(case.engagements.all())
    record_type = ("unnamed" if party.is_anonymous
                   else "named_organisation" if party.kind == "organisation" else "named_individual")
    closed = case.is_closed
    gender = {"female": "female", "male": "male", "other": "other"}.get(party.gender, "unknown")
    return [
        party.display_name,
        label("case_status", "resolved" if closed else "unresolved", "Resolved" if closed else "Unresolved"),
        case.reference,
        case.year,
        case.country.name,
        "",
        label("record_type", record_type, record_type),
        label("gender", gender, gender),
        label("boolean", "yes" if party.is_minor else "no", "No"),
        label("boolean", "yes" if party.is_foreign_national else "no", "No"),
        uwazi.join(label("un_body", e.un_body.code, e.un_body.name) for e in engagements),
        uwazi.join(str(e.date) for e in engagements),
        uwazi.join(label("engagement_kind", e.kind.code, e.kind.label) for e in engagements),
        uwazi.join(str(i.date) for i in incidents),
        uwazi.join(i.place for i in incidents),
        case.summary,
        uwazi.join(label("reprisal_form", t.code, t.label) for i in incidents for t in i.forms.all()),
        uwazi.join(label("perpetrator", i.perpetrator.code, i.perpetrator.label) for i in incidents if i.perpetrator),
    ]


def write_uwazi(out: IO[str], cases: Iterator[Case]) -> int:
    writer = csv.writer(out)
    writer.writerow(uwazi.export_header())
    count = 0
    for case in cases:
        for party in case.parties.all():
            writer.writerow(escape_row(_uwazi_row(case, party)))
        count += 1
    return count


# ---------------------------------------------------------------- public: what the public site publishes


def write_public_json(out: IO[str]) -> int:
    """The open data ``/public/data/cases.json``, as the public site serves it now."""
    body = opendata.cases_json().decode("utf-8")
    out.write(body)
    return len(json.loads(body)["cases"])


def write_public_csv(out: IO[str]) -> int:
    """The open data ``/public/data/cases.csv``, as the public site serves it now."""
    body = opendata.cases_csv().decode("utf-8")
    out.write(body)
    return sum(1 for _row in csv.reader(io.StringIO(body.removeprefix("\ufeff")))) - 1


def _published_entries() -> Iterator[list[ReportEntry]]:
    """The public site's published entries (``reports.public.published``), in its order, in chunks."""
    ids = list(published().values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield list(ReportEntry.objects.filter(pk__in=ids[start:start + CHUNK]).select_related("period", "country")
                   .defer("period__snapshot").order_by("-period__start", "annex", "paragraph"))


def write_public_uwazi(out: IO[str]) -> int:
    """One row per published paragraph and per person it may still show, in the Uwazi Case template.

    Each row says only what that paragraph says on the public site: the paragraph as published now
    (``reports.public.redacted``), the person as the paragraph shows them (their name with consent to be
    named in force, else their public description: ``Redactor``, the same step as the paragraph), the
    report and paragraph, its State, and the forms of reprisal and UN bodies the report published. The
    register's own fields (status, dates, places, gender, age, nationality, perpetrators) are left empty.
    """
    label = uwazi.export_value
    forms = dict(Term.objects.filter(vocabulary="reprisal_form").values_list("code", "label"))
    bodies = dict(UNBody.objects.values_list("code", "name"))
    writer = csv.writer(out)
    writer.writerow(uwazi.export_header())
    count = 0
    for entries in _published_entries():
        shown = {(c.period_start, c.annex, c.paragraph): c for c in redacted(entries)}
        redactor = Redactor.for_parties(pid for e in entries for pid in e.parties)
        kinds = dict(AffectedParty.objects.filter(pk__in={pid for e in entries for pid in e.parties})
                     .values_list("pk", "kind"))
        for entry in entries:
            paragraph = shown.get((entry.period.start.isoformat(), entry.annex, entry.paragraph))
            if paragraph is None:
                continue
            location = entry_label(entry.period.symbol, entry.period.start, entry.period.end, entry.annex,
                                   entry.paragraph)
            for number, pid in enumerate(entry.parties, start=1):
                view = redactor.views.get(pid)
                if view is None or not view.publishable or party_marker(pid) not in entry.text:
                    continue
                record_type = ("unnamed" if not view.name else "named_organisation"
                               if kinds.get(pid) == "organisation" else "named_individual")
                writer.writerow(escape_row([
                    redactor.text(party_marker(pid)),
                    "",
                    # One location per person, as End Reprisals has it: the persons of a paragraph are numbered.
                    f"{location} ({number})" if len(entry.parties) > 1 else location,
                    entry.period.end.year,
                    paragraph.state,
                    "",
                    label("record_type", record_type, record_type),
                    "", "", "",
                    uwazi.join(label("un_body", code, bodies.get(code, code)) for code in paragraph.un_bodies),
                    "", "", "", "",
                    paragraph.text,
                    uwazi.join(label("reprisal_form", code, forms.get(code, code)) for code in paragraph.forms),
                    "",
                ]))
            count += 1
    return count


def export_run(*, actor: Any, fmt: str, out: IO[str], public: bool = False) -> int:
    """Write the export and record one audit entry; returns the number of cases written (for ``public``,
    the number of published paragraphs)."""
    if public:
        count = {"csv": write_public_csv, "json": write_public_json, "uwazi-csv": write_public_uwazi}[fmt](out)
    else:
        writers = {"csv": write_csv, "json": write_json, "uwazi-csv": write_uwazi}
        count = writers[fmt](out, _cases(actor))
    audit_record(actor=actor, action="export.run", object_type="cases", payload={
        "format": fmt, "public": public, "cases": count})
    return count
