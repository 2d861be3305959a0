"""The fewest-moves search for a median: the same best moves as trying every subset of members.

``udc.analysis.moves`` searches a median cell's moves over how many members of each score
move (members with the same score are interchangeable), in whole numbers, instead of
forming a Fraction median for every subset of members. These properties check it
against the plain search it replaced: every subset of k members in
``itertools.combinations`` order, the first of the largest gains kept.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from udc.analysis import moves
from udc.core.blend import aggregate
from udc.core.statuses import How

SCALES = {  # scale values (a points scale in steps, or uneven levels)
    "points 0-5": [Fraction(v) for v in range(6)],
    "halves 0-4": [Fraction(v, 2) for v in range(9)],
    "levels": [Fraction(0), Fraction(1), Fraction(5, 2), Fraction(4), Fraction(10)],
}


def plain_search(members, movable, how):
    """What moves.py did before: every subset (of a group of at most 14 who can move), a Fraction figure
    for each, the first best kept."""
    values = {e: v for e, v in members}
    base = aggregate(list(values.values()), how)
    options = [(Fraction(0), ())]
    for k in range(1, len(movable) + 1):
        best = None
        if len(movable) <= 14:
            candidates = itertools.combinations(movable, k)
        else:  # a group this large was not searched: the k largest steps, largest first
            candidates = [sorted(movable, key=lambda m: (-abs(m[2] - m[1]), m[0]))[:k]]
        for chosen in candidates:
            changed = dict(values)
            changed.update({e: n for e, _, n in chosen})
            gain = abs(aggregate(list(changed.values()), how) - base)
            if best is None or gain > best[0]:
                best = (gain, tuple((e, v, n) for e, v, n in chosen))
        options.append(best)
    return options


@st.composite
def cells(draw):
    scale = SCALES[draw(st.sampled_from(sorted(SCALES)))]
    count = draw(st.one_of(st.integers(min_value=1, max_value=9), st.integers(min_value=15, max_value=18)))
    scores = draw(st.lists(st.sampled_from(scale), min_size=count, max_size=count))
    up = draw(st.booleans())
    members = [(f"e{i}", v) for i, v in enumerate(scores)]
    movable = []
    for e, v in members:
        following = [s for s in scale if s > v] if up else [s for s in scale if s < v][::-1]
        if following:
            movable.append((e, v, following[0]))
    how = draw(st.sampled_from([How.MEDIAN, How.MEAN]))
    return members, movable, how


@settings(max_examples=300, deadline=None)
@given(cells())
def test_the_search_finds_the_moves_every_subset_would(cell):
    members, movable, how = cell
    found = moves._searched_options("g", "b", "c", members, movable, how)
    if how == How.MEAN:  # a mean is searched among the largest steps only: its gains are the same
        expected = plain_search(members, movable, how)
        assert [gain for gain, _ in found] == [gain for gain, _ in expected]
        return
    expected = plain_search(members, movable, how)
    assert [(gain, tuple((m.evaluator, m.before, m.after) for m in chosen)) for gain, chosen in found] == expected


def test_equal_scores_are_interchangeable_but_the_first_members_are_named():
    members = [("a", Fraction(2)), ("b", Fraction(3)), ("c", Fraction(3)), ("d", Fraction(3))]
    movable = [(e, v, v + 1) for e, v in members]
    found = moves._searched_options("g", "b1", "c1", members, movable, How.MEDIAN)
    # one move of a 3 raises the median from 3 to 3 (no gain); two moves of 3s raise it by 1/2 ...
    assert [gain for gain, _ in found] == [0, 0, Fraction(1, 2), 1, 1]
    assert [m.evaluator for m in found[2][1]] == ["b", "c"]  # the earliest of the interchangeable 3s
    assert found == plain_like(members, movable)


def plain_like(members, movable):
    options = plain_search(members, movable, How.MEDIAN)
    return [(gain, tuple(moves.Move("g", e, "b1", "c1", v, n) for e, v, n in chosen)) for gain, chosen in options]


@st.composite
def knapsacks(draw):
    """Cells offering, for k = 0, 1, ... moves, a gain in whole units (0 for no move), and a bound."""
    cells = []
    for c in range(draw(st.integers(min_value=1, max_value=6))):
        gains = sorted(draw(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=4)))
        made = [moves.Move("g", f"e{i}", "b", f"c{c}", Fraction(0), Fraction(1)) for i in range(len(gains))]
        cells.append([(0, ())] + [(gain, tuple(made[: k + 1])) for k, gain in enumerate(gains)])
    return moves._Knapsack(1, 0, cells), draw(st.integers(min_value=0, max_value=12))


@settings(max_examples=200, deadline=None)
@given(knapsacks())
def test_the_counts_table_has_the_gains_of_the_table_with_moves(sack_and_bound):
    sack, bound = sack_and_bound
    table = sack.table(bound)
    assert sack.gains(bound) == [table[c][0] if c in table else -1 for c in range(bound + 1)]
