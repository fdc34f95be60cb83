"""Full-text search over case names and narratives on SQLite (FTS5) and PostgreSQL (GIN tsvector).

Both back-ends index ``Case.search_text``: a normalised text (case-folded, diacritics removed, with an
ASCII transliteration appended, and a sound key for each word of a name) rebuilt by the services
whenever a name or narrative changes. A sound key is the word's consonant skeleton ("Muhammad",
"Mohammed" and the Arabic "محمد", read "mhmd", are all ``0mhmd``; "Dmitry", "Dmitriy", "Dmitrii" and
"Дмитрий" are ``0dmtr``), so that a name is found however it was romanised; a query word matches as a
prefix or by its sound key. On
SQLite, triggers on ``cases_case`` keep the FTS5 table in step (migration 0004); PostgreSQL keeps the
tsvector in a stored generated column with a GIN index (migration 0007). User
queries become a conjunction of prefix terms built from word characters only, so no query syntax can
reach the database's parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from anyascii import anyascii
from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from reprisals.core.text import UNSPACED_CLASS, fold_name

FTS_TABLE = "cases_case_fts"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


# Scripts written without spaces between words (``core.text.UNSPACED_CLASS``, the public redaction's list too):
# a name inside a sentence in one of them is not a word of its own, so each of their characters is indexed as its
# own word, and the withholding from other entities' focal points (``cases.selectors._names_blanker``) blanks a
# name in them wherever it appears.
UNSPACED = re.compile(f"([{UNSPACED_CLASS}])")


def _invisible(ch: str) -> bool:
    """What changes no letter: what the one folding of names (``core.text.fold_name``) takes off entirely, a
    combining diacritic, the Arabic tatweel (kashida, which only stretches a word for layout: "محـمد" is
    "محمد"), a character that prints as nothing (zero-width space and joiners, soft hyphen, byte-order mark,
    direction marks: ``core.text.is_ignorable``), which text pasted from documents and web pages carries inside
    words, so that "Dmi\u200btry" is "Dmitry"."""
    return not fold_name(ch)


def normalise(text: str) -> str:
    """Case-folded, without diacritics or invisible marks, and with each character of unspaced scripts
    (``UNSPACED``) as its own word, so that "曹顺利" is found by "曹 顺利" or "顺利", and "สมชาย" inside
    "นายสมชายถูกจับกุม", on both databases."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not _invisible(ch))
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return UNSPACED.sub(r" \1 ", folded) if UNSPACED.search(folded) else folded


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,6}")


def _romanised_han_runs(text: str) -> list[str]:
    """Pinyin for each short run of Han characters, with every run of consecutive syllables joined, so
    that 曹顺利 is also found as "Cao Shunli", "Caoshunli" or "Shunli"."""
    out = []
    for run in _HAN_RUN.findall(text):
        syllables = [anyascii(ch).lower() for ch in run]
        out.append(" ".join(syllables))
        out.extend("".join(syllables[i:j]) for i in range(len(syllables)) for j in range(i + 2, len(syllables) + 1))
    return out


# A sound key is written as a word no one types: a digit, then the skeleton's letters.
SOUND_PREFIX = "0"
SOUND_MIN = 3  # shorter skeletons ("Ali" → "l", "Cao" → "c") would match far too much


def sound_key(word: str) -> str:
    """The sound key of one word, or "" when it has too few consonants to be one."""
    from reprisals.linkage.names import skeleton

    latin = anyascii(normalise(word)).lower()
    if not latin.isalpha() or not latin.isascii():
        return ""
    key = skeleton(latin)
    return SOUND_PREFIX + key if len(key) >= SOUND_MIN else ""


def sound_keys(names: Iterable[str]) -> str:
    """The sound keys of every word of the given names, once each."""
    keys = {sound_key(w) for name in names if name for w in _WORD.findall(anyascii(normalise(name)).lower())}
    return " ".join(sorted(k for k in keys if k))


def build_search_text(parts: Iterable[str], names: Iterable[str] = ()) -> str:
    """One searchable text: each part normalised, plus its transliteration when it is not ASCII, and the
    sound keys of the ``names`` (the parties' names and other spellings, already among the parts)."""
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        norm = normalise(part)
        out.append(norm)
        if not part.isascii():
            out.append(anyascii(part).lower())
            out.extend(_romanised_han_runs(part))
    keys = sound_keys(names)
    if keys:
        out.append(keys)
    return "\n".join(out)


def query_terms(query: str) -> list[str]:
    terms: list[str] = []
    for token in _WORD.findall(normalise(query)):
        token = token.replace("_", "")
        if token and token not in terms:
            terms.append(token)
    return terms[:MAX_TERMS]


def text_match(query: str) -> str | None:
    """The database's match expression for a user's query (prefix terms, all required), or None when
    the query has no word in it."""
    terms = query_terms(query)
    if not terms:
        return None
    keyed = [(t, sound_key(t)) for t in terms]
    if connection.vendor == "postgresql":
        return " & ".join(f"({t}:* | {k})" if k else f"{t}:*" for t, k in keyed)
    return " AND ".join(f'("{t}"* OR "{k}")' if k else f'"{t}"*' for t, k in keyed)


def filter_by_text(qs: QuerySet, query: str) -> QuerySet:
    match = text_match(query)
    if match is None:
        return qs
    if connection.vendor == "postgresql":
        matches = RawSQL("cases_case.search_vector @@ to_tsquery('simple', %s)", [match], output_field=BooleanField())
        return qs.filter(matches)
    return qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))


_TRIGGERS = {
    "cases_case_fts_ai": f"""CREATE TRIGGER cases_case_fts_ai AFTER INSERT ON cases_case BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "cases_case_fts_ad": f"""CREATE TRIGGER cases_case_fts_ad AFTER DELETE ON cases_case BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END""",
    "cases_case_fts_au": f"""CREATE TRIGGER cases_case_fts_au AFTER UPDATE OF search_text ON cases_case BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
}


def ensure_sqlite_index(conn: Any) -> bool:
    """Create the SQLite triggers that keep the FTS table in step, and rebuild it, if any is missing.

    SQLite rebuilds a table to alter it, which drops its triggers, so this runs after every migrate
    (``CasesConfig.ready``) as well as in the migration that introduced them. Returns True when it
    had to repair.
    """
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s)",
                       [FTS_TABLE, "cases_case"])
        if len(cursor.fetchall()) < 2:
            return False
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_case'")
        present = {row[0] for row in cursor.fetchall()}
        if present >= set(_TRIGGERS):
            return False
        for name, sql in _TRIGGERS.items():
            if name not in present:
                cursor.execute(sql)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, search_text) SELECT id, search_text FROM cases_case")
    return True
