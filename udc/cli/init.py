"""``udc init [FILE]``: a new round from a template, with the stakes promise made to hold.

On a terminal it asks for what it needs; otherwise (a script, CI) it takes flags
and the template's values. The round it writes passes ``udc check``: it is
checked before it is written, and written atomically, never over an existing
file unless ``--force``.
"""

from __future__ import annotations

import re
import shlex
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import typer

from udc.cli.common import say
from udc.core.diagnostics import CannotWrite, RuleViolation, UnreadableInput, UsageError, errors

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
CRITERION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def init(
    file: Path | None = typer.Argument(None, metavar="FILE", help="The round file to write (default: ROUND_ID.yaml)."),
    template: str | None = typer.Option(None, "--template", "-t", metavar="NAME",
                                        help="A template from rounds/: joint-scoring (the default) or "
                                             "owned-questions-interview."),
    round_id: str | None = typer.Option(None, "--id", metavar="ID", help="The round's id, e.g. cyp-mh-2027."),
    title: str | None = typer.Option(None, "--title", metavar="TEXT", help="The round's title."),
    authority: str | None = typer.Option(None, "--authority", metavar="TEXT", help="The commissioning body."),
    group: list[str] = typer.Option([], "--group", metavar="ID:STAKE:NAME",
                                    help="A group (repeat for each); STAKE in percent, or - for none."),
    member: list[str] = typer.Option([], "--member", metavar="GROUP:ID:NAME", help="A member of a group (repeat)."),
    lived: list[str] = typer.Option([], "--lived-experience", metavar="GROUP",
                                    help="A group whose members take part from lived experience (repeat)."),
    criterion: list[str] = typer.Option([], "--criterion", metavar="ID:WEIGHT:GROUPS:TITLE",
                                        help="A scored criterion (repeat); GROUPS: all, or ids joined by commas."),
    price: str | None = typer.Option(None, "--price", metavar="WEIGHT",
                                     help="The price criterion's weight (0: no price criterion)."),
    schema: str | None = typer.Option(None, "--schema", metavar="PATH_OR_URL",
                                      help="The JSON Schema for editors (default: the nearest udc.schema.json)."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    no_input: bool = typer.Option(False, "--no-input", help="Ask nothing, even on a terminal."),
) -> None:
    """Start a new round from a template; on a terminal, asks for the round, groups and criteria."""
    from udc.core.pipeline import check_path, check_text
    from udc.workflow.files import write_atomic
    from udc.workflow.scaffold import DEFAULT_TEMPLATE, from_template, schema_ref, templates, text, tidy

    found = templates()
    template = template or DEFAULT_TEMPLATE
    if template not in found:
        raise UsageError(f"udc: no template '{template}'; expected one of: {', '.join(found) or 'none installed'}")
    if file is not None:
        refuse_overwrite(file, force)
    ask = Asker(sys.stdin.isatty() and not no_input)
    template_round = check_path(found[template]).round
    if template_round is None:
        raise UnreadableInput(f"udc: the template '{template}' is not a round udc can read; "
                              "expected a template that 'udc check' accepts")
    draft = from_template(template_round)
    stem = re.sub(r"[^a-z0-9_-]+", "-", re.sub(r"\.udc$", "", file.stem).lower()).strip("-_") if file else ""
    draft.id = ask.value("Round id", round_id, stem if SLUG.fullmatch(stem or "-") else draft.id, slug)
    draft.title = ask.value("Title", title, re.sub(r"\s*\(template[^)]*\)", "", draft.title), nonblank)
    draft.authority = ask.value("Commissioning body (blank for none)", authority, draft.authority or "", str) or None
    target = file or Path(f"{draft.id}.yaml")
    refuse_overwrite(target, force)
    if group or member or lived or ask.change("groups", [f"{g.id} ({g.name}, stake {_stake(g.stake)}, "
                                               f"{len(g.members)} members)" for g in draft.groups]):
        from udc.cli.init_answers import groups_from

        draft.groups = groups_from(group, member, lived, draft.groups, ask)
    if criterion or price is not None or ask.change("criteria", [f"{c.id} {c.title} ({c.kind}"
                                                                 + (f", weight {c.weight})" if c.weight else ")")
                                                                 for c in draft.criteria]):
        from udc.cli.init_answers import criteria_from

        draft.criteria = criteria_from(criterion, price, draft, ask)
    tidy(draft)
    keep_the_promise(draft, ask)
    ref, new_schema = schema_ref(target, schema)
    body = text(draft, [f"yaml-language-server: $schema={ref}", "",
                        f"Made by 'udc init' from the template {template}. "
                        f"Check it with: udc check {shlex.quote(str(target))}"])
    problems = errors(check_text(body, str(target)).diagnostics)
    if problems:
        raise RuleViolation(problems, "udc: the new round would not pass udc check; nothing was written")
    try:
        if new_schema is not None:
            from udc.cli.schema import schema_text

            write_atomic(new_schema, schema_text())
            say(f"udc: wrote {new_schema} (the schema editors use for completion; see docs/editors.md)")
        write_atomic(target, body)
    except OSError as exc:
        raise CannotWrite(f"{target}: error: cannot write ({exc.strerror}); nothing was written") from None
    shown = shlex.quote(str(target))
    say(f"udc: wrote {target}; next: add the bids, then 'udc check {shown}' and 'udc seal {shown}'")


def refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise CannotWrite(f"{path}: error: the file exists; expected a new file name, or --force to replace it")


def _stake(stake) -> str:
    return "none" if stake is None else f"{stake}%"


def slug(text: str) -> str:
    if not SLUG.fullmatch(text):
        raise ValueError(f"'{text}' is not an id; expected lower-case letters, digits, '-' and '_'")
    return text


def nonblank(text: str) -> str:
    if not text.strip():
        raise ValueError("expected some text")
    return text.strip()


def number(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number; expected a number such as 20") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"'{text}' is not a number of zero or more; expected a number such as 20")
    return value


class Asker:
    """Answers from a person on a terminal, or the given and default values when there is none."""

    def __init__(self, interactive: bool):
        self.interactive = interactive

    def value(self, question: str, given, default, convert):
        """``given`` if there is one; else the person's answer (asked again until it converts); else ``default``."""
        if given is not None:
            try:
                return convert(given)
            except ValueError as exc:
                raise UsageError(f"udc: {question.lower()}: {exc}") from None
        if not self.interactive:
            return convert(default) if default != "" else default
        def check(answer: str):
            try:
                return convert(answer) if answer != "" else answer
            except ValueError as exc:
                raise typer.BadParameter(str(exc)) from None

        return typer.prompt(question, default=default, value_proc=check, show_default=default != "")

    def change(self, what: str, current: list[str]) -> bool:
        """Whether the person wants to replace the template's ``what``; never without a terminal."""
        if not self.interactive:
            return False
        typer.echo(f"The template's {what}:")
        for line in current:
            typer.echo(f"  {line}")
        return not typer.confirm(f"Keep these {what}?", default=True)

    def confirm(self, question: str) -> bool:
        return typer.confirm(question, default=True) if self.interactive else True


def keep_the_promise(draft, ask: Asker) -> None:
    """Set shares so that every declared stake holds exactly, or stop with the reason none can."""
    from udc.core.shares import Item, NoShares, solve, whole

    ids = tuple(g.id for g in draft.groups)
    items = [Item(c.id, Fraction(c.weight), tuple(sorted(c.assessed_by or ids))) for c in draft.scored]
    stakes = {g.id: g.stake for g in draft.groups}
    try:
        solution = solve(items, stakes)
    except NoShares as exc:
        raise RuleViolation(f"udc: no shares can keep the stakes promised: {exc}; nothing was written") from None
    if solution.how == "default":
        return
    draft.shares = {cid: whole(split) for cid, split in solution.shares.items()}
    say("udc: so that each group gets the stake it was promised, these criteria split their weight:")
    for item in items:
        if item.id in solution.shares:
            split = solution.shares[item.id]
            portions = ", ".join(f"{g} {_plain(v)}" for g, v in split.items())
            written = ", ".join(str(v) for v in draft.shares[item.id].values())
            say(f"  {item.id}, weight {_plain(item.weight)}: {portions} (written as shares {written})")
    if not ask.confirm("Write these shares?"):
        raise RuleViolation("udc: without these shares the stakes promised would not hold; nothing was written")


def _plain(value: Fraction) -> str:
    from udc.core.numbers import exact_text

    return exact_text(value, 2).replace("≈", "about ")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
