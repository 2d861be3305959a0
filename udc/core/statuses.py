"""The closed sets of words a scored result carries, as :class:`enum.StrEnum`.

Each member is its word: it compares equal to it, hashes like it and prints
and serialises (JSON, CSV, templates) as it, so outputs read as they always
have. What the enums add is that the set is closed and named: a view that
words each member can be checked to word every one (tests/test_statuses.py).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["BidStatus", "How", "Outcome"]


class How(StrEnum):
    """How a group's figure for a cell was formed (``GroupCell.how``)."""

    MEAN = "mean"  # the mean of the members' scores (round.aggregate)
    MEDIAN = "median"  # their median
    CONSENSUS = "consensus"  # only the group's agreed score counts, and there is none yet
    MODERATED = "moderated"  # the group's agreed (moderated) score


class Outcome(StrEnum):
    """A pass/fail criterion's outcome for a bid, and a group's settled marks."""

    PASS = "pass"
    FAIL = "fail"
    UNSETTLED = "unsettled"  # marks disagree or are missing


class BidStatus(StrEnum):
    """Where a bid stands after scoring (``BidResult.status``)."""

    RANKED = "ranked"
    DISQUALIFIED = "disqualified"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"  # scores are missing: no rank yet
