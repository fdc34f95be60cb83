"""Names of reference data (countries, UN bodies, vocabulary terms) in the six UN languages.

The names live in data files beside the reference CSVs (``data/translations/``), read once per process:

* ``countries.csv``: iso3, ar, zh, en, fr, ru, es (UN official short names where they differ from CLDR's);
* ``un_bodies.csv``: code, ar, zh, fr, ru, es (every UN body of the register);
* ``entities.csv``: code, ar, zh, fr, ru, es (UN entities that submit allegations and are not themselves a UN body of
  the register: OHCHR field presences, human rights components of missions; NGOs keep their own name);
* ``terms.csv``: vocabulary, code, ar, zh, fr, ru, es;
* ``term_groups.csv``: en, ar, zh, fr, ru, es (the headings that group vocabulary terms).

:func:`localized_name` answers for the active language (or the one given) and falls back to the name in the
database, which is English: a body or a term without a translation still shows, in English.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation

DATA = Path(__file__).resolve().parent / "data" / "translations"
COLUMNS = ("ar", "zh", "en", "fr", "ru", "es")


def language_column(lang: str | None) -> str:
    """The column for a Django language code: ``zh-hans`` → ``zh``, ``fr-ch`` → ``fr``; ``en`` when unknown."""
    code = (lang or "en").lower().replace("_", "-").split("-")[0]
    return code if code in COLUMNS else "en"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def country_names() -> dict[str, dict[str, str]]:
    return {row["iso3"]: {c: row[c] for c in COLUMNS if row.get(c)} for row in _read("countries.csv")}


@cache
def un_body_names() -> dict[str, dict[str, str]]:
    return {row["code"]: {c: row[c] for c in COLUMNS if row.get(c)} for row in _read("un_bodies.csv")}


@cache
def entity_names() -> dict[str, dict[str, str]]:
    return {row["code"]: {c: row[c] for c in COLUMNS if row.get(c)} for row in _read("entities.csv")}


@cache
def term_labels() -> dict[tuple[str, str], dict[str, str]]:
    return {(row["vocabulary"], row["code"]): {c: row[c] for c in COLUMNS if row.get(c)} for row in _read("terms.csv")}


@cache
def term_group_labels() -> dict[str, dict[str, str]]:
    return {row["en"]: {c: row[c] for c in COLUMNS if row.get(c)} for row in _read("term_groups.csv")}


def _names_for(obj: Any) -> tuple[dict[str, str], str]:
    """The translations known for a reference object and its English name (from the database)."""
    from .models import Country, Entity, Term, UNBody

    if isinstance(obj, Country):
        return country_names().get(obj.iso3, {}), obj.name
    if isinstance(obj, UNBody):
        return un_body_names().get(obj.code, {}), obj.name
    if isinstance(obj, Term):
        return term_labels().get((obj.vocabulary, obj.code), {}), obj.label
    if isinstance(obj, Entity):
        # A UN entity that submits allegations has its own translated name (a field presence) or is named like
        # the UN body with the same code; NGOs keep their own name.
        if not obj.un_body_id:
            return {}, obj.name
        return entity_names().get(obj.code) or un_body_names().get(obj.code, {}), obj.name
    return {}, "" if obj is None else str(obj)


def localized_name(obj: Any, lang: str | None = None) -> str:
    """The name of a country, UN body, entity or vocabulary term in ``lang`` (default: the active language),
    or its English name when no translation is recorded."""
    if obj is None:
        return ""
    names, english = _names_for(obj)
    return names.get(language_column(lang or translation.get_language())) or english


@cache
def un_body_codes_by_name() -> dict[str, str]:
    """English register name → code, from the register file (``data/un_bodies.csv``), for text that stored a
    UN body by its English name (system reasons on the case timeline)."""
    with (DATA.parent / "un_bodies.csv").open(encoding="utf-8", newline="") as f:
        return {row["name"]: row["code"] for row in csv.DictReader(f)}


def localized_un_body_name(english: str, lang: str | None = None) -> str:
    """A UN body named by its English register name, in ``lang`` (default: the active language); the name as
    given when it is not in the register."""
    names = un_body_names().get(un_body_codes_by_name().get(english, ""), {})
    return names.get(language_column(lang or translation.get_language())) or english


def localized_group(group: str, lang: str | None = None) -> str:
    """The heading of a group of vocabulary terms (e.g. "Legal and administrative measures")."""
    return term_group_labels().get(group, {}).get(language_column(lang or translation.get_language())) or group


def sort_key(name: str) -> str:
    """A key that sorts names alphabetically in Latin, Cyrillic and Arabic scripts: accents and case ignored
    ("Émirats" among the E). Chinese names have no alphabetical order in code points: callers keep another order."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()


def localized_choices(rows: list[tuple[str, str]], names: Any, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, English name) rows, sorted by English name, as (code, name in ``lang``), sorted by that name, except
    in Chinese, where the English order is kept. ``names(code)`` gives the translations of a code."""
    column = language_column(lang or translation.get_language())
    out = [(code, names(code).get(column) or english) for code, english in rows]
    return out if column in ("zh", "en") else sorted(out, key=lambda row: sort_key(row[1]))


def country_name(iso3: str, english: str, lang: str | None = None) -> str:
    """A State named by its ISO code, in ``lang`` (default: the active language), for rows read without
    model instances; ``english`` when no translation is recorded."""
    return country_names().get(iso3, {}).get(language_column(lang or translation.get_language())) or english


def un_body_name(code: str, english: str, lang: str | None = None) -> str:
    return un_body_names().get(code, {}).get(language_column(lang or translation.get_language())) or english


def term_label(vocabulary: str, code: str, english: str, lang: str | None = None) -> str:
    return term_labels().get((vocabulary, code), {}).get(language_column(lang or translation.get_language())) or english

