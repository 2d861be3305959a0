"""A new round from a template in ``rounds/``: the draft ``udc init`` fills in, and its YAML text.

The template gives the scale, the round's rules (aggregate, thresholds,
reasons), pass/fail checks, price and placeholder bids; the person gives the
round's identity, the groups with their stakes and members, and the criteria.
References the new groups no longer satisfy (a tie-break on a group that is
gone, ``assessed_by`` naming one) are dropped, so the draft stays a valid round.

Text is written double-quoted (JSON escapes are YAML escapes), so that nothing
a person types (``no``, ``2027-01-01``, ``#1``) is read back as anything but text.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from udc.core.model import PassFail, Price, Round, Scored
from udc.core.numbers import plain

PACKAGED = Path(__file__).resolve().parent.parent / "rounds"  # in a wheel (pyproject force-include)
CHECKOUT = Path(__file__).resolve().parents[2] / "rounds"  # in a source checkout
DEFAULT_TEMPLATE = "joint-scoring"
SCHEMA_FILE = "udc.schema.json"
_PLAIN_ID = re.compile(r"[a-z][a-z0-9_-]*|[A-Z][A-Za-z0-9_-]*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def templates() -> dict[str, Path]:
    """Template name (file stem) -> path, from the installed package or the checkout."""
    for folder in (PACKAGED, CHECKOUT):
        found = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
        if found:
            return found
    return {}


@dataclass
class GroupDraft:
    id: str
    name: str
    stake: Decimal | None
    members: list[tuple[str, str]]  # (evaluator id, name)
    declared: dict[str, str] = field(default_factory=dict)  # evaluator id -> ISO date, from a template
    lived_experience: bool = False


@dataclass
class CriterionDraft:
    id: str
    title: str
    weight: Decimal | None
    kind: str = "scored"
    assessed_by: list[str] | None = None
    text: str | None = None
    section: str | None = None
    stage: str | None = None
    minimum: Decimal | None = None
    method: str | None = None
    written_by: list[str] | None = None


@dataclass
class Draft:
    id: str
    title: str
    authority: str | None
    rules: dict  # the template's other round keys, as written
    scale: list[dict] | dict
    groups: list[GroupDraft]
    criteria: list[CriterionDraft]
    bids: list[dict]
    shares: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def scored(self) -> list[CriterionDraft]:
        return [c for c in self.criteria if c.kind == "scored"]


def from_template(round_: Round) -> Draft:
    """A draft holding everything the template says."""
    info = round_.round
    rules = {k: getattr(info, k) for k in ("currency", "decimals", "aggregate", "tie_break", "minimum_quality",
                                            "budget", "require_reasons", "divergence", "nation")}
    scale = ([{"value": lv.value, "label": lv.label, "meaning": lv.meaning, "plain": lv.plain} for lv in round_.scale]
             if isinstance(round_.scale, list) else round_.scale.model_dump())
    groups = [GroupDraft(g, spec.name, spec.stake, [(e, m.name) for e, m in spec.members.items()],
                         {e: m.declared.isoformat() for e, m in spec.members.items() if m.declared},
                         spec.lived_experience)
              for g, spec in round_.groups.items()]
    criteria = [_criterion(c) for c in round_.criteria]
    bids = [{"id": b.id, "bidder": b.bidder, "price": b.price} for b in round_.bids]
    return Draft(info.id, info.title, info.authority, rules, scale, groups, criteria, bids)


def _criterion(c) -> CriterionDraft:
    if isinstance(c, Price):
        return CriterionDraft(c.id, c.title, c.weight, "price", method=c.method)
    if isinstance(c, PassFail):
        return CriterionDraft(c.id, c.title, None, "pass-fail", c.assessed_by)
    assert isinstance(c, Scored)
    return CriterionDraft(c.id, c.title, c.weight, "scored", c.assessed_by, c.text, c.section, c.stage, c.minimum,
                          written_by=c.written_by)


def tidy(draft: Draft) -> None:
    """Drop references the draft's groups and criteria no longer satisfy."""
    ids = {g.id for g in draft.groups}
    scored = {c.id for c in draft.scored}
    has_price = any(c.kind == "price" for c in draft.criteria)
    for c in draft.criteria:
        if c.assessed_by is not None:
            c.assessed_by = [g for g in c.assessed_by if g in ids] or None
        if c.written_by is not None:
            c.written_by = [g for g in c.written_by if g in ids] or None
    assessing = {g for c in draft.scored for g in (c.assessed_by or ids)}

    def applies(key: str) -> bool:
        kind, _, name = key.partition(":")
        return (key == "quality" or (key == "price" and has_price) or (kind == "group" and name in assessing)
                or (kind == "criterion" and name in scored))

    draft.rules["tie_break"] = [k for k in draft.rules.get("tie_break") or [] if applies(k)] or ["quality"]
    if not has_price:
        draft.rules["budget"] = None
        for bid in draft.bids:
            bid["price"] = None


def text(draft: Draft, header: list[str]) -> str:
    """The round as YAML text, in the format's order."""
    out = [f"# {line}" if line else "#" for line in header]
    out += ["udc: 1", "", "round:", f"  id: {_id(draft.id)}", f"  title: {_q(draft.title)}"]
    if draft.authority:
        out.append(f"  authority: {_q(draft.authority)}")
    for key, value in draft.rules.items():
        if value is not None:
            out.append(f"  {key}: {_value(value)}")
    out += ["", "scale:"]
    if isinstance(draft.scale, dict):
        out += [f"  {key}: {_value(value)}" for key, value in draft.scale.items()]
    else:
        out += [f"  - {_flow(level)}" for level in draft.scale]
    out += ["", "groups:"]
    for g in draft.groups:
        out += [f"  {_id(g.id)}:", f"    name: {_q(g.name)}"]
        if g.stake is not None:
            out.append(f"    stake: {plain(g.stake)}")
        if g.lived_experience:
            out.append("    lived_experience: true")
        out.append("    members:")
        out += [f"      {_id(e)}: {_flow({'name': name, 'declared': g.declared.get(e)})}" for e, name in g.members]
    out += ["", "criteria:"]
    for c in draft.criteria:
        out += _criterion_lines(c, draft.shares.get(c.id))
    out += ["", "# Placeholders: replace with the tenders when they are opened.", "bids:"]
    out += [f"  - {_flow(b)}" for b in draft.bids]
    return "\n".join(out) + "\n"


def _criterion_lines(c: CriterionDraft, shares: dict[str, int] | None) -> list[str]:
    lines = [f"  - id: {_id(c.id)}", f"    title: {_q(c.title)}"]
    if c.kind != "scored":
        lines.append(f"    kind: {c.kind}")
    for key in ("text", "section", "stage"):
        if getattr(c, key):
            lines.append(f"    {key}: {_q(getattr(c, key))}")
    if c.weight is not None:
        lines.append(f"    weight: {plain(c.weight)}")
    if c.method:
        lines.append(f"    method: {c.method}")
    if c.assessed_by:
        lines.append(f"    assessed_by: [{', '.join(_id(g) for g in c.assessed_by)}]")
    if shares:
        lines.append(f"    shares: {{{', '.join(f'{_id(g)}: {v}' for g, v in shares.items())}}}")
    if c.minimum is not None:
        lines.append(f"    minimum: {plain(c.minimum)}")
    if c.written_by:
        lines.append(f"    written_by: [{', '.join(_id(g) for g in c.written_by)}]")
    return lines


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _id(text: str) -> str:
    """An id plain where every YAML reader takes it as text, else quoted."""
    return text if _PLAIN_ID.fullmatch(text) and text.lower() not in _YAML11_WORDS else _q(text)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, list):
        return "[" + ", ".join(_id(v) for v in value) + "]"
    return _id(value) if isinstance(value, str) else str(value)


def _flow(mapping: dict) -> str:
    parts = []
    for key, value in mapping.items():
        if value is None:
            continue
        shown = _id(value) if key == "id" else (value if key == "declared" else _value(value))
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"


def schema_ref(target: Path, given: str | None) -> tuple[str, Path | None]:
    """The schema line's reference, and the schema file to write when there is none near ``target``."""
    if given:
        return given, None
    folder = target.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return Path(os.path.relpath(candidate / SCHEMA_FILE, folder)).as_posix(), None
        if (candidate / ".git").exists():
            break
    return SCHEMA_FILE, target.parent / SCHEMA_FILE
