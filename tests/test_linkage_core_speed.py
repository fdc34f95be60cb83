"""The changes for speed must give the results of the plain way: the guard's verdict read from the
comparison, blocks paired with numpy, and pairs compared in an order that suits the caches (no database)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reprisals.linkage import blocking, engine, synthetic
from reprisals.linkage.cluster import cluster
from reprisals.linkage.compare import (
    COMPATIBLE,
    DOUBTFUL,
    INCOMPATIBLE,
    ORGANISATION,
    Comparison,
    Record,
    compare,
    compatibility,
    compatibility_of,
    prepare,
)

SPELLINGS = ["Zainab Al-Khawaja", "Maryam Al-Khawaja", "زينب الخواجة", "Z. Al-Khawaja", "Zaynab Alkhawaja",
             "Zainab Alkhawja", "Cao Shunli", "曹顺利", "Cao Sunli", "Shunli Cao", "Nguyễn Văn An", "Nguyen Van Anh"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SPELLINGS), st.sampled_from(SPELLINGS), st.sampled_from(["", "female", "male"]),
       st.sampled_from(["", "female", "male"]))
def test_the_guard_verdict_read_from_a_comparison_is_the_guard_verdict(a, b, ga, gb):
    pa, pb = prepare(Record(id=1, names=(a,), gender=ga)), prepare(Record(id=2, names=(b,), gender=gb))
    assert compatibility_of(compare(pa, pb)) == compatibility(pa, pb)


def test_the_guard_verdict_from_a_comparison_covers_every_verdict():
    def verdict(a, b, ga="", gb="", kind="individual"):
        pa = prepare(Record(id=1, names=(a,), gender=ga, kind=kind))
        pb = prepare(Record(id=2, names=(b,), gender=gb, kind=kind))
        assert compatibility_of(compare(pa, pb)) == compatibility(pa, pb)
        return compatibility_of(compare(pa, pb))

    assert verdict("Zainab Al-Khawaja", "Zaynab Alkhawaja") == COMPATIBLE
    assert verdict("Zainab Al-Khawaja", "Zaynab Alkhawaja", "female", "male") == INCOMPATIBLE
    assert verdict("Zainab Al-Khawaja", "Maryam Al-Khawaja") == INCOMPATIBLE
    assert verdict("Zainab Al-Khawaja", "زينب الخوري") == DOUBTFUL  # across scripts: a typo on one side?
    # the given name alike, the family name not, in one script
    assert compatibility_of(Comparison("individual", (3, 0, 0, 0, 0, 0, 0, 0, 0), 0.5, False, 5, 1)) == DOUBTFUL
    assert verdict("Jiang Haifeng", "Wang Yu Jing") == INCOMPATIBLE  # "Jiang" and "Jing": two syllables
    assert verdict("Association for Justice in Suka", "Association for Justice in Sabuma",
                   kind=ORGANISATION) == INCOMPATIBLE
    assert verdict("Bahrain Centre for Human Rights", "BCHR", kind=ORGANISATION) == COMPATIBLE


def _split_reference(members, records, cap):
    """A block split as it was written first, one block at a time in Python."""
    def all_pairs(group):
        group = sorted(group)
        return [(group[x], group[y]) for x in range(len(group)) for y in range(x + 1, len(group))]

    def window_pairs(ordered):
        return [(min(ordered[x], ordered[x + step]), max(ordered[x], ordered[x + step]))
                for step in range(1, blocking.WINDOW + 1) for x in range(len(ordered) - step)]

    if len(members) <= cap:
        return all_pairs(members)
    out = []
    by_country = defaultdict(list)
    for m in members:
        by_country[records[m].record.country].append(m)
    for group in by_country.values():
        if len(group) <= cap:
            out += all_pairs(group)
        else:
            out += window_pairs(sorted(group, key=lambda m: blocking._sort_key(records[m])))
    if "" in by_country and len(by_country) > 1:
        out += window_pairs(sorted(members, key=lambda m: blocking._sort_key(records[m])))
    return out


def _reference_pairs(prepared, cap):
    """Blocking as it was written first: one block at a time in Python."""
    blocks = defaultdict(list)
    for index, p in enumerate(prepared):
        for key in blocking.keys(p):
            blocks[key].append(index)
    found = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        found.update(_split_reference(members, prepared, cap))
    return sorted(found)


def test_blocks_paired_with_numpy_give_the_pairs_of_one_block_at_a_time():
    prepared = [prepare(r.to_record()) for r in synthetic.generate(1500, seed=7)]
    assert any(not p.record.country for p in prepared)  # large blocks mixing records with and without a State
    for cap in (2, 3, 6, 20):
        pairs = blocking.candidate_pairs(prepared, cap=cap)
        assert [tuple(p) for p in pairs.tolist()] == _reference_pairs(prepared, cap)
        assert (pairs[:, 0] < pairs[:, 1]).all()


def test_blocking_of_records_without_names_gives_no_pairs():
    prepared = [prepare(Record(id=i, names=("",))) for i in range(3)]
    assert blocking.candidate_pairs(prepared).shape == (0, 2)


def test_pairs_compared_in_the_order_of_the_caches_come_back_in_their_own_order():
    prepared = [prepare(r.to_record()) for r in synthetic.generate(600, seed=11)]
    pairs = blocking.candidate_pairs(prepared)
    shuffled = pairs[np.random.default_rng(3).permutation(len(pairs))]
    order = engine.locality_order(prepared, shuffled)
    assert not np.array_equal(order, np.arange(len(order)))  # the order does change
    levels, sims, _translit, verdicts = engine.compare_pairs(prepared, shuffled)
    for k in range(0, len(shuffled), 7):
        i, j = shuffled[k]
        c = compare(prepared[i], prepared[j])
        assert tuple(levels[k][:len(c.levels)]) == c.levels
        assert abs(sims[k] - c.name_similarity) < 1e-6
        assert verdicts[k] == compatibility(prepared[i], prepared[j])


def test_the_locality_order_puts_the_pairs_of_one_family_name_together():
    names = ["Ana Ruiz", "Li Wei", "Ana Ruiz", "Li Wei", "Juan Ruiz", "Wang Wei"]
    prepared = [prepare(Record(id=i, names=(n,))) for i, n in enumerate(names)]
    pairs = np.array([[0, 2], [1, 3], [0, 4], [1, 5], [2, 4], [3, 5]])
    order = engine.locality_order(prepared, pairs)
    families = [prepared[int(pairs[k, 0])].parsed[0].family for k in order]
    assert families == sorted(families)
    assert sorted(order.tolist()) == list(range(len(pairs)))


def _scored_register(n=400, seed=5):
    prepared = [prepare(r.to_record()) for r in synthetic.generate(n, seed=seed)]
    scored, _models = engine.score(prepared)
    pairs = np.concatenate([s.pairs for s in scored.values()])
    probabilities = np.concatenate([s.probability for s in scored.values()])
    verdicts = np.concatenate([s.verdict for s in scored.values()])
    return prepared, pairs, probabilities, verdicts


def test_the_cluster_reads_the_guard_verdict_of_every_compared_pair_and_asks_only_about_the_others():
    prepared, pairs, probabilities, verdicts = _scored_register()
    assert (probabilities < engine.ACCEPT).any()  # pairs below the threshold too
    compared = {tuple(sorted(p)) for p in pairs.tolist()}
    asked = []

    def asking(i, j):
        asked.append(tuple(sorted((i, j))))
        return compatibility(prepared[i], prepared[j])

    read = cluster(len(prepared), pairs, probabilities, threshold=engine.ACCEPT, compatible=asking,
                   verdicts=verdicts)
    assert asked and not compared.intersection(asked)  # some pairs across groups were never compared
    every_one_computed = cluster(len(prepared), pairs, probabilities, threshold=engine.ACCEPT,
                                 compatible=lambda i, j: compatibility(prepared[i], prepared[j]))
    assert read == every_one_computed


def test_the_cluster_guard_computes_the_verdict_of_a_pair_once_however_often_asked(monkeypatch):
    prepared = [prepare(Record(id=i, names=(n,))) for i, n in enumerate(SPELLINGS)]
    calls = []

    def counted(a, b):
        calls.append((a, b))
        return compatibility(a, b)

    monkeypatch.setattr(engine, "compatibility", counted)
    guard = engine._guard(prepared)
    questions = [(0, 1), (1, 0), (0, 1), (6, 8), (8, 6), (2, 3)]
    answers = [guard(i, j) for i, j in questions]
    assert answers == [compatibility(prepared[i], prepared[j]) for i, j in questions]
    assert len(calls) == 3


def test_a_parsed_name_changed_by_replace_reads_its_text_and_syllables_again():
    from dataclasses import replace

    from reprisals.linkage.names import parse

    nguyen = parse("Nguyễn Văn An")
    assert nguyen.syllabic and nguyen.text == "nguyen van an"
    other = replace(nguyen, tokens=("smith", "van", "an"), family="smith", alt_family="an")
    assert not other.syllabic and other.text == "smith van an"
    assert parse("Cao Shunli").syllabic and not parse("Ana Ruiz").syllabic and parse("曹顺利").syllabic


def test_a_register_linked_in_two_processes_is_linked_as_in_one(monkeypatch):
    # the pairs compared by two workers while this process reads the records' keys for the adjustments
    records = [r.to_record() for r in synthetic.generate(1200, seed=9)]
    alone = engine.link(records, workers=1)
    monkeypatch.setattr(engine, "_parallel", lambda workers, n: workers > 1)  # the worker pool on a small register
    shared = engine.link(records, workers=2)
    assert shared.cluster_ids == alone.cluster_ids and shared.scores == alone.scores
    for kind, s in alone.scored.items():
        assert np.array_equal(shared.scored[kind].pairs, s.pairs)
        assert np.array_equal(shared.scored[kind].adjustment, s.adjustment)
        assert np.array_equal(shared.scored[kind].probability, s.probability)


def test_the_adjustments_read_from_keys_read_before_are_those_read_on_the_spot():
    prepared, _pairs, _probabilities, _verdicts = _scored_register(600, seed=13)
    scored, _models = engine.score(prepared)
    keys = engine.RecordKeys.of(prepared)
    assert len(keys.name) == len(keys.family) == len(keys.given) == len(keys.words) == len(prepared)
    for s in scored.values():
        on_the_spot = engine.common_name_adjustment(prepared, s)
        assert on_the_spot.any()
        assert np.array_equal(engine.common_name_adjustment(prepared, s, keys=keys), on_the_spot)
