"""Evidence that tells one person or organisation from a namesake elsewhere (pure functions, no database)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reprisals.linkage import blocking, engine
from reprisals.linkage.compare import ORGANISATION, Record, compare, prepare
from reprisals.linkage.engine import Scored

STATES = ("BLR", "CHN", "SOM", "UGA", "VNM", "PER", "EGY", "IND")


def _org(k: int, name: str, country: str = "") -> Record:
    return Record(id=k, names=(name,), kind=ORGANISATION, country=country)


def _adjustment(records: list[Record], pairs: list[tuple[int, int]]) -> np.ndarray:
    prepared = [prepare(r) for r in records]
    levels = np.array([compare(prepared[i], prepared[j]).levels for i, j in pairs])
    s = Scored(ORGANISATION, np.array(pairs), levels, np.zeros(len(pairs)), np.zeros(len(pairs), dtype=bool))
    return engine.common_name_adjustment(prepared, s)


def _kwrc_elsewhere() -> list[Record]:
    """Nine other organisations called "KWRC" in other States, two reports of each by acronym."""
    return [_org(100 + k, "KWRC", STATES[k % len(STATES)]) for k in range(18) if STATES[k % len(STATES)] != "BLR"]


def test_an_acronym_shared_only_with_organisations_of_other_states_is_not_a_common_name_in_its_state():
    records = [_org(0, "Kotape Women's Rights Coalition", "BLR"), _org(1, "KWRC", "BLR"), *_kwrc_elsewhere()]
    same_state, other_state = _adjustment(records, [(0, 1), (1, 2)])
    assert same_state >= 0  # in Belarus, "KWRC" is the Kotape coalition's own
    assert other_state < 0  # across States, "KWRC" is any of ten organisations


def test_a_second_organisation_of_the_same_state_with_the_acronym_still_makes_it_common():
    alone = [_org(0, "Kotape Women's Rights Coalition", "BLR"), _org(1, "KWRC", "BLR"), *_kwrc_elsewhere()]
    shared = alone + [_org(50 + k, "Kalo Women's Rights Centre" if k % 2 else "KWRC", "BLR") for k in range(6)]
    assert _adjustment(shared, [(0, 1)])[0] < _adjustment(alone, [(0, 1)])[0]


def test_a_record_without_a_state_is_counted_over_the_world():
    records = [_org(0, "Kotape Women's Rights Coalition", "BLR"), _org(1, "KWRC"), *_kwrc_elsewhere()]
    assert _adjustment(records, [(0, 1)])[0] < 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(STATES), min_size=0, max_size=12), st.sampled_from(STATES))
def test_more_organisations_with_the_acronym_in_the_state_never_make_it_weigh_more(others, state):
    base = [_org(0, "Observatory of Freedoms Suweve", state), _org(1, "OFS", state)]
    records = base + [_org(10 + k, "OFS", s) for k, s in enumerate(others)]
    more = records + [_org(99, "OFS", state)]
    before, after = _adjustment(records, [(0, 1)])[0], _adjustment(more, [(0, 1)])[0]
    assert after <= before
    assert before <= np.log2(engine.COMMON_NAME / engine.RARE_NAME)


def _person_adjustment(records: list[Record], pairs: list[tuple[int, int]]) -> np.ndarray:
    prepared = [prepare(r) for r in records]
    levels = np.array([compare(prepared[i], prepared[j]).levels for i, j in pairs])
    s = Scored("individual", np.array(pairs), levels, np.zeros(len(pairs)), np.zeros(len(pairs), dtype=bool))
    return engine.common_name_adjustment(prepared, s)


def test_namesakes_of_other_states_do_not_make_a_name_common_within_its_state():
    records = [Record(id=k, names=("Meron Ochola",), country="KEN") for k in range(2)]
    records += [Record(id=10 + k, names=("Meron Ochola",), country=STATES[k % len(STATES)]) for k in range(12)]
    same_state, no_state = _person_adjustment(records + [Record(id=99, names=("Meron Ochola",))], [(0, 1), (0, 14)])
    assert same_state > 0  # two reports in Kenya, the only ones there
    assert no_state < 0  # a report without a State may be any of the fourteen


def test_namesakes_in_the_same_state_still_make_a_name_common():
    records = [Record(id=k, names=("Meron Ochola",), country="KEN") for k in range(12)]
    assert _person_adjustment(records, [(0, 1)])[0] < 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(STATES), min_size=0, max_size=12), st.sampled_from(STATES))
def test_a_pair_of_one_state_weighs_at_least_as_much_as_over_the_world(others, state):
    records = [Record(id=0, names=("Abdi Kiruki",), country=state), Record(id=1, names=("Abdi Kiruki",), country=state)]
    records += [Record(id=10 + k, names=("Abdi Kiruki",), country=s) for k, s in enumerate(others)]
    in_state = _person_adjustment(records, [(0, 1)])[0]
    world = -np.log2(max(len(records), engine.RARE_NAME) / engine.COMMON_NAME)
    assert in_state >= world
    assert in_state == -np.log2(max(2 + others.count(state), engine.RARE_NAME) / engine.COMMON_NAME)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["cai", "hongli", "nguyen", "thuy", "maria", "lopez", "ochola"]),
                min_size=2, max_size=4, unique=True), st.randoms())
def test_a_large_block_orders_names_by_their_words_whatever_their_order(words, rnd):
    shuffled = list(words)
    rnd.shuffle(shuffled)
    a, b = prepare(Record(id=1, names=(" ".join(words),))), prepare(Record(id=2, names=(" ".join(shuffled),)))
    assert blocking._sort_key(a) == blocking._sort_key(b)


def test_a_name_turned_round_in_a_large_block_is_compared_with_itself():
    # Forty namesakes of one family name and initial in one State: a block too large to compare all
    # against all, compared between neighbours in name order.
    given_names = [f"h{v}ng{w}" for v in "aeiu" for w in ("li", "lu", "la", "mi", "mo", "ma", "ni", "nu", "ri", "ru")]
    records = [prepare(Record(id=k, names=(f"Cai {g}",), country="CHN")) for k, g in enumerate(given_names)]
    records.append(prepare(Record(id=99, names=("Hozngli Cai",), country="CHN")))  # a typo, and turned round
    records.append(prepare(Record(id=100, names=("Cai Hongli",), country="CHN")))
    pairs = {tuple(p) for p in blocking.candidate_pairs(records).tolist()}
    assert (len(records) - 2, len(records) - 1) in pairs
