"""Rows an edit does not touch stay out of the round trip, and the file comes out the same.

An edit of a large round (the last sheet collected, one agreed score recorded,
the seal) used to send every score row through ruamel; now the rows of the
evaluators and groups it does not touch are hidden and put back as read
(udc.workflow.hidden). Each test compares the text an edit writes with the
untouched rows hidden against the text the whole round trip writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rounds import ROUND

from udc.workflow.edit import RoundEdit
from udc.workflow.edit_errors import EditError
from udc.workflow.hidden import hide

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "rounds").glob("*.yaml"))

# Layouts the hiding must keep: owners in flow style, comments between and after owners,
# blank lines, a quoted owner, no newline at the end, an anchor and its alias, a comment after the colon,
# text beyond ASCII before a hidden block (libyaml's positions count characters, not bytes).
TRICKY = {
    "flow-owners": "udc: 1\nscores:\n  e1: {a: {Q1: 3}}   # flow\n  e2: {a: {Q1: 4}, b: {Q1: 1}}\n",
    "comments": ("udc: 1\nscores:\n  e1:\n    a: {Q1: 3}\n    # last row of e1\n  # before e2\n\n  e2:   # e2's\n"
                 "    a:\n      Q1: 4\n\n# before moderation\nmoderation:\n  g:\n    a: {Q1: 3}\n# the end\n"),
    "quoted-owner": 'udc: 1\nscores:\n  "e1":\n    a: {Q1: 3}\n  e2:\n    a: {Q1: 2}\n',
    "no-final-newline": "udc: 1\nscores:\n  e1:\n    a: {Q1: 3}\n  e2:\n    a: {Q1: 2}",
    "anchor": "udc: 1\nscores:\n  e1:\n    a: &row {Q1: 3}\n  e2:\n    a: *row\n  e3:\n    b: {Q1: 1}\n",
    "deeper-indent": "udc: 1\nscores:\n    e1:\n        a:\n            Q1: 3\n    e2:\n        a:\n            Q1: 2\n",
    "non-ascii": ('udc: 1\nround: {title: "Caf\u00e9 \U0001F600"}\nscores:\n  e1:\n'
                  '    a: {Q1: {score: 3, reason: "Tr\u00e8s bien \U0001F600"}}\n  e2:\n    a: {Q1: 2}\n  e3:\n    b: {Q1: 1}\n'),
    "placeholder-word": 'udc: 1\nscores:\n  e1:\n    a: {Q1: {score: 3, reason: "UDCHIDDENBLOCK"}}\n  e2:\n    a: {Q1: 2}\n',
}


def texts() -> list[tuple[str, str]]:
    found = [(path.name, path.read_text(encoding="utf-8")) for path in FILES]
    return found + [("rounds.ROUND", ROUND)] + sorted(TRICKY.items())


def owners(text: str, section: str) -> list[str]:
    import yaml

    data = yaml.safe_load(text) or {}
    part = data.get(section) or {}
    return [str(key) for key in part] if isinstance(part, dict) else []


def edits(text: str) -> list[tuple[str, dict[str, set[str]], object]]:
    """(name, touching, apply) for every kind of edit, on every owner of the text and on a new one."""
    out: list[tuple[str, dict[str, set[str]], object]] = []
    for who in [*owners(text, "scores"), "zz-new"]:
        out.append((f"score {who} new cell", {"scores": {who}},
                    lambda e, who=who: e.set_score(who, "zz-bid", "Q1", "3", reason="A new row.")))
        out.append((f"score {who} existing bid", {"scores": {who}},
                    lambda e, who=who: e.set_score(who, "a", "Q9", "2")))
    for group in [*owners(text, "moderation"), "zz-group"]:
        out.append((f"moderation {group}", {"moderation": {group}},
                    lambda e, group=group: e.set_moderation(group, "zz-bid", "Q1", "3", "Agreed.")))
    out.append(("seal", {}, lambda e: e.set_seal("sha256:" + "0" * 64, dt.date(2026, 11, 27))))
    return out


CASES = [(name, text, label, touching, apply) for name, text in texts() for label, touching, apply in edits(text)]


@pytest.mark.parametrize(("name", "text", "label", "touching", "apply"), CASES,
                         ids=[f"{c[0]}: {c[2]}" for c in CASES])
def test_an_edit_writes_the_same_text_with_untouched_rows_hidden(tmp_path: Path, name, text, label, touching,
                                                                   apply) -> None:
    path = tmp_path / "round.yaml"
    path.write_text(text, encoding="utf-8")
    whole, partial = RoundEdit.open(path), RoundEdit.open(path, touching)
    assert partial.text() == whole.text()  # nothing edited yet: the hidden rows come back as read
    apply(whole)
    apply(partial)
    assert partial.text() == whole.text()


def test_the_large_sections_are_what_is_hidden() -> None:
    """The test above would pass if nothing were ever hidden; this one would not."""
    text = (ROOT / "examples" / "cyp-mental-health.yaml").read_text(encoding="utf-8")
    hidden = hide(text, {"scores": {"le-1"}})
    evaluators = owners(text, "scores")
    # all but the one touched and the last (a blank line follows it: see _ends_cleanly)
    assert hidden.owners == {"scores": set(evaluators[:-1]) - {"le-1"}}
    assert hidden.text.count("UDCHIDDENBLOCK") == len(evaluators) - 2 and "{score: 4, reason" not in hidden.text


def test_blocks_that_could_be_tied_to_the_rest_stay_in_the_round_trip() -> None:
    anchor = hide(TRICKY["anchor"], {})
    assert anchor.owners == {"scores": {"e3"}}  # e1 holds an anchor, e2 its alias
    assert hide(TRICKY["quoted-owner"], {}).owners == {"scores": {"e2"}}
    assert hide(TRICKY["placeholder-word"], {}).owners == {}


def test_an_edit_that_reaches_an_untouched_owner_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "round.yaml"
    path.write_text(ROUND, encoding="utf-8")
    edit = RoundEdit.open(path, {"scores": {"cp-1"}})
    with pytest.raises(EditError, match="internal error"):
        edit.set_score("cp-2", "brightpath", "Q1", "4", replace_why="x")
    with pytest.raises(EditError, match="internal error"):
        edit.score("cp-2", "brightpath", "Q1")
    assert path.read_text(encoding="utf-8") == ROUND


def test_a_placeholder_lost_in_the_output_refuses_the_edit(tmp_path: Path) -> None:
    path = tmp_path / "round.yaml"
    path.write_text(ROUND, encoding="utf-8")
    edit = RoundEdit.open(path, {})
    del edit.data["scores"]["cp-2"]  # as if the round trip had dropped a hidden block
    with pytest.raises(EditError, match="could not be written back"):
        edit.text()
