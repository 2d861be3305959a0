"""The standstill period: 8 working days from the day after the award notice (Procurement Act 2023 s.51).

Working days are Monday to Friday other than the bank holidays of the round's
nation (``round.nation``), as the ``holidays`` package publishes them for the
UK's subdivisions (England, Wales, Scotland, Northern Ireland), not a table
written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WORKING_DAYS = 8
SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland",
                "northern-ireland": "Northern Ireland"}


@dataclass(frozen=True)
class Standstill:
    notice: dt.date
    nation: str
    days: tuple[dt.date, ...]  # the working days counted, in order
    skipped: tuple[tuple[dt.date, str], ...]  # bank holidays on weekdays passed over, with their names

    @property
    def ends(self) -> dt.date:
        """The last working day of the period (it ends at the end of that day)."""
        return self.days[-1]


def bank_holidays(nation: str, years: list[int]) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("GB", subdiv=SUBDIVISIONS[nation], years=years))


def standstill(notice: dt.date, nation: str, working_days: int = WORKING_DAYS) -> Standstill:
    """The ``working_days`` working days that begin with the day after ``notice``."""
    found = bank_holidays(nation, [notice.year, notice.year + 1])
    days: list[dt.date] = []
    skipped: list[tuple[dt.date, str]] = []
    day = notice
    while len(days) < working_days:
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        if day in found:
            skipped.append((day, found[day]))
            continue
        days.append(day)
    return Standstill(notice, nation, tuple(days), tuple(skipped))
