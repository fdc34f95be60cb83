"""Exports of the register: CSV (one row per case), JSON (everything the reader may see, streamed) and the
End Reprisals (Uwazi) CSV (one row per affected party and case).

``public=True`` is a conservative stand-in for the shared redaction step of the reports work: a case is
exported only when it is not restricted and every party in it has consented to publication (by name, or
anonymously); names appear only with a consent to publish the name, otherwise the public description.
Titles, summaries, narratives, places, sources, contacts, risk notes and all protected fields are never
in a public export. Every CSV cell goes through ``spreadsheet.escape_cell``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from reprisals.cases.models import AffectedParty, Allegation, Case, ConsentUse, Engagement, Incident
from reprisals.cases.selectors import cases_visible_to, consent_in_force
from reprisals.core.audit import audit_record
from reprisals.intake import uwazi
from reprisals.intake.spreadsheet import escape_row

FORMATS = ("csv", "json", "uwazi-csv")
CSV_HEADER = ["reference", "title", "country", "status", "year", "risk_level", "parties", "forms", "un_bodies",
              "first_incident", "allegations"]
PUBLIC_CSV_HEADER = ["reference", "country", "status", "year", "parties", "forms", "un_bodies", "first_incident"]


def export_cases(actor: Any) -> QuerySet[Case]:
    """The whole register for the system (``actor`` None), else what ``actor`` may see."""
    qs = Case.objects.all() if actor is None else cases_visible_to(actor)
    return (qs.select_related("country").order_by("id").prefetch_related(
        Prefetch("parties", queryset=AffectedParty.objects.prefetch_related("roles", "consents")),
        Prefetch("incidents", queryset=Incident.objects.select_related("perpetrator").prefetch_related("forms")),
        Prefetch("engagements", queryset=Engagement.objects.select_related("un_body", "kind")),
        Prefetch("allegations", queryset=Allegation.objects.select_related("source_entity")),
    ))


def public_party_name(party: AffectedParty) -> str | None:
    """The name shown publicly, or None when the party did not consent to any publication."""
    if party.name and not party.is_anonymous and consent_in_force(party, ConsentUse.PUBLISH_NAME):
        return party.name
    if consent_in_force(party, ConsentUse.PUBLISH_ANONYMOUSLY) or consent_in_force(party, ConsentUse.PUBLISH_NAME):
        return party.description or str(_("Anonymous"))
    return None


def publishable(case: Case) -> bool:
    parties = list(case.parties.all())
    return not case.is_restricted and bool(parties) and all(public_party_name(p) is not None for p in parties)


def _cases(actor: Any, public: bool) -> Iterator[Case]:
    for case in export_cases(actor).iterator(chunk_size=500):
        if not public or publishable(case):
            yield case


def _first_incident(case: Case) -> str:
    incidents = list(case.incidents.all())
    return str(min(incidents, key=lambda i: i.date.earliest).date) if incidents else ""


def case_record(case: Case, *, public: bool) -> dict[str, Any]:
    """One case as plain data: full for staff (no protected fields), redacted for ``public``."""
    parties = []
    for party in case.parties.all():
        entry: dict[str, Any] = {
            "kind": party.kind, "roles": [t.code for t in party.roles.all()], "gender": party.gender,
            "is_minor": party.is_minor, "is_foreign_national": party.is_foreign_national,
        }
        if public:
            entry["name"] = public_party_name(party)
        else:
            entry.update(name=party.name, is_anonymous=party.is_anonymous, description=party.description,
                         name_variants=[] if party.is_anonymous else party.name_variants,
                         consent={use: consent_in_force(party, use) for use in ConsentUse.values})
        parties.append(entry)
    record: dict[str, Any] = {
        "reference": case.reference, "country": case.country.iso3, "status": case.status, "year": case.year,
        "parties": parties,
        "incidents": [{"date": str(i.date), "forms": [t.code for t in i.forms.all()],
                       "perpetrator": i.perpetrator.code if i.perpetrator else None,
                       **({} if public else {"place": i.place, "description": i.description})}
                      for i in case.incidents.all()],
        "engagements": [{"un_body": e.un_body.code, "kind": e.kind.code, "date": str(e.date),
                         **({} if public else {"description": e.description})} for e in case.engagements.all()],
    }
    if not public:
        record.update(title=case.title, summary=case.summary, risk_level=case.risk_level,
                      is_restricted=case.is_restricted, created_at=case.created_at.isoformat(),
                      allegations=[{"reference": a.reference, "received_on": a.received_on.isoformat(),
                                    "channel": a.channel,
                                    "source_entity": a.source_entity.code if a.source_entity else None,
                                    "source_reference": a.source_reference, "narrative": a.narrative}
                                   for a in case.allegations.all()])
    return record


def write_json(out: IO[str], cases: Iterator[Case], *, public: bool) -> int:
    count = 0
    out.write("[")
    for case in cases:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(case_record(case, public=public), ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


def write_csv(out: IO[str], cases: Iterator[Case], *, public: bool) -> int:
    writer = csv.writer(out)
    writer.writerow(PUBLIC_CSV_HEADER if public else CSV_HEADER)
    count = 0
    for case in cases:
        record = case_record(case, public=public)
        forms = uwazi.join(f for i in record["incidents"] for f in i["forms"])
        bodies = uwazi.join(e["un_body"] for e in record["engagements"])
        names = uwazi.join(p["name"] or "" for p in record["parties"])
        if public:
            row = [case.reference, case.country.iso3, case.status, case.year, names, forms, bodies,
                   _first_incident(case)]
        else:
            row = [case.reference, case.title, case.country.iso3, case.status, case.year, case.risk_level, names,
                   forms, bodies, _first_incident(case), len(record["allegations"])]
        writer.writerow(escape_row(row))
        count += 1
    return count


def _uwazi_row(case: Case, party: AffectedParty, public: bool) -> list[Any]:
    label = uwazi.export_value
    incidents = list(case.incidents.all())
    engagements = list(case.engagements.all())
    name = public_party_name(party) if public else party.display_name
    record_type = ("unnamed" if party.is_anonymous or (public and name != party.name)
                   else "named_organisation" if party.kind == "organisation" else "named_individual")
    closed = case.is_closed
    gender = {"female": "female", "male": "male", "other": "other"}.get(party.gender, "unknown")
    return [
        name,
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
        "" if public else uwazi.join(i.place for i in incidents),
        "" if public else case.summary,
        uwazi.join(label("reprisal_form", t.code, t.label) for i in incidents for t in i.forms.all()),
        uwazi.join(label("perpetrator", i.perpetrator.code, i.perpetrator.label) for i in incidents if i.perpetrator),
    ]


def write_uwazi(out: IO[str], cases: Iterator[Case], *, public: bool) -> int:
    writer = csv.writer(out)
    writer.writerow(uwazi.export_header())
    count = 0
    for case in cases:
        for party in case.parties.all():
            writer.writerow(escape_row(_uwazi_row(case, party, public)))
        count += 1
    return count


def export_run(*, actor: Any, fmt: str, out: IO[str], public: bool = False) -> int:
    """Write the export and record one audit entry; returns the number of cases written."""
    writers = {"csv": write_csv, "json": write_json, "uwazi-csv": write_uwazi}
    count = writers[fmt](out, _cases(actor, public), public=public)
    audit_record(actor=actor, action="export.run", object_type="cases", payload={
        "format": fmt, "public": public, "cases": count})
    return count
