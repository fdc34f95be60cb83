"""Blocking: which pairs are worth comparing, so that cost grows with the number of records, not its square.

Each record gets a few keys, one per rule; two records are compared when they share a key. The rules
(a union: a pair found by any rule is compared once):

- ``f``: the skeleton of every word of the name but the first given name (the family name, a second
  surname, a middle name) + the first given name's initial: "A. Satebuana" meets "Andrés Satebuana
  Castillo", whose family name is read as "Castillo". A name without a given name joins its family
  name's block under every initial;
- ``g``: skeleton of the first given name + first two letters of the family name's skeleton (catches
  a typo in the family name);
- ``m``: metaphone of the family name + metaphone of the first given name (catches a typo in either
  that leaves the sound);
- ``s``: the pinyin/Wade-Giles key of both parts, for Chinese names;
- ``f`` and ``g`` again from the German, French, Arabic and Egyptian readings of the names (``names.slavic``,
  ``names.arabic_latin``, ``names.egyptian``), for Latin spellings: "Loshetajewa" meets "Lozhetaeva",
  "Gamal" "Djamal", "Osman" "Uthman"; ``f`` from the Egyptian reading of a family name in Arabic script;
- organisations: ``a`` acronym, ``o`` the skeletons of the first two significant words.

Every key is made for each spelling of a record and for both readings of the name order. A block
larger than ``cap`` is split by State; what is still larger is compared only between neighbours in
name order (a sorted window of ``WINDOW`` on each side), so one very common name cannot make the cost
quadratic, and the pairs per record stay about flat as the register grows.
"""

from __future__ import annotations

from collections.abc import Sequence

import jellyfish
import numpy as np

from reprisals.linkage import names as N
from reprisals.linkage.compare import ORGANISATION, Prepared

# A block of up to DEFAULT_CAP records is compared all against all; a larger one (per State) only
# between neighbours in name order, WINDOW on each side. All against all costs up to (cap - 1) / 2
# pairs per record and key, the window at most WINDOW, so that the cost per record stays flat as the
# register grows and blocks fill: with a cap of 50, 14 pairs per record at 10,000 records became 35
# at 1,000,000. On the development seed at 100,000 records a cap of 20 compares 17.7 pairs per record
# instead of 28.0, and finds 95.0% of the true pairs instead of 96.4% (many of the others are joined
# through a third record all the same). A window of 10 gave 16% more pairs for 0.2% more true pairs.
DEFAULT_CAP = 20
WINDOW = 5


def _person_keys(p: Prepared) -> set[str]:
    keys: set[str] = set()
    for parsed in p.parsed:
        # The whole name in any order: "Dương Văn Thủy" meets "Văn Thủy Dương" even where the family
        # name and the given name each make a block too large to compare all against all.
        words = sorted(parsed.tokens)
        if len(words) >= 2 and all(len(w) > 1 for w in words):
            keys.add("n:" + " ".join(words))
        arabic = parsed.abjad and N.in_arabic_script(parsed.original)
        for given, family in parsed.orientations():
            if not family:
                continue
            if len(given) >= 2 and parsed.syllabic and set(given[:-1]) <= N.VIETNAMESE_MIDDLE:
                # A Vietnamese middle name may be left out ("Minh Nga Võ", "Nga Võ"): the name without it
                keys.add("n:" + " ".join(sorted((given[-1], family))))
            sk_f = N.skeleton(family) or family
            g0 = given[0] if given else ""
            sk_g = N.skeleton(g0) if g0 else ""
            initials = _initials(g0, arabic)
            keys |= _family_blocks(sk_f, *initials)
            # Every other word of a long name, with the given name's initial: the second Spanish surname or
            # a middle name may be the only family name another report gives, so that "A. Satebuana"
            # (``f:stbn:a``) meets "Andrés Satebuana Castillo" (read as family name ``cstl``). On the
            # development seed F1 went from 0.9704 to 0.9720 at 10,000 records (seed 303: 0.9683 to
            # 0.9690), from 0.9225 to 0.9242 at 100,000 (seed 303: 0.9221 to 0.9231; 10% more pairs) and
            # from 0.8683 to 0.8710 at 300,000.
            for word in given[1:]:
                if len(word) > 2 and word != "van":  # Vietnamese "Văn": a middle name in every other name
                    keys |= _family_blocks(N.skeleton(word) or word, *initials)
            if g0 and not N.is_initial(g0):
                keys.add(f"g:{sk_g or g0}:{sk_f[:2]}")
                if not parsed.abjad:
                    keys.add(f"m:{jellyfish.metaphone(family)}:{jellyfish.metaphone(g0)}")
                sf, sg = N.sinic(family), N.sinic("".join(given))
                if sf and sg:
                    keys.add(f"s:{sf}:{sg}")
            if not parsed.abjad and not parsed.from_han:
                keys |= _reading_keys(family, g0, sk_f)
            elif parsed.abjad and (said := N.egyptian(family)):
                # the family name as Egypt says it: "قاسم" meets "Asem", "عثمان" "Osman"
                keys |= _family_blocks(N.skeleton(said) or said, *initials)
    return keys


_VOWELS = frozenset("aeiou")


def _initials(given: str, arabic: bool) -> set[str]:
    """The initials under which a name's family words are blocked: its given name's, and for a name in Arabic script
    every vowel too, since the vowel a Latin spelling begins with is not read from it ("عبير" is read "byr" and
    is "Abir", "أحمد" "hmd" and is "Ahmed"). No initial for no given name (``_family_blocks`` takes them all)."""
    if not given:
        return set()
    return {given[:1]} | _VOWELS if arabic else {given[:1]}


# The first letters a romanised given name can have (names are compared in ASCII, ``names.normalise``).
_EVERY_INITIAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _family_blocks(skeleton: str, *initials: str) -> set[str]:
    """The ``f`` keys of a family name's skeleton: with the given name's initials, or under every initial when the
    name has no given name, so that "Khawaja" alone is compared with every "… Khawaja".

    Before, a family name of more than two letters made one key of its own, and met every given name: at 100,000
    records of the development seed 37% of the compared pairs shared only that key, and 0.7% of the true pairs
    (705), most of them joined through a third record all the same. Narrowed (with the u of the name rescaled,
    ``scoring._PRIORS``), 21% fewer pairs were compared at 100,000 records (F1 0.9321 against 0.9324), 14% fewer
    at 300,000 (0.8837 against 0.8831) and 11% fewer at 1,000,000, where F1 rose from 0.7824 to 0.7926
    (precision 0.719 to 0.748, recall 0.859 to 0.843)."""
    return {f"f:{skeleton}:{i}" for i in ({i for i in initials if i} or _EVERY_INITIAL)}


def _readings(token: str) -> set[str]:
    if not token:
        return set()
    return {N.skeleton(r) or r for r in (*N.slavic(token), N.arabic_latin(token), N.egyptian(token)) if r}


def _reading_keys(family: str, g0: str, sk_f: str) -> set[str]:
    """``f`` and ``g`` keys from the other romanisations of the names (German and French readings of
    Russian, the common spelling of Arabic), so that "Loshetajewa" meets "Lozhetaeva" and "Gamal"
    meets "Djamal"."""
    out: set[str] = set()
    families = _readings(family) - {sk_f}
    initials = {r[:1] for r in _readings(g0)} | {g0[:1]} if g0 else set()
    for sk in families:
        out |= _family_blocks(sk, *initials)
    if g0 and not N.is_initial(g0):
        for sg in _readings(g0):
            out.update(f"g:{sg}:{sk[:2]}" for sk in families | {sk_f})
    return out


def _org_keys(p: Prepared) -> set[str]:
    keys: set[str] = set()
    for norm, acr in zip(p.org_norm, p.org_acronyms, strict=True):
        if len(acr) >= 2:
            keys.add(f"a:{acr}")
        words = [w for w in norm.split() if w not in N.ORG_WORDS] or norm.split()
        if words:
            keys.add("o:" + ":".join(N.skeleton(w) or w for w in words[:2]))
    return keys


def keys(p: Prepared) -> set[str]:
    """The blocking keys of one record (kind-prefixed so that persons never meet organisations)."""
    found = _org_keys(p) if p.kind == ORGANISATION else _person_keys(p)
    prefix = "O" if p.kind == ORGANISATION else "P"
    return {f"{prefix}{k}" for k in found}


def _sort_key(p: Prepared) -> str:
    """The name order of a large block: the words of the first spelling in the order of the alphabet,
    so that one name written family name first and given name first ("Cai Hongli", "Hozngli Cai") are
    neighbours. In the order written, they were at the two ends of their block whenever a typo kept
    them out of the whole-name key ("n:"): on the development seed at 100,000 records F1 went from
    0.9065 to 0.9072 (recall 0.890 → 0.892), with 0.3% fewer pairs."""
    return " ".join(sorted(p.parsed[0].tokens)) if p.parsed else ""


def key_codes(records: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray]:
    """The blocking keys of ``records`` as numbers: per record how many keys it has, and each key's hash, record
    after record. Numbers, not strings, so that the processes that make them (``engine.candidate_pairs``) send
    back a few bytes per key, and blocks are formed by sorting numbers. Two keys of the ~12 million of a register
    of 1,000,000 records share a 64-bit hash with a chance of a few in a million; their blocks then merge, which
    compares more pairs and drops none below the cap."""
    counts = np.zeros(len(records), dtype=np.int64)
    codes: list[int] = []
    for index, record in enumerate(records):
        found = keys(record)
        counts[index] = len(found)
        codes.extend(map(hash, found))
    return counts, np.array(codes, dtype=np.int64)


def candidate_pairs(records: Sequence[Prepared], *, cap: int = DEFAULT_CAP,
                    codes: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Unique pairs ``(i, j)`` of indexes into ``records`` with ``i < j``, as an ``(n, 2)`` int64 array.
    ``codes`` gives the records' keys (``key_codes``) when they were made already (in parallel, whose
    processes share the parent's string hashes).

    All with numpy, a few array operations per block size rather than a few per block: the records
    are sorted by key into blocks; a block of up to ``cap`` records is paired all against all; a larger
    one is split by State, each part of up to ``cap`` all against all and a larger part between
    neighbours in name order (``WINDOW`` on each side); and when a large block has records without a
    State as well as records with one, its records are also paired between neighbours in name order
    over the whole block, since a record without a State may be the same as any."""
    n = len(records)
    counts, block = key_codes(records) if codes is None else codes
    if not len(block):
        return np.empty((0, 2), dtype=np.int64)
    member = np.repeat(np.arange(n, dtype=np.int64), counts)
    order = np.lexsort((member, block))  # by block, and within a block by record
    block, member = block[order], member[order]
    starts, sizes = _runs(block)
    chunks = _all_pairs_by_size(member, starts, sizes, cap)
    large = sizes > cap
    if large.any():
        chunks += _large_block_pairs(records, member, starts[large], sizes[large], cap)
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    n = max(n, 1)
    codes = np.sort(pairs[:, 0] * n + pairs[:, 1])
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]  # np.unique, without its hashing
    return np.stack([codes // n, codes % n], axis=1)


def _runs(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and lengths of the runs of equal values in a sorted array."""
    starts = np.flatnonzero(np.concatenate(([True], labels[1:] != labels[:-1])))
    return starts, np.diff(np.append(starts, len(labels)))


def _all_pairs_by_size(member: np.ndarray, starts: np.ndarray, sizes: np.ndarray, cap: int) -> list[np.ndarray]:
    """All pairs within every run of 2 to ``cap`` members (each run's members ascending)."""
    out = []
    for size in range(2, min(cap, int(sizes.max(initial=0))) + 1):
        at = starts[sizes == size]
        if len(at):
            groups = member[at[:, None] + np.arange(size)]  # one row per run
            i, j = np.triu_indices(size, k=1)
            out.append(np.stack([groups[:, i].ravel(), groups[:, j].ravel()], axis=1))
    return out


def _window_pairs_within(member: np.ndarray, group: np.ndarray) -> list[np.ndarray]:
    """Pairs of members up to ``WINDOW`` apart in the given order, within each group (``group`` sorted)."""
    out = []
    for step in range(1, WINDOW + 1):
        same = group[:-step] == group[step:]
        a, b = member[:-step][same], member[step:][same]
        if len(a):
            out.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    return out


def _large_block_pairs(records: Sequence[Prepared], member: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
                       cap: int) -> list[np.ndarray]:
    # the members of the large blocks, each with its block's number (members ascending within a block)
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    members = member[np.repeat(starts, sizes) + offsets]
    blocks = np.repeat(np.arange(len(starts)), sizes)
    states: dict[str, int] = {"": 0}
    state = np.array([states.setdefault(r.record.country, len(states)) for r in records], dtype=np.int64)
    sort_keys = [_sort_key(r) for r in records]
    rank_of = {name: k for k, name in enumerate(sorted(set(sort_keys)))}
    rank = np.array([rank_of[name] for name in sort_keys], dtype=np.int64)
    st = state[members]
    out: list[np.ndarray] = []
    # split by State: (block, State) groups, members ascending
    o = np.lexsort((members, st, blocks))
    g_members, g_blocks, g_states = members[o], blocks[o], st[o]
    g_starts, g_sizes = _runs(g_blocks * (len(states) + 1) + g_states)
    out += _all_pairs_by_size(g_members, g_starts, g_sizes, cap)
    big = g_sizes > cap
    if big.any():
        group = np.repeat(np.arange(len(g_starts)), g_sizes)
        keep = big[group]
        m, grp = g_members[keep], group[keep]
        o = np.lexsort((m, rank[m], grp))  # by group, then name, then record
        out += _window_pairs_within(m[o], grp[o])
    # records without a State may be the same as any: a window over the whole block, by name
    states_per_block = np.bincount(g_blocks[g_starts], minlength=len(starts))
    has_none = np.bincount(blocks[st == 0], minlength=len(starts)) > 0
    mixed = (states_per_block > 1) & has_none
    if mixed.any():
        keep = mixed[blocks]
        m, b = members[keep], blocks[keep]
        o = np.lexsort((m, rank[m], b))
        out += _window_pairs_within(m[o], b[o])
    return out
