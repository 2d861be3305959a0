"""`udc seal`: a method fixed before bids are opened cannot change unnoticed."""

from __future__ import annotations

import shutil

from conftest import ROOT


def test_seal_then_change_a_weight_is_caught(udc, tmp_path):
    round_file = tmp_path / "r.yaml"
    shutil.copy(ROOT / "examples/cyp-mental-health.yaml", round_file)
    run = udc("seal", round_file, "--date", "2027-01-15")
    assert run.returncode == 0, run.stderr
    text = round_file.read_text(encoding="utf-8")
    assert "seal:" in text and "sealed: 2027-01-15" in text and "method: " in text
    assert text.startswith((ROOT / "examples/cyp-mental-health.yaml").read_text(encoding="utf-8").rstrip("\n"))
    assert udc("check", round_file).returncode == 0
    # comments and the title do not change the method; a weight does
    round_file.write_text(text.replace("title: Children and", "title: Kids and"), encoding="utf-8")
    assert udc("check", round_file).returncode == 0
    changed = text.replace("minimum_quality: 50", "minimum_quality: 40")
    assert changed != text
    round_file.write_text(changed, encoding="utf-8")
    run = udc("check", round_file)
    assert run.returncode == 1
    assert "error: the assessment method changed after it was sealed on 2027-01-15" in run.stdout
    assert udc("seal", round_file).returncode == 1  # already sealed: refuses without --reseal
