"""``udc init``'s groups and criteria: from flags (``--group``, ``--member``, ``--criterion``, ``--price``)
or, on a terminal, asked one by one."""

from __future__ import annotations

from decimal import Decimal

import typer

from udc.cli.init import CRITERION_ID, SLUG, Asker, nonblank, number, slug
from udc.core.diagnostics import UsageError
from udc.workflow.scaffold import CriterionDraft, Draft, GroupDraft


def split_spec(spec: str, parts: int, shape: str, flag: str) -> list[str]:
    """``spec`` cut at its first ``parts - 1`` colons (the last part, a name or title, may hold colons)."""
    pieces = [p.strip() for p in spec.split(":", parts - 1)]
    if len(pieces) != parts or not pieces[-1]:
        raise UsageError(f"udc: {flag} '{spec}' is not {shape}")
    return pieces


def groups_from(group_flags: list[str], member_flags: list[str], lived: list[str], template: list[GroupDraft],
                ask: Asker) -> list[GroupDraft]:
    if group_flags:
        groups = [_group_flag(spec) for spec in group_flags]
    elif member_flags or lived:
        groups = template
    else:
        groups = _ask_groups(ask)
    by_id = {g.id: g for g in groups}
    for gid in lived:
        if gid not in by_id:
            raise UsageError(f"udc: --lived-experience '{gid}': no such group; expected one of: {', '.join(by_id)}")
        by_id[gid].lived_experience = True
    given: dict[str, list[tuple[str, str]]] = {}
    for spec in member_flags:
        gid, eid, name = split_spec(spec, 3, "GROUP:ID:NAME, e.g. lived-experience:le-1:Member A", "--member")
        if gid not in by_id:
            raise UsageError(f"udc: --member '{spec}': no group '{gid}'; expected one of: {', '.join(by_id)}")
        given.setdefault(gid, []).append((_slug(eid, "--member"), name))
    for g in groups:
        if g.id in given:
            g.members, g.declared = given[g.id], {}
        elif not g.members:
            g.members = [(f"{g.id}-1", f"Member 1 of {g.name}")]
    seen: set[str] = set()
    for g in groups:
        for eid, _ in g.members:
            if eid in seen:
                raise UsageError(f"udc: evaluator '{eid}' is in two groups; expected each evaluator in one group")
            seen.add(eid)
    if len(by_id) != len(groups):
        raise UsageError("udc: two groups have the same id; expected each group once")
    return groups


def _slug(text: str, flag: str) -> str:
    try:
        return slug(text)
    except ValueError as exc:
        raise UsageError(f"udc: {flag}: {exc}") from None


def _group_flag(spec: str) -> GroupDraft:
    gid, stake, name = split_spec(spec, 3, "ID:STAKE:NAME, e.g. lived-experience:20:Lived Experience Team",
                                  "--group")
    return GroupDraft(_slug(gid, "--group"), name, _stake(stake, spec), [])


def _stake(text: str, spec: str) -> Decimal | None:
    if text in ("", "-"):
        return None
    try:
        value = number(text)
    except ValueError as exc:
        raise UsageError(f"udc: --group '{spec}': {exc}") from None
    if not 0 < value <= 100:
        raise UsageError(f"udc: --group '{spec}': a stake is a percent above 0 and at most 100, or - for none")
    return value


def _ask_groups(ask: Asker) -> list[GroupDraft]:
    groups: list[GroupDraft] = []
    typer.echo("Groups: give an id for each (e.g. commissioners, lived-experience); a blank id ends the list.")
    while True:
        gid = typer.prompt("Group id", default="", show_default=False,
                           value_proc=lambda t: t if t == "" or SLUG.fullmatch(t) else _bad("an id such as "
                                                                                           "lived-experience"))
        if not gid:
            if groups:
                return groups
            typer.echo("A round needs at least one group.")
            continue
        name = typer.prompt("  Name", default=gid)
        stake = typer.prompt("  Stake promised, in percent (blank for none)", default="", show_default=False,
                             value_proc=lambda t: None if t == "" else _percent(t))
        lived = typer.confirm("  Do its members take part from lived experience of the service?", default=False)
        members = typer.prompt("  Members: id=name, separated by commas (e.g. le-1=Member A, le-2=Member B)",
                               value_proc=_members)
        groups.append(GroupDraft(gid, name, stake, members, lived_experience=lived))


def _bad(what: str):
    raise typer.BadParameter(f"expected {what}")


def _percent(text: str) -> Decimal:
    try:
        value = number(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value if 0 < value <= 100 else _bad("a percent above 0 and at most 100")


def _members(text: str) -> list[tuple[str, str]]:
    found = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        eid, _, name = part.partition("=")
        if not SLUG.fullmatch(eid.strip()):
            _bad(f"an evaluator id such as le-1, not '{eid.strip()}'")
        found.append((eid.strip(), name.strip() or eid.strip()))
    return found or _bad("at least one member")


def criteria_from(flags: list[str], price: str | None, draft: Draft, ask: Asker) -> list[CriterionDraft]:
    """The template's pass/fail checks, the scored criteria given, and the price criterion."""
    groups = [g.id for g in draft.groups]
    keep = [c for c in draft.criteria if c.kind == "pass-fail"]
    template_price = next((c for c in draft.criteria if c.kind == "price"), None)
    if flags:
        scored = [_criterion_flag(spec, groups) for spec in flags]
    elif price is not None:
        scored = draft.scored
    else:
        scored = _ask_criteria(groups)
    quality = sum((c.weight for c in scored if c.weight is not None), Decimal(0))  # scored criteria have weights
    rest = 100 - quality
    if price is None and ask.interactive:
        price = typer.prompt("Weight of price (0 for no price criterion)", default=str(rest))
    weight = number(price) if price is not None else rest
    if quality + weight != 100:
        raise UsageError(f"udc: the weights add up to {quality + weight} (criteria {quality}, price {weight}); "
                         "expected 100")
    priced = [CriterionDraft(template_price.id if template_price else "price",
                             template_price.title if template_price else "Price", weight, "price",
                             method=template_price.method if template_price else "lowest")] if weight > 0 else []
    return keep + scored + priced


def _criterion_flag(spec: str, groups: list[str]) -> CriterionDraft:
    cid, weight, assessing, title = split_spec(spec, 4, "ID:WEIGHT:GROUPS:TITLE, e.g. Q1:25:all:Co-production",
                                               "--criterion")
    if not CRITERION_ID.fullmatch(cid):
        raise UsageError(f"udc: --criterion '{spec}': '{cid}' is not a criterion id; expected e.g. Q1")
    try:
        value = number(weight)
    except ValueError as exc:
        raise UsageError(f"udc: --criterion '{spec}': {exc}") from None
    if value <= 0:
        raise UsageError(f"udc: --criterion '{spec}': a weight is above zero")
    by = None if assessing in ("", "all") else [g.strip() for g in assessing.split(",")]
    unknown = [g for g in by or [] if g not in groups]
    if unknown:
        raise UsageError(f"udc: --criterion '{spec}': no group '{unknown[0]}'; expected all or some of: "
                         f"{', '.join(groups)}")
    return CriterionDraft(cid, title, value, "scored", by)


def _ask_criteria(groups: list[str]) -> list[CriterionDraft]:
    found: list[CriterionDraft] = []
    typer.echo("Scored criteria (ITT questions, interview items); a blank id ends the list.")
    while True:
        cid = typer.prompt("Criterion id", default="", show_default=False,
                           value_proc=lambda t: t if t == "" or CRITERION_ID.fullmatch(t) else _bad("an id such as Q1"))
        if not cid:
            if found:
                return found
            typer.echo("A round needs at least one scored criterion.")
            continue
        title = typer.prompt("  Title", value_proc=lambda t: nonblank(t) if t.strip() else _bad("a title"))
        weight = typer.prompt("  Weight, in percent of the whole decision", value_proc=_percent)
        by = typer.prompt(f"  Assessed by (all, or some of: {', '.join(groups)})", default="all",
                          value_proc=lambda t: _assessing(t, groups))
        found.append(CriterionDraft(cid, title, weight, "scored", by))


def _assessing(text: str, groups: list[str]) -> list[str] | None:
    if text.strip() in ("", "all"):
        return None
    chosen = [g.strip() for g in text.replace(" ", ",").split(",") if g.strip()]
    unknown = [g for g in chosen if g not in groups]
    return _bad(f"group ids among: {', '.join(groups)}") if unknown or not chosen else chosen
