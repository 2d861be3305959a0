"""Checks of the Record keys: feedback, meetings, award, voice, written_by, meeting references.

These keys change no figure (see the spec's "Record"), so they are checked
apart from the method's rules. :func:`check_record` needs only the model;
:func:`check_award` needs the ranking, so it scores the round, and runs only
on a round that has an ``award`` and no other error.
"""

from __future__ import annotations

from collections import Counter

from udc.core.diagnostics import ERROR, Diagnostic, sort_key
from udc.core.findings import Findings, listed
from udc.core.loader import Loaded
from udc.core.method import Method
from udc.core.model import Award, Round


def check_record(round_: Round, method: Method, loaded: Loaded, found_before: list[Diagnostic]) -> list[Diagnostic]:
    """``found_before`` plus the Record's diagnostics, in file order."""
    found = Findings(loaded)
    meetings = _check_meetings(round_, method, found)
    _check_meeting_references(round_, method, meetings, found)
    _check_written_by(round_, found)
    _check_feedback(round_, found)
    _check_voice(round_, found)
    every = found_before + found.found
    if round_.award is not None and not any(d.severity == ERROR for d in every):
        _check_award(round_.award, method, found)
        every = found_before + found.found
    return sorted(set(every), key=sort_key)


def _check_meetings(round_: Round, method: Method, found: Findings) -> dict[str, set[str]]:
    """Meeting id -> attendees; duplicate ids and unknown attendees reported."""
    attended: dict[str, set[str]] = {}
    for index, meeting in enumerate(round_.meetings):
        if meeting.id in attended:
            found.error(("meetings", index, "id"), f"meeting id '{meeting.id}' is used twice; expected each "
                        "meeting id once", "duplicate-id")
            continue
        attended[meeting.id] = set(meeting.attendees)
        for i, eid in enumerate(meeting.attendees):
            if eid not in method.group_of:
                found.error(("meetings", index, "attendees", i), f"unknown evaluator '{eid}' among the "
                            f"attendees; expected a member of a group ({listed(method.group_of)}), or name "
                            "other people under 'others'", "unknown-evaluator")
    return attended


def _check_meeting_references(round_: Round, method: Method, attended: dict[str, set[str]],
                              found: Findings) -> None:
    def unknown(loc: tuple, name: str) -> None:
        found.error(loc, f"unknown meeting '{name}'; expected one of the ids under 'meetings': "
                    f"{listed(attended)}", "unknown-meeting")

    for eid, by_bid in round_.scores.items():
        for bid, cells in by_bid.items():
            for cid, entry in cells.items():
                if entry.meeting is not None and entry.meeting not in attended:
                    unknown(("scores", eid, bid, cid, "meeting"), entry.meeting)
    for gid, agreed_by_bid in round_.moderation.items():
        members = set(method.members(gid)) if gid in round_.groups else set()
        for bid, agreed_cells in agreed_by_bid.items():
            for cid, agreed in agreed_cells.items():
                loc = ("moderation", gid, bid, cid, "meeting")
                if agreed.meeting is None:
                    continue
                if agreed.meeting not in attended:
                    unknown(loc, agreed.meeting)
                elif members and not attended[agreed.meeting] & members:
                    found.warning(loc, f"group '{gid}' agreed this score at meeting '{agreed.meeting}', which no "
                                  f"member of {gid} attended: the group's view was agreed without it; expected "
                                  "the group's members among the meeting's attendees", "meeting-unattended")
    award = round_.award
    if award is not None and award.meeting is not None and award.meeting not in attended:
        unknown(("award", "meeting"), award.meeting)


def _check_written_by(round_: Round, found: Findings) -> None:
    for index, spec in enumerate(round_.criteria):
        for i, gid in enumerate(getattr(spec, "written_by", None) or ()):
            if gid not in round_.groups:
                found.error(("criteria", index, "written_by", i), f"unknown group '{gid}'; expected one of: "
                            f"{listed(round_.groups)}", "unknown-group")


def _check_feedback(round_: Round, found: Findings) -> None:
    bids = {b.id for b in round_.bids}
    criteria = {c.id for c in round_.criteria}
    for bid, by_criterion in round_.feedback.items():
        if bid not in bids:
            found.error(("feedback", bid), f"feedback for unknown bid '{bid}'; expected one of: {listed(bids)}",
                        "unknown-bid", key=True)
            continue
        for cid in by_criterion:
            if cid not in criteria:
                found.error(("feedback", bid, cid), f"feedback on unknown criterion '{cid}'; expected one of: "
                            f"{listed(criteria)}", "unknown-criterion", key=True)


def _check_voice(round_: Round, found: Findings) -> None:
    criteria = {c.id for c in round_.criteria}
    seen: set[str] = set()
    for index, item in enumerate(round_.voice):
        loc = ("voice", index)
        if item.id in seen:
            found.error(loc + ("id",), f"voice id '{item.id}' is used twice; expected each voice id once",
                        "duplicate-id")
        seen.add(item.id)
        if item.group not in round_.groups:
            found.error(loc + ("group",), f"unknown group '{item.group}'; expected one of: "
                        f"{listed(round_.groups)}", "unknown-group")
        for i, cid in enumerate(item.became):
            if cid not in criteria:
                found.error(loc + ("became", i), f"unknown criterion '{cid}'; expected one of: "
                            f"{listed(criteria)}", "unknown-criterion")
        if not item.became and not item.not_used:
            found.warning(loc, f"voice item '{item.id}': said, and nothing recorded of what became of it; "
                          "expected 'became: [criterion ids]' or 'not_used: <why>'", "voice-outcome")


def _check_award(award: Award, method: Method, found: Findings) -> None:
    """The award names ranked bids, and gives a reason unless it is exactly the bids ranked first."""
    from udc.core.engine import INCOMPLETE, RANKED, score

    if award.notice is not None and award.notice < award.decided:
        found.error(("award", "notice"), f"the notice date {award.notice.isoformat()} is before the decision "
                    f"({award.decided.isoformat()}); expected a notice on or after the day the award was decided",
                    "award-dates")
    if not award.bids:
        found.error(("award", "bids"), "the award names no bid; expected the ids of the bids awarded", "award")
        return
    result = score(method)
    statuses = {b.id: b for b in result.bids}
    problems = False
    for bid, count in Counter(award.bids).items():
        loc = ("award", "bids", award.bids.index(bid))
        if bid not in statuses:
            found.error(loc, f"award of unknown bid '{bid}'; expected one of: {listed(statuses)}", "unknown-bid")
            problems = True
        elif statuses[bid].status != RANKED:
            b = statuses[bid]
            why = "; ".join(b.reasons) if b.reasons else ", ".join(b.missing[:3]) or b.status
            found.error(loc, f"award of bid '{bid}', which is {b.status} ({why}); expected only ranked bids "
                        "to be awarded", "award-unranked")
            problems = True
        if count > 1:
            found.error(loc, f"bid '{bid}' is named {count} times; expected each awarded bid once", "award")
    if problems:
        return
    first = {b.id for b in result.ranking if b.rank == 1}
    if set(award.bids) != first and not award.reason:
        named = ", ".join(sorted(first)) or "no bid"
        found.error(("award", "bids"), f"the award is for {', '.join(award.bids)} but {named} "
                    f"{'is' if len(first) == 1 else 'are'} ranked first; expected 'reason: <why>' (a tie settled "
                    "by the panel, a framework of several suppliers)", "award-reason")
    incomplete = sorted(b.id for b in result.bids if b.status == INCOMPLETE)
    if incomplete:
        found.warning(("award",), f"the award is recorded while bids {', '.join(incomplete)} are incomplete; "
                      "expected every cell scored before the award (the ranking is provisional)",
                      "award-incomplete", key=True)

