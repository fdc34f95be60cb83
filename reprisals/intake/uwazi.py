"""ISHR's End Reprisals database (HURIDOCS Uwazi): its Case template as CSV, in and out. Pure: no database.

Uwazi CSV conventions followed here: a header cell is a property's name or its label, matched without
regard to case and punctuation ("Types of reprisals suffered" is ``types_of_reprisals_suffered``), with an
optional ``__en``-style language suffix; ``title`` is required; ``|`` separates the values of a multi-value
property; ``Group::Value`` names a value inside a grouped vocabulary; dates read ``2023-05-01`` or
``2023/05/01``; comma or semicolon between columns (found by ``parsers.sniff_delimiter``).

Which property goes where, and how each ISHR value maps onto the register's codes, is data:
``data/uwazi_properties.csv`` and ``data/uwazi_mapping.csv``. A value that cannot be mapped is reported on
its row, never dropped. Columns that the register has no field for are kept, as sent, in the
submission's ``extra``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from reprisals.intake.parsers import FileProblem
from reprisals.intake.rows import FieldError, PersonData, SubmissionData, Vocab, clean_text, normalise_date

DATA_DIR = Path(__file__).resolve().parent / "data"
_LANGUAGE_SUFFIX = re.compile(r"__([a-z]{2,3})(?:[-_][a-z0-9]+)?$")
MAPPING_VOCABULARIES = ("reprisal_form", "un_body", "engagement_kind", "perpetrator", "record_type",
                        "rights_defended", "gender", "boolean", "case_status", "country")


def normalise_name(text: str) -> str:
    """A header or a label as a property name: ``Alleged/likely perpetrators`` → ``alleged_likely_perpetrators``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def normalise_value(text: str) -> str:
    parts = [" ".join(p.split()).casefold() for p in text.split("::")]
    return "::".join(parts)


@dataclass(frozen=True)
class Property:
    name: str
    label: str
    kind: str  # text, select, multiselect, multidate
    target: str  # a SubmissionData field, a person field, "reference" or "extra"
    values: str  # the value list in uwazi_mapping.csv, or ""


@dataclass
class Mapping:
    properties: dict[str, Property] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # normalised label -> property name
    values: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    leaves: dict[str, dict[str, set[tuple[str, str]]]] = field(default_factory=dict)
    export: dict[tuple[str, str], str] = field(default_factory=dict)

    def property_for(self, header: str) -> tuple[Property | None, str]:
        """The property a header names, and the language suffix it carries ("" when none)."""
        lowered = header.strip().lower()
        match = _LANGUAGE_SUFFIX.search(lowered)
        language = match.group(1) if match else ""
        base = normalise_name(lowered[: match.start()] if match else lowered)
        name = base if base in self.properties else self.aliases.get(base)
        return (self.properties[name] if name else None), language

    def lookup(self, values: str, raw: str) -> tuple[str, str] | None:
        """Map one Uwazi value of the list ``values``; a grouped value may also be given by its leaf."""
        table = self.values.get(values, {})
        key = normalise_value(raw)
        if key in table:
            return table[key]
        leaf = key.rsplit("::", 1)[-1]
        found = self.leaves.get(values, {}).get(leaf, set())
        return next(iter(found)) if len(found) == 1 else None


@lru_cache(maxsize=4)
def load_mapping(data_dir: Path = DATA_DIR) -> Mapping:
    mapping = Mapping()
    with (data_dir / "uwazi_properties.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            prop = Property(row["property"], row["label"], row["kind"], row["target"], row["values"])
            mapping.properties[prop.name] = prop
            mapping.aliases[normalise_name(prop.label)] = prop.name
    with (data_dir / "uwazi_mapping.csv").open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if row["vocabulary"] not in MAPPING_VOCABULARIES:
                raise FileProblem(f"uwazi_mapping.csv line {line}: unknown vocabulary {row['vocabulary']}")
            target = (row["vocabulary"], row["code"])
            key = normalise_value(row["uwazi_value"])
            mapping.values.setdefault(row["values"], {})[key] = target
            mapping.leaves.setdefault(row["values"], {}).setdefault(key.rsplit("::", 1)[-1], set()).add(target)
            if row["export"] == "1":
                mapping.export.setdefault(target, row["uwazi_value"])
    return mapping


def mapping_problems(mapping: Mapping, vocab: Vocab) -> list[str]:
    """Codes in the mapping table that the register does not know (checked by a test and before imports)."""
    problems = []
    for values in mapping.values.values():
        for vocabulary, code in values.values():
            known = (vocab.un_bodies if vocabulary == "un_body" else vocab.countries if vocabulary == "country"
                     else vocab.terms.get(vocabulary))
            if known is not None and code not in known:
                problems.append(f"{vocabulary}:{code}")
    return sorted(set(problems))


# ---------------------------------------------------------------- import


@dataclass
class Column:
    index: int
    header: str
    prop: Property | None
    primary: bool


def header_plan(header: list[str], mapping: Mapping | None = None, language: str = "en") -> list[Column]:
    """Decide which column feeds which property. When a property comes in several languages, the column
    without a suffix wins, then ``language``, then the first; the others are kept in ``extra``."""
    mapping = mapping or load_mapping()
    columns = []
    rank: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(header):
        prop, lang = mapping.property_for(cell)
        columns.append(Column(index, cell.strip(), prop, False))
        if prop is not None:
            score = (0 if not lang else 1 if lang == language else 2, index)
            if prop.name not in rank or score < rank[prop.name]:
                rank[prop.name] = score
    for column in columns:
        if column.prop is not None and rank[column.prop.name][1] == column.index:
            column.primary = True
    if "title" not in rank:
        raise FileProblem(_("the header row has no title column (an End Reprisals export always has one); found: "
                            "%(found)s") % {"found": ", ".join(h[:30] for h in header[:8])}, line=1, field="header")
    return columns


def _dates(raw: str, prop: Property, errors: list[FieldError]) -> list[str]:
    out = []
    for item in raw.split("|"):
        item = item.strip()
        if not item:
            continue
        item = item.split("T", 1)[0]
        try:
            out.append(normalise_date(item))
        except ValueError as exc:
            errors.append(FieldError(prop.name, f"{exc} ({item[:20]})"))
    return sorted(out)


def to_submission(plan: list[Column], cells: list[object], vocab: Vocab | None,
                  mapping: Mapping | None = None) -> tuple[SubmissionData | None, list[FieldError]]:
    """One Uwazi row as a submission; every value that cannot be mapped is an error on the row."""
    mapping = mapping or load_mapping()
    errors: list[FieldError] = []
    data = SubmissionData()
    person = PersonData()
    record_type = "named_individual"
    references: dict[str, str] = {}
    for column in plan:
        raw = clean_text(cells[column.index]) if column.index < len(cells) else ""
        if not raw:
            continue
        prop = column.prop
        if prop is None or not column.primary:
            data.extra[column.header[:100]] = raw
            continue
        parts = [p.strip() for p in raw.split("|") if p.strip()] if prop.kind == "multiselect" else [raw]
        codes: list[str] = []
        if prop.values and prop.values != "country":
            for part in parts:
                found = mapping.lookup(prop.values, part)
                if found is None:
                    errors.append(FieldError(prop.name, _(
                        "cannot map %(value)s onto the register's codes; add it to intake/data/uwazi_mapping.csv")
                        % {"value": repr(part[:100])}))
                else:
                    codes.append(found[1])
            codes = list(dict.fromkeys(codes))
        target = prop.target
        if prop.kind == "multidate":
            dates = _dates(raw, prop, errors)
            if target != "extra" and dates:
                setattr(data, target, dates[0])
            if target == "extra" or len(dates) > 1:
                data.extra[prop.name] = "|".join(dates) or raw
        elif target == "title":
            data.title = raw
        elif target == "reference":
            references[prop.name] = raw
        elif target == "country":
            data.country = _country(raw, vocab, mapping) or raw.upper()[:20]
            if vocab is not None and data.country not in vocab.countries:
                errors.append(FieldError("country", _("unknown country %(value)s") % {"value": repr(raw[:60])}))
        elif target in ("what_happened", "place", "engagement_description"):
            setattr(data, target, raw)
        elif target == "forms":
            data.forms.extend(codes)
        elif target in ("un_body", "engagement_kind", "perpetrator"):
            if codes:
                setattr(data, target, codes[0])
            if len(codes) > 1:
                data.extra[prop.name] = "|".join(codes)
        elif target == "record_type" and codes:
            record_type = codes[0]
        elif target == "gender" and codes:
            person.gender = codes[0]
        elif target in ("minor", "foreign_national", "civil_servant", "self_censorship") and codes:
            yes = codes[0] == "yes"
            if target == "minor":
                person.is_minor = yes
            elif target == "foreign_national":
                person.is_foreign_national = yes
            elif target == "civil_servant" and yes:
                person.roles.append("civil_servant")
            elif target == "self_censorship" and yes:
                data.forms.append("self_censorship")
        else:  # extra
            data.extra[prop.name] = "|".join(codes) if prop.values else raw
    if not data.title:
        errors.append(FieldError("title", _("this field is required")))
    if record_type == "unnamed":
        person.is_anonymous, person.description = True, data.title[:300]
    else:
        person.name = data.title[:300]
        person.kind = "organisation" if record_type == "named_organisation" else "individual"
    if data.title:
        data.persons.append(person)
    if not data.what_happened and data.title:
        data.what_happened = _("Recorded in End Reprisals as %(title)s.") % {"title": data.title}
    data.forms = list(dict.fromkeys(data.forms))
    data.sender_reference = _reference(references, data)
    if "location_in_sg_report" in references:
        data.extra["location_in_sg_report"] = references["location_in_sg_report"]
    return data, errors


def _country(raw: str, vocab: Vocab | None, mapping: Mapping) -> str:
    found = mapping.lookup("country", raw)
    if found:
        return found[1]
    if vocab is not None:
        if raw.upper() in vocab.countries:
            return raw.upper()
        return vocab.country_names.get(raw.casefold(), "")
    return ""


def _reference(references: dict[str, str], data: SubmissionData) -> str:
    """The sender's reference that makes a re-import idempotent: Uwazi's shared id when exported, else the
    location in the SG report (one per victim and report), else a digest of the title, State and dates."""
    if references.get("shared_id"):
        return references["shared_id"][:100]
    if references.get("location_in_sg_report"):
        return ("ER-" + references["location_in_sg_report"])[:100]
    basis = "|".join([data.title, data.country, data.incident_date, data.place])
    return "ER-" + hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:24]


# ---------------------------------------------------------------- export


EXPORT_PROPERTIES = (
    "title", "case_status", "location_in_sg_report", "year", "country", "region", "type_of_record", "gender",
    "minor", "foreign_national", "engagement_with_un_body", "dates_of_engagement", "type_of_attempted_engagement",
    "dates_of_reprisals", "location_of_reprisals", "reprisal_information", "types_of_reprisals_suffered",
    "alleged_likely_perpetrators",
)


def export_header(mapping: Mapping | None = None) -> list[str]:
    mapping = mapping or load_mapping()
    return [mapping.properties[name].label for name in EXPORT_PROPERTIES]


def export_value(vocabulary: str, code: str, fallback: str, mapping: Mapping | None = None) -> str:
    """The Uwazi value for one of the register's codes, or the register's own label when ISHR has none."""
    mapping = mapping or load_mapping()
    return mapping.export.get((vocabulary, code), fallback)


def join(values: Iterable[str]) -> str:
    return "|".join(v for v in dict.fromkeys(values) if v)
