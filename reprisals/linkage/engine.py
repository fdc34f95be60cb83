"""The whole linkage pipeline over plain records, without a database: prepare, block, compare, fit,
score, cluster. Used by ``reprisals link file``, by the register run (``services.linkage_run``) and by
the benchmark.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from reprisals.linkage import blocking
from reprisals.linkage.cluster import cluster
from reprisals.linkage.compare import (
    FIELDS,
    INDIVIDUAL,
    KIND_ORDER,
    Comparison,
    Prepared,
    Record,
    compare,
    compatibility,
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
PROPOSE = 0.5  # the register: pairs at or above this probability go to the review queue


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


_PREPARED: list[Prepared] = []


def _compare_chunk(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    width = max(len(f) for f in FIELDS.values())
    levels: list[tuple[int, ...]] = []
    sims: list[float] = []
    translit: list[bool] = []
    pad = (0,) * width
    for i, j in chunk.tolist():
        c = compare(_PREPARED[i], _PREPARED[j])
        levels.append((c.levels + pad)[:width])
        sims.append(c.name_similarity)
        translit.append(c.transliterated)
    return (np.array(levels, dtype=np.int8).reshape(len(levels), width), np.array(sims, dtype=np.float32),
            np.array(translit, dtype=bool))


def compare_pairs(prepared: list[Prepared], pairs: np.ndarray, *, workers: int = 1) -> tuple[np.ndarray, ...]:
    """Levels, name similarities and transliteration flags of ``pairs``; in ``workers`` processes
    (forked, so the records are shared, not copied) when there are many."""
    global _PREPARED
    _PREPARED = prepared
    try:
        if workers <= 1 or len(pairs) < 200_000 or not hasattr(os, "fork"):
            return _compare_chunk(pairs)
        import multiprocessing as mp

        chunks = np.array_split(pairs, workers * 8)
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_compare_chunk, chunks)
        return tuple(np.concatenate([p[x] for p in parts]) for x in range(3))
    finally:
        _PREPARED = []


def common_name_adjustment(prepared: Sequence[Prepared], s: Scored, *, common: float = COMMON_NAME) -> np.ndarray:
    """Per pair, ``-log2(count / common)`` when both names agree in full (given and family) and the
    rarer of the two names' keys is held by more than ``common`` records; 0 otherwise."""
    out = np.zeros(len(s.pairs))
    if s.kind != INDIVIDUAL or not len(s.pairs):
        return out
    keys = [name_key(p) for p in prepared]
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    per_record = np.array([counts[k] if k else 1 for k in keys], dtype=np.float64)
    full = s.levels[:, 0] >= 6
    c = np.minimum(per_record[s.pairs[:, 0]], per_record[s.pairs[:, 1]])
    out[full] = -np.log2(np.maximum(c[full], common) / common)
    return out


def score(prepared: list[Prepared], *, models: dict[str, Model] | None = None, train: bool = True,
          cap: int = blocking.DEFAULT_CAP, workers: int = 1) -> tuple[dict[str, Scored], dict[str, Model]]:
    """Block, compare and score all records against each other, per kind. With ``train``, m, u and the
    prior are re-estimated by EM from the compared pairs, starting from ``models`` (or the priors)."""
    pairs = blocking.candidate_pairs(prepared, cap=cap)
    levels, sims, translit = compare_pairs(prepared, pairs, workers=workers)
    kinds = np.array([KIND_ORDER[p.kind] for p in prepared], dtype=np.int8)
    out: dict[str, Scored] = {}
    fitted: dict[str, Model] = {}
    for kind, code in KIND_ORDER.items():
        mask = kinds[pairs[:, 0]] == code if len(pairs) else np.zeros(0, dtype=bool)
        n_fields = len(FIELDS[kind])
        s = Scored(kind, pairs[mask], levels[mask][:, :n_fields].astype(np.int64), sims[mask], translit[mask])
        start = (models or {}).get(kind) or default_model(kind)
        model = fit(s.levels, start, kind=kind) if train and len(s.levels) >= 50 else start
        s.adjustment = common_name_adjustment(prepared, s)
        s.probability = 1.0 / (1.0 + np.exp2(-np.clip(model.weights_of(s.levels) + s.adjustment, -60, 60)))
        out[kind], fitted[kind] = s, model
    return out, fitted


def link(records: Sequence[Record], *, threshold: float = ACCEPT, models: dict[str, Model] | None = None,
         train: bool = True, cap: int = blocking.DEFAULT_CAP, workers: int = 1) -> LinkResult:
    """Cluster ``records``: each gets a cluster number and the probability of its strongest link."""
    prepared = [prepare(r) for r in records]
    scored, fitted = score(prepared, models=models, train=train, cap=cap, workers=workers)
    all_pairs = np.concatenate([s.pairs for s in scored.values()]) if scored else np.empty((0, 2), np.int64)
    all_probs = np.concatenate([s.probability for s in scored.values()]) if scored else np.zeros(0)

    def compatible(i: int, j: int) -> int:
        return compatibility(prepared[i], prepared[j])

    ids, scores = cluster(len(prepared), all_pairs, all_probs, threshold=threshold, compatible=compatible)
    return LinkResult(prepared, scored, fitted, ids, scores)
