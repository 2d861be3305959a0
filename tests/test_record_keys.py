"""The Record keys of the round format: feedback, meetings, award, voice, written_by, nation, meeting.

They change no figure and are outside the sealed method; each mistake in them is located
``path:line:col:`` like every other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import EXAMPLES, run_udc
from rounds import before_award

from udc.core.pipeline import check_path, check_text
from udc.core.seal import method_digest

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"
# The example's method digest before the record keys existed (main at 2cd603e): they must not change it.
SEALED_BEFORE = "sha256:75ad0f6a31267c11ed9a38b22cb421fa37bcb994c656d2c7ee9afa17246bf209"


def edited(tmp_path: Path, *replacements: tuple[str, str], text: str | None = None) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8") if text is None else text
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "round.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def check(path: Path) -> tuple[int, list[str]]:
    run = run_udc("check", path)
    return run.returncode, run.stdout.splitlines()


def has(lines: list[str], path: Path, line: int, severity: str, message: str) -> bool:
    pattern = re.compile(rf"{re.escape(str(path))}:{line}:\d+: {severity}: .*{re.escape(message)}.*")
    return any(pattern.fullmatch(x) for x in lines)


# ---------------------------------------------------------------- the example


def test_the_example_carries_every_record_key_and_is_valid():
    checked = check_path(EXAMPLE)
    assert not [d for d in checked.diagnostics if d.severity == "error"]
    r = checked.round
    assert r.round.nation == "england"
    assert r.groups["lived-experience"].lived_experience and not r.groups["commissioners"].lived_experience
    assert [c.written_by for c in r.criteria if c.id in ("Q1", "I1")] == [["commissioners", "lived-experience"],
                                                                          ["lived-experience"]]
    assert r.award.bids == ["brightpath"] and r.award.notice.isoformat() == "2027-02-12"
    assert [m.id for m in r.meetings] == ["int-1", "mod-1", "dec-1"]
    assert len(r.feedback) == 3 and all(len(f) == 5 for f in r.feedback.values())
    assert [v.id for v in r.voice] == ["v1", "v2", "v3", "v4"]
    assert r.scores["cp-2"]["kinship"]["Q2"].meeting == "mod-1"
    assert r.moderation["lived-experience"]["northstar"]["Q1"].meeting == "mod-1"


def test_record_keys_are_outside_the_sealed_method(tmp_path):
    assert method_digest(check_path(EXAMPLE).round) == SEALED_BEFORE
    other = edited(tmp_path, ("  divergence: 2\n", "  divergence: 2\n  nation: scotland\n"),
                   ("    written_by: [lived-experience]\n", ""), ("    lived_experience: true\n", ""),
                   ("  notice: 2027-02-12\n", "  notice: 2027-02-15\n"))
    assert method_digest(check_path(other).round) == SEALED_BEFORE
    bare = re.sub(r"(?ms)^(feedback|meetings|award|voice):\n.*?(?=^\S|\Z)", "", EXAMPLE.read_text(encoding="utf-8"))
    assert "feedback:" not in bare and method_digest(check_text(bare, "bare.yaml").round) == SEALED_BEFORE


def test_sealed_example_stays_sealed_when_the_record_grows(udc, tmp_path):
    path = edited(tmp_path)
    assert udc("seal", path, "--date", "2027-01-10").returncode == 0
    text = path.read_text(encoding="utf-8").replace("  notice: 2027-02-12\n", "  notice: 2027-02-19\n")
    path.write_text(text.replace("  divergence: 2\n", "  divergence: 2\n  nation: wales\n"), encoding="utf-8")
    code, lines = check(path)
    assert code == 0, lines


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("old, new, fragment, message", [
    ("  divergence: 2\n", "  divergence: 2\n  nation: cornwall\n", "nation: cornwall",
     "'cornwall' is not allowed here; expected one of: england, wales, scotland, northern-ireland"),
    ("    lived_experience: true\n", "    lived_experience: yes\n", "lived_experience: yes", "expected true or false"),
    ("    kind: interview\n", "    kind: workshop\n", "kind: workshop", "expected one of: moderation, interview"),
    ("    date: 2027-01-14\n", "    date: soon\n", "date: soon", "expected a date"),
    ("  decided: 2027-02-10\n", "", "award:", "missing required key 'decided'"),
    ("  bids: [brightpath]\n  meeting: dec-1\n", "  bids: [brightpath]\n  meeting: dec-1\n  approved: true\n",
     "approved: true", "unknown key 'approved'"),
])
def test_schema_errors_of_record_keys(tmp_path, old, new, fragment, message):
    path = edited(tmp_path, (old, new))
    code, lines = check(path)
    assert code == 1
    assert has(lines, path, line_of(path, fragment), "error", message), lines


@pytest.mark.parametrize("old, new, fragment, message", [
    ("why: \"Moderation: no quarterly measures named.\", meeting: mod-1}",
     "why: \"Moderation: no quarterly measures named.\", meeting: mod-9}", "meeting: mod-9",
     "unknown meeting 'mod-9'; expected one of the ids under 'meetings': dec-1, int-1, mod-1"),
    ("no real say.\", meeting: mod-1}", "no real say.\", meeting: mod-2}", "meeting: mod-2",
     "unknown meeting 'mod-2'"),
    ("  meeting: dec-1\n", "  meeting: board\n", "meeting: board", "unknown meeting 'board'"),
    ("    attendees: [cp-1]\n", "    attendees: [cp-1, cp-9]\n", "attendees: [cp-1, cp-9]",
     "unknown evaluator 'cp-9' among the attendees"),
    ("  - id: dec-1\n", "  - id: mod-1\n", "  - id: mod-1\n    date: 2027-02-10",
     "meeting id 'mod-1' is used twice"),
    ("    written_by: [lived-experience]\n", "    written_by: [young-people]\n", "written_by: [young-people]",
     "unknown group 'young-people'"),
    ("  northstar:\n    Q1: \"An annual", "  northstar-ltd:\n    Q1: \"An annual", "northstar-ltd:",
     "feedback for unknown bid 'northstar-ltd'"),
    ("    Q4: \"Social value commitments", "    Q5: \"Social value commitments", "Q5: \"Social value",
     "feedback on unknown criterion 'Q5'"),
    ("  - id: v2\n    group: lived-experience\n", "  - id: v2\n    group: young-people\n", "group: young-people",
     "unknown group 'young-people'"),
    ("    became: [Q1]\n", "    became: [Q9]\n", "became: [Q9]", "unknown criterion 'Q9'"),
    ("  - id: v2\n", "  - id: v1\n", "  - id: v1\n    group: lived-experience\n    said: \"We want to meet",
     "voice id 'v1' is used twice"),
    ("  bids: [brightpath]\n", "  bids: [bright-path]\n", "bids: [bright-path]", "award of unknown bid 'bright-path'"),
    ("  notice: 2027-02-12\n", "  notice: 2027-02-09\n", "notice: 2027-02-09",
     "the notice date 2027-02-09 is before the decision (2027-02-10)"),
    ("  bids: [brightpath]\n", "  bids: []\n", "bids: []", "the award names no bid"),
])
def test_record_errors_are_located(tmp_path, old, new, fragment, message):
    if "  - id: v1\n    group" in fragment:  # the duplicate is the second item
        path = edited(tmp_path, (old, new))
        line = [n for n, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if x == "  - id: v1"][1]
    elif fragment.startswith("  - id: mod-1"):
        path = edited(tmp_path, (old, new))
        line = [n for n, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if x == "  - id: mod-1"][1]
    else:
        path = edited(tmp_path, (old, new))
        line = line_of(path, fragment)
    code, lines = check(path)
    assert code == 1, lines
    assert has(lines, path, line, "error", message), lines


def test_award_of_a_disqualified_bid_is_an_error(tmp_path):
    path = edited(tmp_path, ("bidder: BrightPath Youth CIC, price: 2450000}", "bidder: BrightPath Youth CIC, "
                             "price: 2700000}"))
    code, lines = check(path)
    assert code == 1
    assert has(lines, path, line_of(path, "bids: [brightpath]"), "error",
               "award of bid 'brightpath', which is disqualified ("), lines
    assert any("expected only ranked bids to be awarded" in x for x in lines)


def test_award_of_an_incomplete_bid_is_an_error(tmp_path):
    path = edited(tmp_path, ("    brightpath: {Q1: 5, I1: 5}\n", "    brightpath: {Q1: 5}\n"))
    code, lines = check(path)
    assert code == 1
    assert has(lines, path, line_of(path, "bids: [brightpath]"), "error",
               "award of bid 'brightpath', which is incomplete (I1 (lived-experience): owed by le-1)"), lines


def test_award_of_a_bid_not_ranked_first_needs_a_reason(tmp_path):
    path = edited(tmp_path, ("  bids: [brightpath]\n", "  bids: [kinship]\n"))
    code, lines = check(path)
    assert code == 1
    assert has(lines, path, line_of(path, "bids: [kinship]"), "error",
               "the award is for kinship but brightpath is ranked first; expected 'reason: <why>'"), lines
    path = edited(tmp_path, ("  bids: [brightpath]\n", "  bids: [kinship]\n  reason: \"The court ordered it.\"\n"))
    assert check(path)[0] == 0


def test_a_framework_of_two_needs_a_reason(tmp_path):
    path = edited(tmp_path, ("  bids: [brightpath]\n", "  bids: [brightpath, northstar]\n"))
    code, lines = check(path)
    assert code == 1 and any("error: the award is for brightpath, northstar but brightpath is ranked first" in x
                             for x in lines), lines
    path = edited(tmp_path, ("  bids: [brightpath]\n", "  bids: [brightpath, northstar]\n  reason: \"A framework "
                             "of the two highest-ranked suppliers, as the ITT said.\"\n"))
    assert check(path)[0] == 0


# ---------------------------------------------------------------- warnings


def test_agreed_at_a_meeting_no_member_attended_is_a_warning(tmp_path):
    path = edited(tmp_path, ("    attendees: [cp-1, cp-2, cp-3, le-1, le-2, le-3, le-5]\n",
                             "    attendees: [cp-1, cp-2, cp-3]\n"))
    code, lines = check(path)
    assert code == 0
    assert has(lines, path, line_of(path, "no real say.\", meeting: mod-1}"), "warning",
               "group 'lived-experience' agreed this score at meeting 'mod-1', which no member of lived-experience "
               "attended: the group's view was agreed without it"), lines


def test_voice_with_no_outcome_is_a_warning(tmp_path):
    path = edited(tmp_path, ("    not_used: \"The budget", "    notes_: \"The budget"))
    path.write_text(re.sub(r"    notes_: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    code, lines = check(path)
    assert code == 0
    assert has(lines, path, line_of(path, "  - id: v4"), "warning",
               "voice item 'v4': said, and nothing recorded of what became of it"), lines


def test_an_award_recorded_before_every_bid_is_complete_is_a_warning(tmp_path):
    path = edited(tmp_path, ("    kinship: {Q1: 3, I1: 5}\n", "    kinship: {Q1: 3}\n"))
    code, lines = check(path)
    assert code == 0
    assert has(lines, path, line_of(path, "award:"), "warning",
               "the award is recorded while bids kinship are incomplete"), lines


def test_a_round_without_an_award_is_not_checked_for_one(tmp_path):
    path = edited(tmp_path, text=before_award(EXAMPLE.read_text(encoding="utf-8")))
    assert "award:" not in path.read_text(encoding="utf-8") and check(path)[0] == 0
