"""Plain-dict views of case objects for the API and exports. Protected values appear only through
``protected_reveal`` (capability-checked and audited)."""

from __future__ import annotations

from typing import Any

from reprisals.cases import workflow
from reprisals.cases.models import AffectedParty, Allegation, Case, Engagement, Incident
from reprisals.cases.selectors import TimelineEvent, consent_summary
from reprisals.core.services import protected_reveal, protected_reveal_many
from reprisals.reference.i18n import country_name, localized_name


def _term(t: Any) -> dict[str, str] | None:
    """A vocabulary term: its code, and its label in the request's language (English by default)."""
    return {"code": t.code, "label": localized_name(t)} if t is not None else None


SUMMARY_COLUMNS = ("id", "reference", "title", "country__iso3", "country__name", "status", "risk_level", "year",
                   "assigned_to__username", "updated_at", "version")
SUMMARY_KEYS = ("id", "reference", "title", "country", "country_name", "status", "risk_level", "year", "assigned_to",
                "updated_at", "version")


def case_summary_rows(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """List rows fetched with ``values_list(*SUMMARY_COLUMNS)``: no model instances on the hot path. The
    State is named in the request's language, looked up once per State of the page."""
    names: dict[str, str] = {}
    out = []
    for row in rows:
        item = dict(zip(SUMMARY_KEYS, row, strict=True))
        iso3 = item["country"]
        if iso3 not in names:
            names[iso3] = country_name(iso3, item["country_name"])
        item["country_name"] = names[iso3]
        out.append(item)
    return out


def case_summary(c: Case) -> dict[str, Any]:
    return {
        "id": c.pk,
        "reference": c.reference,
        "title": c.title,
        "country": c.country.iso3,
        "country_name": localized_name(c.country),
        "status": c.status,
        "risk_level": c.risk_level,
        "year": c.year,
        "assigned_to": c.assigned_to.username if c.assigned_to_id else None,
        "updated_at": c.updated_at,
        "version": c.version,
    }


def case_full(c: Case, *, reader: Any, reveal_for: Any = None) -> dict[str, Any]:
    """The whole case for ``reader``: ``allowed_transitions`` lists only the moves the reader may make."""
    parties, allegations = list(c.parties.all()), list(c.allegations.all())
    revealed: dict[Any, dict[str, str]] | None = None
    if reveal_for is not None:
        revealed = protected_reveal_many(actor=reveal_for, anchor=c, objs=[c, *parties, *allegations])

    def shown(obj: Any) -> dict[str, str] | None:
        return revealed[(obj._meta.label_lower, obj.pk)] if revealed is not None else None

    data = case_summary(c)
    data.update(
        summary=c.summary,
        is_restricted=c.is_restricted,
        allowed_transitions=list(workflow.allowed_for(reader, c.status)),
        parties=[party(p, revealed=shown(p)) for p in parties],
        incidents=[incident(i) for i in c.incidents.all()],
        engagements=[engagement(e) for e in c.engagements.all()],
        allegations=[allegation(a, revealed=shown(a)) for a in allegations],
        status_history=[
            {
                "from_status": s.from_status,
                "to_status": s.to_status,
                "reason": s.reason,
                "actor": s.actor.username if s.actor else None,
                "at": s.at,
            }
            for s in c.status_changes.all()
        ],
        protected=shown(c),
    )
    return data


def party(p: AffectedParty, *, reveal_for: Any = None, revealed: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": p.pk,
        "case_id": p.case_id,
        "kind": p.kind,
        "name": p.name,
        "is_anonymous": p.is_anonymous,
        "description": p.description,
        "name_variants": [] if p.is_anonymous else list(p.name_variants or []),
        "roles": [_term(t) for t in p.roles.all()],
        "gender": p.gender,
        "is_minor": p.is_minor,
        "is_foreign_national": p.is_foreign_national,
        "consequences": [_term(t) for t in p.consequences.all()],
        "consent": consent_summary(p),
        "protected": protected_reveal(actor=reveal_for, obj=p) if reveal_for is not None else revealed,
    }


def incident(i: Incident) -> dict[str, Any]:
    return {
        "id": i.pk,
        "case_id": i.case_id,
        "date": str(i.date),
        "place": i.place,
        "country": i.country.iso3 if i.country_id else None,
        "forms": [_term(t) for t in i.forms.all()],
        "perpetrator": _term(i.perpetrator),
        "description": i.description,
    }


def engagement(e: Engagement) -> dict[str, Any]:
    return {
        "id": e.pk,
        "case_id": e.case_id,
        "un_body": e.un_body.code,
        "un_body_name": localized_name(e.un_body),
        "kind": _term(e.kind),
        "date": str(e.date),
        "description": e.description,
    }


def allegation(a: Allegation, *, reveal_for: Any = None, revealed: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": a.pk,
        "reference": a.reference,
        "case_id": a.case_id,
        "country": a.country.iso3,
        "received_on": a.received_on,
        "source_entity": a.source_entity.code if a.source_entity_id else None,
        "source_reference": a.source_reference,
        "channel": a.channel,
        "narrative": a.narrative,
        "created_at": a.created_at,
        "protected": protected_reveal(actor=reveal_for, obj=a) if reveal_for is not None else revealed,
    }


def timeline_event(e: TimelineEvent) -> dict[str, str]:
    return {"date": e.date_label, "kind": e.kind, "title": e.title, "detail": e.detail}
