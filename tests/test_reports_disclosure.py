"""Disclosure control: no public count below the threshold can be read or worked out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reprisals.reports.disclosure import OTHER, band, protect_counts, protect_table


def test_small_categories_are_grouped_into_other():
    p = protect_counts({"Africa": 10, "Asia": 2, "Europe": 1, "Americas": 4}, 3)
    assert p.rows == [("Africa", 10), ("Americas", 4), (OTHER, 3)]
    assert p.total == 17


def test_an_other_line_below_the_threshold_takes_the_next_smallest_category():
    p = protect_counts({"A": 10, "B": 4, "C": 1}, 3)
    assert p.rows == [("A", 10), (OTHER, 5)]


def test_a_table_whose_total_is_below_the_threshold_shows_nothing():
    p = protect_counts({"A": 1, "B": 1}, 3)
    assert p.rows == [] and p.total is None


def test_zero_is_shown_as_zero():
    assert protect_counts({}, 3).total == 0
    assert band(0, 3) == "0" and band(2, 3) == "<3" and band(3, 3) == "3"


def test_a_cross_table_suppresses_small_cells_and_one_more_in_each_line():
    counts = {("hrd", "f"): 1, ("hrd", "m"): 5, ("lawyer", "f"): 4, ("lawyer", "m"): 6}
    t = protect_table(counts, ["hrd", "lawyer"], ["f", "m"], 3)
    assert t.cells[("hrd", "f")].suppressed
    assert t.cells[("hrd", "m")].suppressed  # else 1 = row total − 5
    assert t.cells[("lawyer", "f")].suppressed  # else 1 = column total − 4


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=40), max_size=12),
       st.integers(min_value=2, max_value=6))
def test_no_shown_category_and_no_other_line_is_below_the_threshold(counts, threshold):
    p = protect_counts(counts, threshold)
    for _code, n in p.rows:
        assert n >= threshold
    if p.total is not None and p.total:
        assert p.total >= threshold
        assert sum(n for _c, n in p.rows) == p.total


@given(st.dictionaries(st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz")),
                       st.integers(min_value=0, max_value=12), max_size=12),
       st.integers(min_value=2, max_value=5))
def test_no_hidden_figure_of_a_cross_table_can_be_worked_out_from_its_line(counts, threshold):
    rows, cols = list("abcd"), list("xyz")
    t = protect_table(counts, rows, cols, threshold)
    value = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
    for cell in t.cells.values():
        assert cell.value is None or cell.value == 0 or cell.value >= threshold
    lines = [([t.cells[(r, c)] for c in cols], [value[(r, c)] for c in cols], t.row_totals[r]) for r in rows]
    lines += [([t.cells[(r, c)] for r in rows], [value[(r, c)] for r in rows], t.column_totals[c]) for c in cols]
    lines.append((list(t.row_totals.values()), [sum(value[(r, c)] for c in cols) for r in rows], t.total))
    lines.append((list(t.column_totals.values()), [sum(value[(r, c)] for r in rows) for c in cols], t.total))
    for cells, values, total in lines:
        hidden = [v for cell, v in zip(cells, values, strict=True) if cell.value is None]
        assert len(hidden) + (total.value is None) != 1, "a lone hidden figure could be worked out"
        if total.value is not None and hidden:
            assert sum(hidden) >= threshold
