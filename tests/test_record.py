"""`udc record`: the decision record, the standstill end date and the disclosure pack, from the file alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import EXAMPLES, edited, run_udc

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"


def read(text: str) -> str:
    """Markdown as a reader sees it: escaping backslashes removed."""
    return re.sub(r"\\([^\w\s])", r"\1", text)




def noticed(tmp_path: Path, notice: str, nation: str | None = None, decided: str | None = None) -> Path:
    changes = [("  notice: 2027-02-12\n", f"  notice: {notice}\n"),
               ("  decided: 2027-02-10\n", f"  decided: {decided or notice}\n")]
    if nation:
        changes.append(("  divergence: 2\n", f"  divergence: 2\n  nation: {nation}\n"))
    return edited(tmp_path, *changes)


def standstill(path: Path) -> str:
    run = run_udc("record", path, "--standstill")
    assert run.returncode == 0, run.stderr
    return run.stdout


# ---------------------------------------------------------------- the standstill


def test_the_examples_standstill_ends_eight_working_days_after_the_notice():
    assert standstill(EXAMPLE) == "2027-02-24\n"  # notice Friday 12 February; 15-19 and 22-24 February


@pytest.mark.parametrize("nation, ends", [
    ("england", "2027-01-04"),  # 25 and 28 December (Boxing Day observed) and 1 January passed over
    ("wales", "2027-01-04"),
    ("northern-ireland", "2027-01-04"),
    ("scotland", "2027-01-05"),  # and 4 January (New Year Holiday observed): Scotland's second January holiday
])
def test_a_standstill_across_christmas_in_each_nation(tmp_path, nation, ends):
    assert standstill(noticed(tmp_path, "2026-12-18", nation)) == ends + "\n"


def test_england_is_the_default_nation(tmp_path):
    assert standstill(noticed(tmp_path, "2026-12-18")) == "2027-01-04\n"


def test_northern_irelands_twelfth_of_july_counts_only_there(tmp_path):
    assert standstill(noticed(tmp_path, "2027-07-09", "northern-ireland")) == "2027-07-22\n"
    assert standstill(noticed(tmp_path, "2027-07-09", "england")) == "2027-07-21\n"


def test_the_record_shows_the_holidays_it_passed_over(tmp_path):
    path = noticed(tmp_path, "2026-12-18", "scotland")
    run = run_udc("record", path, "-o", tmp_path / "out", "--format", "markdown")
    assert run.returncode == 0, run.stderr
    assert "Standstill ends at the end of 5 January 2027 (2027-01-05)." in run.stdout
    text = read((tmp_path / "out" / "cyp-mh-2027-decision-record.md").read_text(encoding="utf-8"))
    assert "The award notice was published on 18 December 2026. The standstill period is 8 working days beginning " \
           "with the day after it (21 December 2026), counting the bank holidays of Scotland (25 December 2026 " \
           "(Christmas Day), 28 December 2026 (Boxing Day (observed)), 1 January 2027 (New Year's Day), 4 January " \
           "2027 (New Year Holiday (observed)) passed over): it ends at the end of 5 January 2027." in text


def test_no_notice_no_standstill(tmp_path):
    path = edited(tmp_path, ("  notice: 2027-02-12\n", ""))
    run = run_udc("record", path, "--standstill")
    assert run.returncode == 1 and run.stdout == ""
    line = next(n for n, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if x == "award:")
    assert f"{path}:{line}:1: error: no award notice date; expected 'award: notice: <date>'" in run.stderr


# ---------------------------------------------------------------- the decision record


@pytest.mark.parametrize("fmt, ext", [("html", "html"), ("markdown", "md")])
def test_the_decision_record_from_the_file_alone(tmp_path, fmt, ext):
    run = run_udc("record", EXAMPLE, "-o", tmp_path, "--format", fmt)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Standstill ends at the end of 24 February 2027 (2027-02-24).\n"
    text = read((tmp_path / f"cyp-mh-2027-decision-record.{ext}").read_text(encoding="utf-8"))
    for expected in [
        "Keep this record until at least 3 years after the contract is entered into",
        "it ends at the end of 24 February 2027",
        "Joint Commissioning Board (Director of Children's Services; ICB Director of Mental Health)",
        "Decision meeting dec-1 on 10 February 2027",
        "The method was not sealed",
        "Commissioning panel 66.67% and Lived Experience Team 33.33%",
        "Gave no score for Kinship Minds Charity (kinship): 2 cells left to the other members of Lived Experience Team.",
        "Moderation: no quarterly measures named.",
        "The team agreed the survey-only plan gives young people no real say.",
        "mod-1 (20 January 2027)",
        "Procurement officer (facilitator)",
        "sha256:75ad0f6a31267c11ed9a38b22cb421fa37bcb994c656d2c7ee9afa17246bf209",  # the method digest
        "udc 0.1.0",
    ]:
        assert expected in text.replace("&#39;", "'"), expected
    assert re.search(r"sha256:[0-9a-f]{64}; method", text)  # the file's fingerprint


def test_a_sealed_round_says_when(tmp_path):
    path = edited(tmp_path)
    assert run_udc("seal", path, "--date", "2026-10-01").returncode == 0
    run = run_udc("record", path, "-o", tmp_path / "o", "-f", "markdown")
    text = read((tmp_path / "o" / "cyp-mh-2027-decision-record.md").read_text(encoding="utf-8"))
    assert "The method was sealed on 1 October 2026 (sha256:75ad0f6a" in text and run.returncode == 0


# ---------------------------------------------------------------- the disclosure pack


@pytest.mark.parametrize("fmt, ext", [("html", "html"), ("markdown", "md")])
def test_disclosure_pack_for_northstar(tmp_path, fmt, ext):
    run = run_udc("record", EXAMPLE, "-o", tmp_path, "--disclose", "northstar", "--format", fmt)
    assert run.returncode == 0, run.stderr
    assert [p.name for p in tmp_path.iterdir()] == [f"cyp-mh-2027-disclosure-northstar.{ext}"]
    text = read((tmp_path / f"cyp-mh-2027-disclosure-northstar.{ext}").read_text(encoding="utf-8"))
    assert "Your tender: Northstar Health Partners Ltd (bid northstar)" in text
    assert "The awarded tender: BrightPath Youth CIC (bid brightpath)" in text
    assert "Kinship" not in text and "kinship" not in text
    assert "GBP 2,210,000" in text and "2,450,000" not in text and "2,380,000" not in text
    assert "Commissioning manager" in text and "Lived Experience Team member 4" in text
    assert "Ruth Okafor" not in text and "Member A" not in text
    assert "An annual survey; no standing role for young people." in text  # an evaluator's comment
    assert "The team agreed the survey-only plan gives young people no real say." in text  # the agreed reason
    assert "Paid youth advisers sit on the service board." in text  # the winner's evaluator's comment


def test_disclosure_names_evaluators_only_when_asked(tmp_path):
    run = run_udc("record", EXAMPLE, "-o", tmp_path, "--disclose", "kinship", "--names", "-f", "markdown")
    assert run.returncode == 0, run.stderr
    text = read((tmp_path / "cyp-mh-2027-disclosure-kinship.md").read_text(encoding="utf-8"))
    assert "Ruth Okafor (Commissioning manager, Commissioning panel)" in text
    assert "Dev Patel (Clinical lead, Commissioning panel) | 3 | Sound model; outcome reporting is thin. (changed at " \
           "moderation from 4: Moderation: no quarterly measures named.)" in text
    assert "Member D (Lived Experience Team) | none (conflict of interest declared)" in text
    assert "Northstar" not in text


@pytest.mark.parametrize("args, message", [
    (["--standstill", "--names"], "--names goes with --disclose BID"),
    ([], "expected -o DIR (or --standstill to print the end date)"),
    (["-o", "x", "--disclose", "nobody"], "expected one of: brightpath, northstar, kinship"),
])
def test_usage_errors(tmp_path, args, message):
    run = run_udc("record", EXAMPLE, *args, cwd=tmp_path)
    assert run.returncode == 2 and message in run.stderr
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- hostile text


HOSTILE = '<script>alert(1)</script> =HYPERLINK(\\"http://evil\\",\\"x\\") [/x] \\e[2J'


@pytest.mark.parametrize("fmt, ext", [("html", "html"), ("markdown", "md")])
def test_hostile_text_in_the_record_and_the_pack(tmp_path, fmt, ext):
    path = edited(tmp_path, ("bidder: Northstar Health Partners Ltd", f'bidder: "{HOSTILE}"'),
                  ('why: "Moderation: no quarterly measures named."', f'why: "{HOSTILE}"'),
                  ('"An annual survey; no standing role for young people."', f'"{HOSTILE}"'),
                  ('others: ["Procurement officer (facilitator)"]', f'others: ["{HOSTILE}"]'))
    for extra in ([], ["--disclose", "northstar"]):
        run = run_udc("record", path, "-o", tmp_path / "out", "--format", fmt, *extra)
        assert run.returncode == 0, run.stderr
    for file in (tmp_path / "out").iterdir():
        text = file.read_text(encoding="utf-8")
        assert "\x1b" not in text and "<script>" not in text
        if fmt == "html":
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "\\x1b[2J" in text
        else:
            assert "\\<script\\>alert(1)\\</script\\>" in text and "\\[/x\\]" in text
        assert text.count("alert(1)") + text.count("alert\\(1\\)") >= 2, file.name
