"""The ceiling of the linkage benchmark: pairs of two entities that no field of theirs tells apart."""

from __future__ import annotations

import pytest

from reprisals.linkage.synthetic import (
    SyntheticRecord,
    ceiling,
    generate,
    indistinguishable_pairs,
    look_alike_estimate,
)


def _rec(rid, cluster, name="arabic|hudA|`abbAs|", country="BHR", org=0, date="2015", gender="female"):
    return SyntheticRecord(rid, cluster, "individual", "Huda Abbas", country, "x" if org else "", "", date,
                           gender, "arabic", name, org)


def test_namesakes_that_nothing_tells_apart_are_counted_and_set_the_ceiling():
    records = [
        _rec(1, 10), _rec(2, 10, country=""),  # one person, two reports: 1 true pair
        _rec(3, 20, gender="", date="2019"),  # a namesake: like both of person 10 (years 4 apart, gender missing)
        _rec(4, 30, country="EGY"),  # another State: told apart
        _rec(5, 40, date="2020"),  # 5 years after 1 and 2, 1 after 3: told apart from 10, not from 20
        _rec(6, 50, org=7), _rec(7, 50, org=8),  # one person, named with two organisations: 1 true pair
        _rec(8, 60, gender="male"),  # another gender: told apart from all but 3 (gender missing)
        _rec(9, 70, name="arabic|hudA|rajab|"),  # another name: never counted
    ]
    # told apart by nothing: 1-3, 1-6, 1-7 (no organisation on 1), 2-3, 2-4 (no State on 2), 2-6, 2-7,
    # 3-5, 3-6, 3-7, 3-8 (no gender on 3); 5 against 1, 2, 6, 7 is 5 years apart
    assert indistinguishable_pairs(records) == 11
    c = ceiling(records)
    assert c.true_pairs == 2 and c.indistinguishable == 11
    assert c.precision == pytest.approx(2 / 13)
    assert c.f1 == pytest.approx(2 * (2 / 13) / (1 + 2 / 13))


def test_different_organisations_tell_namesakes_apart_and_one_entity_is_never_counted():
    records = [_rec(1, 10, org=1), _rec(2, 20, org=2), _rec(3, 20, org=1), _rec(4, 20)]
    # 1-2: organisations differ; 1-3: same organisation; 1-4: none on 4; pairs inside 20 are true pairs
    assert indistinguishable_pairs(records) == 2
    assert ceiling(records).true_pairs == 3


def test_without_namesakes_the_ceiling_is_one():
    records = [_rec(1, 10), _rec(2, 10), _rec(3, 20, name="arabic|rIm|rajab|")]
    c = ceiling(records)
    assert (c.indistinguishable, c.precision, c.f1) == (0, 1.0, 1.0)


def test_the_generator_records_the_true_name_and_organisation():
    records = generate(3000, seed=5)
    assert all(r.true_name for r in records)
    assert all(bool(r.true_org) == bool(r.organisation) for r in records if r.kind == "individual")
    c = ceiling(records)
    assert 0 < c.precision <= 1 and c.true_pairs > 0


def test_a_group_of_look_alikes_is_joined_whole_when_that_gains_more_than_it_costs():
    # two persons of one name and State, two reports each: joining the four finds 2 true pairs and makes 4
    # false ones (F1 2·2 / (6 + 2) = 0.5); leaving them apart finds none (F1 0)
    records = [_rec(1, 10), _rec(2, 10), _rec(3, 20), _rec(4, 20)]
    assert look_alike_estimate(records) == pytest.approx(0.5)


def test_a_group_of_look_alikes_is_left_apart_when_joining_costs_more():
    # the same two persons, and a third of another name with three reports (3 true pairs, always found):
    # leaving the look-alikes apart gives 2·3 / (3 + 5) = 0.75; joining them 2·5 / (9 + 5) = 0.714
    records = [_rec(1, 10), _rec(2, 10), _rec(3, 20), _rec(4, 20)]
    records += [_rec(k, 30, name="arabic|rIm|rajab|") for k in (5, 6, 7)]
    assert look_alike_estimate(records) == pytest.approx(0.75)


def test_look_alikes_chain_through_a_report_that_matches_both():
    # 3 has no gender: like person 10 and like person 60 (male), who are told apart from each other
    records = [_rec(1, 10), _rec(2, 10), _rec(3, 20, gender=""), _rec(8, 60, gender="male"),
               _rec(9, 60, gender="male")]
    # so all three persons make one group of 5 records: joined, its 10 pairs hold the 2 true ones (F1
    # 2·2 / (10 + 2) = 0.333); left apart, none (F1 0)
    assert look_alike_estimate(records) == pytest.approx(2 * 2 / (10 + 2))


def test_without_look_alikes_the_estimate_is_one():
    records = [_rec(1, 10), _rec(2, 10), _rec(3, 20, name="arabic|rIm|rajab|")]
    assert look_alike_estimate(records) == 1.0
