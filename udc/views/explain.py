"""`udc explain`: a group's own account of the round, in Easy Read.

:func:`build` gathers the figures for one group as whole numbers and names;
the wording lives once, in ``templates/_easyread.j2``. The text form
(``explain.txt.j2``) is the account itself; the HTML and Markdown forms lay out
the same sections (a heading, then one sentence a line), so the three never
differ in what they say.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

from udc.core.engine import Result
from udc.core.numbers import publish


def whole(value: Fraction | Decimal) -> int:
    """A figure as a whole number, half-up, exactly."""
    return int(publish(Fraction(value), 0))


def about(value: Fraction) -> dict:
    """How far something moved, for words: ``{"n": 3, "exact": False, "small": False}``."""
    size = abs(value)
    return {"n": whole(size), "exact": size.denominator == 1, "small": size < Fraction(1, 2), "up": value > 0}


def explained_groups(result: Result, group: str | None) -> list[str]:
    """The group named, or every group marked ``lived_experience`` (else every group that scores)."""
    groups = result.method.round.groups
    if group is not None:
        return [group]
    marked = [g for g in groups if getattr(groups[g], "lived_experience", False)]
    return marked or list(result.method.contributing_groups())


def build(checked, result: Result, group: str | None = None) -> dict:
    from udc.analysis.first_place import winner

    win = winner(result)
    return {
        "title": result.method.round.round.title,
        "round": result.method.round.round.id,
        "winner": win.bid.bidder if win else None,
        "tied": [b.bid.bidder for b in result.bids if b.rank == 1] if win is None else [],
        "complete": result.complete,
        "tool_line": checked.loaded.fingerprint if checked is not None else None,
        "teams": [team(result, g) for g in explained_groups(result, group)],
    }


def team(result: Result, group: str) -> dict:
    method = result.method
    spec = method.round.groups[group]
    mine = [c for c in method.scored if group in c.shares]
    return {
        "id": group,
        "name": spec.name,
        "promised": None if spec.stake is None else whole(Decimal(spec.stake)),
        "held": whole(method.effective_stake(group)),
        "held_exactly_promised": spec.stake is not None and method.effective_stake(group) == Fraction(spec.stake),
        "held_more": spec.stake is not None and method.effective_stake(group) > Fraction(spec.stake),
        "wrote": written(result, group),
        "scored": [{"id": c.id, "title": c.spec.title, "worth": whole(c.weight), "alone": set(c.shares) == {group},
                    "with": [method.round.groups[g].name for g in c.shares if g != group]} for c in mine],
        "result": outcome(result, group),
        "agreement": agreement(result, group),
        "meeting": meeting(result, group),
        "voice": voice(result, group),
    }


def written(result: Result, group: str) -> list[dict]:
    found = []
    for c in result.method.round.criteria:
        authors = getattr(c, "written_by", None) or []
        if group in authors:
            weight = getattr(c, "weight", None)
            found.append({"id": c.id, "title": c.title, "worth": None if weight is None else whole(Decimal(weight)),
                          "alone": list(authors) == [group]})
    return found


def outcome(result: Result, group: str) -> dict:
    """Whether the group's scores changed who won, the stake at which they would, and which scores did it."""
    from udc.analysis.influence import criterion_effects, group_influence

    gi = group_influence(result, group)
    first = lambda r: [b.bid.bidder for b in r.bids if b.rank == 1]  # noqa: E731
    bidders = {b.id: b.bid.bidder for b in result.bids}
    s = gi.stake
    below = above = None
    if s is not None and s.holds_from is not None and s.holds_to is not None:  # set together
        if s.below and s.holds_from > 0:
            below = {"n": math.floor(s.holds_from), "tiny": s.holds_from < 1,
                     "who": [bidders[b] for b in s.below]}
        if s.above and s.holds_to < s.high:
            above = {"n": math.ceil(s.holds_to), "who": [bidders[b] for b in s.above]}
    scored = {c.id: c for c in result.method.scored}
    effects = [{"id": e.criterion, "title": scored[e.criterion].spec.title,
                "decisive": e.decisive, "alone": e.alone, "first": first(e.without),
                "with": [result.method.round.groups[g].name for g in scored[e.criterion].shares
                         if g != group],
                "moves": [{"bidder": bidders[b], **about(v)} for b, v in e.moves.items()]}
               for e in criterion_effects(result, group)]
    return {"decisive": gi.decisive, "nothing_left": gi.nothing_left, "without_first": first(gi.without),
            "leads": s is not None and s.holds_from is not None, "below": below, "above": above,
            "criteria": effects}


def agreement(result: Result, group: str) -> list[dict]:
    """Per other group sharing criteria: the cell where the two agreed most and the one where they differed most."""
    method = result.method
    found = []
    for other in method.contributing_groups():
        if other == group:
            continue
        cells = []
        for c in method.scored:
            if group not in c.shares or other not in c.shares:
                continue
            for b in result.bids:
                cell = b.criteria[c.id].groups
                mine, theirs = cell[group].value, cell[other].value
                if isinstance(mine, Fraction) and isinstance(theirs, Fraction):
                    cells.append((abs(mine - theirs), c.id, b.bid.bidder, mine, theirs))
        if not cells:
            continue
        cells.sort(key=lambda x: (x[0], x[1], x[2]))
        pick = lambda x: {"criterion": x[1], "bidder": x[2], "apart": about(x[0]),  # noqa: E731
                          "mine": whole(x[3]), "theirs": whole(x[4]), "mine_higher": x[3] > x[4]}
        found.append({"name": method.round.groups[other].name, "closest": pick(cells[0]), "furthest": pick(cells[-1]),
                      "top": whole(method.scale.top), "same": cells[0][0] == cells[-1][0]})
    return found


def meeting(result: Result, group: str) -> dict:
    """What moderation did to the group's figures, and whose view the changes moved towards."""
    from udc.analysis.power import power

    found = power(result, group)
    mine = found.of(group)
    names = result.method.round.groups
    bidders = {b.id: b.bid.bidder for b in result.bids}
    changes = [{"bidder": bidders[s.bid], "criterion": s.criterion, "agreed": s.agreed,
                "move": about(s.after - s.before),
                "towards": [names[d.other].name for d in s.directions if d.direction == "towards"],
                "away": [names[d.other].name for d in s.directions if d.direction == "away"],
                "alone": not s.directions} for s in found.shifts if s.moved]
    towards = {names[g].name: n for g, n in mine.towards.items()} if mine else {}
    away = {names[g].name: n for g, n in mine.away.items()} if mine else {}
    return {"changes": changes, "towards": towards, "away": away,
            "average": about(mine.mean_size) if mine and mine.mean_size is not None else None}


def voice(result: Result, group: str) -> list[dict]:
    from udc.views.document import voice_rows

    top = result.method.scale.top
    items = []
    for row in voice_rows(result, group):
        became = [{"id": b["criterion"], "title": b["title"],
                   "worth": None if b["weight"] is None else whole(b["weight"]),
                   "scores": [{"bidder": s["bidder"], "score": None if s["score"] == "missing" else
                               about(Fraction(s["score"])), "top": whole(top)} for s in b["scores"]]}
                  for b in row["became"]]
        items.append({"said": sentences(row["said"]), "became": became,
                      "not_used": sentences(row["not_used"]) if row["not_used"] else []})
    return items


def sentences(text: str) -> list[str]:
    """Round text as short lines: split where a sentence or a clause (``;``) ends; the words are kept."""
    parts = [p.strip() for p in re.split(r"(?<=[.;!?])\s+", " ".join(text.split())) if p.strip()]
    out = []
    for p in parts:
        p = p[:-1] + "." if p.endswith(";") else p
        p = p if p.endswith((".", "!", "?")) else p + "."
        out.append(p[0].upper() + p[1:])
    return out


# ---------------------------------------------------------------- rendering


def render_text(data: dict) -> str:
    from udc.views.templating import render

    return render("explain.txt.j2", **data)


def sections(text: str) -> list[dict]:
    """The text form as sections: a heading (the first line after a blank line) and its lines."""
    found = []
    for block in text.strip("\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            found.append({"heading": lines[0], "lines": lines[1:]})
    return found


def render(data: dict, fmt: str) -> str:
    """``text``, ``markdown`` or ``html``: the same sections, laid out for each."""
    from udc.views.document import shown
    from udc.views.templating import render as render_template

    text = render_text(shown(data))
    if fmt == "text":
        return text
    parts = sections(text)
    name = "explain.md.j2" if fmt == "markdown" else "explain.html.j2"
    return render_template(name, title=parts[0]["heading"], intro=parts[0]["lines"], sections=parts[1:],
                           tool=data.get("tool", "udc"), fingerprint=data["tool_line"])
