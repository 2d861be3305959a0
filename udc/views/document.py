"""The data of `udc report`: one dict the HTML (and Markdown) templates lay out.

Every figure is published here (half-up, the round's decimals); templates only
arrange it. Text from the round stays text: the HTML templates autoescape it,
the Markdown ones pass it through ``md``.
"""

from __future__ import annotations

from fractions import Fraction

from udc.core.engine import MODERATED, Result

# Fills for the chart: each at least 3:1 against white (WCAG 1.4.11) and told apart by pattern too.
FILLS = ("#1f4e79", "#8a4b00", "#2e6b30", "#6b2e6b", "#7a2a2a", "#3d3d8a")
PATTERNS = ("solid", "stripes", "dots", "cross", "solid", "stripes")
PRICE_FILL = "#595959"


def report_data(checked, result: Result) -> dict:
    """Everything the report shows, published."""
    from udc.analysis.influence import analyse
    from udc.analysis.moderation_log import moderation_log
    from udc.analysis.power import power
    from udc.views import influence
    from udc.views import power as power_view
    from udc.views.audit import trail
    from udc.views.moderate_log import log_sections
    from udc.views.report import build
    from udc.views.summary import close_calls, provisional_lines

    data = build(checked, result)
    method = result.method
    info = influence.build(checked, analyse(result), None)
    data.update({
        "group_names": {g: method.round.groups[g].name for g in method.round.groups},
        "contributing": list(method.contributing_groups()),
        "has_price": method.price is not None,
        "ranking": ranking_rows(result),
        "chart": chart(result, info),
        "criteria": criteria_rows(result),
        "influence": info,
        "power": power_view.build(result, power(result)),
        "voice": voice_rows(result),
        "out": [{"bidder": b.bid.bidder, "id": b.id, "status": b.status, "reasons": list(b.reasons)}
                for b in result.bids if b.status in ("withdrawn", "disqualified")],
        "provisional": [] if result.complete else provisional_lines(result),
        "close_calls": close_calls(result),
        "log": [{"heading": s.heading, "lines": s.lines} for s in log_sections(result, moderation_log(result), True)],
        "audit": [{"heading": s.heading, "lines": s.lines} for s in trail(result)],
    })
    return data


def ranking_rows(result: Result) -> list[dict]:
    order = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, b.id))
    pub = result.publish
    return [{"id": b.id, "bidder": b.bid.bidder, "rank": b.rank, "tie": b.tie, "status": b.status,
             "total": pub(b.total), "quality": pub(b.quality),
             "price": pub(b.price.score) if b.price is not None else None,
             "groups": {g: pub(v) for g, v in b.contributions.items()}} for b in order]


def chart(result: Result, info: dict) -> dict:
    """A horizontal stacked bar per bid (100 points = the full width), as SVG geometry."""
    width, label, bar, gap = 440, 0, 26, 14
    groups = [g["id"] for g in info["groups"]]
    pub = result.publish
    parts = [{"key": g, "name": result.method.round.groups[g].name, "fill": FILLS[i % len(FILLS)],
              "pattern": f"p-{PATTERNS[i % len(PATTERNS)]}-{i}", "kind": PATTERNS[i % len(PATTERNS)]}
             for i, g in enumerate(groups)]
    if result.method.price is not None:
        parts.append({"key": "price", "name": "Price", "fill": PRICE_FILL, "pattern": "p-price", "kind": "dots"})
    rows = []
    for n, b in enumerate(sorted(result.ranking, key=lambda b: (b.rank, b.id))):
        x, segments = Fraction(label), []
        values = [b.contributions.get(g, Fraction(0)) for g in groups]
        if result.method.price is not None and b.price is not None:
            values.append(b.price.score)
        for part, value in zip(parts, values, strict=False):
            w = max(value, Fraction(0)) * width / 100
            segments.append({**part, "x": _px(x), "w": _px(w), "value": pub(value)})
            x += w
        rows.append({"bidder": b.bid.bidder, "y": n * (bar + gap) + 4, "h": bar, "end": _px(x), "total": pub(b.total),
                     "segments": segments})
    return {"width": width, "height": len(rows) * (bar + gap) + 4, "parts": parts, "rows": rows}


def _px(value: Fraction) -> str:
    return format(float(value), ".2f")


def criteria_rows(result: Result) -> list[dict]:
    """Per criterion (file order), per bid: each group's figure, the criterion score and the weighted score."""
    pub = result.publish
    found = []
    for c in result.method.scored:
        rows = []
        for b in result.bids:
            crit = b.criteria[c.id]
            rows.append({"bidder": b.bid.bidder,
                         "groups": {g: _figure(pub, cell.value) for g, cell in crit.groups.items()},
                         "moderated": sorted(g for g, cell in crit.groups.items() if cell.how == MODERATED),
                         "score": _figure(pub, crit.score), "weighted": _figure(pub, crit.weighted)})
        found.append({"criterion": c.id, "title": c.spec.title, "weight": pub(c.weight), "rows": rows})
    return found


def _figure(pub, value) -> str:
    if isinstance(value, Fraction):
        return str(pub(value))
    return "missing" if value is None else str(value)


def voice_rows(result: Result, group: str | None = None) -> list[dict]:
    """Every ``voice`` item (or one group's), with what it became, that criterion's weight and how the
    bids scored on it, or why it was not used; items with nothing recorded say so."""
    round_ = result.method.round
    pub = result.publish
    rows = []
    for item in getattr(round_, "voice", None) or []:
        if group is not None and item.group != group:
            continue
        became = []
        for cid in item.became or []:
            c = result.method.scored_by_id(cid)
            spec = c.spec if c is not None else result.method.criterion(cid)
            scores = [{"bidder": b.bid.bidder, "id": b.id, "score": _figure(pub, b.criteria[cid].score)}
                      for b in result.bids if c is not None and not b.bid.withdrawn]
            became.append({"criterion": cid, "title": spec.title if spec is not None else cid,
                           "weight": pub(c.weight) if c is not None else None, "scores": scores})
        rows.append({"id": item.id, "group": item.group, "group_name": round_.groups[item.group].name,
                     "said": item.said, "date": item.date.isoformat() if item.date else None, "became": became,
                     "not_used": item.not_used,
                     "outcome": "became" if became else "not used" if item.not_used else "nothing recorded"})
    return rows


def render_report(checked, result: Result, fmt: str = "html") -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no script, nothing from the network),
    or as Markdown (the same sections and words, through ``templates/_words.j2``)."""
    from udc.views.templating import render

    return render("report.md.j2" if fmt == "markdown" else "report.html.j2", **shown(report_data(checked, result)))


def shown(value):
    """``value`` with every string passed through :func:`udc.core.text.visible` (control characters and
    bidirectional overrides from the round shown as escapes), for documents; numbers stay as they are."""
    from udc.core.text import visible

    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    return value
