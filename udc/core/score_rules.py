"""The rules of score cells: each evaluator's scores, each group's agreed (moderation) scores, and
the warnings about cells still owed and wide spreads. Part of :func:`udc.core.rules.check_rules`."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

from udc.core.cells import every_cell
from udc.core.fields import ABSENT, PASS_FAIL
from udc.core.findings import Findings, listed, suggest
from udc.core.method import Method, Scale, ScoredCriterion
from udc.core.model import PassFail, Price, Round, Scored, ScoreEntry
from udc.core.numbers import exact_text, plain

# ---------------------------------------------------------------- scores


_NO_REASON = "score without a reason; expected a reason (round.require_reasons is true)"


class ValueCheck:
    """Is a value allowed for a criterion? Cached per value: rounds hold thousands of scores."""

    def __init__(self, scale: Scale):
        self.scale = scale
        self.cache: dict[Decimal, bool] = {}
        # an empty scale is reported once by check_scale; judging every score against it would only echo that
        self.usable = bool(scale.levels) or scale.points is not None

    def problem(self, value, criterion, absent_ok: bool = True) -> str | None:
        if not self.usable:
            return None
        if value == ABSENT:
            return None if absent_ok else "'absent' is not an agreed score; expected a score"
        if isinstance(criterion, PassFail):
            if value in PASS_FAIL:
                return None
            return f"'{value}' is not a mark; expected pass or fail" + (" (or absent)" if absent_ok else "")
        if isinstance(value, str):
            return f"'{value}' is a mark, but {criterion.id} is scored; expected {self.scale.describe()}"
        ok = self.cache.get(value)
        if ok is None:
            ok = self.cache[value] = self.scale.contains(value)
        if not ok:
            return f"{value} is not on the scale; expected {self.scale.describe()}" + \
                (" (or absent)" if absent_ok else "")
        return None


def check_scores(round_: Round, method: Method, found: Findings) -> None:
    """Each evaluator's scores: a known evaluator, bid and criterion their group assesses, no conflict, on the
    scale, a reason (required, or counted and warned about once per evaluator)."""
    bids = {b.id for b in round_.bids}
    values = ValueCheck(method.scale)
    require = round_.round.require_reasons
    unreasoned: Counter[str] = Counter()
    memberships = Counter(e for g in round_.groups.values() for e in g.members)
    scored_plain = _plainly_scored(method)
    on_scale = values.cache if values.usable else None  # a value found on the scale maps to True
    for eid, by_bid in round_.scores.items():
        gid = method.group_of.get(eid)
        if memberships[eid] > 1:
            continue  # reported by check_ids; its group is ambiguous
        if gid is None:
            found.error(("scores", eid), f"scores from unknown evaluator '{eid}'; expected a member of a group"
                        f"{suggest(eid, method.group_of)}", "unknown-evaluator", key=True)
            continue
        plain_criteria = scored_plain.get(gid, ())
        for bid, cells in by_bid.items():
            if bid not in bids:
                found.error(("scores", eid, bid), f"score for unknown bid '{bid}'; expected one of: "
                            f"{listed(bids)}", "unknown-bid", key=True)
                continue
            conflicted = bid in method.conflicts.get(eid, ())
            for cid, entry in cells.items():
                loc = ("scores", eid, bid, cid)
                score = entry.score
                if cid in plain_criteria and not conflicted and entry.was is None and entry.why is None \
                        and type(score) is Decimal and (on_scale is None or on_scale.get(score) is True):
                    # the common case, decided by what is known of the criterion: on the scale, nothing else to check
                    if not entry.reason:
                        if require:
                            found.error(loc, _NO_REASON, "no-reason", key=True)
                        else:
                            unreasoned[eid] += 1
                    continue
                spec = _scorable(method, loc, gid, conflicted, found)
                if spec is None:
                    continue
                _check_values(values, spec, entry, loc, found)
                if not entry.reason:
                    if require:
                        found.error(loc, _NO_REASON, "no-reason", key=True)
                    elif entry.score == ABSENT:
                        found.warning(loc, "'absent' without a reason; expected the reason the cell was "
                                      "not assessed", "absent-reason", key=True)
                    else:
                        unreasoned[eid] += 1
    for eid, count in sorted(unreasoned.items()):
        found.warning(("scores", eid), f"evaluator '{eid}' gave {count} score{'s' if count != 1 else ''} "
                      "without a reason; bidders are owed the reasons behind their scores", "no-reason", key=True)


def _plainly_scored(method: Method) -> dict[str, set[str]]:
    """Each group's criteria where a number needs only its scale checked: scored, and assessed by the group."""
    found: dict[str, set[str]] = {}
    for c in method.scored:
        if _assessing_groups(method, c.id) and method.criterion(c.id) is c:
            for gid in c.groups:
                if method.assesses(gid, c.id):
                    found.setdefault(gid, set()).add(c.id)
    return found


def _scorable(method: Method, loc: tuple[str, str, str, str], gid: str, conflicted: bool,
              found: Findings) -> Scored | PassFail | None:
    """The criterion an evaluator's cell at ``loc`` scores, if they may score it; else None, with the error reported
    (no error for a criterion whose empty assessed_by is reported already)."""
    _, eid, bid, cid = loc
    criterion = method.criterion(cid)
    if criterion is None:
        found.error(loc, f"score for unknown criterion '{cid}'{suggest(cid, method._by_id)}; "
                    "expected a scored or pass-fail criterion id", "unknown-criterion", key=True)
        return None
    if isinstance(criterion, Price):
        found.error(loc, f"'{cid}' is the price criterion, which is computed from bid prices; "
                    "expected no scores for it", "price-scored", key=True)
        return None
    if not _assessing_groups(method, cid):
        return None  # the criterion's empty assessed_by is reported already
    if not method.assesses(gid, cid):
        found.error(loc, f"evaluator '{eid}' ({gid}) scores '{cid}', which {gid} does not assess; "
                    "expected scores only for criteria their group assesses", "not-assessed", key=True)
        return None
    if conflicted:
        found.error(loc, f"evaluator '{eid}' declared a conflict with bid '{bid}' but scored it; "
                    "expected no score from a conflicted member", "conflicted", key=True)
        return None
    return criterion.spec if isinstance(criterion, ScoredCriterion) else criterion


def _check_values(values: ValueCheck, spec: Scored | PassFail, entry: ScoreEntry, loc: tuple, found: Findings) -> None:
    """The score and its earlier value (``was``) on the scale; ``was`` and ``why`` given together."""
    problem = values.problem(entry.score, spec)
    if problem:
        found.error(loc + ("score",) if entry.reason or entry.was is not None else loc, problem,
                    "off-scale")
    if entry.was is not None:
        problem = values.problem(entry.was, spec)
        if problem:
            found.error(loc + ("was",), "was: " + problem, "off-scale")
    if (entry.was is None) != (entry.why is None):
        have, lack = ("was", "why") if entry.why is None else ("why", "was")
        found.error(loc, f"a changed score needs both 'was' and 'why'; '{have}' is given without "
                    f"'{lack}'", "was-why", key=True)

def check_moderation(round_: Round, method: Method, found: Findings) -> None:
    bids = {b.id for b in round_.bids}
    values = ValueCheck(method.scale)
    for gid, by_bid in round_.moderation.items():
        if gid not in round_.groups:
            found.error(("moderation", gid), f"moderation for unknown group '{gid}'; expected one of: "
                        f"{', '.join(sorted(round_.groups))}", "unknown-group", key=True)
            continue
        for bid, cells in by_bid.items():
            if bid not in bids:
                found.error(("moderation", gid, bid), f"moderation for unknown bid '{bid}'; expected one of: "
                            f"{listed(bids)}", "unknown-bid", key=True)
                continue
            for cid, agreed in cells.items():
                loc = ("moderation", gid, bid, cid)
                criterion = method.criterion(cid)
                if criterion is None or isinstance(criterion, Price):
                    found.error(loc, f"moderation for unknown criterion '{cid}'; expected a scored or "
                                "pass-fail criterion id", "unknown-criterion", key=True)
                    continue
                if not _assessing_groups(method, cid):
                    continue
                if not method.assesses(gid, cid):
                    found.error(loc, f"group '{gid}' does not assess '{cid}'; expected moderation only of "
                                "cells the group assesses", "not-assessed", key=True)
                    continue
                spec = criterion.spec if isinstance(criterion, ScoredCriterion) else criterion
                problem = values.problem(agreed.score, spec, absent_ok=False)
                if problem:
                    found.error(loc, problem, "off-scale", key=True)
                if not agreed.reason:
                    severity = found.error if round_.round.require_reasons else found.warning
                    severity(loc, "agreed score without a reason; expected the reason the group agreed it "
                             "(it is the record a court would ask for)", "no-reason", key=True)


# ---------------------------------------------------------------- what is owed, spreads


def check_owed(round_: Round, method: Method, found: Findings) -> None:
    """Warn about cells still owed (per evaluator) and wide spreads (per cell), as udc.core.cells finds them."""
    owed: Counter[str] = Counter()
    awaiting: Counter[str] = Counter()  # consensus rounds: cells without the group's agreed score
    divergence = Fraction(round_.round.divergence)
    consensus = round_.round.aggregate == "consensus"  # Members.awaiting, asked once rather than per cell
    for cell in every_cell(method):
        gid, bid, cid = cell.group, cell.bid, cell.criterion
        if consensus and cell.agreed is None:
            awaiting[gid] += 1
        if cell.owed:
            owed.update(cell.owed)
        spread = cell.spread() if cell.agreed is None else None
        if spread is not None and spread[1][0] - spread[0][0] >= divergence:
            low, high = spread
            found.warning(("scores", high[1], bid, cid),
                          f"{gid} scores for bid '{bid}' on {cid} spread from {exact_text(low[0])} "
                          f"({low[1]}) to {exact_text(high[0])} ({high[1]}), {plain(round_.round.divergence)} "
                          "or more points apart; expected the group to moderate this cell", "divergence")
    for gid, count in sorted(awaiting.items()):
        found.warning(("groups", gid), f"group '{gid}' has {count} cell{'s' if count != 1 else ''} without an "
                      "agreed score; expected one for every cell (round.aggregate is consensus)", "incomplete",
                      key=True)
    for eid, count in sorted(owed.items()):
        loc = ("scores", eid) if eid in round_.scores else ("groups", method.group_of[eid], "members", eid)
        found.warning(loc, f"evaluator '{eid}' owes {count} score{'s' if count != 1 else ''}; the round is "
                      "incomplete until they are given (or the cells are moderated)", "incomplete", key=True)


# ---------------------------------------------------------------- helpers


def _assessing_groups(method: Method, cid: str) -> tuple[str, ...]:
    scored = method.scored_by_id(cid)
    if scored is not None:
        return scored.groups
    return method.pass_fail_groups.get(cid, ())
