"""The result as Markdown, for reports and assessment summaries.

Text from the round is literal (:func:`udc.core.text.markdown` escapes every
markup character and shows control characters); the audit trail sits in code
blocks fenced with more backticks than any run inside it, so a reason cannot
break out of its block.
"""

from __future__ import annotations

import re

from udc.core.seal import method_digest
from udc.core.text import markdown as md
from udc.core.text import visible
from udc.views.audit import trail
from udc.views.report import ordered, out_of
from udc.views.summary import DASH, close_calls, figure_cell, legend_lines, provisional_lines, unranked_lines

_BACKTICKS = re.compile("`+")


_BARE_PIPE = re.compile(r"(?<!\\)\|")


def _cell(value: object) -> str:
    return _BARE_PIPE.sub(r"\\|", str(value)).replace("\n", " ")


def table(header: list[str], rows: list[list[object]], right: set[int] = frozenset()) -> list[str]:
    """A Markdown table; cells are taken as Markdown (escape text from a round with ``md`` first)."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(_cell(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def fenced(lines: list[str], info: str = "text") -> list[str]:
    """``lines`` as a code block whose fence is longer than any run of backticks in them."""
    body = [visible(line, keep_lines=False) for line in lines]
    longest = max((len(run) for line in body for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *body, fence]


def render(checked, result, audit: bool = False) -> str:
    method = result.method
    round_ = method.round
    info, groups = round_.round, round_.groups
    out = [f"# {md(info.title)}", "", f"Round {md(info.id)}" +
           (f" · {md(info.authority)}" if info.authority else ""), ""]
    if not result.complete:
        out += ["> **Provisional: the round is incomplete.**", ">"]
        out += ["> " + md(line) for line in provisional_lines(result)] + [""]
    out += ["## Stakes", ""]
    out += table(["Group", "Declared %", "Effective %"],
                 [[f"{md(groups[g].name)} ({md(g)})", "none" if groups[g].stake is None else groups[g].stake,
                   result.publish(method.effective_stake(g))] for g in method.groups], right={1, 2})
    limits = out_of(result)
    contributing = method.contributing_groups()
    header = ["Rank", "Bid", f"Total (of {limits.total})", f"Quality (of {limits.quality})"]
    if limits.price is not None:
        header.append(f"Price score (of {limits.price})")
    header += [f"{md(groups[g].name)} (of {limits.groups[g]})" for g in contributing] + ["Status"]
    rows = []
    for r in ordered(result):
        rank = DASH if r.rank is None else f"{r.rank}{'=' if r.tie else ''}"
        row = [rank, f"{md(r.bidder)} ({md(r.id)})", figure_cell(r.total, r.partial), figure_cell(r.quality, r.partial)]
        if limits.price is not None:
            row.append(figure_cell(r.price_score))
        rows.append(row + [figure_cell(r.groups[g], r.partial) for g in contributing] + [r.status])
    out += ["", "## Ranking", ""] + table(header, rows, right=set(range(2, len(header) - 1))) + [""]
    for line in legend_lines(result, ordered(result)):
        out += [md(line), ""]
    notes = unranked_lines(result) + close_calls(result)
    out += [f"- {md(line)}" for line in notes] + ([""] if notes else [])
    out += [f"File `{checked.loaded.fingerprint}` · method `{method_digest(round_)}` · udc {md(_version())}", ""]
    if audit:
        out += ["## Audit trail", ""]
        for section in trail(result):
            out += [f"### {md(section.heading)}", ""] + fenced(section.lines) + [""]
    return "\n".join(out)


def _version() -> str:
    from udc import __version__

    return __version__
