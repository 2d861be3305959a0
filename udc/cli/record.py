"""``udc record ROUND -o DIR``: the decision record, the standstill end date and the disclosure pack."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, warn_summary
from udc.core.diagnostics import RuleViolation, UsageError


class RecordFormat(str, Enum):
    html = "html"
    markdown = "markdown"


def record(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="DIR", help="Folder to write into."),
    format: RecordFormat = typer.Option(RecordFormat.html, "--format", "-f", help="html or markdown."),
    standstill: bool = typer.Option(False, "--standstill", help="Print only the date the standstill period ends."),
    disclose: str | None = typer.Option(None, "--disclose", metavar="BID",
                                        help="Write the pack owed to BID during standstill instead of the record."),
    names: bool = typer.Option(False, "--names", help="With --disclose: name evaluators (default: by role)."),
) -> None:
    """Write the decision record (method, process, conflicts, award, moderation log, standstill) or a --disclose pack.

    The record also gives the method's seal and the ranking. The standstill is 8 working days from the day after
    award.notice, counting round.nation's bank holidays; --standstill prints its end date alone (YYYY-MM-DD).
    --disclose BID writes the individual evaluators' scores and comments for BID and the awarded bid(s), and the
    agreed scores and reasons."""
    from udc.core.engine import score

    if names and disclose is None:
        raise UsageError("udc: --names goes with --disclose BID; expected --disclose too")
    if output is None and not standstill:
        raise UsageError("udc: no output folder; expected -o DIR (or --standstill to print the end date)")
    checked = checked_round(round_file, outcome="no record was written")
    round_ = checked.method.round
    if standstill:
        typer.echo(standstill_end(checked))
        return
    assert output is not None  # refused above unless --standstill, which has returned
    result = score(checked.method)
    stem, fmt = round_.round.id, format.value
    from udc.cli.summaries import write_all
    from udc.views.award_docs import document, file_name

    if disclose is not None:
        from udc.analysis.disclosure import disclosure

        ids = [b.id for b in result.bids if not b.bid.withdrawn]
        if disclose not in ids:
            raise UsageError(f"udc: --disclose {disclose}: no assessed bid with that id; expected one of: "
                             f"{', '.join(ids)}")
        data = disclosure(checked, result, disclose, names)
        write_all(output, {file_name(f"{stem}-disclosure-{disclose}", fmt): document("disclosure", fmt, d=data)})
    else:
        from udc.analysis.decision_record import decision_record

        data = decision_record(checked, result)
        write_all(output, {file_name(f"{stem}-decision-record", fmt): document("record", fmt, r=data)})
        if data["standstill"]:
            ends = data["standstill"]
            typer.echo(f"Standstill ends at the end of {ends['ends']} ({ends['ends_iso']}).")
    warn_summary(checked)


def standstill_end(checked) -> str:
    from udc.analysis.standstill import standstill

    award = checked.method.round.award
    if award is None or award.notice is None:
        where = ("award", "notice") if award is not None else ("award",)
        raise RuleViolation(checked.loaded.source.diagnostic(where, "no award notice date; expected 'award: notice: "
                                                             "<date>' (the standstill counts from it)",
                                                             code="no-notice", key=award is not None))
    return standstill(award.notice, checked.method.round.round.nation).ends.isoformat()


def register(app: typer.Typer) -> None:
    app.command("record")(record)
