"""Cross-reference checks: the rules of format 1 that a schema cannot express.

Runs only on a round that passed the schema. Every rule broken is an error;
things a panel should know about but that do not break the method (a score
without a reason, a cell still owed, a wide spread of scores) are warnings.
All problems are collected, none stops the others from being found.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

from udc.core.cells import every_cell
from udc.core.diagnostics import ERROR, WARNING, Diagnostic, sort_key
from udc.core.fields import ABSENT, PASS_FAIL
from udc.core.loader import Loaded
from udc.core.method import Method, Scale, ScoredCriterion
from udc.core.model import PassFail, Points, Price, Round, Scored
from udc.core.numbers import exact_text, plain
from udc.core.seal import changes_text, seal_changes, sealed_form, unnamed_reason


class Findings:
    """Collects diagnostics located through the loaded file's source map."""

    def __init__(self, loaded: Loaded):
        self.source = loaded.source
        self.found: list[Diagnostic] = []

    def error(self, loc: tuple, message: str, code: str, key: bool = False) -> None:
        self.found.append(self.source.diagnostic(loc, message, ERROR, key=key, code=code))

    def warning(self, loc: tuple, message: str, code: str, key: bool = False) -> None:
        self.found.append(self.source.diagnostic(loc, message, WARNING, key=key, code=code))


def check_rules(round_: Round, method: Method, loaded: Loaded) -> list[Diagnostic]:
    """Every rule of the format checked; diagnostics in file order."""
    found = Findings(loaded)
    check_scale(round_, found)
    check_ids(round_, found)
    check_groups(round_, found)
    check_criteria(round_, method, found)
    check_bids(round_, method, found)
    check_stakes(round_, method, found)
    check_tie_break(round_, method, found)
    check_scores(round_, method, found)
    check_moderation(round_, method, found)
    check_owed(round_, method, found)
    check_seal(round_, found)
    return sorted(set(found.found), key=sort_key)


# ---------------------------------------------------------------- scale


def check_scale(round_: Round, found: Findings) -> None:
    scale = round_.scale
    if isinstance(scale, Points):
        if scale.max <= scale.min:
            found.error(("scale", "max"), f"max {scale.max} is not above min {scale.min}; "
                        "expected a points scale with max above min", "scale")
        elif (Fraction(scale.max) - Fraction(scale.min)) % Fraction(scale.step) != 0:  # exact at any precision
            found.error(("scale", "step"), f"max {scale.max} cannot be reached from min {scale.min} "
                        f"in steps of {scale.step}; expected max = min + a whole number of steps", "scale")
        return
    if len(scale) < 2:
        found.error(("scale",), "the scale has fewer than two levels; expected at least two values to score with",
                    "scale")
    seen: dict[Fraction, int] = {}
    for index, level in enumerate(scale):
        value = Fraction(level.value)
        if value in seen:
            found.error(("scale", index, "value"), f"value {level.value} is used by level {seen[value] + 1} "
                        "already; expected distinct values", "scale")
        seen.setdefault(value, index)


# ---------------------------------------------------------------- ids


def check_ids(round_: Round, found: Findings) -> None:
    for kind, items in (("criterion", round_.criteria), ("bid", round_.bids)):
        first: dict[str, int] = {}
        key = "criteria" if kind == "criterion" else "bids"
        for index, item in enumerate(items):
            if item.id in first:
                found.error((key, index, "id"), f"{kind} id '{item.id}' is used twice (first as item "
                            f"{first[item.id] + 1}); expected each {kind} id once", "duplicate-id")
            first.setdefault(item.id, index)
    owner: dict[str, str] = {}
    for gid in round_.groups:
        for eid in round_.groups[gid].members:
            if eid in owner:
                found.error(("groups", gid, "members", eid), f"evaluator '{eid}' is a member of both "
                            f"'{owner[eid]}' and '{gid}'; expected an evaluator id in one group only",
                            "duplicate-id", key=True)
            owner.setdefault(eid, gid)


def check_groups(round_: Round, found: Findings) -> None:
    bids = {b.id for b in round_.bids}
    for gid, group in round_.groups.items():
        if not group.members:
            found.error(("groups", gid, "members"), f"group '{gid}' has no members; "
                        "expected at least one evaluator", "no-members")
        for eid, member in group.members.items():
            for index, bid in enumerate(member.conflicts):
                if bid not in bids:
                    found.error(("groups", gid, "members", eid, "conflicts", index),
                                f"conflict with unknown bid '{bid}'; expected one of: {_listed(bids)}",
                                "unknown-bid")
            if member.declared is None:
                found.warning(("groups", gid, "members", eid), f"evaluator '{eid}' has no conflict-of-interest "
                              "declaration date; expected 'declared: <date>'", "no-declaration", key=True)


# ---------------------------------------------------------------- criteria and bids


def check_criteria(round_: Round, method: Method, found: Findings) -> None:
    groups = set(round_.groups)
    scale = method.scale
    total, prices = Decimal(0), []
    for index, spec in enumerate(round_.criteria):
        loc = ("criteria", index)
        if isinstance(spec, (Scored, Price)):
            total += spec.weight
        if isinstance(spec, Price):
            prices.append(index)
        if isinstance(spec, (Scored, PassFail)) and spec.assessed_by is not None:
            _check_assessed_by(spec.assessed_by, groups, loc, found)
        if isinstance(spec, Scored):
            _check_shares(spec, groups, loc, found)
            if spec.minimum is not None and not scale.bottom <= Fraction(spec.minimum) <= scale.top:
                found.error(loc + ("minimum",), f"minimum {spec.minimum} is outside the scale; expected a "
                            f"value from {exact_text(scale.bottom)} to {exact_text(scale.top)}", "minimum")
    for index in prices[1:]:
        found.error(("criteria", index, "kind"), "a second price criterion; expected at most one", "price")
    if total != 100:
        found.error(("criteria",), f"the weights of scored and price criteria add up to {plain(total)}, "
                    "not 100; expected exactly 100", "weights")
    if round_.round.budget is not None and not prices:
        found.error(("round", "budget"), "a budget without a price criterion; expected a criterion "
                    "with kind: price", "budget")
    if not method.scored and not prices:
        found.error(("criteria",), "no scored or price criterion; expected at least one", "weights")


def _check_assessed_by(assessed_by: list[str], groups: set[str], loc: tuple, found: Findings) -> None:
    if not assessed_by:
        found.error(loc + ("assessed_by",), "assessed_by is empty; expected at least one group id", "assessed-by")
    seen = set()
    for i, gid in enumerate(assessed_by):
        if gid not in groups:
            found.error(loc + ("assessed_by", i), f"unknown group '{gid}'; expected one of: "
                        f"{', '.join(sorted(groups))}", "unknown-group")
        elif gid in seen:
            found.error(loc + ("assessed_by", i), f"group '{gid}' is named twice; expected each group once",
                        "assessed-by")
        seen.add(gid)


def _check_shares(spec: Scored, groups: set[str], loc: tuple, found: Findings) -> None:
    if spec.shares is None:
        return
    assessing = set(spec.assessed_by) if spec.assessed_by is not None else groups
    for gid in spec.shares:
        if gid not in assessing:
            where = "assessed_by" if spec.assessed_by is not None else "the round's groups"
            found.error(loc + ("shares", gid), f"share for '{gid}', which is not in {where}; expected "
                        f"shares for exactly: {', '.join(sorted(assessing))}", "shares", key=True)
    missing = sorted((assessing & groups) - set(spec.shares))
    if missing:
        found.error(loc + ("shares",), f"no share for {', '.join(repr(g) for g in missing)}; expected a share "
                    "for every group in assessed_by", "shares", key=True)


def check_bids(round_: Round, method: Method, found: Findings) -> None:
    if not round_.bids:
        found.error(("bids",), "no bids; expected at least one bid to assess", "no-bids")
    for index, bid in enumerate(round_.bids):
        if method.price is not None and bid.price is None and not bid.withdrawn:
            found.error(("bids", index), f"bid '{bid.id}' has no price; expected 'price: <amount in "
                        f"{round_.round.currency}>' (the round has a price criterion)", "price")


# ---------------------------------------------------------------- stakes


def check_stakes(round_: Round, method: Method, found: Findings) -> None:
    if any(d.code in ("shares", "unknown-group", "assessed-by", "weights") for d in found.found):
        return  # the figures would be meaningless; the causes are already reported
    for gid in sorted(round_.groups):
        declared = round_.groups[gid].stake
        if declared is None:
            continue
        effective = method.effective_stake(gid)
        if effective == Fraction(declared):
            continue
        parts = [f"{c.id} {exact_text(c.portion(gid))}%" for c in method.scored if gid in c.shares]
        breakdown = f" ({', '.join(parts)})" if parts else " (it assesses no scored criterion)"
        found.error(("groups", gid, "stake"), f"group '{gid}' is promised a stake of {plain(declared)}% but "
                    f"the criteria give it {exact_text(effective)}%{breakdown}; expected the weights and "
                    "shares to give exactly the declared stake", "stake")


# ---------------------------------------------------------------- tie-break


def check_tie_break(round_: Round, method: Method, found: Findings) -> None:
    seen: set[str] = set()
    for index, key in enumerate(round_.round.tie_break):
        loc = ("round", "tie_break", index)
        if key in seen:
            found.warning(loc, f"tie-break key '{key}' is repeated; it cannot separate anything the first "
                          "time did not", "tie-break")
        seen.add(key)
        problem = tie_break_problem(key, method)
        if problem:
            found.error(loc, problem, "tie-break")


def tie_break_problem(key: str, method: Method) -> str | None:
    if key == "quality":
        return None
    if key == "price":
        return None if method.price else "tie-break key 'price' but the round has no price criterion; " \
                                         "expected quality, group:<id> or criterion:<id>"
    kind, _, name = key.partition(":")
    if kind == "group":
        if name not in method.round.groups:
            return f"tie-break key '{key}' names an unknown group; expected one of: " \
                   f"{', '.join('group:' + g for g in method.contributing_groups())}"
        if name not in method.contributing_groups():
            return f"tie-break key '{key}': that group assesses no scored criterion; expected a group " \
                   "that contributes to quality"
        return None
    if kind == "criterion":
        if method.scored_by_id(name) is None:
            options = ", ".join("criterion:" + c.id for c in method.scored)
            return f"tie-break key '{key}' does not name a scored criterion; expected one of: {options}"
        return None
    return f"unknown tie-break key '{key}'; expected quality, price, group:<id> or criterion:<id>"


# ---------------------------------------------------------------- scores


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
    bids = {b.id for b in round_.bids}
    values = ValueCheck(method.scale)
    require = round_.round.require_reasons
    unreasoned: Counter[str] = Counter()
    memberships = Counter(e for g in round_.groups.values() for e in g.members)
    # each group's criteria where a number needs only its scale checked: scored, and assessed by the group
    scored_plain: dict[str, set[str]] = {}
    for c in method.scored:
        if _assessing_groups(method, c.id) and method.criterion(c.id) is c:
            for gid in c.groups:
                if method.assesses(gid, c.id):
                    scored_plain.setdefault(gid, set()).add(c.id)
    on_scale = values.cache if values.usable else None  # a value found on the scale maps to True
    for eid, by_bid in round_.scores.items():
        gid = method.group_of.get(eid)
        if memberships[eid] > 1:
            continue  # reported by check_ids; its group is ambiguous
        if gid is None:
            found.error(("scores", eid), f"scores from unknown evaluator '{eid}'; expected a member of a group"
                        f"{_suggest(eid, method.group_of)}", "unknown-evaluator", key=True)
            continue
        plain_criteria = scored_plain.get(gid, ())
        for bid, cells in by_bid.items():
            if bid not in bids:
                found.error(("scores", eid, bid), f"score for unknown bid '{bid}'; expected one of: "
                            f"{_listed(bids)}", "unknown-bid", key=True)
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
                            found.error(loc, "score without a reason; expected a reason (round.require_reasons "
                                        "is true)", "no-reason", key=True)
                        else:
                            unreasoned[eid] += 1
                    continue
                criterion = method.criterion(cid)
                if criterion is None:
                    found.error(loc, f"score for unknown criterion '{cid}'{_suggest(cid, method._by_id)}; "
                                "expected a scored or pass-fail criterion id", "unknown-criterion", key=True)
                    continue
                if isinstance(criterion, Price):
                    found.error(loc, f"'{cid}' is the price criterion, which is computed from bid prices; "
                                "expected no scores for it", "price-scored", key=True)
                    continue
                if not _assessing_groups(method, cid):
                    continue  # the criterion's empty assessed_by is reported already
                if not method.assesses(gid, cid):
                    found.error(loc, f"evaluator '{eid}' ({gid}) scores '{cid}', which {gid} does not assess; "
                                "expected scores only for criteria their group assesses", "not-assessed", key=True)
                    continue
                if conflicted:
                    found.error(loc, f"evaluator '{eid}' declared a conflict with bid '{bid}' but scored it; "
                                "expected no score from a conflicted member", "conflicted", key=True)
                    continue
                spec = criterion.spec if isinstance(criterion, ScoredCriterion) else criterion
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
                if not entry.reason:
                    if require:
                        found.error(loc, "score without a reason; expected a reason (round.require_reasons "
                                    "is true)", "no-reason", key=True)
                    elif entry.score == ABSENT:
                        found.warning(loc, "'absent' without a reason; expected the reason the cell was "
                                      "not assessed", "absent-reason", key=True)
                    else:
                        unreasoned[eid] += 1
    for eid, count in sorted(unreasoned.items()):
        found.warning(("scores", eid), f"evaluator '{eid}' gave {count} score{'s' if count != 1 else ''} "
                      "without a reason; bidders are owed the reasons behind their scores", "no-reason", key=True)


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
                            f"{_listed(bids)}", "unknown-bid", key=True)
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


# ---------------------------------------------------------------- seal


def check_seal(round_: Round, found: Findings) -> None:
    seal = round_.seal
    if seal is None:
        return
    changes = seal_changes(round_)
    if changes == []:
        if seal.method_text and sealed_form(seal) is None:
            found.error(("seal", "method_text"), "the seal's copy of the method does not match its digest "
                        "(seal.method_text was edited); expected the copy udc wrote when sealing "
                        "(run 'udc seal --reseal' to write it again)", "seal")
        return
    what = changes_text(changes) if changes is not None else unnamed_reason(seal)
    found.error(("seal", "method"), f"the assessment method changed after it was sealed on "
                f"{seal.sealed.isoformat()}: {what}; expected the method as sealed (if the change is "
                "deliberate, run 'udc seal --reseal')", "seal")


# ---------------------------------------------------------------- helpers


def _assessing_groups(method: Method, cid: str) -> tuple[str, ...]:
    scored = method.scored_by_id(cid)
    if scored is not None:
        return scored.groups
    return method.pass_fail_groups.get(cid, ())


def _suggest(word: str, options) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _listed(ids) -> str:
    return ", ".join(sorted(ids)) if ids else "(there are none)"
