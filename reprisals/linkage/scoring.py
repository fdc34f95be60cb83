"""Fellegi-Sunter scoring: how much each field's agreement level says for or against "same person".

For every field and level, ``m`` is the probability of that level when the two records are the same
person (or organisation) and ``u`` when they are not. The *match weight* of a pair is
``log2(prior odds) + sum(log2(m/u))`` over the fields present on both sides (level 0, "missing", adds
nothing), and the *match probability* is ``1 / (1 + 2**-weight)``.

``u`` of the fields other than the name, and the prior, are estimated by expectation-maximisation
over the comparison vectors of the pairs found by blocking (``fit``), starting from the documented
priors of ``default_model`` and pulled towards them by a few pseudo-observations, so that a small or
odd data set cannot produce absurd weights; ``m`` stays at the documented priors (see ``fit``).
``m`` and ``u`` of the name fields are fixed priors measured once on synthetic data with ground truth
(``_PRIORS``): left free, EM drifts to an easier class than "same person", such as "same family", relatives included.

Because the vectors come from blocked pairs, ``u`` describes the *hard* non-matches
(relatives and namesakes who share a family name) rather than two records drawn at random: that is
what makes a shared family name weak evidence and a different given name strong evidence against.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reprisals.linkage.compare import FIELDS, INDIVIDUAL, LEVELS, ORGANISATION

# Level 0 (missing) is listed for alignment only; it never enters a product.
_PRIORS: dict[str, tuple[list[float], list[float]]] = {
    # Measured once on synthetic data with ground truth (seed 101, 30,000 records; not a benchmark seed),
    # among the pairs blocking brings together, and kept fixed: see ANCHORED.
    #  missing, different, family only, given only, similar, family+initial, family+similar given,
    #  one letter apart, same
    # Measured again without the pairs one consonant apart across scripts (no longer "one letter
    # apart", see ``compare.token_level``), u of "one letter apart" is 0.0014: raising the weight so
    # gained recall on the development seed but lost precision (100,000 records: 0.939 → 0.935; at
    # 300,000 more), so it stays at 0.004.
    # Rescaled when the family-name key was narrowed by the given name's initial (``blocking._family_blocks``):
    # each level's u (0.324, 0.265, 0.380, 0.012, 0.003, 0.006, 0.004, 0.006 before) multiplied by how much its
    # share among the non-matching pairs blocking brings together changed (measured on the development seed at
    # 30,000 records: 1.268, 0.776, 1.471, 1.464, 1.512, 1.448, 1.4, 1.49). Fewer relatives are compared, so EM's
    # prior rises (0.066 to 0.097 there) and, with the name's u fixed, every pair with the same name would have
    # gained 0.6 bits: at 300,000 records precision fell from 0.869 to 0.854. Rescaled, each level's weight falls
    # as the prior rises. The u are not renormalised (they sum to 1.22): that would raise every weight by 0.29
    # bits, and gave F1 0.8831 at 300,000 records against 0.8837 (100,000: 0.9327 against 0.9326; both measured
    # with the family name's key narrowed alone, before the vowels of a given name in Arabic script).
    "full_name": ([0, 0.002, 0.015, 0.017, 0.031, 0.054, 0.045, 0.073, 0.763],
                  [0, 0.4108, 0.2056, 0.559, 0.0176, 0.0045, 0.0087, 0.0056, 0.0089]),
    # The other fields' m (how two reports of one person differ) likewise, with every level at least
    # 0.02 (a report can always be wrong: the synthetic set never changes a gender or an
    # organisation, life does); these m stay fixed, their u are learnt by EM (see ``fit``). The u
    # here are only EM's starting point. UN bodies: the synthetic set has none, so guessed.
    "middle": ([0, 0.03, 0.97], [0, 0.70, 0.30]),
    "country": ([0, 0.067, 0.933], [0, 0.75, 0.25]),
    "gender": ([0, 0.02, 0.98], [0, 0.45, 0.55]),
    "role": ([0, 0.326, 0.674], [0, 0.70, 0.30]),
    "organisation": ([0, 0.02, 0.02, 0.96], [0, 0.80, 0.10, 0.10]),
    "year": ([0, 0.104, 0.423, 0.473], [0, 0.60, 0.25, 0.15]),
    "un_body": ([0, 0.50, 0.50], [0, 0.75, 0.25]),
    # Splits full_name 7 and 8: a name that is only a part of the other (or has a contradicting word).
    "name_words": ([0, 0.083, 0.917], [0, 0.274, 0.726]),
    #              missing, different, somewhat, similar, same/abbrev, identical
    "name": ([0, 0.001, 0.001, 0.001, 0.422, 0.575], [0, 0.007, 0.048, 0.649, 0.258, 0.038]),
}
# An organisation's reports name the same role ("ngo"): among the organisations' true pairs of the
# development seed (30,000 records) all of them, against 0.674 of a person's. With the persons' m, a role
# in common weighed against two reports of one organisation and "no role in common" for it, by 7.7
# bits (EM finds its u near 0 among organisations, as few have another role). So for organisations
# the role keeps its u too (``_KIND_ANCHORED``): a role in common says little, none in common a little
# against. F1 at 100,000 records of the development seed 0.8971 → 0.8993; the organisations' own m of
# State and years (never another State; more than 4 years apart 0.018) were measured too but cost F1
# (0.8984) and are not used.
_KIND_PRIORS: dict[str, dict[str, tuple[list[float], list[float]]]] = {
    ORGANISATION: {"role": ([0, 0.02, 0.98], [0, 0.05, 0.95])},
}
_KIND_ANCHORED: dict[str, frozenset[str]] = {ORGANISATION: frozenset({"role"})}


def _priors(kind: str, name: str) -> tuple[list[float], list[float]]:
    return _KIND_PRIORS.get(kind, {}).get(name) or _PRIORS[name]


PSEUDO_COUNT = 20.0
# m and u of the name fields stay at their measured priors: left free, EM finds that "same family"
# (relatives included) or "same given name" explains blocked pairs better than "same person".
ANCHORED = frozenset({"full_name", "name_words", "name"})
EPS = 1e-5


@dataclass
class Model:
    """The parameters of one kind of record (individuals or organisations)."""

    kind: str
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float  # proportion of same-entity pairs among the compared pairs
    iterations: int = 0

    @property
    def fields(self) -> tuple[str, ...]:
        return FIELDS[self.kind]

    def field_weights(self, levels: Sequence[int]) -> dict[str, float]:
        """log2(m/u) per field present on both sides."""
        out = {}
        for name, level in zip(self.fields, levels, strict=True):
            if level:
                out[name] = math.log2(self.m[name][level] / self.u[name][level])
        return out

    def match_weight(self, levels: Sequence[int]) -> float:
        prior = math.log2(self.prior / (1 - self.prior))
        return prior + sum(self.field_weights(levels).values())

    def probability(self, levels: Sequence[int]) -> float:
        return probability_of_weight(self.match_weight(levels))

    def weight_table(self) -> np.ndarray:
        """log2(m/u) as a (fields × max levels) table with 0 for "missing", for vectorised scoring."""
        width = max(LEVELS[f] for f in self.fields)
        table = np.zeros((len(self.fields), width))
        for k, name in enumerate(self.fields):
            for level in range(1, LEVELS[name]):
                table[k, level] = math.log2(self.m[name][level] / self.u[name][level])
        return table

    def weights_of(self, vectors: np.ndarray) -> np.ndarray:
        """Match weights of many comparison vectors at once (rows of levels)."""
        if len(vectors) == 0:
            return np.zeros(0)
        table = self.weight_table()
        out = np.full(len(vectors), math.log2(self.prior / (1 - self.prior)))
        for k in range(len(self.fields)):  # one column at a time: no (pairs x fields) float table
            out += table[k, np.asarray(vectors[:, k], dtype=np.intp)]
        return out

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "m": self.m, "u": self.u, "prior": self.prior, "iterations": self.iterations}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Model:
        model = default_model(str(data["kind"]))
        m, u = data.get("m") or {}, data.get("u") or {}
        for name in model.fields:
            if isinstance(m, dict) and name in m and len(m[name]) == LEVELS[name]:
                model.m[name] = [float(x) for x in m[name]]
            if isinstance(u, dict) and name in u and len(u[name]) == LEVELS[name]:
                model.u[name] = [float(x) for x in u[name]]
        model.prior = float(data.get("prior", model.prior))  # type: ignore[arg-type]
        return model


def probability_of_weight(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-max(min(weight, 60.0), -60.0)))


def default_model(kind: str) -> Model:
    """The documented priors (``_PRIORS``), used before any data is seen and as EM's starting point."""
    fields = FIELDS[kind]
    return Model(
        kind=kind,
        m={f: list(_priors(kind, f)[0]) for f in fields},
        u={f: list(_priors(kind, f)[1]) for f in fields},
        prior=DEFAULT_PRIOR[kind],
    )


# The share of one person's (or organisation's) pairs among the compared pairs, before EM has seen the register.
# The individuals' was 0.2; narrowing the family-name key by the given name's initial raised the odds EM finds on
# the development seed 1.53 times (30,000 records: 0.0659 to 0.0972), and the default with them.
DEFAULT_PRIOR = {INDIVIDUAL: 0.28, ORGANISATION: 0.3}


def distinct_vectors(vectors: np.ndarray, fields: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``vectors`` and their counts. Each row is packed into one integer (mixed
    radix over the fields' numbers of levels) so that tens of millions of rows sort as one column."""
    v = np.asarray(vectors)
    radix = [LEVELS[f] for f in fields]
    code = np.zeros(len(v), dtype=np.int64)
    for k, r in enumerate(radix):
        code = code * r + v[:, k].astype(np.int64)
    codes, counts = np.unique(code, return_counts=True)
    patterns = np.zeros((len(codes), len(radix)), dtype=np.int64)
    rest = codes.copy()
    for k in range(len(radix) - 1, -1, -1):
        patterns[:, k] = rest % radix[k]
        rest //= radix[k]
    return patterns, counts


def fit(vectors: np.ndarray, start: Model | None = None, *, kind: str = INDIVIDUAL, max_iter: int = 40,
        tol: float = 1e-5) -> Model:
    """Estimate u and the prior by EM over comparison vectors (one row of levels per compared pair).

    ``m`` (how two reports of one person differ: another State from exile, a gender or organisation
    not given, years apart) is a property of reporting, not of the register's size, and stays at the
    documented priors. Left free, EM let it drift as namesakes grew with the register: among the
    pairs blocking brings together, "same name" explains more and more pairs, and at 300,000 records of
    the development seed EM put the chance that one person's two reports name different States at
    0.37 (0.15 at 100,000; about 0.07 in truth), so that a different State hardly counted against a
    pair. ``u`` (how often different people agree) does depend on the register and is learnt, but for
    the anchored fields (the name, ``ANCHORED``) stays at the documented values too, whatever ``start``
    holds: a model stored by an earlier run keeps the name's u of the blocking it was fitted under, and
    EM would re-estimate the prior against them under today's.

    Works on the distinct vectors with their counts, so a million pairs cost no more than a few
    thousand patterns. Returns ``start`` (or the priors) unchanged when there are no vectors.
    """
    model = start or default_model(kind)
    fields = model.fields
    if len(vectors) == 0:
        return model
    patterns, counts = distinct_vectors(vectors, fields)
    counts = counts.astype(float)
    prior_m = {f: np.array(_priors(model.kind, f)[0], dtype=float) for f in fields}
    prior_u = {f: np.array(_priors(model.kind, f)[1], dtype=float) for f in fields}
    anchored = ANCHORED | _KIND_ANCHORED.get(model.kind, frozenset())
    m = {f: (prior_m[f] if f in anchored else np.array(model.m[f], dtype=float)).copy() for f in fields}
    u = {f: (prior_u[f] if f in anchored else np.array(model.u[f], dtype=float)).copy() for f in fields}
    lam = model.prior
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        log_m = np.zeros(len(patterns))
        log_u = np.zeros(len(patterns))
        for k, f in enumerate(fields):
            levels = patterns[:, k]
            present = levels > 0
            log_m[present] += np.log(np.clip(m[f][levels[present]], EPS, 1))
            log_u[present] += np.log(np.clip(u[f][levels[present]], EPS, 1))
        a = np.log(lam) + log_m
        b = np.log(1 - lam) + log_u
        top = np.maximum(a, b)
        g = np.exp(a - top) / (np.exp(a - top) + np.exp(b - top))
        wm, wu = counts * g, counts * (1 - g)
        new_lam = float(np.clip(wm.sum() / counts.sum(), 1e-4, 1 - 1e-4))
        change = abs(new_lam - lam)
        for k, f in enumerate(fields):
            levels = patterns[:, k]
            n_levels = len(m[f])
            su = np.bincount(levels, weights=wu, minlength=n_levels)
            su[0] = 0
            if f in anchored:
                new_m, new_u = m[f], u[f]
            else:
                # m stays at the documented prior (see ``fit``): only u is learnt from the register.
                new_m = prior_m[f].copy()
                new_u = (su + PSEUDO_COUNT * prior_u[f]) / (su.sum() + PSEUDO_COUNT * prior_u[f].sum())
            new_m[1:] = np.clip(new_m[1:], EPS, 1)
            new_u[1:] = np.clip(new_u[1:], EPS, 1)
            change = max(change, float(np.abs(new_m - m[f]).max()), float(np.abs(new_u - u[f]).max()))
            m[f], u[f] = new_m, new_u
        lam = new_lam
        if change < tol:
            break
    return Model(
        kind=model.kind,
        m={f: [float(x) for x in m[f]] for f in fields},
        u={f: [float(x) for x in u[f]] for f in fields},
        prior=lam,
        iterations=iterations,
    )


KINDS = (INDIVIDUAL, ORGANISATION)
