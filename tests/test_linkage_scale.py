"""Linkage at scale: the words of a name that one side lacks, and the rules that keep precision from
drifting as the register grows (no database)."""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from reprisals.linkage.compare import PERSON_FIELDS, Record, compare, prepare, token_level
from reprisals.linkage.names import PARTICLES, parse, skeleton
from reprisals.linkage.scoring import default_model

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10).filter(lambda w: w not in PARTICLES)
WORDS = PERSON_FIELDS.index("name_words")


def _words(a: str, b: str) -> int:
    return compare(prepare(Record(id=1, names=(a,))), prepare(Record(id=2, names=(b,)))).levels[WORDS]


def test_a_name_that_is_part_of_the_other_is_weaker_than_the_whole_name():
    assert _words("Andrés Ortiz", "Andres Ortiz") == 2
    assert _words("Andrés Ortiz", "Ortiz, Andrés Gopameez") == 1  # a second surname on one side only
    assert _words("Raghad Qasim", "Raghad Qasim al-Zasaqa") == 1  # a father's name on one side only
    assert _words("Ho Loan", "Hồ Minh Loan") == 1  # a Vietnamese middle name on one side only
    assert _words("Xu Li Xia", "徐莉") == 1  # one given syllable of two
    model = default_model("individual")
    whole = compare(prepare(Record(id=1, names=("Andrés Ortiz",))), prepare(Record(id=2, names=("Andres Ortiz",))))
    part = compare(prepare(Record(id=1, names=("Andrés Ortiz",))),
                   prepare(Record(id=2, names=("Andrés Gopameez Ortiz",))))
    assert model.match_weight(part.levels) < model.match_weight(whole.levels)


def test_the_same_words_written_apart_or_together_are_the_whole_name():
    assert _words("Xu Lixia", "Xu Li Xia") == 2
    assert _words("Xu Lixia", "徐莉霞") == 2
    assert _words("Abdulhadi Alkhawaja", "Abdul-Hadi al-Khawaja") == 2


def test_names_that_do_not_agree_in_full_have_no_words_level():
    assert _words("Zainab Alkhawaja", "Maryam Alkhawaja") == 0


@settings(max_examples=150, deadline=None)
@given(WORD, WORD)
def test_a_name_against_itself_is_whole(given_name, family):
    name = f"{given_name} {family}"
    assume(len(parse(name).tokens) == 2)
    assert _words(name, name) == 2


@settings(max_examples=150, deadline=None)
@given(WORD, WORD, WORD)
@example("ababg", "djb", "abj")  # "ababgdjb" read as a typo of "ababg" in another romanisation
def test_a_word_on_one_side_only_is_never_the_whole_name(given_name, extra, family):
    short, long = f"{given_name} {family}", f"{given_name} {extra} {family}"
    assume(len(parse(short).tokens) == 2 and len(parse(long).tokens) == 3)
    # the extra word must be a name of its own, not a spelling of a word already there
    assume(all(token_level(extra, w, False) <= 1 for w in (given_name, family)))
    # nor lost when the given names are run together ("aaba" + "aaa" reads "aba", as doubled letters are one)
    assume(not any(a == b for w in (given_name + extra,) for a, b in zip(w, w[1:], strict=False)))
    # name words, not runs of vowels that a reading folds away
    assume(all(len(skeleton(w)) >= 2 for w in (given_name, extra, family)))
    assert _words(short, long) in (0, 1)


def test_em_learns_u_but_keeps_m_at_the_documented_priors():
    """m (how one person's reports differ) must not drift towards "same name" as namesakes grow."""
    import numpy as np

    from reprisals.linkage.scoring import fit

    rng = np.random.default_rng(1)
    rows = []
    for _ in range(4000):  # namesakes: the same name, and as often as not another State
        rows.append([8, 0, int(rng.integers(1, 3)), 0, 0, 0, 0, 0, 2])
    for _ in range(4000):  # relatives: family name only, the same State
        rows.append([2, 0, 2, 0, 0, 0, 0, 0, 0])
    start = default_model("individual")
    fitted = fit(np.array(rows), start)
    assert fitted.m["country"] == start.m["country"]
    assert fitted.u["country"] != start.u["country"]


def test_a_common_name_weighs_less_even_when_one_spelling_is_longer():
    import numpy as np

    from reprisals.linkage import engine
    from reprisals.linkage.engine import Scored

    records = [Record(id=k, names=("Andrés Ortiz",)) for k in range(12)]
    records.append(Record(id=12, names=("Andrés Gopameez Ortiz",)))
    prepared = [prepare(r) for r in records]
    pair = np.array([[0, 12], [0, 1]])
    levels = np.array([compare(prepared[0], prepared[12]).levels, compare(prepared[0], prepared[1]).levels])
    s = Scored("individual", pair, levels, np.zeros(2), np.zeros(2, dtype=bool))
    adjustment = engine.common_name_adjustment(prepared, s)
    assert adjustment[0] < 0 and adjustment[1] < 0  # twelve "Andrés Ortiz": a common name on both pairs
    alone = engine.common_name_adjustment(prepared[11:], Scored("individual", np.array([[0, 1]]), levels[:1],
                                                                np.zeros(1), np.zeros(1, dtype=bool)))
    assert alone[0] == np.log2(engine.COMMON_NAME / engine.RARE_NAME)  # two records only: a rare name


def _full_name_adjustment(holders: int) -> float:
    """The common-name adjustment of two reports of "Ali Hassan" of Bahrain, a name ``holders`` records of
    Bahrain hold."""
    import numpy as np

    from reprisals.linkage import engine
    from reprisals.linkage.engine import Scored

    prepared = [prepare(Record(id=k, names=("Ali Hassan",), country="BHR")) for k in range(holders)]
    levels = np.array([compare(prepared[0], prepared[1]).levels])
    return float(engine.common_name_adjustment(prepared, Scored("individual", np.array([[0, 1]]), levels,
                                                                np.zeros(1), np.zeros(1, dtype=bool)))[0])


def test_a_very_common_persons_name_weighs_less_by_at_most_three_bits():
    import numpy as np

    from reprisals.linkage import engine

    assert np.isclose(_full_name_adjustment(20), -np.log2(20 / engine.COMMON_NAME))  # 2.3 bits less
    assert _full_name_adjustment(32) == -engine.COMMON_FLOOR == -3.0
    # a hundred, or a thousand, holders weigh as thirty-two: the pairs compared of so common a name are not a
    # random draw of its holders, and on the development seed they were more often one person than counted
    assert _full_name_adjustment(100) == _full_name_adjustment(1000) == -3.0


def test_a_family_name_with_an_initial_weighs_less_by_at_most_one_bit_however_common():
    import numpy as np

    from reprisals.linkage import engine

    records = [Record(id=0, names=("K. Khalil",), country="SYR"), Record(id=1, names=("Karim Khalil",), country="SYR")]
    given = ["Omar", "Samir", "Tariq", "Yusuf", "Nabil", "Fadi", "Rami", "Hadi", "Ziad", "Bilal"]

    def adjustment(holders: int) -> float:
        others = [Record(id=10 + i, names=(f"{given[i % 10]} Khalil",), country="SYR") for i in range(holders - 2)]
        prepared = [prepare(r) for r in records + others]
        scored, _models = engine.score(prepared, train=False)
        s = scored["individual"]
        k = np.flatnonzero((s.pairs[:, 0] == 0) & (s.pairs[:, 1] == 1))
        assert len(k) == 1 and s.levels[k[0], 0] == 5
        return float(s.adjustment[k[0]])

    assert np.isclose(adjustment(60), -np.log2(60 / engine.FAMILY_NAME))  # a quarter of a bit less
    assert adjustment(300) == -engine.FAMILY_FLOOR == -1.0  # not 2.6 bits


def test_a_very_common_name_costs_a_bounded_number_of_pairs_per_record():
    from reprisals.linkage import blocking

    small = [prepare(Record(id=k, names=("Ali Hassan",), country="BHR")) for k in range(blocking.DEFAULT_CAP)]
    assert len(blocking.candidate_pairs(small)) == len(small) * (len(small) - 1) // 2  # all against all
    large = [prepare(Record(id=k, names=("Ali Hassan",), country="BHR")) for k in range(1000)]
    pairs = blocking.candidate_pairs(large)
    assert len(pairs) <= blocking.WINDOW * len(large)
    assert len({int(x) for x in pairs.ravel()}) == len(large)  # everyone is compared with someone


def test_an_acronym_many_organisations_share_weighs_less_than_a_full_name():
    import numpy as np

    from reprisals.linkage import engine
    from reprisals.linkage.engine import Scored

    records = [Record(id=k, names=("NHRS",), kind="organisation") for k in range(12)]
    records += [Record(id=12 + k, names=("Nefara Human Rights Society",), kind="organisation") for k in range(2)]
    prepared = [prepare(r) for r in records]
    pairs = np.array([[0, 1], [12, 13], [0, 12]])
    levels = np.array([compare(prepared[i], prepared[j]).levels for i, j in pairs])
    assert (levels[:, 0] >= 4).all()
    s = Scored("organisation", pairs, levels, np.zeros(3), np.zeros(3, dtype=bool))
    adjustment = engine.common_name_adjustment(prepared, s)
    assert adjustment[0] < 0 and adjustment[2] < 0  # twelve records say "NHRS"
    assert adjustment[1] > 0  # the full name is rare: it weighs more


def _acronym_pair_adjustment(others: list[str]) -> float:
    """The common-name adjustment of "NHRS" against "Nakado Human Rights Society", both of Somalia, in a
    register where the Society is reported ten more times, by acronym or in full, beside ``others``."""
    import numpy as np

    from reprisals.linkage import engine
    from reprisals.linkage.engine import Scored

    names = ["NHRS", "Nakado Human Rights Society"] + ["NHRS", "Nakado Human Rights Society"] * 5 + others
    prepared = [prepare(Record(id=k, names=(name,), kind="organisation", country="SOM"))
                for k, name in enumerate(names)]
    pair = np.array([[0, 1]])
    levels = np.array([compare(prepared[0], prepared[1]).levels])
    assert levels[0, 0] >= 4, "the acronym stands for the name"
    return float(engine.common_name_adjustment(prepared, Scored("organisation", pair, levels, np.zeros(1),
                                                                np.zeros(1, dtype=bool)))[0])


def test_within_a_state_an_acronym_is_counted_by_the_organisations_holding_it_not_by_their_reports():
    import numpy as np

    from reprisals.linkage import engine

    # one organisation reported twelve times: its acronym is its own, a rare name
    assert _acronym_pair_adjustment([]) == np.log2(engine.COMMON_NAME / engine.RARE_NAME)
    # five other organisations of Somalia written "NHRS": the acronym is common there
    others = ["Nuba Human Rights Society", "Nile Human Rights Society", "Nugal Human Rights Society",
              "Nafis Human Rights Society", "Negele Human Rights Society"]
    assert _acronym_pair_adjustment(others) < 0


def _two_pairs(bridge: float, across: float) -> list[int]:
    """Records 0-1 are one person, 2-3 another; (1, 2) scores ``bridge``, the other three pairs across
    ``across``."""
    import numpy as np

    from reprisals.linkage.cluster import cluster

    pairs = np.array([[0, 1], [2, 3], [1, 2], [0, 2], [0, 3], [1, 3]])
    scores = np.array([0.99, 0.99, bridge, across, across, across])
    return cluster(4, pairs, scores, threshold=0.7)[0]


def test_one_link_among_weak_pairs_across_does_not_join_two_groups():
    ids = _two_pairs(0.95, 0.3)  # a quarter of the pairs across are links, but on average they are not
    assert ids[0] == ids[1] != ids[2] == ids[3]


def test_groups_whose_pairs_across_are_links_on_average_join():
    ids = _two_pairs(0.99, 0.65)
    assert len(set(ids)) == 1


def test_em_takes_the_names_m_and_u_from_the_documented_values_not_from_a_stored_model():
    """A model stored by a run before the blocking changed holds the name's u of that blocking: fitted again, the
    name weighs what the documented values say, and only the other fields' u and the prior are learnt."""
    import numpy as np

    from reprisals.linkage.scoring import fit

    stored = default_model("individual")
    stored.u["full_name"] = [0, 0.324, 0.265, 0.380, 0.012, 0.003, 0.006, 0.004, 0.006]  # an earlier blocking's
    stored.m["name_words"] = [0, 0.5, 0.5]
    rows = [[8, 0, 2, 0, 0, 0, 0, 0, 2]] * 300 + [[2, 0, 2, 0, 0, 0, 0, 0, 0]] * 700
    fitted = fit(np.array(rows), stored)
    documented = default_model("individual")
    assert fitted.u["full_name"] == documented.u["full_name"]
    assert fitted.m["name_words"] == documented.m["name_words"]
    assert fitted.u["country"] != documented.u["country"]
