"""Duplicate allegations: the same incident reported twice (a special rapporteur and an NGO both report
the detention of one defender in the same week), or one source sending the same report again.

Pure functions over plain records, without Django, so that they can be tested on their own:

- ``AllegationRecord``: what an allegation brings (its State, source, incident dates, forms of reprisal,
  UN bodies, affected parties as linkage keys, narrative);
- ``compare`` gives, per field, a level, a label and an evidence weight; ``score`` turns their sum into a
  probability-like score in [0, 1] and says whether the pair looks like one incident reported by two
  sources (``duplicate``) or one source sending again (``resubmission``);
- ``candidate_pairs`` is the blocking: only allegations about the same State within a window of dates
  are compared, each with a bounded number of neighbours, so that the cost grows near-linearly.

Every comparison is symmetric, every field weight is highest when a record is compared with itself, so
``score(a, a) >= score(a, b)`` for any ``b``. Reasons hold levels, labels, counts and weights, never a
name or a piece of a narrative.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache


def gettext_noop(text: str) -> str:
    """Marks a label for translation (``makemessages`` finds it) without importing Django here."""
    return text


PROPOSE = 0.5  # propose a pair for review at or above this score
PRIOR = -4.5  # log-odds before any evidence: most allegations about one State are not the same incident
WINDOW_DAYS = 500  # compare allegations whose first dates are at most this far apart (about a year either way)
MAX_NEIGHBOURS = 200  # and at most this many following neighbours in date order within one State

DUPLICATE = "duplicate"
RESUBMISSION = "resubmission"

FIELD_LABELS = {
    "country": gettext_noop("State"),
    "parties": gettext_noop("Affected parties"),
    "dates": gettext_noop("Dates"),
    "forms": gettext_noop("Forms of reprisal"),
    "un_bodies": gettext_noop("UN body"),
    "text": gettext_noop("Narrative"),
    "source": gettext_noop("Source"),
}

LABELS = {
    "same": gettext_noop("same"),
    "different": gettext_noop("different"),
    "missing": gettext_noop("not known on both sides"),
    "same_person": gettext_noop("a person linked across reports in common"),
    "same_name": gettext_noop("a name in common"),
    "no_party_in_common": gettext_noop("no affected party in common"),
    "same_day": gettext_noop("the same day"),
    "within_week": gettext_noop("within a week"),
    "within_month": gettext_noop("within a month"),
    "same_month": gettext_noop("the same month (dates not precise)"),
    "same_year": gettext_noop("the same year (dates not precise)"),
    "adjacent": gettext_noop("close, but the dates are not precise"),
    "within_year": gettext_noop("within a year"),
    "far_apart": gettext_noop("more than a year apart"),
    "received_close": gettext_noop("received within two weeks (no incident dates)"),
    "received_near": gettext_noop("received within two months (no incident dates)"),
    "received_apart": gettext_noop("received more than two months apart (no incident dates)"),
    "all_in_common": gettext_noop("all in common"),
    "some_in_common": gettext_noop("some in common"),
    "none_in_common": gettext_noop("none in common"),
    "very_similar": gettext_noop("very similar wording"),
    "similar": gettext_noop("similar wording"),
    "somewhat_similar": gettext_noop("some wording in common"),
    "not_similar": gettext_noop("different wording"),
    "different_sources": gettext_noop("reported by different sources"),
    "same_source": gettext_noop("the same source again: a resubmission?"),
    "source_unknown": gettext_noop("source not known on both sides"),
}


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class AllegationRecord:
    """What one allegation brings to the comparison. ``dates`` are partial incident dates
    ``(year, month or None, day or None)``; ``parties`` are linkage keys (``P<id>`` for a person linked
    across reports, ``N:<normalised name>`` for a named party), never shown to anyone."""

    id: int
    country: str = ""
    source: str = ""
    received: dt.date | None = None
    dates: tuple[tuple[int, int | None, int | None], ...] = ()
    forms: frozenset[str] = frozenset()
    un_bodies: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    text: str = ""
    case_id: int | None = None


@dataclass(frozen=True)
class FieldResult:
    level: str
    weight: float
    extra: Mapping[str, float | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scored:
    score: float
    weight: float
    kind: str
    fields: dict[str, FieldResult]
    text_similarity: float

    def reasons(self) -> dict[str, object]:
        """JSON for the candidate: per field the level, its label and weight; no names, no text."""
        return {
            "kind": self.kind,
            "text_similarity": round(self.text_similarity, 4),
            "fields": {
                name: {"level": r.level, "label": LABELS[r.level], "weight": round(r.weight, 3), **dict(r.extra)}
                for name, r in self.fields.items()
            },
        }


# ---------------------------------------------------------------- dates


def date_bounds(date: tuple[int, int | None, int | None]) -> tuple[int, int, int]:
    """(first day, last day, precision) of a partial date as ordinals; precision 0 = year, 1 = month,
    2 = day. Impossible days are clamped to the month."""
    year, month, day = date
    if month is None:
        return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal(), 0
    first = dt.date(year, month, 1)
    last_day = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    if day is None:
        return first.toordinal(), first.toordinal() + last_day - 1, 1
    one = dt.date(year, month, min(max(day, 1), last_day)).toordinal()
    return one, one, 2


DATE_WEIGHTS = {
    "same_day": 3.0, "within_week": 2.0, "same_month": 1.5, "within_month": 0.5, "same_year": 0.5,
    "adjacent": 0.0, "within_year": -1.5, "far_apart": -5.0,
}


def date_level(a: tuple[int, int | None, int | None], b: tuple[int, int | None, int | None]) -> str:
    """How close two partial dates are. An imprecise date ("2016", "2016-03") is a period: two periods
    that overlap agree as far as the coarser one allows, and never more than two exact days would."""
    a0, a1, pa = date_bounds(a)
    b0, b1, pb = date_bounds(b)
    gap = max(0, max(a0, b0) - min(a1, b1))
    overlap = a0 <= b1 and b0 <= a1
    precision = min(pa, pb)
    if precision == 2:
        if gap == 0:
            return "same_day"
        if gap <= 7:
            return "within_week"
        if gap <= 31:
            return "within_month"
    elif overlap:
        return "same_month" if precision == 1 else "same_year"
    elif gap <= 31:
        return "adjacent"
    return "within_year" if gap <= 366 else "far_apart"


def _dates(a: AllegationRecord, b: AllegationRecord) -> FieldResult:
    if a.dates and b.dates:
        # ties between levels of equal weight are broken by name, so that the reason is symmetric too
        best = max((date_level(x, y) for x in a.dates for y in b.dates), key=lambda level: (DATE_WEIGHTS[level], level))
        return FieldResult(best, DATE_WEIGHTS[best])
    if not a.dates and not b.dates and a.received is not None and b.received is not None:
        gap = abs(a.received.toordinal() - b.received.toordinal())
        if gap <= 14:
            return FieldResult("received_close", 0.5)
        if gap <= 61:
            return FieldResult("received_near", 0.2)
        return FieldResult("received_apart", 0.0)
    return FieldResult("missing", 0.0)


# ---------------------------------------------------------------- sets: parties, forms, UN bodies


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _parties(a: AllegationRecord, b: AllegationRecord) -> FieldResult:
    if not a.parties or not b.parties:
        return FieldResult("missing", 0.0)
    common = a.parties & b.parties
    persons = sum(1 for k in common if k.startswith("P"))
    if persons:
        return FieldResult("same_person", 3.0, {"in_common": len(common)})
    if common:
        return FieldResult("same_name", 2.5, {"in_common": len(common)})
    return FieldResult("no_party_in_common", -1.5, {"in_common": 0})


def _set_field(a: frozenset[str], b: frozenset[str], low: float, high: float) -> FieldResult:
    """``low`` with nothing in common, rising linearly with the Jaccard index to ``high`` when equal."""
    if not a or not b:
        return FieldResult("missing", 0.0)
    j = jaccard(a, b)
    level = "all_in_common" if j == 1.0 else "some_in_common" if j > 0 else "none_in_common"
    return FieldResult(level, low + (high - low) * j, {"in_common": len(a & b)})


# ---------------------------------------------------------------- narrative text

_STOP = frozenset("""
a an and are as at be by for from had has have he her his in into is it its of on or she that the their
they this to was were which who with after before been also not no during upon
le la les de des du un une et en au aux par pour sur dans qui que est il elle ses son sa a été
el los las del y por para con una que se su sus fue al lo
""".split())
_WORD = re.compile(r"\w+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")


def tokens(text: str) -> list[str]:
    """Words of a narrative: case-folded, without diacritics, stop words or digits; Han text, written
    without spaces, as overlapping pairs of characters."""
    folded = unicodedata.normalize("NFKD", text or "").casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    out: list[str] = []
    for word in _WORD.findall(folded):
        if word.isdigit() or word in _STOP or "_" in word:
            continue
        if _HAN.search(word):
            out.extend(word[i:i + 2] for i in range(max(1, len(word) - 1)))
        elif len(word) > 1:
            out.append(word)
    return out


def features(text: str) -> Counter[str]:
    """Word and word-pair (shingle) counts."""
    words = tokens(text)
    counts: Counter[str] = Counter(words)
    counts.update(f"{x} {y}" for x, y in zip(words, words[1:], strict=False))
    return counts


@lru_cache(maxsize=100_000)
def has_words(text: str) -> bool:
    return bool(tokens(text))


def idf_of(texts: Iterable[str]) -> dict[str, float]:
    """Inverse document frequencies over a corpus (smoothed: a feature in every document still counts)."""
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update(set(features(text)))
    return {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items()}


def vector(text: str, idf: Mapping[str, float] | None = None) -> dict[str, float]:
    """TF-IDF vector (sublinear term frequency); features unknown to ``idf`` weigh as the rarest."""
    counts = features(text)
    default = max(idf.values(), default=1.0) if idf else 1.0
    return {f: (1.0 + math.log(c)) * (idf.get(f, default) if idf else 1.0) for f, c in counts.items()}


def unit(v: Mapping[str, float]) -> dict[str, float]:
    """``v`` scaled to length 1 (empty stays empty), so that a cosine is a dot product: normalise each
    narrative once, not once per pair."""
    norm = math.sqrt(sum(w * w for w in v.values()))
    return {f: w / norm for f, w in v.items()} if norm else {}


def unit_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two ``unit`` vectors, in [0, 1]."""
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, max(0.0, sum(w * b.get(f, 0.0) for f, w in a.items())))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(f, 0.0) for f, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return min(1.0, max(0.0, dot / norm)) if norm else 0.0


def text_similarity(a: str, b: str, idf: Mapping[str, float] | None = None) -> float:
    """TF-IDF cosine of two narratives, in [0, 1]; 1 for the same wording."""
    if a == b:
        return 1.0 if has_words(a) else 0.0
    return cosine(vector(a, idf), vector(b, idf))


def _text(similarity: float, present: bool) -> FieldResult:
    if not present:
        return FieldResult("missing", 0.0)
    level = ("very_similar" if similarity >= 0.7 else "similar" if similarity >= 0.4
             else "somewhat_similar" if similarity >= 0.2 else "not_similar")
    return FieldResult(level, 6.0 * similarity - 1.5)


# ---------------------------------------------------------------- comparing and scoring


def _source(a: AllegationRecord, b: AllegationRecord) -> FieldResult:
    """The source decides what kind of duplicate a pair is, not whether it is one: no weight."""
    if not a.source or not b.source:
        return FieldResult("source_unknown", 0.0)
    return FieldResult("same_source" if a.source == b.source else "different_sources", 0.0)


def compare(a: AllegationRecord, b: AllegationRecord, *, similarity: float | None = None,
            idf: Mapping[str, float] | None = None) -> dict[str, FieldResult]:
    """Per field: level and evidence weight. ``similarity`` may be given when already computed."""
    if similarity is None:
        similarity = text_similarity(a.text, b.text, idf)
    present = has_words(a.text) and has_words(b.text)
    if not a.country or not b.country:
        country = FieldResult("missing", 0.0)
    else:
        country = FieldResult("same", 1.0) if a.country == b.country else FieldResult("different", -4.0)
    return {
        "country": country,
        "parties": _parties(a, b),
        "dates": _dates(a, b),
        "forms": _set_field(a.forms, b.forms, -0.5, 1.5),
        "un_bodies": _set_field(a.un_bodies, b.un_bodies, -0.3, 1.0),
        "text": _text(similarity, present),
        "source": _source(a, b),
    }


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def score(a: AllegationRecord, b: AllegationRecord, *, idf: Mapping[str, float] | None = None,
          similarity: float | None = None) -> Scored:
    """How likely ``a`` and ``b`` report the same incident: the logistic of the prior plus the field
    weights, in [0, 1]; symmetric in ``a`` and ``b``."""
    if similarity is None:
        similarity = text_similarity(a.text, b.text, idf)
    fields = compare(a, b, similarity=similarity)
    weight = PRIOR + sum(r.weight for r in fields.values())
    kind = RESUBMISSION if fields["source"].level == "same_source" else DUPLICATE
    return Scored(score=logistic(weight), weight=weight, kind=kind, fields=fields, text_similarity=similarity)


# ---------------------------------------------------------------- blocking


def first_day(record: AllegationRecord) -> int:
    """The ordinal of the earliest incident date, or of the day received, or 0 when neither is known."""
    if record.dates:
        return min(date_bounds(d)[0] for d in record.dates)
    return record.received.toordinal() if record.received else 0


def candidate_pairs(records: Iterable[AllegationRecord], *, window_days: int = WINDOW_DAYS,
                    max_neighbours: int = MAX_NEIGHBOURS) -> Iterator[tuple[AllegationRecord, AllegationRecord]]:
    """Pairs worth comparing: same State, first dates at most ``window_days`` apart, each record with at
    most ``max_neighbours`` following records in date order (a sorted neighbourhood within each State),
    never two allegations already in one case. Each pair once, lower id first. Cost: O(n · max_neighbours)."""
    by_state: dict[str, list[tuple[int, int, AllegationRecord]]] = defaultdict(list)
    for r in records:
        if r.country:
            by_state[r.country].append((first_day(r), r.id, r))
    for rows in by_state.values():
        rows.sort(key=lambda row: (row[0], row[1]))
        for i, (day, _id, a) in enumerate(rows):
            for day_b, _id_b, b in rows[i + 1: i + 1 + max_neighbours]:
                if day_b - day > window_days:
                    break
                if a.case_id is not None and a.case_id == b.case_id:
                    continue
                yield (a, b) if a.id < b.id else (b, a)
