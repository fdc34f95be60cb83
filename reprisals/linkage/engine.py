"""The whole linkage pipeline over plain records, without a database: prepare, block, compare, fit,
score, cluster. Used by ``reprisals link file``, by the register run (``services.linkage_run``) and by
the benchmark.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import TypeVar

import numpy as np
from rapidfuzz.distance import OSA

from reprisals.linkage import blocking
from reprisals.linkage import names as N
from reprisals.linkage.cluster import cluster
from reprisals.linkage.compare import (
    FIELDS,
    INDIVIDUAL,
    KIND_ORDER,
    ORGANISATION,
    Comparison,
    Prepared,
    Record,
    compare,
    compatibility,
    compatibility_of,
    name_key,
    prepare,
)
from reprisals.linkage.scoring import Model, default_model, fit

# Chosen on the development seed of the synthetic set (101), not on the benchmark seeds.
ACCEPT = 0.7  # link file / clusters: pairs at or above this probability are joined
# A name shared by more records than one person is typically reported under counts for less: the
# weight of a full-name agreement falls by log2(count / COMMON_NAME), as splink's term-frequency
# adjustment does.
COMMON_NAME = 4.0
# ... and a name that only the two records of a pair hold (with one more, 3) counts for more, by up to
# log2(COMMON_NAME / RARE_NAME), as splink's adjustment raises the weight of a rare value. On the
# development seed it took recall at 100,000 records from 0.842 to 0.851 (precision 0.939 → 0.934, F1
# 0.888 → 0.890), at 10,000 F1 from 0.9534 to 0.9545; a floor of 1 gained less at 100,000.
RARE_NAME = 2.0
# ... but for persons by at most COMMON_FLOOR bits (a name held by more than 32 records weighs as one held by 32),
# and a family name with an initial (``FAMILY_NAME``) by at most FAMILY_FLOOR bits. Among the compared pairs of
# persons whose names agree in full, the share of one person does not keep falling as the name grows more
# common: on the development seed at 300,000 records it was 43% where 8-16 records held the name, 51% where
# 32-128 did and 55% above 128, while the penalty went on growing (likely because a block of more than 20
# records is compared only between neighbours in name order, so the pairs compared of a very common name are not
# a random draw of its holders). Chosen on the development seed at three sizes, the same rule at each: F1 at
# 100,000 records 0.9307 → 0.9314 (seed 303: 0.9308 → 0.9312), at 300,000 0.8798 → 0.8825, at 1,000,000
# 0.7807 → 0.7824. A floor of 2 bits gained more at 100,000 and 300,000 (0.9321, 0.8833) but lost at 1,000,000
# (0.7748: there the namesakes of a very common name outnumber the effect); 4 bits gained less at 100,000 and
# 300,000 (0.9311, 0.8808) and as much at 1,000,000 (0.7825); FAMILY_FLOOR 2 with 4: 0.8807, 0.7828.
# Held out (seeds 2024 + n, looked at once, for this rule only): 10,000 unchanged (0.9674), 100,000 0.9274 → 0.9280,
# 1,000,000 0.7814 → 0.7834 (precision 0.733 → 0.722, recall 0.836 → 0.856).
COMMON_FLOOR = 3.0
FAMILY_FLOOR = 1.0
# A family name agreeing with the given name an initial or missing ("A. Lekerenko", "Lekerenko"; level 5 of
# the name) says more when few records of the State hold that family name, less when many do: the weight
# changes by -log2(max(count, RARE_NAME) / FAMILY_NAME), as splink's term-frequency adjustment of one
# field. On the development seed at 100,000 records, of these pairs 78% were one person when at most 4
# records held the family name, 21% when over 128 did; the model gave both about 0.6 and 0.45. F1 at
# 100,000 records 0.9107 → 0.9123 (seed 303: 0.9095 → 0.9116 with the Wade-Giles readings), at 10,000
# 0.9628 → 0.9647 (seed 303: 0.9589 → 0.9604); 32 instead of 48, with the gain held to 1 bit: 0.9112.
FAMILY_NAME = 48.0
# A word of one name held by no other record, one letter from (or similar to) an established spelling in
# the other, is a typo: the weight rises by TYPO bits; two spellings each held by several records are two
# names: it falls by up to NAMES bits (``spelling_adjustment``). On the development seed F1 went from
# 0.9665 to 0.9681 at 10,000 records (seed 303: 0.9632 to 0.9649), from 0.9148 to 0.9184 at 100,000 (seed 303:
# 0.9142 to 0.9179) and from 0.8605 to 0.8647 at 300,000.
TYPO = 1.5
NAMES = 3.0
# A family name with a similar given name (level 6) whose differing words are all this many edits apart
# or more (``OSA``: a letter changed, added, dropped, or two swapped) is two given names, however rare:
# a typo changes a letter or two, and the spellings of one name that differ by more ("Aleksandr" and
# "Alexander", "Mohamed" and "Muhammad") meet in a reading and agree in full. The weight falls by NAMES
# bits. On the development seed at 100,000 records, 2.2% of such pairs were one person where a word
# was held by no other record, and 18% of them were linked; F1 went from 0.9184 to 0.9197 (seed 303:
# 0.9179 to 0.9196), at 10,000 from 0.9681 to 0.9688 (seed 303: 0.9649 to 0.9656), at 300,000 from 0.8647 to 0.8665.
FAR_EDITS = 3
# A pair of persons naming two different States: the share of the name's records that each State holds tells
# a namesake (at home where the name is common) from one person reported from exile (anywhere). The weight
# changes by PLACE_BITS at these shares of the smaller State, counted for names held by at least
# PLACE_COUNTED records with a State (``place_adjustment``). Measured on the development seed at 100,000
# records: of the compared pairs whose names agree in full and whose States differ, 75% were one person
# where the smaller State held under 1% of the name's records, 61% at 1-2%, 23% at 2-5%, 5% at 5-20%, 21%
# in all. F1 went from 0.9244 to 0.9297 there (precision 0.937 → 0.939, recall 0.912 → 0.920; seed 303: 0.9232
# to 0.9297) and from 0.8712 to 0.8783 at 300,000; counted from 20 records 0.9295, from 80 0.9298; the gain
# alone, without the fall, 0.9289.
PLACE_COUNTED = 40
PLACE_SHARES = (1 / 128, 1 / 64, 1 / 32, 1 / 16)
PLACE_BITS = (3.5, 2.5, 0.0, -3.0)
PROPOSE = 0.5  # the register: pairs at or above this probability go to the review queue

T = TypeVar("T")


@dataclass
class Scored:
    """Compared pairs of one kind: indexes into the record list, levels, similarities, probabilities."""

    kind: str
    pairs: np.ndarray
    levels: np.ndarray
    similarity: np.ndarray
    transliterated: np.ndarray
    probability: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # log2 adjustment for a common name, added to the model's match weight (0 for most pairs)
    adjustment: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # the cluster guard's verdict (``compare.compatibility``) on each pair
    verdict: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    def comparison(self, k: int) -> Comparison:
        return Comparison(self.kind, tuple(int(x) for x in self.levels[k]), float(self.similarity[k]),
                          bool(self.transliterated[k]))


@dataclass
class LinkResult:
    prepared: list[Prepared]
    scored: dict[str, Scored]
    models: dict[str, Model]
    cluster_ids: list[int]
    scores: list[float]


@dataclass
class RecordKeys:
    """What the adjustments of ``score`` count, per record, read once: the name's key (``compare.name_key``), the
    family and given name keys of a person (``_family_key``, ``_given_key``; "" otherwise) and the words of a
    person's spellings in Latin letters (``_latin_words``; empty otherwise). ``score`` reads them while the
    records' pairs are compared in other processes, so that the adjustments afterwards are about the pairs alone."""

    name: list[str]
    family: list[str]
    given: list[str]
    words: list[frozenset[str]]

    @classmethod
    def of(cls, prepared: Sequence[Prepared]) -> RecordKeys:
        return cls([name_key(p) for p in prepared], [_family_key(p) for p in prepared],
                   [_given_key(p) for p in prepared],
                   [_latin_words(p) if p.kind == INDIVIDUAL else frozenset() for p in prepared])


_PREPARED: list[Prepared] = []


def _compare_chunk(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    width = max(len(f) for f in FIELDS.values())
    levels: list[tuple[int, ...]] = []
    sims: list[float] = []
    translit: list[bool] = []
    verdicts: list[int] = []
    pad = (0,) * width
    for i, j in chunk.tolist():
        a, b = _PREPARED[i], _PREPARED[j]
        c = compare(a, b)
        levels.append((c.levels + pad)[:width])
        sims.append(c.name_similarity)
        translit.append(c.transliterated)
        verdicts.append(compatibility_of(c))
    return (np.array(levels, dtype=np.int8).reshape(len(levels), width), np.array(sims, dtype=np.float32),
            np.array(translit, dtype=bool), np.array(verdicts, dtype=np.int8))


def _keys_chunk(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    return blocking.key_codes(_PREPARED[bounds[0]:bounds[1]])


@contextmanager
def _pool(workers: int) -> Iterator[Pool]:
    """``workers`` forked processes sharing the records. The objects alive at the fork are frozen out of the
    garbage collector's view (``gc.freeze``, as Python's documentation advises before a fork without exec): a
    collection in a worker would otherwise walk millions of inherited records and write to every page holding
    them, copying it, and the main process's would walk them again after every run."""
    import multiprocessing as mp

    gc.freeze()
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _parallel(workers: int, n: int) -> bool:
    return workers > 1 and n >= 200_000 and hasattr(os, "fork")


def compare_pairs(prepared: list[Prepared], pairs: np.ndarray, *, workers: int = 1) -> tuple[np.ndarray, ...]:
    """Levels, name similarities, transliteration flags and cluster-guard verdicts (``compatibility``)
    of ``pairs``; in ``workers`` processes (forked, so the records are shared, not copied) when there
    are many."""
    return _compare_pairs_while(prepared, pairs, workers=workers, meanwhile=lambda: None)[0]


def _compare_pairs_while(prepared: list[Prepared], pairs: np.ndarray, *, workers: int,
                         meanwhile: Callable[[], T]) -> tuple[tuple[np.ndarray, ...], T]:
    """``compare_pairs``, and ``meanwhile()`` run in this process while the workers compare (it shares the two
    cores with them: what it computes costs about half its time)."""
    global _PREPARED
    _PREPARED = prepared
    order = locality_order(prepared, pairs)
    try:
        if not _parallel(workers, len(pairs)):
            found, extra = _compare_chunk(pairs[order]), meanwhile()
        else:
            chunks = np.array_split(pairs[order], workers * max(8, len(pairs) // 500_000))
            with _pool(workers) as pool:
                waiting = pool.map_async(_compare_chunk, chunks, chunksize=1)
                extra = meanwhile()
                parts = waiting.get()
            found = tuple(np.concatenate([p[x] for p in parts]) for x in range(4))
    finally:
        _PREPARED = []
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return tuple(x[back] for x in found), extra


def locality_order(prepared: Sequence[Prepared], pairs: np.ndarray) -> np.ndarray:
    """An order of ``pairs`` (a permutation of their indexes) in which pairs of records with the same
    family name (the first spelling's) come together, so that the name parts they compare are still in
    the per-process caches (``compare.token_level``) when the next pair needs them; in the order of
    blocking, the pairs of one name are spread over the whole run. On the development seed at 100,000
    records it saved a sixth of the token comparisons that miss the cache."""
    if len(pairs) == 0:
        return np.zeros(0, dtype=np.int64)
    family = np.array([p.parsed[0].family if p.parsed else "" for p in prepared], dtype=object)
    rank = np.empty(len(prepared), dtype=np.int64)
    rank[np.argsort(family, kind="stable")] = np.arange(len(prepared))
    return np.argsort(rank[pairs[:, 0]] * len(prepared) + rank[pairs[:, 1]], kind="stable")


def candidate_pairs(prepared: list[Prepared], *, cap: int = blocking.DEFAULT_CAP, workers: int = 1) -> np.ndarray:
    """``blocking.candidate_pairs``, with the keys made in ``workers`` processes for a large register."""
    global _PREPARED
    if not _parallel(workers, len(prepared)):
        return blocking.candidate_pairs(prepared, cap=cap)
    _PREPARED = prepared
    try:
        step = -(-len(prepared) // (workers * 4))
        with _pool(workers) as pool:
            parts = pool.map(_keys_chunk, [(k, k + step) for k in range(0, len(prepared), step)], chunksize=1)
    finally:
        _PREPARED = []
    codes = tuple(np.concatenate([part[x] for part in parts]) for x in range(2))
    return blocking.candidate_pairs(prepared, cap=cap, codes=codes)


def common_name_adjustment(prepared: Sequence[Prepared], s: Scored, *, common: float = COMMON_NAME,
                           rare: float = RARE_NAME, keys: RecordKeys | None = None) -> np.ndarray:
    """Per pair, ``-log2(max(count, rare) / common)`` when both names agree in full (given and family;
    for organisations the same name or acronym), where ``count`` is the number of records holding the
    more common of the two names' keys: negative for a name held by more than ``common`` records,
    positive (at most ``log2(common / rare)``) for one held by fewer; 0 otherwise. For persons the
    penalty is at most ``COMMON_FLOOR`` bits.

    The more common of the two, as splink does for its fuzzy levels: two spellings that agree in full
    but have different keys (one with a second surname or a father's name, one in another script)
    share at most the shorter name, which is the more common; taking the rarer made exactly these
    pairs, most of them namesakes at scale, the strongest.

    ``keys``: the records' ``RecordKeys``, when read already."""
    out = np.zeros(len(s.pairs))
    if not len(s.pairs):
        return out
    read = keys or RecordKeys.of(prepared)
    names = [k if p.kind == s.kind else "" for p, k in zip(prepared, read.name, strict=True)]
    counts: dict[str, int] = {}
    for k in names:
        counts[k] = counts.get(k, 0) + 1
    per_record = np.array([counts[k] if k else 1 for k in names], dtype=np.float64)
    # names agreeing in full: given and family (individuals); the same name or acronym (organisations)
    full = s.levels[:, 0] >= (6 if s.kind == INDIVIDUAL else 4)
    c = np.maximum(per_record[s.pairs[:, 0]], per_record[s.pairs[:, 1]])
    c = _in_state(prepared, s, names, c)
    out[full] = -np.log2(np.maximum(c[full], rare) / common)
    if s.kind == INDIVIDUAL:
        out[full] = np.maximum(out[full], -COMMON_FLOOR)
        out += _family_adjustment(prepared, s, rare=rare, keys=read)
        out += spelling_adjustment(prepared, s, keys=read)
        out += place_adjustment(prepared, s, keys=read)
    return out


def _given_key(p: Prepared) -> str:
    """The first given name of a person's first spelling (not an initial), keyed as ``_family_key`` keys the
    family name, for ``place_adjustment``."""
    if p.kind != INDIVIDUAL or not p.parsed or not p.parsed[0].given or N.is_initial(p.parsed[0].given[0]):
        return ""
    given = p.parsed[0].given[0]
    key = _GIVEN_KEYS.get(given)
    if key is None:
        key = _GIVEN_KEYS[given] = N.skeleton(N.arabic_latin(given)) or given
    return key


_GIVEN_KEYS: dict[str, str] = {}


def _share_of_state(prepared: Sequence[Prepared], keys: Sequence[str]) -> np.ndarray:
    """Per record, the share of the records holding its key (and a State) that name its State; NaN for a record
    without a State or key, or whose key fewer than ``PLACE_COUNTED`` records with a State hold."""
    holding: dict[str, int] = {}
    in_state: dict[tuple[str, str], int] = {}
    for p, key in zip(prepared, keys, strict=True):
        if key and p.record.country:
            holding[key] = holding.get(key, 0) + 1
            in_state[(key, p.record.country)] = in_state.get((key, p.record.country), 0) + 1
    out = np.full(len(prepared), np.nan)
    for i, (p, key) in enumerate(zip(prepared, keys, strict=True)):
        if key and p.record.country and holding[key] >= PLACE_COUNTED:
            out[i] = in_state[(key, p.record.country)] / holding[key]
    return out


def place_adjustment(prepared: Sequence[Prepared], s: Scored, *, keys: RecordKeys | None = None) -> np.ndarray:
    """Per pair of persons naming two different States: is the other State that of a namesake, or one where a
    person is reported from exile? A namesake lives where the name is common; a person reported from exile
    may be reported anywhere. So the fewer of the name's records a State holds, the likelier a record of that
    State is the person of the other State, and the more it holds, the likelier a namesake. Each record's
    share is that of its State among the records holding its family name, or its given name, whichever is
    larger (a State where either is common is a home of the name), counted only for a name held by at least
    ``PLACE_COUNTED`` records with a State; the pair takes the smaller of its two records' shares. The weight
    changes by ``PLACE_BITS`` at the shares ``PLACE_SHARES`` (interpolated on a log scale, and held beyond
    them); a pair with a State missing, or a share not counted, keeps the model's weight alone."""
    out = np.zeros(len(s.pairs))
    different = s.levels[:, FIELDS[INDIVIDUAL].index("country")] == 1
    if not different.any():
        return out
    read = keys or RecordKeys.of(prepared)
    share = np.fmax(_share_of_state(prepared, read.family), _share_of_state(prepared, read.given))
    a, b = s.pairs[:, 0], s.pairs[:, 1]
    counted = different & ~np.isnan(share[a]) & ~np.isnan(share[b])
    smaller = np.fmin(share[a], share[b])[counted]
    out[counted] = np.interp(np.log2(smaller), np.log2(PLACE_SHARES), PLACE_BITS)
    return out


def _latin_words(p: Prepared) -> frozenset[str]:
    """The words (two letters or more) of a person's spellings in Latin letters, as ``spelling_adjustment``
    counts them: once per record, however many of its spellings hold a word."""
    return frozenset(w for parsed in p.parsed if not N.non_latin(parsed.original) for w in parsed.tokens if len(w) > 1)


def spelling_adjustment(prepared: Sequence[Prepared], s: Scored, *, keys: RecordKeys | None = None) -> np.ndarray:
    """Per pair whose names are one letter apart, or agree on the family name with a similar given name
    (levels 7 and 6), written in one script: is the difference a typo or another person's name? How many
    records hold each spelling tells, as splink's term frequencies tell for a value: a slip of the pen
    is a spelling few records hold, while a name is held again and again. For the words that are in
    one name and not in the other, counted over the whole register (``_latin_words``):

    - one of them held by no other record, against one held by others: a typo, ``+TYPO`` bits;
    - all held by several records (the rarest by ``least``), with the rarest at least 1/32 as common as
      the most common: two names, ``-min(1 + log2(least) / 2, NAMES)`` bits;
    - otherwise (every word held by this pair alone, as in a small register; or a rare spelling of a
      very common name, as the same slip recurs at scale) nothing;
    - but two spellings several records hold each, one of them with an "h" after a consonant that the other
      leaves out ("Ashok" and "Asok", ``_h_dropped``), are one name: ``+TYPO`` bits;
    - but a family name with given names ``FAR_EDITS`` or more edits apart (level 6) is two names
      whatever the counts, ``-NAMES`` bits.

    Measured on the development seed at 100,000 records: of these compared pairs, 30% are one person;
    48% where a word is held by no other record, 5% where both spellings are held by several records at
    comparable counts, and 27% where the rarer is held by under 1/32 as many records as the other."""
    out = np.zeros(len(s.pairs))
    near = np.isin(s.levels[:, 0], (6, 7)) & ~s.transliterated
    if not near.any():
        return out
    words = (keys or RecordKeys.of(prepared)).words
    counts: dict[str, int] = {}
    for held in words:
        for w in held:
            counts[w] = counts.get(w, 0) + 1
    for k in np.flatnonzero(near).tolist():
        a, b = words[int(s.pairs[k, 0])], words[int(s.pairs[k, 1])]
        if a <= b or b <= a:  # no word of one name is missing from the other: nothing to weigh
            continue
        if s.levels[k, 0] == 6 and _edits_apart(a - b, b - a) >= FAR_EDITS:
            out[k] = -NAMES
            continue
        held = [counts[w] for w in a ^ b]
        least, most = min(held), max(held)
        if least > 1 and _h_dropped(a - b, b - a):
            out[k] = TYPO
            continue
        if least == 1:
            out[k] = TYPO if most > 1 else 0.0
        elif least * 32 >= most:
            out[k] = -min(1 + np.log2(least) / 2, NAMES)
    return out


def _h_dropped(these: frozenset[str], those: frozenset[str]) -> bool:
    """Whether the one word of ``these`` and the one word of ``those`` differ only by an "h" after a consonant
    ("Ashok" and "Asok", "Shiva" and "Siva", "Bhatt" and "Batt", "Thomas" and "Tomas"): the aspiration
    that romanisations of Hindi, Bengali, Arabic and others write or leave out, two spellings of one name
    however many records hold each."""
    if len(these) != 1 or len(those) != 1:
        return False
    (x,), (y,) = these, those
    if len(x) < len(y):
        x, y = y, x
    return len(x) == len(y) + 1 and any(x[i] == "h" and x[i - 1] not in _VOWELS and x[:i] + x[i + 1:] == y
                                        for i in range(1, len(x)))


_VOWELS = frozenset("aeiouy")


def _edits_apart(these: frozenset[str], those: frozenset[str]) -> int:
    """The fewest edits (``OSA``) between a word of ``these`` and a word of ``those``."""
    return min(OSA.distance(x, y) for x in these for y in those)


def _family_key(p: Prepared) -> str:
    """The family name of a person's first spelling, as counted for ``_family_adjustment``."""
    if p.kind != INDIVIDUAL or not p.parsed or not p.parsed[0].family:
        return ""
    family = p.parsed[0].family
    key = _FAMILY_KEYS.get(family)
    if key is None:
        key = _FAMILY_KEYS[family] = N.skeleton(N.arabic_latin(family)) or family
    return key


_FAMILY_KEYS: dict[str, str] = {}  # family names recur: each is read once per process


def _family_adjustment(prepared: Sequence[Prepared], s: Scored, *, rare: float = RARE_NAME,
                       keys: RecordKeys | None = None) -> np.ndarray:
    """Per pair whose names agree on the family name with the given name an initial or missing (level
    5), ``-log2(max(count, rare) / FAMILY_NAME)``, where ``count`` is the number of records holding the
    more common of the two family names (within the State, as ``_in_state``), at most ``FAMILY_FLOOR`` bits
    below 0; 0 for other pairs."""
    out = np.zeros(len(s.pairs))
    initial = s.levels[:, 0] == 5
    if not initial.any():
        return out
    families = (keys or RecordKeys.of(prepared)).family
    counts: dict[str, int] = {}
    for k in families:
        if k:
            counts[k] = counts.get(k, 0) + 1
    per_record = np.array([counts[k] if k else 1 for k in families], dtype=np.float64)
    c = np.maximum(per_record[s.pairs[:, 0]], per_record[s.pairs[:, 1]])
    c = _in_state(prepared, s, families, c)
    out[initial] = np.maximum(-np.log2(np.maximum(c[initial], rare) / FAMILY_NAME), -FAMILY_FLOOR)
    return out


def _in_state(prepared: Sequence[Prepared], s: Scored, keys: Sequence[str], counts: np.ndarray) -> np.ndarray:
    """For two records naming one State, the number of records of that State sharing the pair's key
    (for organisations: the number of organisations of that State holding its acronym, whether the name
    is written in full or not, ``_organisations_holding``), instead of
    ``counts``, the number over the world; for a pair with a State missing on either side,
    ``counts``. A namesake of another State does not make two reports of one State doubtful: the State
    tells it apart, and weighs in the model already; counted over the world, it was held against the
    pair twice.

    Organisations: about ten organisations of the world share an acronym ("KWRC"), rarely two of one
    State: counted over the world, "KWRC" against "Kotape Women's Rights Coalition" of one State weighed
    as a common name. On the development seed at 100,000 records F1 of the organisations went from
    0.865 to 0.882 (all records 0.9042 → 0.9051); persons as well, 0.9051 → 0.9065 (precision 0.927 →
    0.923, recall 0.884 → 0.890; seed 303: 0.9035 → 0.9059)."""
    local: list[str] = []
    for p, key in zip(prepared, keys, strict=True):
        if p.kind == ORGANISATION:
            key = p.org_acronyms[0] if p.kind == s.kind and p.org_acronyms else ""
        local.append(f"{key}|{p.record.country}" if key and p.record.country else "")
    tally: dict[str, int] = {}
    if s.kind == ORGANISATION:
        tally = _organisations_holding(prepared, local)
    else:
        for k in local:
            if k:
                tally[k] = tally.get(k, 0) + 1
    in_state = np.array([tally.get(k, 0) for k in local], dtype=np.float64)
    country = np.array([p.record.country for p in prepared], dtype=object)
    a, b = s.pairs[:, 0], s.pairs[:, 1]
    # both in one State, each with a key: for organisations the same acronym, for persons their own keys
    same = (in_state[a] > 0) & (in_state[b] > 0) & (country[a] == country[b])
    if s.kind == ORGANISATION:
        same &= np.array(local, dtype=object)[a] == np.array(local, dtype=object)[b]
    return np.where(same, np.maximum(in_state[a], in_state[b]), counts)


def _organisations_holding(prepared: Sequence[Prepared], local: Sequence[str]) -> dict[str, int]:
    """For each acronym of a State (``local``: "acronym|State" per record, or ""), the organisations that
    hold it (the names written out in full, two words or more, found with it; at least 1), each counted as
    the ``RARE_NAME`` records of a pair: one organisation weighs as a rare name (+1 bit), two as four
    records (0), more less. Counted by records, an organisation reported ten times made its own acronym
    "common", so that "NHRS" against "Nakado Human Rights Society" of one State weighed as a namesake's.
    On the development seed at 100,000 records, 495 such true pairs of one State were left apart; F1 went
    from 0.9197 to 0.9210 (seed 303: 0.9196 to 0.9204), at 300,000 records from 0.8665 to 0.8682; no
    change at 10,000. Each organisation counted as one record instead (one or two organisations +1 bit)
    gave 0.9211 and 0.8685."""
    names: dict[str, set[str]] = {}
    for p, key in zip(prepared, local, strict=True):
        if key:
            names.setdefault(key, set()).update(n for n in p.org_norm if len(n.split()) >= 2)
    return {key: int(RARE_NAME) * max(1, len(held)) for key, held in names.items()}


def score(prepared: list[Prepared], *, models: dict[str, Model] | None = None, train: bool = True,
          cap: int = blocking.DEFAULT_CAP, workers: int = 1) -> tuple[dict[str, Scored], dict[str, Model]]:
    """Block, compare and score all records against each other, per kind. With ``train``, m, u and the
    prior are re-estimated by EM from the compared pairs, starting from ``models`` (or the priors)."""
    pairs = candidate_pairs(prepared, cap=cap, workers=workers)
    (levels, sims, translit, verdicts), keys = _compare_pairs_while(prepared, pairs, workers=workers,
                                                                    meanwhile=lambda: RecordKeys.of(prepared))
    kinds = np.array([KIND_ORDER[p.kind] for p in prepared], dtype=np.int8)
    out: dict[str, Scored] = {}
    fitted: dict[str, Model] = {}
    for kind, code in KIND_ORDER.items():
        mask = kinds[pairs[:, 0]] == code if len(pairs) else np.zeros(0, dtype=bool)
        n_fields = len(FIELDS[kind])
        s = Scored(kind, pairs[mask], np.ascontiguousarray(levels[mask][:, :n_fields]), sims[mask], translit[mask])
        s.verdict = verdicts[mask]
        start = (models or {}).get(kind) or default_model(kind)
        model = fit(s.levels, start, kind=kind) if train and len(s.levels) >= 50 else start
        s.adjustment = common_name_adjustment(prepared, s, keys=keys)
        s.probability = 1.0 / (1.0 + np.exp2(-np.clip(model.weights_of(s.levels) + s.adjustment, -60, 60)))
        out[kind], fitted[kind] = s, model
    return out, fitted


def _guard(prepared: Sequence[Prepared]) -> Callable[[int, int], int]:
    """The cluster guard's verdict (``compare.compatibility``) on a pair of records that blocking did not bring
    together, computed once however often ``cluster`` asks (it reads the verdicts of the compared pairs from their
    comparison). On the development seed at 100,000 records, four in five of the pairs the guard asked about had
    been compared, and a third of the questions were asked before."""
    computed: dict[tuple[int, int], int] = {}

    def compatible(i: int, j: int) -> int:
        key = (i, j) if i < j else (j, i)
        verdict = computed.get(key)
        if verdict is None:
            verdict = computed[key] = compatibility(prepared[i], prepared[j])
        return verdict

    return compatible


def link(records: Sequence[Record], *, threshold: float = ACCEPT, models: dict[str, Model] | None = None,
         train: bool = True, cap: int = blocking.DEFAULT_CAP, workers: int = 1) -> LinkResult:
    """Cluster ``records``: each gets a cluster number and the probability of its strongest link."""
    prepared = [prepare(r) for r in records]
    scored, fitted = score(prepared, models=models, train=train, cap=cap, workers=workers)
    all_pairs = np.concatenate([s.pairs for s in scored.values()]) if scored else np.empty((0, 2), np.int64)
    all_probs = np.concatenate([s.probability for s in scored.values()]) if scored else np.zeros(0)
    verdicts = np.concatenate([s.verdict for s in scored.values()]) if scored else np.zeros(0, dtype=np.int8)
    ids, scores = cluster(len(prepared), all_pairs, all_probs, threshold=threshold, compatible=_guard(prepared),
                          verdicts=verdicts)
    return LinkResult(prepared, scored, fitted, ids, scores)
