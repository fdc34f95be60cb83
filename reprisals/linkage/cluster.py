"""From scored pairs to clusters: union-find over accepted pairs, strongest first, with a guard.

A chain of individually plausible links can join people who are plainly not one person: "Zainab
Al-Khawaja" ~ "Z. Al-Khawaja" ~ "Maryam Al-Khawaja" (an initial is compatible with both sisters). So
two groups are joined only when most pairs across them could be one person (``compatible``: first
given names not clearly different, genders not different) and at most a quarter are plainly not; a
single report with a typo cannot block a merge, but relatives, whose given names differ in every
report, stay apart. Namesakes (different people
with the same name) pass that test, so the groups must also be linked by more than one pair: the
pairs across them that were compared must be nearly links on average (mean log-odds at least that of
``LINKED_ON_AVERAGE``, or of the threshold when it is lower). A group never grows past ``max_size``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from reprisals.linkage.compare import COMPATIBLE, DOUBTFUL, INCOMPATIBLE

# Two groups join when the compared pairs across them are, on average, nearly links (``_Across.linked_enough``):
# the bar is the log-odds of 0.65 rather than of the threshold (0.7), when that is
# higher. A report with a typo, or from another State, scores a little below the threshold against each
# report of its person, and one strong pair did not bring it in. On the development seed F1 went from
# 0.9607 to 0.9617 at 10,000 records, from 0.9002 to 0.9042 at 100,000 and from 0.8464 to 0.8474 at
# 300,000 (0.6: 0.9625, 0.9064, 0.8457): the gain falls as namesakes grow with the register.
LINKED_ON_AVERAGE = 0.65


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def group(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        ga, gb = self.group(ra), self.group(rb)
        if len(ga) < len(gb):
            ra, rb, ga, gb = rb, ra, gb, ga
        self.parent[rb] = ra
        self.members[ra] = ga + gb
        self.members.pop(rb, None)
        return ra


def cluster(
    n: int,
    pairs: np.ndarray,
    probabilities: np.ndarray,
    *,
    threshold: float,
    compatible: Callable[[int, int], int] | None = None,
    verdicts: np.ndarray | None = None,
    max_size: int = 200,
    average: float = LINKED_ON_AVERAGE,
) -> tuple[list[int], list[float]]:
    """Cluster ``n`` records. Returns, per record, a cluster number (0, 1, 2 … in order of first
    appearance) and the probability of the strongest accepted link that joined it (0.0 when alone).

    ``compatible`` is the guard's verdict on two records (``compare.compatibility``); ``verdicts``, when given,
    its verdict on each of ``pairs``, read instead of asking ``compatible`` again (which is then asked only about
    pairs that were not compared)."""
    uf = UnionFind(n)
    score = [0.0] * n
    index = _PairIndex(n, pairs, probabilities, verdicts)
    bar = min(threshold, average)
    order = np.argsort(-probabilities, kind="stable")
    for k in order.tolist():
        p = float(probabilities[k])
        if p < threshold:
            break
        i, j = int(pairs[k, 0]), int(pairs[k, 1])
        ri, rj = uf.find(i), uf.find(j)
        if ri != rj:
            gi, gj = uf.group(ri), uf.group(rj)
            if len(gi) + len(gj) > max_size:
                continue
            if len(gi) == 1 and len(gj) == 1:
                # two single records: the one pair across is this one, and a single strong pair is linked enough
                if compatible is not None:
                    verdict = int(verdicts[k]) if verdicts is not None else compatible(i, j)
                    if verdict != COMPATIBLE:
                        continue
            else:
                across = index.across(gi, gj)
                if compatible is not None and not _all_compatible(across, gi, gj, compatible):
                    continue
                if not across.linked_enough(bar):
                    continue
            uf.union(i, j)
        score[i] = max(score[i], p)
        score[j] = max(score[j], p)
    numbers: dict[int, int] = {}
    out = []
    for x in range(n):
        root = uf.find(x)
        out.append(numbers.setdefault(root, len(numbers)))
    return out, score


# The share of the pairs across two groups that may be plainly incompatible (``_all_compatible``). On the
# development seed F1 went from 0.9688 to 0.9704 at 10,000 records (seed 303: 0.9656 to 0.9683), from 0.9210
# to 0.9225 at 100,000 (seed 303: 0.9204 to 0.9221) and from 0.8682 to 0.8683 at 300,000; a fifth gave 0.9697,
# 0.9223 and 0.8686, a third 0.9704, 0.9225 and 0.8672.
INCOMPATIBLE_SHARE = 0.25


_UNKNOWN = -1  # a pair across two groups that was not compared: its verdict is asked of ``compatible``


def _all_compatible(across: _Across, ga: Sequence[int], gb: Sequence[int],
                    compatible: Callable[[int, int], int]) -> bool:
    """At least half the pairs across the groups must be fully compatible (2), and at most a quarter
    (``INCOMPATIBLE_SHARE``) plainly incompatible (0): a doubtful pair (1, a typo against another
    script) does not block a merge alone, and neither does one report of four whose given name a slip of
    the pen made another ("Sajpi Basu" beside three "S. Basu", against "Sanjay Basu"); a sister's given
    name, which differs in every pair across, does. Before, a single incompatible pair blocked the merge:
    on the development seed at 100,000 records, 712 true pairs were kept apart by that alone.

    The verdicts of the compared pairs are read first (``_Across``); ``compatible`` is asked about the others
    only while the answer is still open. The counts only grow, so stopping early changes no answer."""
    total = len(ga) * len(gb)
    known = across.verdicts()
    incompatible = int(np.count_nonzero(known == INCOMPATIBLE))
    doubtful = int(np.count_nonzero(known == DOUBTFUL))

    def refused() -> bool:
        return incompatible > INCOMPATIBLE_SHARE * total or 2 * (incompatible + doubtful) >= total

    if refused():
        return False
    for at in np.flatnonzero(known == _UNKNOWN).tolist():
        verdict = int(compatible(ga[at // len(gb)], gb[at % len(gb)]))
        if verdict == INCOMPATIBLE:
            incompatible += 1
        elif verdict == DOUBTFUL:
            doubtful += 1
        if refused():
            return False
    return True


# Two groups join when the compared pairs across them are, on average, links: their mean log-odds
# reaches the threshold's (average linkage over the match weights). On the development seed (101) it
# took F1 at 300,000 records from 0.816 to 0.835 and left 100,000 as it was (0.891 → 0.890), where the
# rule it replaces (a fifth of the compared pairs across must be links on their own) had been chosen:
# chains of namesakes, each record a link to the next and to few others, grow with the register.
_CLIP = 1e-12


class _PairIndex:
    """Every compared pair's probability (and the guard's verdict), found by binary search over sorted pair keys
    (a dict of tens of millions of pairs would not fit)."""

    def __init__(self, n: int, pairs: np.ndarray, probabilities: np.ndarray, verdicts: np.ndarray | None) -> None:
        lo = np.minimum(pairs[:, 0], pairs[:, 1]).astype(np.int64)
        hi = np.maximum(pairs[:, 0], pairs[:, 1]).astype(np.int64)
        keys = lo * n + hi
        order = np.argsort(keys, kind="stable")
        self.n, self.keys, self.values = n, keys[order], np.asarray(probabilities)[order]
        self.verdicts = None if verdicts is None else np.asarray(verdicts)[order]

    def across(self, ga: Sequence[int], gb: Sequence[int]) -> _Across:
        """The pairs across two groups, ``ga`` by ``gb`` (each member of ``ga`` against every member of ``gb``), with
        where each was found among the compared pairs."""
        a = np.repeat(np.asarray(ga, dtype=np.int64), len(gb))
        b = np.tile(np.asarray(gb, dtype=np.int64), len(ga))
        keys = np.minimum(a, b) * self.n + np.maximum(a, b)
        at = np.searchsorted(self.keys, keys)
        at[at == len(self.keys)] = 0
        return _Across(self, at, self.keys[at] == keys)


@dataclass(slots=True)
class _Across:
    index: _PairIndex
    at: np.ndarray  # per pair across, its place among the compared pairs (where ``found``)
    found: np.ndarray

    def verdicts(self) -> np.ndarray:
        """The guard's verdict on each pair across that was compared; ``_UNKNOWN`` for the others."""
        out = np.full(len(self.at), _UNKNOWN, dtype=np.int8)
        if self.index.verdicts is not None:
            out[self.found] = self.index.verdicts[self.at[self.found]]
        return out

    def linked_enough(self, threshold: float) -> bool:
        """Against chaining: the mean log-odds of the pairs across two groups that were compared must
        reach the threshold's. Namesakes joined through one strong pair stay apart; pairs that blocking
        never compared count neither way."""
        if not self.found.any():
            return True
        p = np.clip(self.index.values[self.at[self.found]], _CLIP, 1 - _CLIP)
        return bool(np.mean(np.log(p / (1 - p))) >= np.log(threshold / (1 - threshold)))
