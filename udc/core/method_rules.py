"""The rules of a round's set-up: its scale, ids, groups and members, criteria and weights,
bids' prices, groups' stakes and the tie-break keys. Part of :func:`udc.core.rules.check_rules`."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from udc.core.findings import Findings, listed
from udc.core.method import Method
from udc.core.model import PassFail, Points, Price, Round, Scored
from udc.core.numbers import exact_text, plain

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
                                f"conflict with unknown bid '{bid}'; expected one of: {listed(bids)}",
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
