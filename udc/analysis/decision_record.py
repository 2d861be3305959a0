"""The decision record (Procurement Act 2023 s.98; Provider Selection Regime reg 24) as plain data.

Everything comes from the round file: the method and its seal, the process
(meetings, interviews), conflicts of interest and how they were managed, the
ranking, the award, the moderation log and the standstill period. It is the
authority's own record, so it names the people who took part.
"""

from __future__ import annotations

from typing import Any

from udc import __version__
from udc.analysis.award_method import (
    criteria_rows,
    day,
    figure,
    group_name,
    joined,
    method_rules,
    money,
    scale_rows,
    scale_sentence,
    whole,
)
from udc.analysis.moderation_log import moderation_log, value_text
from udc.analysis.standstill import NATION_NAMES, standstill
from udc.core.engine import Result
from udc.core.pipeline import Checked
from udc.core.seal import method_digest

RETENTION = ("Keep this record until at least 3 years after the contract is entered into "
             "(Procurement Act 2023 s.98).")
KINDS = {"moderation": "Moderation meeting", "interview": "Interview", "clarification": "Clarification",
         "decision": "Decision meeting", "other": "Meeting"}


def person(round_, eid: str) -> str:
    """``Ruth Okafor (Commissioning manager, Commissioning panel)``."""
    for group in round_.groups.values():
        if eid in group.members:
            m = group.members[eid]
            return f"{m.name} ({', '.join(x for x in (m.role, group.name) if x)})"
    return eid


def stakes(result: Result) -> list[dict]:
    method, round_ = result.method, result.method.round
    return [{"group": round_.groups[g].name, "declared": None if round_.groups[g].stake is None
             else whole(round_.groups[g].stake), "effective": figure(result, method.effective_stake(g))}
            for g in method.groups]


def seal_lines(round_) -> list[str]:
    if round_.seal is None:
        return ["The method was not sealed: nothing in the file shows it was fixed before the bids were opened."]
    return [f"The method was sealed on {day(round_.seal.sealed)} ({round_.seal.method}) and still matches its seal."]


def meetings(round_) -> list[dict]:
    rows = []
    for m in sorted(round_.meetings, key=lambda m: (m.date, m.id)):
        rows.append({"id": m.id, "date": day(m.date), "kind": KINDS[m.kind],
                     "attendees": [person(round_, e) for e in m.attendees], "others": list(m.others),
                     "notes": m.notes})
    return rows


def conflicts(result: Result) -> list[dict]:
    """Each evaluator's declaration and how any conflict was managed (which scores they did not give)."""
    round_ = result.method.round
    bidders = {b.id: b.bidder for b in round_.bids}
    rows = []
    for gid, group in round_.groups.items():
        for eid, m in group.members.items():
            managed = []
            for bid in m.conflicts:
                b = next((x for x in result.bids if x.id == bid), None)
                cell_groups = [] if b is None else ([c.groups for c in b.criteria.values()]
                                               + [p.groups for p in b.pass_fail.values()])
                cells = sum(1 for g in cell_groups if gid in g and eid in g[gid].conflicted)
                managed.append(f"Gave no score for {bidders.get(bid, bid)} ({bid}): {cells} cell"
                               f"{'s' if cells != 1 else ''} left to the other members of {group.name}.")
            rows.append({"who": person(round_, eid), "declared": day(m.declared) or "no declaration recorded",
                         "conflicts": [f"{bidders.get(b, b)} ({b})" for b in m.conflicts],
                         "managed": managed or ["No conflict declared."]})
    return rows


def ranking(result: Result) -> list[dict]:
    order = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, b.id))
    rows = []
    for b in order:
        rows.append({"rank": "none" if b.rank is None else f"{b.rank}{' (tie)' if b.tie else ''}",
                     "bid": b.id, "bidder": b.bid.bidder, "total": figure(result, b.total),
                     "quality": figure(result, b.quality),
                     "price_score": figure(result, b.price.score) if b.price else None,
                     "price": money(result.method.round, b.bid.price) if b.bid.price is not None else None,
                     "status": b.status, "reasons": list(b.reasons) + list(b.missing)})
    return rows


def award(round_, result: Result) -> dict | None:
    a = round_.award
    if a is None:
        return None
    bidders = {b.id: b.bidder for b in round_.bids}
    meeting = next((m for m in round_.meetings if m.id == a.meeting), None)
    return {"decided": day(a.decided), "by": a.by, "bids": [f"{bidders[b]} ({b})" for b in a.bids],
            "meeting": f"{KINDS[meeting.kind]} {meeting.id} on {day(meeting.date)}" if meeting else None,
            "notice": day(a.notice), "reason": a.reason}


def log(result: Result) -> list[dict]:
    """Every changed or agreed score: who, from, to, why, at which meeting."""
    round_ = result.method.round
    meeting_of: dict[str | None, str] = {m.id: f"{m.id} ({day(m.date)})" for m in round_.meetings}
    rows: list[dict[str, Any]] = []
    for r in moderation_log(result):
        for ch in r.changes:
            entry = round_.scores[ch.evaluator][r.bid][r.criterion]
            rows.append({"bid": r.bid, "criterion": r.criterion, "who": person(round_, ch.evaluator),
                         "from": ch.was, "to": ch.score, "why": ch.why,
                         "meeting": meeting_of.get(entry.meeting, "not recorded")})
        if r.agreed is not None:
            before = r.figure_before.value
            rows.append({"bid": r.bid, "criterion": r.criterion, "who": f"{group_name(round_, r.group)} (agreed)",
                         "from": "none" if before is None else figure(result, before) if not isinstance(before, str)
                         else before, "to": value_text(r.agreed.score), "why": r.agreed.reason or "no reason recorded",
                         "meeting": meeting_of.get(r.agreed.meeting, "not recorded")})
    return rows


def standstill_data(round_) -> dict | None:
    a = round_.award
    if a is None or a.notice is None:
        return None
    s = standstill(a.notice, round_.round.nation)
    return {"notice": day(a.notice), "starts": day(s.days[0]), "ends": day(s.ends), "ends_iso": s.ends.isoformat(),
            "nation": NATION_NAMES[round_.round.nation],
            "skipped": [f"{day(d)} ({name})" for d, name in s.skipped]}


def decision_record(checked: Checked, result: Result) -> dict:
    method, round_ = result.method, result.method.round
    info = round_.round
    return {
        "round": {"id": info.id, "title": info.title, "authority": info.authority},
        "complete": result.complete,
        "criteria": criteria_rows(method),
        "stakes": stakes(result),
        "scale": scale_rows(method), "scale_sentence": scale_sentence(method),
        "rules": method_rules(method),
        "tie_break": joined(list(info.tie_break)),
        "seal": seal_lines(round_), "method_digest": method_digest(round_),
        "meetings": meetings(round_),
        "conflicts": conflicts(result),
        "ranking": ranking(result),
        "award": award(round_, result),
        "log": log(result),
        "standstill": standstill_data(round_),
        "fingerprint": checked.loaded.fingerprint, "tool": f"udc {__version__}",
        "retention": RETENTION,
    }
