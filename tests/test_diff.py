"""`udc diff OLD NEW`: what changed between two versions of a round, and what it did to the ranking."""

from __future__ import annotations

import json
import shutil

from support import ROOT

EXAMPLE = ROOT / "examples/cyp-mental-health.yaml"


def copy(tmp_path, name, *replacements):
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Moving 5 points of weight from Q2 (commissioners) to Q3 (commissioners) keeps every stake.
WEIGHT = ("    weight: 20\n    assessed_by: [commissioners]\n", "    weight: 5\n    assessed_by: [commissioners]\n")
WEIGHT_BACK = ("    weight: 10\n    assessed_by: [commissioners]\n  - id: Q4",
               "    weight: 25\n    assessed_by: [commissioners]\n  - id: Q4")


def test_a_changed_weight_is_named_with_the_ranking_it_changes(udc, tmp_path):
    old = copy(tmp_path, "old.yaml")
    new = copy(tmp_path, "new.yaml", WEIGHT, WEIGHT_BACK)
    run = udc("diff", old, new)
    assert run.returncode == 1, run.stderr
    out = run.stdout
    assert "criteria.Q2.weight changed from 20 to 5." in out
    assert "criteria.Q3.weight changed from 10 to 25." in out
    assert "The ranking changed." in out
    # northstar (strong on Q3) overtakes kinship: the before/after lines say so in words
    assert "northstar (Northstar Health Partners Ltd): before, rank 3, total 73.33; after, rank 2, total 73.33." in out
    for symbol in ("→", "≈", "×", "|"):
        assert symbol not in out


def test_nothing_that_decides_the_ranking_exits_0(udc, tmp_path):
    old = copy(tmp_path, "old.yaml")
    new = copy(tmp_path, "new.yaml", ("title: Children and", "title: Kids and"),
               ("Q2: 3, Q3: 3, Q4: 4}\n", 'Q2: {score: 3, reason: "Sound."}, Q3: 3, Q4: 4}\n'))
    run = udc("diff", old, new)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Nothing that decides the ranking changed." in run.stdout
    assert 'cp-1 on brightpath, Q2: reason changed from none to "Sound." (the score, 3, is the same).' in run.stdout
    assert "round.title changed from" in run.stdout
    assert "brightpath (BrightPath Youth CIC): rank 1, total 78.73, unchanged." in run.stdout


def test_scores_bids_and_agreed_scores_in_json(udc, tmp_path):
    old = copy(tmp_path, "old.yaml")
    new = copy(tmp_path, "new.yaml",
               ("brightpath: {M1: pass, Q1: {score: 4,", "brightpath: {M1: pass, Q1: {score: 2,"),
               ("price: 2210000}", "price: 2010000}\n  - {id: oak, bidder: Oak Trust, price: 2300000, withdrawn: true}"),
               ('Q1: {score: 2, reason: "The team agreed', 'Q1: {score: 3, reason: "The team agreed'))
    run = udc("diff", old, new, "--format", "json")
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert data["decides"] is True and data["method"] == []
    assert {(c["bid"], c["change"], c["old"], c["new"]) for c in data["bids"]
            if c["change"] == "repriced"} == {("northstar", "repriced", "2210000", "2010000")}
    assert any(c["bid"] == "oak" and c["change"] == "added" for c in data["bids"])
    [cell] = data["scores"]
    assert (cell["evaluator"], cell["bid"], cell["criterion"], cell["old"]["score"], cell["new"]["score"]) == \
        ("cp-1", "brightpath", "Q1", "4", "2")
    assert cell["new"]["reason"] == "Paid youth advisers sit on the service board."
    [agreed] = data["agreed"]
    assert (agreed["group"], agreed["old"]["score"], agreed["new"]["score"]) == ("lived-experience", "2", "3")
    rows = {row["bid"]: row for row in data["ranking"]}
    assert rows["oak"]["before"] is None and rows["oak"]["after"]["status"] == "withdrawn"


def test_markdown_escapes_text_from_the_file(udc, tmp_path):
    old = copy(tmp_path, "old.yaml")
    new = copy(tmp_path, "new.yaml", ("bidder: Kinship Minds Charity", "bidder: \"Kinship [/x] *Minds*\""))
    run = udc("diff", old, new, "--format", "markdown")
    assert run.returncode == 0, run.stderr
    assert "Kinship \\[/x\\] \\*Minds\\*" in run.stdout
    assert "| Bid | Bidder | Before | After | Moved |" in run.stdout


def test_a_broken_seal_is_named_and_an_unreadable_file_exits_2(udc, tmp_path):
    old = copy(tmp_path, "old.yaml")
    assert udc("seal", old, "--date", "2027-01-15").returncode == 0
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("minimum_quality: 50", "minimum_quality: 40"),
                   encoding="utf-8")
    run = udc("diff", old, new)
    assert run.returncode == 1
    assert "round.minimum_quality changed from 50 to 40." in run.stdout
    assert "made on 2027-01-15, no longer matches the method" in run.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("udc: 1\nround: [\n", encoding="utf-8")
    run = udc("diff", old, broken)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    shutil.copy(EXAMPLE, tmp_path / "same.yaml")
    assert udc("diff", EXAMPLE, tmp_path / "same.yaml").returncode == 0


def test_record_changes_are_listed_and_decide_nothing(udc, tmp_path):
    old = copy(tmp_path, "old.yaml")
    new = copy(tmp_path, "new.yaml",
               ("without numbers or dates.", "with no numbers and no dates."),
               ("  notice: 2027-02-12", "  notice: 2027-02-13"),
               ("    became: [I1]\n", "    became: [I1, Q1]\n"))
    run = udc("diff", old, new)
    assert run.returncode == 0, run.stdout + run.stderr
    assert 'feedback northstar.Q4: changed from "Social value commitments were general, without numbers or ' \
           'dates." to "Social value commitments were general, with no numbers and no dates.".' in run.stdout
    assert 'award notice: changed from "2027-02-12" to "2027-02-13".' in run.stdout
    assert "voice v2: became changed from I1 to I1, Q1." in run.stdout
    data = json.loads(udc("diff", old, new, "--format", "json").stdout)
    assert {(c["key"], c["item"]) for c in data["record"]} == {("feedback", "northstar.Q4"), ("award", "notice"),
                                                                ("voice", "v2")}
