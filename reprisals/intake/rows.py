"""The shape of one submission as plain data, and its validation: pure functions, no database.

Every channel (API, files, public form, Uwazi) turns its input into a ``SubmissionData`` and runs
``check`` against a ``Vocab`` (the codes known to the register, loaded once by the service). Problems are
``FieldError``s naming the field, so a file import can list every bad row with its line, field and reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reprisals.core.dates import PartialDate, parse_event_date
from reprisals.core.text import text_problem

MAX_TEXT = 100_000
MAX_SHORT = 300
MAX_NOTE = 5_000
MAX_REFERENCE = 100
MAX_LIST = 30
MAX_PERSONS = 50

CONSENT_FIELDS = ("consent_raise_with_state", "consent_publish_name", "consent_publish_anonymously",
                  "consent_share_un")
RISK_FIELDS = ("in_danger", "detained", "travelling_to_un_session")
PARTY_KINDS = ("individual", "organisation")
GENDERS = ("female", "male", "other", "unknown")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0"}
_ANSWERS = {"": None, "yes": True, "no": False}
_REFERENCE = re.compile(r"^[^\x00-\x1f\x7f]+$")


_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` fit to show in a message: control characters, bidirectional overrides and lone surrogates
    (from a binary or broken file) become U+FFFD, so a report never echoes raw bytes."""
    return _INVISIBLE.sub("\ufffd", text)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", visible(str(self.field)))
        object.__setattr__(self, "message", visible(str(self.message)))


@dataclass
class PersonData:
    name: str = ""
    kind: str = "individual"
    is_anonymous: bool = False
    description: str = ""
    gender: str = "unknown"
    roles: list[str] = field(default_factory=list)
    is_minor: bool = False
    is_foreign_national: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "is_anonymous": self.is_anonymous,
                "description": self.description, "gender": self.gender, "roles": list(self.roles),
                "is_minor": self.is_minor, "is_foreign_national": self.is_foreign_national}


@dataclass
class SubmissionData:
    country: str = ""
    what_happened: str = ""
    sender_reference: str = ""
    source_entity: str = ""
    title: str = ""
    incident_date: str = ""
    place: str = ""
    forms: list[str] = field(default_factory=list)
    perpetrator: str = ""
    un_body: str = ""
    engagement_kind: str = ""
    engagement_date: str = ""
    engagement_description: str = ""
    persons: list[PersonData] = field(default_factory=list)
    consent: dict[str, bool | None] = field(default_factory=dict)
    risk: dict[str, bool | None] = field(default_factory=dict)
    risk_notes: str = ""
    contact: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_urgent(self) -> bool:
        """Any "yes" to a risk question puts the submission at the top of the triage queue."""
        return any(self.risk.get(name) for name in RISK_FIELDS)


@dataclass(frozen=True)
class Vocab:
    """Codes known to the register: ISO3 codes, UN body codes, entity codes, and terms per vocabulary."""

    countries: frozenset[str]
    un_bodies: frozenset[str]
    entities: frozenset[str]
    terms: Mapping[str, frozenset[str]]
    country_names: Mapping[str, str] = field(default_factory=dict)  # casefolded name -> ISO3

    def has_term(self, vocabulary: str, code: str) -> bool:
        return code in self.terms.get(vocabulary, frozenset())


# ---------------------------------------------------------------- small parsers of cell text


def clean_text(value: Any) -> str:
    """A cell or JSON value as stripped text; None is empty. Numbers from spreadsheets become text."""
    if type(value) is str:  # noqa: E721 - the common case of every CSV cell, kept fast
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_bool(value: Any) -> bool | None:
    """yes/no (also y/n, true/false, 1/0, x); empty is "not answered" (None). Raises ValueError."""
    if isinstance(value, bool) or value is None:
        return value
    text = clean_text(value).casefold()
    if text in _ANSWERS:
        return _ANSWERS[text]
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("answer yes or no, not %(value)s") % {"value": text[:40]})


def split_list(value: Any) -> list[str]:
    """A list from a JSON array or from text with ``|`` between values (the Uwazi convention)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [clean_text(v) for v in value]
    else:
        items = clean_text(value).split("|")
    return [item.strip() for item in items if item and item.strip()]


def parse_date(text: str) -> PartialDate | None:
    """``2023/05/01`` (Uwazi) or ``2023-05-01``, or a partial date; None when empty. Raises ValueError."""
    text = clean_text(text).replace("/", "-")
    return PartialDate.parse(text) if text else None


def normalise_date(text: str) -> str:
    """``2023/05/01`` becomes ``2023-05-01``; partial dates stay partial. Raises ValueError."""
    value = parse_date(text)
    return str(value) if value else ""


# ---------------------------------------------------------------- flat rows (CSV, XLSX, JSON files)

FLAT_COLUMNS = (
    "sender_reference", "source_entity", "country", "title", "what_happened", "incident_date", "place", "forms",
    "perpetrator", "un_body", "engagement_kind", "engagement_date", "engagement_description", "person_name",
    "person_kind", "person_anonymous", "person_description", "person_gender", "person_roles", "person_minor",
    "person_foreign_national", *CONSENT_FIELDS, *RISK_FIELDS, "risk_notes", "contact",
)
REQUIRED_COLUMNS = ("sender_reference", "country", "what_happened")


def from_flat_row(row: Mapping[str, Any]) -> tuple[SubmissionData, list[FieldError]]:
    """Read one row of a native file (one person per row). Unknown columns were refused at the header."""
    errors: list[FieldError] = []

    def flag(name: str) -> bool | None:
        try:
            return parse_bool(row.get(name))
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
            return None

    text = {name: clean_text(row.get(name)) for name in FLAT_COLUMNS if name not in (
        "forms", "person_roles", *CONSENT_FIELDS, *RISK_FIELDS, "person_anonymous", "person_minor",
        "person_foreign_national")}
    data = SubmissionData(
        country=text["country"].upper(), what_happened=text["what_happened"],
        sender_reference=text["sender_reference"], source_entity=text["source_entity"].upper(),
        title=text["title"], incident_date=text["incident_date"], place=text["place"],
        forms=split_list(row.get("forms")), perpetrator=text["perpetrator"], un_body=text["un_body"].upper(),
        engagement_kind=text["engagement_kind"], engagement_date=text["engagement_date"],
        engagement_description=text["engagement_description"], risk_notes=text["risk_notes"],
        contact=text["contact"],
        consent={name: flag(name) for name in CONSENT_FIELDS},
        risk={name: flag(name) for name in RISK_FIELDS},
    )
    anonymous = flag("person_anonymous")
    minor = flag("person_minor")
    foreign = flag("person_foreign_national")
    if text["person_name"] or text["person_description"] or anonymous:
        data.persons.append(PersonData(
            name=text["person_name"], kind=(text["person_kind"] or "individual").lower(),
            is_anonymous=bool(anonymous), description=text["person_description"],
            gender=(text["person_gender"] or "unknown").lower(), roles=split_list(row.get("person_roles")),
            is_minor=bool(minor), is_foreign_national=bool(foreign),
        ))
    return data, errors


# ---------------------------------------------------------------- the checks every channel shares


def _check_text(errors: list[FieldError], name: str, value: str, limit: int, *, required: bool = False) -> None:
    if required and not value:
        errors.append(FieldError(name, _("this field is required")))
    elif len(value) > limit:
        errors.append(FieldError(name, _("longer than %(limit)d characters") % {"limit": limit}))
    elif problem := text_problem(value):  # control characters (but tab and line breaks), broken Unicode
        errors.append(FieldError(name, problem))


def _check_date(errors: list[FieldError], name: str, value: str, today: dt.date) -> str:
    """An incident's or an engagement's date: partial, from the founding of the UN (as the case services
    check it, so that a submission accepted here can become a case) to today."""
    text = clean_text(value).replace("/", "-")
    if not text:
        return ""
    try:
        parsed = parse_event_date(text)
    except ValueError as exc:
        errors.append(FieldError(name, f"{exc} ({value[:20]})"))
        return value
    if parsed.earliest > today:
        errors.append(FieldError(name, _("the date is in the future")))
    return str(parsed)


def check(data: SubmissionData, vocab: Vocab, *, today: dt.date, require_reference: bool = False,
          require_entity: bool = False) -> list[FieldError]:
    """Validate ``data`` in place (dates are normalised); return every problem found, field by field."""
    errors: list[FieldError] = []
    _check_text(errors, "sender_reference", data.sender_reference, MAX_REFERENCE, required=require_reference)
    if data.sender_reference and not _REFERENCE.match(data.sender_reference):
        errors.append(FieldError("sender_reference", _("contains control characters")))
    if require_entity and not data.source_entity:
        errors.append(FieldError("source_entity", _("say who sent it: a source_entity column or --source CODE")))
    elif data.source_entity and data.source_entity not in vocab.entities:
        errors.append(FieldError("source_entity", _("unknown entity code %(code)s") % {"code": data.source_entity}))
    if not data.country:
        errors.append(FieldError("country", _("this field is required")))
    elif data.country not in vocab.countries:
        errors.append(FieldError("country", _("unknown State code %(code)s (use ISO 3166-1 alpha-3)")
                                 % {"code": data.country[:20]}))
    _check_text(errors, "what_happened", data.what_happened, MAX_TEXT, required=True)
    _check_text(errors, "title", data.title, MAX_SHORT)
    _check_text(errors, "place", data.place, MAX_SHORT)
    _check_text(errors, "engagement_description", data.engagement_description, MAX_TEXT)
    _check_text(errors, "risk_notes", data.risk_notes, MAX_NOTE)
    _check_text(errors, "contact", data.contact, MAX_NOTE)
    data.incident_date = _check_date(errors, "incident_date", data.incident_date, today)
    data.engagement_date = _check_date(errors, "engagement_date", data.engagement_date, today)
    if len(data.forms) > MAX_LIST:
        errors.append(FieldError("forms", _("at most %(n)d values") % {"n": MAX_LIST}))
    unknown = [c for c in data.forms if not vocab.has_term("reprisal_form", c)]
    if unknown:
        errors.append(FieldError("forms", _("unknown value(s): %(codes)s") % {"codes": ", ".join(unknown)[:200]}))
    data.forms = list(dict.fromkeys(data.forms))
    if data.perpetrator and not vocab.has_term("perpetrator", data.perpetrator):
        errors.append(FieldError("perpetrator", _("unknown value(s): %(codes)s") % {"codes": data.perpetrator[:60]}))
    if data.un_body and data.un_body not in vocab.un_bodies:
        errors.append(FieldError("un_body", _("unknown UN body code %(code)s") % {"code": data.un_body[:40]}))
    if data.engagement_kind and not vocab.has_term("engagement_kind", data.engagement_kind):
        errors.append(FieldError("engagement_kind", _("unknown value(s): %(codes)s")
                                 % {"codes": data.engagement_kind[:60]}))
    if len(data.persons) > MAX_PERSONS:
        errors.append(FieldError("persons", _("at most %(n)d values") % {"n": MAX_PERSONS}))
    for index, person in enumerate(data.persons[:MAX_PERSONS]):
        _check_person(errors, person, vocab, "person_" if len(data.persons) == 1 else f"persons.{index}.")
    for name, value in list(data.extra.items()):
        _check_text(errors, name, value, MAX_TEXT)
    return errors


def _check_person(errors: list[FieldError], person: PersonData, vocab: Vocab, prefix: str) -> None:
    _check_text(errors, f"{prefix}name", person.name, MAX_SHORT)
    _check_text(errors, f"{prefix}description", person.description, MAX_SHORT)
    if not person.is_anonymous and not person.name:
        errors.append(FieldError(f"{prefix}name", _("give the name, or mark the person anonymous")))
    if person.kind not in PARTY_KINDS:
        errors.append(FieldError(f"{prefix}kind", _("use individual or organisation")))
    if person.gender not in GENDERS:
        errors.append(FieldError(f"{prefix}gender", _("use female, male, other or unknown")))
    unknown = [c for c in person.roles if not vocab.has_term("party_role", c)]
    if unknown:
        errors.append(FieldError(f"{prefix}roles", _("unknown value(s): %(codes)s")
                                 % {"codes": ", ".join(unknown)[:200]}))
    if len(person.roles) > MAX_LIST:
        errors.append(FieldError(f"{prefix}roles", _("at most %(n)d values") % {"n": MAX_LIST}))


@lru_cache(maxsize=16)
def _fact_templates(language: str | None) -> tuple[str, str, str]:
    return (_("When and where: %(when)s %(where)s"), _("Forms of reprisal: %(forms)s"),
            _("UN engagement: %(body)s %(kind)s %(date)s"))


def narrative_of(data: SubmissionData, labels: Mapping[str, str] | None = None) -> str:
    """The allegation's narrative: what happened, then the structured facts. Never names or contacts."""
    labels = labels or {}
    when_where, forms, engagement = _fact_templates(get_language())
    facts = []
    if data.incident_date or data.place:
        facts.append(" ".join((when_where % {"when": data.incident_date, "where": data.place}).split()))
    if data.forms:
        facts.append(forms % {"forms": ", ".join(labels.get(f, f) for f in data.forms)})
    if data.un_body or data.engagement_kind:
        facts.append(" ".join((engagement % {
            "body": data.un_body, "kind": labels.get(data.engagement_kind, data.engagement_kind),
            "date": data.engagement_date}).split()))
    text = data.what_happened + ("\n\n" + "\n".join(facts) if facts else "")
    return text if len(text) <= MAX_TEXT else data.what_happened
