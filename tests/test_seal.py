"""`udc seal`: a method fixed before bids are opened cannot change unnoticed."""

from __future__ import annotations

import shutil

from support import ROOT


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


def _sealed_then_changed(udc, tmp_path):
    round_file = tmp_path / "r.yaml"
    shutil.copy(ROOT / "examples/cyp-mental-health.yaml", round_file)
    assert udc("seal", round_file, "--date", "2027-01-15").returncode == 0
    text = round_file.read_text(encoding="utf-8")
    round_file.write_text(text.replace("minimum_quality: 50", "minimum_quality: 40")
                          .replace("budget: 2600000", "budget: 2500000"), encoding="utf-8")
    return round_file


def test_check_names_each_changed_field_not_two_digests(udc, tmp_path):
    round_file = _sealed_then_changed(udc, tmp_path)
    run = udc("check", round_file)
    assert run.returncode == 1
    [line] = [line for line in run.stdout.splitlines() if "sealed on" in line]
    assert "round.minimum_quality changed from 50 to 40" in line
    assert "round.budget changed from 2600000 to 2500000" in line
    assert "sha256:" not in line


def test_reseal_says_what_changed_then_reseals(udc, tmp_path):
    round_file = _sealed_then_changed(udc, tmp_path)
    before = round_file.read_bytes()
    refused = udc("seal", round_file)  # without --reseal: refused, named, nothing written
    assert refused.returncode == 1
    assert "round.minimum_quality changed from 50 to 40" in refused.stderr
    assert "nothing was written" in refused.stderr
    assert round_file.read_bytes() == before
    run = udc("seal", round_file, "--reseal", "--date", "2027-02-01")
    assert run.returncode == 0, run.stderr
    assert "changed since it was sealed on 2027-01-15, 2 fields:" in run.stderr
    assert "  round.minimum_quality changed from 50 to 40" in run.stderr.splitlines()
    assert "sealed: 2027-02-01" in round_file.read_text(encoding="utf-8")
    assert udc("check", round_file).returncode == 0
    again = udc("seal", round_file, "--reseal", "--date", "2027-02-01")
    assert again.returncode == 0 and "nothing was written" in again.stderr


def test_a_seal_without_its_copy_still_works_and_says_why_fields_are_not_named(udc, tmp_path):
    round_file = tmp_path / "r.yaml"
    shutil.copy(ROOT / "examples/cyp-mental-health.yaml", round_file)
    assert udc("seal", round_file, "--date", "2027-01-15").returncode == 0
    text = round_file.read_text(encoding="utf-8")
    old_style = text[:text.index("  method_text: |-")]  # a seal made before udc kept the copy
    round_file.write_text(old_style, encoding="utf-8")
    assert udc("check", round_file).returncode == 0
    round_file.write_text(old_style.replace("minimum_quality: 50", "minimum_quality: 40"), encoding="utf-8")
    run = udc("check", round_file)
    assert run.returncode == 1
    assert "made before udc kept a copy of the sealed method, so the changed fields cannot be named" in run.stdout
    run = udc("seal", round_file, "--reseal", "--date", "2027-02-01")
    assert run.returncode == 0, run.stderr
    assert "cannot be named" in run.stderr
    assert "method_text: |-" in round_file.read_text(encoding="utf-8")


def test_an_edited_copy_of_the_method_is_caught(udc, tmp_path):
    round_file = tmp_path / "r.yaml"
    shutil.copy(ROOT / "examples/cyp-mental-health.yaml", round_file)
    assert udc("seal", round_file, "--date", "2027-01-15").returncode == 0
    text = round_file.read_text(encoding="utf-8")
    assert '"minimum_quality":"50"' in text
    round_file.write_text(text.replace('"minimum_quality":"50"', '"minimum_quality":"40"'), encoding="utf-8")
    run = udc("check", round_file)
    assert run.returncode == 1 and "seal.method_text was edited" in run.stdout
    # and a changed method with an edited copy does not name fields from a copy it cannot trust
    round_file.write_text(text.replace('"minimum_quality":"50"', '"minimum_quality":"40"')
                          .replace("minimum_quality: 50", "minimum_quality: 40"), encoding="utf-8")
    run = udc("check", round_file)
    assert run.returncode == 1 and "does not match the seal's digest" in run.stdout
