"""``udc export``: the results workbook (and tidy CSV files) officers circulate and analysts load.

The figures must be the published ones (the same as ``udc score --format json``),
every individual score must be there with its reason, text from the round must
be safe in a spreadsheet, and pandas must stay out of ``udc check`` and ``udc score``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cyp-mental-health.yaml"
SHEETS = ["about", "ranking", "stakes", "criteria", "bid_scores", "pass_fail", "scores", "agreed", "moderation_log"]


def udc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "udc", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("export") / "results.xlsx"
    proc = udc("export", EXAMPLE, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}" in proc.stderr
    return pd.read_excel(out, sheet_name=None)


@pytest.fixture(scope="module")
def published() -> dict:
    return json.loads(udc("score", EXAMPLE, "--format", "json").stdout)


def test_the_workbook_has_every_table(workbook: dict) -> None:
    assert list(workbook) == SHEETS


def test_the_ranking_reads_back_with_the_published_figures(workbook: dict, published: dict) -> None:
    ranking = workbook["ranking"].set_index("bid")
    for bid in published["bids"]:
        row = ranking.loc[bid["id"]]
        assert row["total"] == bid["total"] and row["quality"] == bid["quality"]
        assert row["price_score"] == bid["price_score"] and row["rank"] == bid["rank"]
        assert row["status"] == bid["status"]
        for group, value in bid["groups"].items():
            assert row[f"contribution_{group}"] == value
    assert list(ranking.index) == ["brightpath", "kinship", "northstar"]  # in ranked order
    assert ranking.loc["brightpath", "total"] == 78.73
    assert ranking.loc["brightpath", "total_exact"] == "11573/147 ≈ 78.727891"
    assert pd.isna(ranking.loc["northstar", "price_score_exact"])  # 30 exactly: nothing to add


def test_criterion_scores_by_group_are_the_published_ones(workbook: dict, published: dict) -> None:
    cells = workbook["bid_scores"].set_index(["bid", "criterion", "group"])
    count = 0
    for bid in published["bids"]:
        for cid, c in bid["criteria"].items():
            for group, value in c["groups"].items():
                row = cells.loc[(bid["id"], cid, group)]
                assert row["group_score"] == value
                assert row["criterion_score"] == c["score"] and row["weighted"] == c["weighted"]
                count += 1
    assert count == len(cells) == 18


def test_criteria_carry_weights_and_maximums(workbook: dict) -> None:
    criteria = workbook["criteria"].set_index("criterion")
    assert criteria.loc["Q1", "weight"] == 15 and criteria.loc["Q1", "scale_max"] == 5
    assert criteria.loc["price", "weight"] == 30
    assert criteria.loc["M1", "kind"] == "pass-fail"


def test_every_individual_score_is_a_row_with_its_reason(workbook: dict) -> None:
    scores = workbook["scores"]
    assert len(scores) == 3 * 3 * 5 + 17 * 2  # commissioners 5 criteria x 3 bids; team Q1 and I1, le-4 conflicted
    row = scores[(scores.evaluator == "cp-2") & (scores.bid == "kinship") & (scores.criterion == "Q2")].iloc[0]
    assert row["score"] == 3 and row["was"] == 4
    assert row["reason"] == "Sound model; outcome reporting is thin."
    assert row["why"] == "Moderation: no quarterly measures named."
    assert row["meeting"] == "mod-1"


def test_agreed_scores_and_the_moderation_log(workbook: dict) -> None:
    agreed = workbook["agreed"]
    assert agreed.to_dict("records")[0] == {
        "group": "lived-experience", "bid": "northstar", "criterion": "Q1", "score": 2,
        "reason": "The team agreed the survey-only plan gives young people no real say.", "meeting": "mod-1"}
    log = workbook["moderation_log"]
    assert list(log["criterion"]) == ["Q2", "Q1"]
    assert list(log["figure_before"]) == [3.33, 2.33] and list(log["figure_after"]) == [3, 2]


def test_stakes_declared_and_effective(workbook: dict) -> None:
    stakes = workbook["stakes"].set_index("group")
    assert stakes.loc["lived-experience", "declared"] == 20 and stakes.loc["lived-experience", "effective"] == 20


def test_csv_files_are_tidy_and_exact(tmp_path: Path, published: dict) -> None:
    proc = udc("export", EXAMPLE, "--format", "csv", "-o", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.csv")) == sorted(SHEETS)
    ranking = (tmp_path / "out" / "ranking.csv").read_text().splitlines()
    assert ranking[1].startswith("1,1,no,brightpath,BrightPath Youth CIC,ranked,no,78.73,")
    assert ",34.00,17.67," in ranking[1]  # published figures keep their places
    frame = pd.read_csv(tmp_path / "out" / "scores.csv")
    assert len(frame) == 79


def test_text_from_the_round_cannot_become_a_formula(tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace("bidder: BrightPath Youth CIC", 'bidder: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    text = text.replace('reason: "Paid youth advisers sit on the service board."', 'reason: "@SUM(A1)\\u001b[2J"')
    (tmp_path / "r.yaml").write_text(text)
    assert udc("export", "r.yaml", "-o", "r.xlsx", cwd=tmp_path).returncode == 0
    assert udc("export", "r.yaml", "-f", "csv", "-o", "csv", cwd=tmp_path).returncode == 0
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "r.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'=HYPERLINK(\"http://x\",\"y\")" for c in cells)
    assert any(c.value == "'@SUM(A1)\\x1b[2J" for c in cells)
    assert "'=HYPERLINK" in set(pd.read_csv(tmp_path / "csv" / "ranking.csv")["bidder"].str[:11])


AWKWARD = ["<r>bold</r>", "A & B <c> \"q\"", "  two spaces  ", "line one\nline two", "tab\there", "café ✓ 😀"]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_reads_back_as_itself(tmp_path: Path, text: str) -> None:
    """XML's own characters, XlsxWriter's rich-text marker, edge spaces, a line break, a tab and text beyond
    Latin-1 come back from the workbook exactly as the round holds them."""
    round_text = EXAMPLE.read_text().replace("bidder: Kinship Minds Charity", f"bidder: {json.dumps(text, ensure_ascii=False)}")
    round_text = round_text.replace('reason: "Paid youth advisers sit on the service board."',
                                    f"reason: {json.dumps(text, ensure_ascii=False)}")
    (tmp_path / "r.yaml").write_text(round_text, encoding="utf-8")
    assert udc("export", "r.yaml", "-o", "r.xlsx", cwd=tmp_path).returncode == 0
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "r.xlsx")
    rows = list(wb["ranking"].iter_rows(values_only=True))
    assert text in [dict(zip(rows[0], row))["bidder"] for row in rows[1:]]
    reasons = [row for row in wb["scores"].iter_rows(min_row=2, values_only=True) if text in row]
    assert len(reasons) == 1, "the reason"


def test_figures_are_numbers_shown_to_the_rounds_decimals(tmp_path: Path, published: dict) -> None:
    out = tmp_path / "r.xlsx"
    assert udc("export", EXAMPLE, "-o", out).returncode == 0
    from openpyxl import load_workbook

    ws = load_workbook(out)["ranking"]
    header = [c.value for c in ws[1]]
    total = header.index("total")
    cells = [row[total] for row in ws.iter_rows(min_row=2)]
    assert cells and all(isinstance(c.value, float | int) and c.number_format == "0.00" for c in cells)
    assert sorted(float(c.value) for c in cells) == sorted(float(b["total"]) for b in published["bids"])


def test_a_broken_round_exports_nothing(tmp_path: Path) -> None:
    proc = udc("export", ROOT / "tests" / "broken" / "stake-mismatch.yaml", "-o", tmp_path / "x.xlsx")
    assert proc.returncode == 1 and "nothing was exported" in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unwritable_output_exits_2(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file")
    proc = udc("export", EXAMPLE, "-f", "csv", "-o", tmp_path / "taken")
    assert proc.returncode == 2 and "expected a folder" in proc.stderr


PROBE = """
import sys
sys.argv = ["udc", *sys.argv[1:]]
from udc.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "openpyxl"))
print("HEAVY", heavy, "udc.cli.check" in sys.modules or "udc.cli.score" in sys.modules)
"""


@pytest.mark.parametrize("command", [["check"], ["score"], ["score", "--format", "json"]])
def test_check_and_score_do_not_import_pandas(command: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, command[0], str(EXAMPLE), *command[1:]],
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.splitlines()[-1] == "HEAVY [] True", proc.stdout[-500:]


def test_the_probe_sees_pandas_when_export_runs(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, "export", str(EXAMPLE), "-o", str(tmp_path / "r.xlsx")],
                          capture_output=True, text=True, timeout=120)
    assert "'pandas'" in proc.stdout.splitlines()[-1]
