"""How often each spelling is held tells a typo from another person's name (``engine.spelling_adjustment``;
no database): a spelling no other record holds, one letter from an established one, is a slip of the pen;
two spellings each held again and again are two names."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reprisals.linkage import engine
from reprisals.linkage.compare import Record, prepare


def _records(*names: str, country: str = "TUR") -> list:
    return [prepare(Record(id=k, names=(name,), country=country)) for k, name in enumerate(names)]


def _adjustment(prepared: list, first: str, second: str) -> float:
    """The adjustment of the compared pairs of a record spelt ``first`` and one spelt ``second`` (all alike)."""
    scored, _models = engine.score(prepared, train=False)
    s = scored["individual"]
    spelt = np.array([p.record.names[0] for p in prepared], dtype=object)
    across = ((spelt[s.pairs[:, 0]] == first) & (spelt[s.pairs[:, 1]] == second)) | (
        (spelt[s.pairs[:, 0]] == second) & (spelt[s.pairs[:, 1]] == first))
    assert across.any(), "blocking compares such pairs"
    assert np.isin(s.levels[across, 0], (6, 7)).all(), "one letter apart, or a family name and a similar given name"
    values = set(engine.spelling_adjustment(prepared, s)[across].tolist())
    assert len(values) == 1
    return values.pop()


def test_a_spelling_no_other_record_holds_against_an_established_one_is_a_typo():
    prepared = _records("Merve Ozkan", "Merve Ozkan", "Merve Ozkam")
    assert _adjustment(prepared, "Merve Ozkan", "Merve Ozkam") == engine.TYPO


def test_two_spellings_each_held_by_several_records_are_two_names():
    prepared = _records(*["Merve Ozkan"] * 3, *["Merve Ozkar"] * 3)
    assert np.isclose(_adjustment(prepared, "Merve Ozkan", "Merve Ozkar"), -(1 + np.log2(3) / 2))


def test_the_penalty_for_two_names_is_bounded():
    prepared = _records(*["Merve Ozkan"] * 100, *["Merve Ozkar"] * 100)
    assert _adjustment(prepared, "Merve Ozkan", "Merve Ozkar") == -engine.NAMES


def test_two_spellings_held_only_by_the_pair_say_nothing_as_in_a_small_register():
    assert _adjustment(_records("Merve Ozkan", "Merve Ozkam"), "Merve Ozkan", "Merve Ozkam") == 0.0


def test_a_recurring_slip_of_a_very_common_name_says_nothing():
    # at scale the same slip recurs: 2 records against 70 is a typo as often as a name
    prepared = _records(*["Merve Ozkan"] * 70, "Merve Ozkam", "Merve Ozkam")
    assert _adjustment(prepared, "Merve Ozkan", "Merve Ozkam") == 0.0
    # ... while 3 against 70 is still weighed as two names (3 * 32 >= 70)
    prepared = _records(*["Merve Ozkan"] * 70, *["Merve Ozkam"] * 3)
    assert _adjustment(prepared, "Merve Ozkan", "Merve Ozkam") < 0


def test_given_names_three_edits_apart_are_two_names_however_rare():
    # "Mehmetcan" held by one record would count as a slip of the established "Mehmet"; a slip changes
    # a letter or two, so three letters more make another name
    prepared = _records("Mehmet Ozkan", "Mehmet Ozkan", "Mehmetcan Ozkan")
    assert _adjustment(prepared, "Mehmet Ozkan", "Mehmetcan Ozkan") == -engine.NAMES


def test_given_names_one_edit_apart_are_still_weighed_by_their_counts():
    prepared = _records("Ayse Ozkan", "Ayse Ozkan", "Aysel Ozkan")
    assert _adjustment(prepared, "Ayse Ozkan", "Aysel Ozkan") == engine.TYPO


def test_spellings_in_another_script_are_not_counted():
    prepared = _records("Aleksandr Ivanov", "Aleksandr Ivanov", "Александр Иванова", country="RUS")
    scored, _models = engine.score(prepared, train=False)
    s = scored["individual"]
    assert not engine.spelling_adjustment(prepared, s)[s.transliterated].any()


def test_a_name_with_a_word_more_is_left_to_the_name_words_field():
    # "Andrés Ortiz" against "Andrés Gómez Ortiz": no word of one is missing from the other
    prepared = _records("Andres Ortiz", "Andres Ortiz", "Andres Gomez Ortiz", country="COL")
    scored, _models = engine.score(prepared, train=False)
    assert not engine.spelling_adjustment(prepared, scored["individual"]).any()


WORD = st.sampled_from(["Ozkan", "Ozkam", "Ozkar", "Ozkn", "Merve", "Merva", "Ayse"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(WORD, WORD), min_size=2, max_size=12))
def test_the_adjustment_is_bounded_and_does_not_depend_on_the_order_of_the_records(names):
    prepared = _records(*(f"{g} {f}" for g, f in names))
    scored, _models = engine.score(prepared, train=False)
    s = scored["individual"]
    out = engine.spelling_adjustment(prepared, s)
    assert ((out >= -engine.NAMES) & (out <= engine.TYPO)).all()
    if not len(s.pairs):
        return
    reversed_ = prepared[::-1]
    scored_r, _models = engine.score(reversed_, train=False)
    r = scored_r["individual"]
    back = {(len(prepared) - 1 - int(j), len(prepared) - 1 - int(i)): v
            for (i, j), v in zip(r.pairs, engine.spelling_adjustment(reversed_, r), strict=True)}
    for (i, j), v in zip(s.pairs, out, strict=True):
        assert back[(int(i), int(j))] == v


def test_an_aspiration_written_or_left_out_is_one_name_however_many_records_hold_each():
    # Hindi "अशोक" is "Ashok" or "Asok", Tamil "சிவா" "Shiva" or "Siva": each spelling held again and again
    prepared = _records(*["Ashok Yadav"] * 4, *["Asok Yadav"] * 4, country="NPL")
    assert _adjustment(prepared, "Ashok Yadav", "Asok Yadav") == engine.TYPO
    prepared = _records(*["Shiva Rao"] * 3, *["Siva Rao"] * 3, country="IND")
    assert _adjustment(prepared, "Shiva Rao", "Siva Rao") == engine.TYPO


def test_an_h_after_a_vowel_is_a_letter_of_the_name_not_an_aspiration():
    # "Rahman" and "Raman" are two names; so is a word two letters apart
    prepared = _records(*["Merve Rahman"] * 3, *["Merve Raman"] * 3)
    assert _adjustment(prepared, "Merve Rahman", "Merve Raman") < 0
    assert not engine._h_dropped(frozenset({"ashoka"}), frozenset({"asok"}))
