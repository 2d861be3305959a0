"""`udc report ROUND -o report.html`: one self-contained, escaped HTML page with every section."""

from __future__ import annotations

import re

from support import EXAMPLES

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"


def test_report_is_one_self_contained_page(udc, tmp_path):
    out = tmp_path / "report.html"
    run = udc("report", EXAMPLE, "-o", out)
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from the network
    assert "url(http" not in html
    for heading in ("Ranking", "Stakes: promised and held", "Each bid's total, by group and price",
                    "Scores on each criterion, by group", "Did each group's stake change the winner?",
                    "Whose view moderation followed", "What became of what was said",
                    "Disqualified and withdrawn bids", "Moderation log and audit trail"):
        assert f">{heading}</h2>" in html, heading
    assert '<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"' in html
    assert html.count("<details>") == 2
    assert 'scope="col"' in html and 'scope="row"' in html


def test_report_names_the_interview_and_the_moderation(udc):
    html = udc("report", EXAMPLE).stdout
    assert "Its scores on I1 (Interview: what it feels like to use your service) made the difference" in html
    assert "away from Commissioning panel (2.33)" in html
    assert "<td class=\"num\">20%</td><td class=\"num\">20.00%</td>" in html


def test_text_from_the_round_is_escaped(udc, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "bidder: Kinship Minds Charity", "bidder: \"<script>alert(1)</script> & Kin\\u202e\"")
    path = tmp_path / "round.yaml"
    path.write_text(text, encoding="utf-8")
    run = udc("report", path)
    assert run.returncode == 0, run.stderr
    assert "<script>" not in run.stdout and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Kin\\u202e" in run.stdout


def test_a_broken_round_writes_nothing(udc, tmp_path):
    path = tmp_path / "round.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace("weight: 30", "weight: 31"), encoding="utf-8")
    out = tmp_path / "report.html"
    run = udc("report", path, "-o", out)
    assert run.returncode == 1 and not out.exists()
    assert udc("report", tmp_path / "missing.yaml").returncode == 2


def test_markdown_form_has_the_same_sections_and_words(udc):
    html = udc("report", EXAMPLE).stdout
    markdown = udc("report", EXAMPLE, "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    text = markdown.stdout
    for heading in ("Ranking", "Stakes: promised and held", "What became of what was said",
                    "Whose view moderation followed", "Disqualified and withdrawn bids"):
        assert f"\n## {heading}\n" in text and f">{heading}</h2>" in html
    # shared wording (templates/_words.j2): the same words in both forms
    assert "away from Commissioning panel (2.33)" in text and "away from Commissioning panel (2.33)" in html
    assert "Not used: The budget set by the Integrated Care Board" in text
    assert "Not used: The budget set by the Integrated Care Board" in html
    assert "| 1 | BrightPath Youth CIC | 78.73 | 51.67 | 27.06 |" in text
