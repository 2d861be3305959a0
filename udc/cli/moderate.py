"""``udc moderate ROUND``: the agenda for the meeting, agreement figures, the log, and recording outcomes.

Without an action it prints the agenda. ``--stats`` prints agreement figures,
``--log`` the moderation record. ``--record`` writes a group's agreed score,
``--revise`` changes an individual score (keeping the old one as ``was``);
both need a reason and edit the file only through :mod:`udc.edit`, after
checking that the edited round breaks no rule it did not already break.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, chosen_format, commit_edit, emit, say

NO_REASON = "no-reason"  # rule code of a missing reason: an agenda item, not a reason to stop


class ModerateFormat(str, Enum):
    table = "table"
    plain = "plain"
    markdown = "markdown"
    json = "json"


# ---------------------------------------------------------------- reading


def read_round(path: Path):
    """The round at ``path``, checked; missing reasons do not stop the command: they are on the agenda."""
    return checked_round(path, tolerate=(NO_REASON,), outcome="nothing to moderate")


def usage(message: str) -> Exception:
    from udc.core.diagnostics import UsageError

    return UsageError(f"udc moderate: error: {message}")


def fits(method, criterion: str, value: str) -> None:
    """Refuse (exit 2) a score for the price criterion, or a number for a pass-fail one, in words."""
    from udc.core.model import PassFail, Price

    spec = method.criterion(criterion)
    others = ", ".join(c.id for c in method.round.criteria if not isinstance(c, Price))
    if isinstance(spec, Price):
        raise usage(f"{criterion} is the price criterion: it is scored from each bid's price, not by the panel, "
                    f"so it takes no score; expected a scored or pass-fail criterion ({others}); nothing was written")
    if isinstance(spec, PassFail) and value.strip().lower() not in ("pass", "fail", "absent"):
        raise usage(f"{criterion} is a pass-fail criterion: record pass or fail, not '{value}'; nothing was written")


def known(kind: str, value: str, options) -> None:
    options = list(options)
    if value not in options:
        raise usage(f"unknown {kind} '{value}'; expected one of: {', '.join(options)}")


# ---------------------------------------------------------------- the command


def moderate(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    group: str | None = typer.Option(None, "--group", "-g", help="Only items concerning this group."),
    bid: str | None = typer.Option(None, "--bid", "-b", help="Only items concerning this bid."),
    format: ModerateFormat | None = typer.Option(None, "--format", "-f",
                                                 help="table (default), plain, markdown or json."),
    plain: bool = typer.Option(False, "--plain", help="Same as --format plain: short sentences, no symbols, "
                                                      "plain-language descriptors for every group."),
    stats: bool = typer.Option(False, "--stats", help="Agreement figures: alpha per group and criterion, each "
                                                      "evaluator's deviation, agreement between groups."),
    log: bool = typer.Option(False, "--log", help="The moderation record: every changed and agreed score."),
    power: bool = typer.Option(False, "--power", help="Whose view moderation followed: each changed figure, "
                                                      "towards or away from the other groups' figures."),
    record: tuple[str, str, str, str] | None = typer.Option(
        None, "--record", metavar="GROUP BID CRITERION SCORE", help="Record a group's agreed score (needs --reason)."),
    revise: tuple[str, str, str, str] | None = typer.Option(
        None, "--revise", metavar="EVALUATOR BID CRITERION SCORE",
        help="Change an evaluator's score, keeping the old one as 'was' (needs --why)."),
    reason: str | None = typer.Option(None, "--reason", help="Why the group agreed the score (--record); the new "
                                                             "score's reason (--revise)."),
    why: str | None = typer.Option(None, "--why", help="Why the evaluator changed their score (--revise)."),
    replace: bool = typer.Option(False, "--replace", help="With --record: replace a different agreed score."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
) -> None:
    """Prepare and record moderation: the agenda (default), --stats, --log, --record, --revise."""
    if record and revise:
        raise usage("give --record or --revise, not both")
    if (record or revise) and (stats or log or power or output):
        raise usage("--record and --revise edit the round; run --stats, --log or -o separately")
    if record:
        record_outcome(round_file, record, reason, why, replace)
        return
    if revise:
        revise_score(round_file, revise, reason, why)
        return
    if reason is not None or why is not None or replace:
        raise usage("--reason, --why and --replace go with --record or --revise")
    fmt = chosen_format(ModerateFormat, format, plain)
    checked = read_round(round_file)
    from udc.core.engine import score

    result = score(checked.method)
    if group is not None:
        known("group", group, checked.method.round.groups)
    if bid is not None:
        known("bid", bid, [b.id for b in checked.method.round.bids])
    parts = []
    if stats:
        parts.append(stats_output(result, group, fmt, to_file=output is not None))
    if log:
        parts.append(log_output(checked, result, group, bid, fmt, to_file=output is not None))
    if power:
        from udc.analysis.power import power as whose_view
        from udc.views.power import render as power_view

        parts.append(power_view(result, whose_view(result, group), checked.loaded.fingerprint,
                                fmt.value, fmt is ModerateFormat.plain))
    if not parts:
        parts.append(agenda_output(checked, result, group, bid, fmt, to_file=output is not None))
    emit("\n".join(parts), output)


def register(app: typer.Typer) -> None:
    app.command("moderate")(moderate)


# ---------------------------------------------------------------- outputs


def agenda_output(checked, result, group, bid, fmt: ModerateFormat, to_file: bool) -> str:
    """The agenda in ``fmt``; every member of :class:`ModerateFormat` is handled here."""
    from udc.analysis.agenda import agenda
    from udc.views import moderate_agenda as view

    items = agenda(result, group=group, bid=bid)
    if fmt is ModerateFormat.json:
        return view.agenda_json(result, items, checked.loaded.fingerprint)
    if fmt is ModerateFormat.markdown:
        return view.agenda_markdown(result, items)
    if fmt is ModerateFormat.plain:
        return view.agenda_plain(result, items)
    if fmt is ModerateFormat.table:
        from udc.views.console import rich_text

        return rich_text(lambda console: view.agenda_rich(console, result, items), to_file)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum test covers every member


def stats_output(result, group, fmt: ModerateFormat, to_file: bool) -> str:
    """The agreement figures in ``fmt``; every member of :class:`ModerateFormat` is handled here."""
    from udc.analysis.moderation_stats import stats
    from udc.views import moderate_agreement as view

    figures = stats(result, group=group)
    if fmt is ModerateFormat.json:
        return view.stats_json(result, figures)
    if fmt is ModerateFormat.markdown:
        return view.stats_markdown(result, figures)
    if fmt is ModerateFormat.plain:
        return view.stats_plain(result, figures)
    if fmt is ModerateFormat.table:
        from udc.views.console import rich_text

        return rich_text(lambda console: view.stats_rich(console, result, figures), to_file)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum test covers every member


def log_output(checked, result, group, bid, fmt: ModerateFormat, to_file: bool) -> str:
    """The moderation log in ``fmt``; every member of :class:`ModerateFormat` is handled here."""
    from udc.analysis.moderation_log import moderation_log
    from udc.views import moderate_log as view

    records = moderation_log(result, group=group, bid=bid)
    fingerprint = checked.loaded.fingerprint
    if fmt is ModerateFormat.json:
        return view.log_json(result, records, fingerprint)
    if fmt is ModerateFormat.markdown:
        return view.log_markdown(result, records, fingerprint)
    if fmt is ModerateFormat.plain:
        return view.log_plain(result, records, fingerprint)
    if fmt is ModerateFormat.table:
        from udc.views.console import rich_text

        return rich_text(lambda console: view.log_rich(console, result, records, fingerprint), to_file)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum test covers every member


# ---------------------------------------------------------------- recording


def record_outcome(path: Path, cell: tuple[str, str, str, str], reason: str | None, why: str | None,
                   replace: bool) -> None:
    group, bid, criterion, value = cell
    if why is not None:
        raise usage("--why goes with --revise; give the group's reason with --reason")
    if not (reason or "").strip():
        raise usage("--record needs --reason TEXT: the reason the group agreed this score "
                    "(moderation notes must explain how scores moved)")
    checked = read_round(path)
    method = checked.method
    known("group", group, method.round.groups)
    known("bid", bid, [b.id for b in method.round.bids])
    known("criterion", criterion, [c.id for c in method.round.criteria])
    fits(method, criterion, value)
    said = (reason or "").strip()
    change = apply_edit(checked, path, lambda edit: edit.set_moderation(group, bid, criterion, value, said,
                                                                       replace=replace),
                        touching={"moderation": {group}})
    name = method.round.groups[group].name
    if change:
        done = {"added": f"recorded the {name}'s agreed score {value} for {bid} {criterion}",
                "replaced": f"replaced the {name}'s agreed score for {bid} {criterion} with {value}; the earlier "
                            "one and its reason are only in the backup",
                "updated": f"added the reason to the {name}'s agreed score {value} for {bid} {criterion}"}[change[0]]
        say(f"udc: {done}")
        _, before, after, backup = change
        report_effect(before, after, bid, path, backup)


def revise_score(path: Path, cell: tuple[str, str, str, str], reason: str | None, why: str | None) -> None:
    evaluator, bid, criterion, value = cell
    if not (why or "").strip():
        raise usage("--revise needs --why TEXT: why the evaluator changed their score "
                    "(it is kept with the old score as the record of the change)")
    checked = read_round(path)
    method = checked.method
    known("evaluator", evaluator, method.group_of)
    known("bid", bid, [b.id for b in method.round.bids])
    known("criterion", criterion, [c.id for c in method.round.criteria])
    fits(method, criterion, value)

    def apply(edit):
        old = edit.score(evaluator, bid, criterion)
        if old is None:
            from udc.core.diagnostics import EditRefused

            raise EditRefused(f"udc moderate: error: {evaluator} has no score for {bid} {criterion} to revise; "
                              "scores are first given on score sheets ('udc collect') or in the file")
        return edit.set_score(evaluator, bid, criterion, value, reason=(reason or "").strip() or None,
                              replace_why=(why or "").strip())

    change = apply_edit(checked, path, apply, touching={"scores": {evaluator}})
    if change:
        done = {"replaced": f"revised {evaluator}'s score for {bid} {criterion} to {value}; the old score is kept "
                            "as 'was'",
                "updated": f"added the reason to {evaluator}'s score {value} for {bid} {criterion}",
                "added": f"recorded {evaluator}'s score {value} for {bid} {criterion}"}[change[0]]
        say(f"udc: {done}")
        _, before, after, backup = change
        report_effect(before, after, bid, path, backup)


def apply_edit(checked, path: Path, apply, touching):
    """Make an edit, re-check the edited text, and save it; exits without writing on any problem.

    Returns ``(outcome, result before, result after, backup path)``, or None when nothing changed.
    """
    from udc.core.engine import score

    def hint(found):
        if any(d.code == NO_REASON for d in found):
            return "udc: this round requires a reason for every score: give the new score's reason with --reason"
        return None

    done = commit_edit(path, checked, apply, hint, touching)
    if done.after is None:
        say("udc: the round already holds this; nothing was written")
        return None
    return done.outcome, score(checked.method), score(done.after.method), done.backup


def report_effect(before, after, bid: str, path: Path, backup: Path | None) -> None:
    """How the bid's total and the winner moved, and where the file was written."""
    old, new = before.bid(bid), after.bid(bid)
    say(f"udc: {old.bid.bidder} total {before.publish(old.total)} -> {after.publish(new.total)}"
        + (f"; status {old.status} -> {new.status}" if old.status != new.status else ""))
    winners = lambda r: [b.bid.bidder for b in r.ranking if b.rank == 1]  # noqa: E731
    if winners(before) != winners(after):
        say(f"udc: the winner changes: {', '.join(winners(before)) or 'none'} -> {', '.join(winners(after)) or 'none'}")
    else:
        say(f"udc: the winner is unchanged: {', '.join(winners(after)) or 'none yet'}")
    say(f"udc: wrote {path}" + (f" (the previous version is in {backup})" if backup else ""))
