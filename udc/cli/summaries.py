"""``udc summaries ROUND -o DIR``: one assessment summary per assessed bid, ready to send."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, collect_new_cycles, say, warn_summary
from udc.core.diagnostics import CannotWrite, RuleViolation, UsageError


class SummaryFormat(str, Enum):
    docx = "docx"
    html = "html"
    markdown = "markdown"


def summaries(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    output: Path = typer.Option(..., "--output", "-o", metavar="DIR", help="Folder to write the summaries into."),
    format: SummaryFormat = typer.Option(SummaryFormat.docx, "--format", "-f", help="docx (Word), html or markdown."),
    bid: str | None = typer.Option(None, "--bid", metavar="ID", help="Only this bid's summary."),
    draft: bool = typer.Option(False, "--draft", help="Write drafts even with gaps: every page says Draft."),
) -> None:
    """Write one assessment summary per assessed bid (Procurement Act 2023 s.50, Regulations 2024 reg 31).

    Each names no bid but its own and the awarded one(s) and shows no price but its own. Without --draft
    it refuses, listing every gap, when the round is incomplete, no award is recorded or a criterion has no
    explanation (feedback, else the group's agreed reason)."""
    from udc.analysis.award_summary import assessed, gaps
    from udc.analysis.award_summary import summaries as build
    from udc.core.engine import score

    checked = checked_round(round_file, outcome="no summary was written")
    result = score(checked.method)
    ids = [b.id for b in assessed(result)]
    if bid is not None and bid not in ids:
        raise UsageError(f"udc: --bid {bid}: no assessed bid with that id; expected one of: {', '.join(ids)}")
    if not draft:
        found = gaps(checked, result)
        if found:
            raise RuleViolation(found, f"udc: {round_file}: {len(found)} gap{'s' if len(found) != 1 else ''}; no "
                                       "summary was written (fill them, or write drafts with --draft)")
    data = build(checked, result, draft, bid)
    if format is SummaryFormat.docx:
        collect_new_cycles()  # each Word document is a web of objects that refer to each other
    files = {name: body for name, body in rendered(checked, data, format.value)}
    write_all(output, files)
    warn_summary(checked)


def rendered(checked, data: list[dict], fmt: str):
    """(file name, text or bytes) for every summary, all made before anything is written."""
    from udc.views.award_docs import document, file_name, shown

    stem = checked.method.round.round.id
    for s in data:
        name = file_name(f"{stem}-summary-{s['bid']['id']}" + ("-draft" if s["draft"] else ""), fmt)
        if fmt == "docx":
            from udc.views.summary_docx import render_docx

            yield name, render_docx(shown(s))
        else:
            yield name, document("summary", fmt, s=s)


def write_all(folder: Path, files: dict[str, str | bytes]) -> None:
    from udc.workflow.files import write_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, body in files.items():
            write_atomic(folder / name, body)
            say(f"udc: wrote {folder / name}")
    except OSError as exc:
        raise CannotWrite(f"{folder}: error: cannot write ({exc.strerror}); expected a writable folder") from None


def register(app: typer.Typer) -> None:
    app.command("summaries")(summaries)
