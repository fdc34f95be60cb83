"""Two reports of one name in two different States: a namesake lives where the name is common, while a person
reported from exile may be reported anywhere (``engine.place_adjustment``; no database). The fewer of the
name's records the other State holds, the more the pair weighs; a State where the name is at home weighs
against it."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reprisals.linkage import engine
from reprisals.linkage.compare import Record, compare, prepare
from reprisals.linkage.engine import Scored

# Given names of the Ocholas the register holds besides the pair, none held by PLACE_COUNTED records or more.
OTHERS = ("Amani", "Baraka", "Imani", "Jabari", "Kioko", "Makena", "Njeri", "Otieno", "Wanjiru", "Zawadi")


def _ocholas(state: str, count: int, start: int) -> list[Record]:
    return [Record(id=start + k, names=(f"{OTHERS[k % len(OTHERS)]} Ochola",), country=state) for k in range(count)]


def _adjustment(records: list[Record], first: int = 0, second: int = 1) -> float:
    """The adjustment of the pair of ``records[first]`` and ``records[second]``, as scoring adds it."""
    prepared = [prepare(r) for r in records]
    levels = np.array([compare(prepared[first], prepared[second]).levels])
    s = Scored("individual", np.array([(first, second)]), levels, np.zeros(1), np.zeros(1, dtype=bool))
    return float(engine.place_adjustment(prepared, s)[0])


def _pair(home: str, other: str) -> list[Record]:
    return [Record(id=1, names=("Meron Ochola",), country=home), Record(id=2, names=("Meron Ochola",), country=other)]


def test_a_state_holding_few_of_the_names_records_argues_for_one_person_reported_from_exile():
    # 201 Ocholas in Kenya and the one in Nepal: under 1/128 of the name's records there
    records = _pair("KEN", "NPL") + _ocholas("KEN", 200, 10)
    assert _adjustment(records) == engine.PLACE_BITS[0] > 0


def test_two_states_each_a_home_of_the_name_argue_for_namesakes():
    records = _pair("KEN", "UGA") + _ocholas("KEN", 60, 10) + _ocholas("UGA", 60, 100)
    assert _adjustment(records) == engine.PLACE_BITS[-1] < 0


def test_a_state_where_the_given_name_is_at_home_is_a_home_of_the_name_too():
    # Nepal holds one Ochola of 201, but 60 records of Nepal hold the given name "Meron": a namesake may live there
    records = _pair("KEN", "NPL") + _ocholas("KEN", 200, 10)
    records += [Record(id=500 + k, names=(f"Meron {family}",), country="NPL")
                for k, family in enumerate(["Thapa", "Gurung", "Rai"] * 20)]
    assert _adjustment(records) < 0


def test_a_name_held_by_few_records_says_nothing():
    records = _pair("KEN", "NPL") + _ocholas("KEN", engine.PLACE_COUNTED - 10, 10)
    assert _adjustment(records) == 0.0


def test_the_same_state_or_a_state_missing_says_nothing():
    fillers = _ocholas("KEN", 200, 10)
    assert _adjustment(_pair("KEN", "KEN") + fillers) == 0.0
    assert _adjustment(_pair("KEN", "") + fillers) == 0.0


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=80), st.integers(min_value=0, max_value=80))
def test_the_more_of_the_names_records_the_other_state_holds_the_less_the_pair_weighs(fewer, more):
    fewer, more = sorted((fewer, more))

    def weight(in_other_state: int) -> float:
        return _adjustment(_pair("KEN", "UGA") + _ocholas("KEN", 200, 10) + _ocholas("UGA", in_other_state, 1000))

    assert engine.PLACE_BITS[-1] <= weight(more) <= weight(fewer) <= engine.PLACE_BITS[0]
