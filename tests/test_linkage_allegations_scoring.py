"""Scoring duplicate allegations: pure functions, no database.

Two reports of one incident (a special rapporteur and an NGO report the detention of one defender in
the same week) score high, with reasons; reports of different incidents about the same State score low;
the same source twice is flagged as a resubmission. Every comparison is symmetric, every score lies in
[0, 1], and an allegation compared with itself scores at least as high as with any other.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from reprisals.linkage import allegations as dup
from reprisals.linkage.allegations import AllegationRecord

SR_TEXT = ("The Special Rapporteur on human rights defenders received information that the defender was "
           "arrested at Bahrain International Airport on 12 March 2016 on her return from the Human Rights "
           "Council session in Geneva, and is detained incommunicado.")
NGO_TEXT = ("Our partner, a woman human rights defender, was arrested at the airport on 14 March 2016 after "
            "returning from the Human Rights Council session in Geneva. She is held incommunicado and her "
            "family has not been told where.")
OTHER_TEXT = ("A lawyer who submitted information to the Universal Periodic Review had his licence suspended "
              "by the bar association in November.")


def record(i: int, **values) -> AllegationRecord:  # type: ignore[no-untyped-def]
    base = dict(country="BHR", source=f"E{i}", received=dt.date(2016, 3, 20), dates=((2016, 3, 12),),
                forms=frozenset({"arbitrary_arrest", "detention"}), un_bodies=frozenset({"HRC"}),
                parties=frozenset({"P7"}), text=SR_TEXT)
    base.update(values)
    return AllegationRecord(id=i, **base)


# ---------------------------------------------------------------- the examples that matter


def test_a_rapporteur_and_an_ngo_reporting_one_detention_the_same_week_score_high_with_reasons():
    sr = record(1, source="E1", text=SR_TEXT)
    ngo = record(2, source="E2", dates=((2016, 3, 14),), forms=frozenset({"arbitrary_arrest"}), text=NGO_TEXT)
    s = dup.score(sr, ngo)
    assert s.score > 0.95
    assert s.kind == dup.DUPLICATE
    why = s.reasons()["fields"]
    assert why["country"]["level"] == "same"
    assert why["parties"]["level"] == "same_person" and why["parties"]["in_common"] == 1
    assert why["dates"]["level"] == "within_week"
    assert why["forms"]["level"] == "some_in_common"
    assert why["un_bodies"]["level"] == "all_in_common"
    assert why["source"]["level"] == "different_sources" and why["source"]["weight"] == 0.0
    assert 0 < s.text_similarity < 1


def test_the_same_source_sending_again_is_flagged_as_a_resubmission():
    s = dup.score(record(1, source="E5"), record(2, source="E5"))
    assert s.kind == dup.RESUBMISSION and s.score > 0.95
    assert s.reasons()["fields"]["source"]["label"] == "the same source again: a resubmission?"


def test_different_incidents_about_the_same_state_score_low():
    arrest = record(1)
    disbarment = record(2, dates=((2016, 11, None),), forms=frozenset({"professional_sanction"}),
                        un_bodies=frozenset({"UPR"}), parties=frozenset({"N:ali example"}), text=OTHER_TEXT)
    assert dup.score(arrest, disbarment).score < 0.01


def test_one_person_targeted_again_years_later_is_not_a_duplicate():
    first = record(1)
    again = record(2, dates=((2019, 6, 2),), text=NGO_TEXT)
    s = dup.score(first, again)
    assert s.reasons()["fields"]["dates"]["level"] == "far_apart"
    assert s.score < dup.PROPOSE


def test_the_same_narrative_alone_is_enough_to_propose_a_pair():
    bare = dict(dates=(), forms=frozenset(), un_bodies=frozenset(), parties=frozenset())
    assert dup.score(record(1, **bare), record(2, **bare)).score >= dup.PROPOSE


def test_reasons_never_carry_names_or_narrative_words():
    s = dup.score(record(1, parties=frozenset({"N:maryam example"})),
                  record(2, parties=frozenset({"N:maryam example"}), text=NGO_TEXT))
    text = repr(s.reasons()).casefold()
    for word in ("maryam", "example", "airport", "geneva"):
        assert word not in text


# ---------------------------------------------------------------- partial dates


def test_partial_dates_are_periods():
    assert dup.date_level((2016, 3, 12), (2016, 3, 12)) == "same_day"
    assert dup.date_level((2016, 3, 12), (2016, 3, 18)) == "within_week"
    assert dup.date_level((2016, 3, 1), (2016, 3, 30)) == "within_month"
    assert dup.date_level((2016, 3, None), (2016, 3, 30)) == "same_month"
    assert dup.date_level((2016, None, None), (2016, 3, None)) == "same_year"
    assert dup.date_level((2016, 3, None), (2016, 4, 2)) == "adjacent"
    assert dup.date_level((2016, None, None), (2017, 6, None)) == "within_year"
    assert dup.date_level((2016, 3, 12), (2018, 3, 12)) == "far_apart"


def test_without_incident_dates_the_days_received_count_a_little():
    a = record(1, dates=(), received=dt.date(2016, 3, 1))
    assert dup.compare(a, record(2, dates=(), received=dt.date(2016, 3, 10)))["dates"].level == "received_close"
    assert dup.compare(a, record(2, dates=(), received=dt.date(2016, 9, 1)))["dates"].weight == 0.0
    assert dup.compare(a, record(2))["dates"].level == "missing"


def test_an_impossible_day_is_clamped_not_an_error():
    assert dup.date_bounds((2016, 2, 31))[0] == dt.date(2016, 2, 29).toordinal()


# ---------------------------------------------------------------- narrative similarity


def test_text_similarity_is_tf_idf_cosine_over_words_and_word_pairs():
    assert dup.text_similarity(SR_TEXT, SR_TEXT) == 1.0
    assert dup.text_similarity("", "") == 0.0
    related = dup.text_similarity(SR_TEXT, NGO_TEXT)
    unrelated = dup.text_similarity(SR_TEXT, OTHER_TEXT)
    assert 0.1 < related < 1.0 and unrelated < related
    idf = dup.idf_of([SR_TEXT, NGO_TEXT, OTHER_TEXT, "Human Rights Council session in Geneva"])
    assert dup.text_similarity(SR_TEXT, NGO_TEXT, idf) < 1.0


def test_tokens_fold_case_and_diacritics_and_split_han_text():
    assert dup.tokens("Détenu À l'aéroport") == ["detenu", "aeroport"]
    assert dup.tokens("曹顺利被拘留") == ["曹顺", "顺利", "利被", "被拘", "拘留"]
    assert dup.tokens("Арестован в аэропорту")[0] == "арестован"


# ---------------------------------------------------------------- blocking


def test_blocking_compares_only_the_same_state_within_the_window_and_never_one_case():
    rows = [
        record(1), record(2, dates=((2016, 4, 1),)), record(3, country="EGY"),
        record(4, dates=((2019, 1, 1),)), record(5, case_id=9), record(6, case_id=9),
    ]
    pairs = {(a.id, b.id) for a, b in dup.candidate_pairs(rows)}
    assert (1, 2) in pairs and (1, 5) in pairs
    assert not any(3 in p for p in pairs)
    assert not any(4 in p for p in pairs)
    assert (5, 6) not in pairs
    assert all(a < b for a, b in pairs)


def test_blocking_cost_grows_linearly():
    rows = [record(i, dates=((2016, 1 + i % 12, 1),)) for i in range(2000)]
    pairs = sum(1 for _ in dup.candidate_pairs(rows, max_neighbours=20))
    assert pairs <= 2000 * 20


# ---------------------------------------------------------------- properties

codes = st.frozensets(st.sampled_from(["a", "b", "c", "d"]), max_size=3)
partial = st.builds(
    lambda y, m, d: (y, m, d if m else None),
    st.integers(2014, 2018), st.one_of(st.none(), st.integers(1, 12)), st.one_of(st.none(), st.integers(1, 28)))
records = st.builds(
    AllegationRecord,
    id=st.integers(1, 10_000),
    country=st.sampled_from(["", "BHR", "EGY"]),
    source=st.sampled_from(["", "E1", "E2"]),
    received=st.one_of(st.none(), st.dates(dt.date(2014, 1, 1), dt.date(2019, 12, 31))),
    dates=st.lists(partial, max_size=3).map(tuple),
    forms=codes,
    un_bodies=codes,
    parties=st.frozensets(st.sampled_from(["P1", "P2", "N:x", "N:y"]), max_size=2),
    text=st.sampled_from(["", SR_TEXT, NGO_TEXT, OTHER_TEXT, "arrested at the airport", "Детейн"]),
    case_id=st.one_of(st.none(), st.integers(1, 3)),
)


@settings(max_examples=300, deadline=None)
@given(records, records)
def test_scores_are_symmetric_and_between_zero_and_one(a, b):
    ab, ba = dup.score(a, b), dup.score(b, a)
    assert 0.0 <= ab.score <= 1.0
    assert abs(ab.score - ba.score) < 1e-12
    assert ab.kind == ba.kind
    assert {k: v.level for k, v in ab.fields.items()} == {k: v.level for k, v in ba.fields.items()}


@settings(max_examples=300, deadline=None)
@given(records, records)
def test_an_allegation_scores_highest_against_itself(a, b):
    assert dup.score(a, a).score >= dup.score(a, b).score - 1e-12
    for name, result in dup.compare(a, a).items():
        assert result.weight >= dup.compare(a, b)[name].weight - 1e-12, name


def test_the_reason_for_dates_is_the_same_whichever_side_comes_first():
    a = AllegationRecord(id=1, dates=((2014, None, None), (2015, 2, 1)))
    b = AllegationRecord(id=2, dates=((2015, 1, 1), (2014, None, None)))
    assert dup.compare(a, b)["dates"].level == dup.compare(b, a)["dates"].level


@settings(max_examples=200, deadline=None)
@given(partial, partial)
def test_date_levels_are_symmetric_and_best_for_the_same_date(x, y):
    assert dup.date_level(x, y) == dup.date_level(y, x)
    assert dup.DATE_WEIGHTS[dup.date_level(x, x)] >= dup.DATE_WEIGHTS[dup.date_level(x, y)]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_text_similarity_is_symmetric_and_bounded(x, y):
    s = dup.text_similarity(x, y)
    assert 0.0 <= s <= 1.0 and abs(s - dup.text_similarity(y, x)) < 1e-12


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_normalising_once_gives_the_same_cosine(x, y):
    vx, vy = dup.vector(x), dup.vector(y)
    assert abs(dup.unit_cosine(dup.unit(vx), dup.unit(vy)) - dup.cosine(vx, vy)) < 1e-9
