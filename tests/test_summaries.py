"""`udc summaries`: one assessment summary per assessed bid, with nothing typed by hand."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from support import EXAMPLES, edited, run_udc

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"
FORMATS = {"docx": "docx", "html": "html", "markdown": "md"}
BIDDERS = {"brightpath": "BrightPath Youth CIC", "northstar": "Northstar Health Partners Ltd",
           "kinship": "Kinship Minds Charity"}
PRICES = {"brightpath": ("2450000", "2,450,000"), "northstar": ("2210000", "2,210,000"),
          "kinship": ("2380000", "2,380,000")}


def text_of(path: Path) -> str:
    """What a reader sees in a summary file (a .docx's paragraphs, tables and header)."""
    if path.suffix != ".docx":
        return path.read_text(encoding="utf-8")
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    parts += [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join(parts)


def read(text: str) -> str:
    """Markdown as a reader sees it: escaping backslashes removed."""
    return re.sub(r"\\([^\w\s])", r"\1", text)


def write_summaries(tmp_path: Path, round_file: Path, fmt: str, *extra: str) -> dict[str, str]:
    out = tmp_path / f"out-{fmt}"
    run = run_udc("summaries", round_file, "-o", out, "--format", fmt, *extra)
    assert run.returncode == 0, run.stderr
    return {p.name: text_of(p) for p in sorted(out.iterdir())}




# ---------------------------------------------------------------- the example


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_summary_per_assessed_bid_in_every_format(tmp_path, fmt):
    files = write_summaries(tmp_path, EXAMPLE, fmt)
    assert sorted(files) == sorted(f"cyp-mh-2027-summary-{b}.{FORMATS[fmt]}" for b in BIDDERS)
    brightpath = read(files[f"cyp-mh-2027-summary-brightpath.{FORMATS[fmt]}"])
    northstar = read(files[f"cyp-mh-2027-summary-northstar.{FORMATS[fmt]}"])
    assert "This tender is the most advantageous tender and is awarded the contract." in brightpath
    assert "78.73 out of 100" in brightpath and "11.50 out of 15" in brightpath
    assert "ranked 3 of 3 tenders in contention" in northstar
    assert "It was not awarded: the awarded tender scored 78.73, 5.40 points more." in northstar
    assert "Draft" not in northstar and "DRAFT" not in northstar
    # the explanation is the panel's feedback, by reference to the tender
    assert "A detailed access model with a triage hub; the strongest answer on waiting times." in northstar


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_summary_names_no_third_bidder_and_no_other_price(tmp_path, fmt):
    files = write_summaries(tmp_path, EXAMPLE, fmt)
    for bid in BIDDERS:
        text = read(files[f"cyp-mh-2027-summary-{bid}.{FORMATS[fmt]}"])
        allowed = {bid, "brightpath"}
        for other, name in BIDDERS.items():
            shown = other in allowed
            assert (name in text) == shown, (bid, other)
            assert (f"bid {other}" in text) == shown, (bid, other)
            if other != bid:
                assert not any(p in text for p in PRICES[other]), (bid, other)
        assert PRICES[bid][1] in text  # its own price
    assert "Price score: 27.06 out of 30" in files[f"cyp-mh-2027-summary-kinship.{FORMATS[fmt]}"]


def test_docx_has_headings_and_tables(tmp_path):
    run = run_udc("summaries", EXAMPLE, "-o", tmp_path, "--bid", "kinship")
    assert run.returncode == 0, run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["cyp-mh-2027-summary-kinship.docx"]
    document = docx.Document(str(tmp_path / "cyp-mh-2027-summary-kinship.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Assessment summary")
    assert ("Heading 2", "Your tender: Kinship Minds Charity") in headings
    assert ("Heading 2", "The awarded tender: BrightPath Youth CIC (bid brightpath)") in headings
    assert ("Heading 2", "The award criteria") in headings and ("Heading 3", "Sub-totals") in headings
    tables = document.tables
    assert len(tables) >= 6
    assert [c.text for c in tables[0].rows[0].cells] == ["Criterion", "Weight (points of 100)", "Section", "Stage",
                                                         "How it was assessed"]
    own = next(t for t in tables if [c.text for c in t.rows[0].cells][-1] == "Explanation")
    assert [c.text for c in own.rows[1].cells][:3] == ["Q1: Co-production with young people", "3.42 out of 5",
                                                        "10.27 out of 15"]


# ---------------------------------------------------------------- refusal and drafts


def test_refuses_with_every_gap_located_and_writes_nothing(tmp_path):
    path = edited(tmp_path, ("    Q3: \"The plan relies on recruitment", "    Q9x: \"The plan relies on recruitment"),
                  ("  Q1: \"Paid youth advisers on the service board", "  Q1x: \"Paid youth advisers"))
    path.write_text(re.sub(r"(?m)^    Q(9x|1x): .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^award:\n.*?(?=^\S|\Z)", "", text).replace("    kinship: {Q1: 3, I1: 5}\n",
                                                                    "    kinship: {Q1: 3}\n")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run = run_udc("summaries", path, "-o", out)
    assert run.returncode == 1
    assert not out.exists()
    lines = run.stderr.splitlines()
    kinship_feedback = next(n for n, x in enumerate(text.splitlines(), 1) if x == "  kinship:" and n > 140)
    le5 = next(n for n, x in enumerate(text.splitlines(), 1) if x == "  le-5:")
    assert f"{path}:{kinship_feedback}:3: error: no explanation of bid 'kinship' on Q3; expected 'feedback: " \
           "kinship: Q3: <text>' or an agreed reason from every group that assesses Q3" in lines
    top = next(n for n, x in enumerate(text.splitlines(), 1) if x == "udc: 1")
    assert any(x.startswith(f"{path}:{top}:1: error: no award is recorded") for x in lines), lines
    assert any(x.startswith(f"{path}:{le5 + 3}:") and "bid 'kinship' has no Lived Experience Team score on I1: owed "
               "by le-5" in x for x in lines), lines
    assert "4 gaps; no summary was written" in run.stderr


def test_agreed_reason_explains_where_there_is_no_feedback(tmp_path):
    path = edited(tmp_path, ("    Q1: \"An annual survey only; young people have no standing role in shaping the "
                             "service.\"\n", ""))
    run = run_udc("summaries", path, "-o", tmp_path / "o", "--bid", "northstar", "--format", "markdown")
    assert run.returncode == 1  # Q1 is assessed by two groups; only the Lived Experience Team agreed a reason
    assert "no explanation of bid 'northstar' on Q1" in run.stderr
    files = write_summaries(tmp_path, path, "markdown", "--bid", "northstar", "--draft")
    text = files["cyp-mh-2027-summary-northstar-draft.md"]
    assert text.startswith("> **DRAFT.**")
    assert "Lived Experience Team (agreed): The team agreed the survey-only plan" in text
    assert "Commissioning manager: An annual survey; no standing role for young people." in text
    assert "Ruth Okafor" not in text  # evaluators by role, never by name
    assert "(Draft: evaluators' own reasons, not yet agreed)" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_draft_says_draft_at_the_top_of_every_page(tmp_path, fmt):
    path = edited(tmp_path, text=re.sub(r"(?ms)^award:\n.*?(?=^\S|\Z)", "", EXAMPLE.read_text(encoding="utf-8")))
    assert run_udc("summaries", path, "-o", tmp_path / "x", "--format", fmt).returncode == 1
    files = write_summaries(tmp_path, path, fmt, "--draft")
    assert len(files) == 3 and all(name.endswith(f"-draft.{FORMATS[fmt]}") for name in files)
    for text in files.values():
        assert "DRAFT. Draft: not for sending." in read(text).replace("**", "")
        assert "No award has been recorded yet." in text
    if fmt == "html":
        assert all('<div class="draft" role="note">DRAFT.' in t and "position: fixed" in t for t in files.values())
        # printed, every page carries it in its top margin (checked in Chromium: 4 pages, 4 "DRAFT" headers)
        assert all('@top-center { content: "DRAFT: not for sending"' in t for t in files.values())
    if fmt == "docx":
        document = docx.Document(str(next((tmp_path / "out-docx").iterdir())))
        assert document.sections[0].header.paragraphs[0].text.startswith("DRAFT.")


def test_unknown_bid_is_a_usage_error(tmp_path):
    run = run_udc("summaries", EXAMPLE, "-o", tmp_path / "o", "--bid", "nobody")
    assert run.returncode == 2 and "expected one of: brightpath, northstar, kinship" in run.stderr
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- hostile text


HOSTILE = "<script>alert(1)</script> =HYPERLINK(\"http://evil\",\"x\") [/x] [bold]b[/bold] \x1b[2J \u202e"


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_is_text_in_every_format(tmp_path, fmt):
    yaml_text = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\e").replace("\u202e", "\\u202e")
    path = edited(tmp_path, ("bidder: Northstar Health Partners Ltd", f'bidder: "{yaml_text}"'),
                  ("    Q2: \"A strong clinical model with quarterly outcome reporting against named measures.\"",
                   f'    Q2: "{yaml_text}"'),
                  ("by: \"Joint Commissioning Board", f'by: "{yaml_text} Joint Commissioning Board'))
    files = write_summaries(tmp_path, path, fmt)
    text = files[f"cyp-mh-2027-summary-northstar.{FORMATS[fmt]}"]
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b[2J" in text.replace("\\\\", "\\").replace("\\[", "[")
    if fmt == "html":
        assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert text.count("&lt;script&gt;") >= 4  # heading, intro, explanation, award line
    elif fmt == "markdown":
        assert "<script>" not in text and "\\<script\\>alert(1)\\</script\\>" in text
        assert "\\[/x\\]" in text and "[/x]" not in text.replace("\\[/x\\]", "")
    else:
        assert text.count("<script>alert(1)</script> =HYPERLINK(\"http://evil\",\"x\") [/x]") >= 4
        assert "&lt;" not in text


# ---------------------------------------------------------------- ties and frameworks


def small_round(award: str, scores: dict[str, int]) -> str:
    bids = "\n".join(f"  - {{id: {b}, bidder: Bidder {b.upper()}}}" for b in scores)
    cells = "\n".join(f"    {b}: {{Q1: {v}}}" for b, v in scores.items())
    feedback = "\n".join(f"  {b}: {{Q1: \"Feedback for {b}.\"}}" for b in scores)
    return f"""udc: 1
round: {{id: small, title: Small}}
scale:
  - {{value: 0, label: None, meaning: none}}
  - {{value: 2, label: Some, meaning: some}}
  - {{value: 4, label: Full, meaning: full}}
groups:
  panel: {{name: Panel, members: {{p1: {{name: Pat, role: Chair, declared: 2027-01-01}}}}}}
criteria:
  - {{id: Q1, title: Quality, weight: 100}}
bids:
{bids}
scores:
  p1:
{cells}
feedback:
{feedback}
award:
  decided: 2027-03-01
  by: The board
{award}"""


def test_a_tie_settled_by_the_awards_reason(tmp_path):
    text = small_round("  bids: [a]\n", {"a": 4, "b": 4, "c": 2})
    path = tmp_path / "tie.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_udc("check", path)
    assert run.returncode == 1 and "the award is for a but a, b are ranked first; expected 'reason: <why>'" in run.stdout
    path.write_text(text + "  reason: \"A and B tied; the board chose A for its earlier start date.\"\n",
                    encoding="utf-8")
    files = write_summaries(tmp_path, path, "html")
    b = files["small-summary-b.html"]
    assert "This tender ranked 1 of 3 tenders in contention (a tie: another tender has the same rank)" in b
    assert "It was not awarded, although its total is not below that of the awarded tender (100.00)." in b
    assert "The award&#39;s reason: A and B tied; the board chose A for its earlier start date." in b
    assert "Bidder A" in b and "Bidder C" not in b
    a = files["small-summary-a.html"]
    assert "This tender is the most advantageous tender" in a and "Bidder B" not in a
    c = files["small-summary-c.html"]
    assert "Bidder B" not in c and "50.00 points more" in c


def test_a_framework_award_of_two_bids(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text(small_round("  bids: [a, b]\n  reason: \"A framework of the two highest-ranked suppliers.\"\n",
                                {"a": 4, "b": 2, "c": 0}), encoding="utf-8")
    files = write_summaries(tmp_path, path, "markdown")
    c = files["small-summary-c.md"]
    assert "## The awarded tender" not in c
    assert "## An awarded tender: Bidder A (bid a)" in c and "## An awarded tender: Bidder B (bid b)" in c
    assert "the lowest-scoring awarded tender scored 50.00, 50.00 points more" in c
    a = files["small-summary-a.md"]
    assert "one of the 2 most advantageous tenders" in a and "Bidder B" not in a and "Bidder C" not in a


def test_a_disqualified_bid_is_told_every_reason(tmp_path):
    path = edited(tmp_path, ('Q1: {score: 2, reason: "The team agreed the survey-only plan gives young people no real '
                             'say.", meeting: mod-1}', 'Q1: {score: 0, reason: "No say at all.", meeting: mod-1}'),
                  ("northstar: {M1: pass,", "northstar: {M1: fail,"))
    files = write_summaries(tmp_path, path, "html", "--bid", "northstar")
    text = files["cyp-mh-2027-summary-northstar.html"]
    assert "This tender was not awarded because it was out of contention, for these reasons:" in text
    assert "<p>Q1 scored 1.56, below its minimum of 2.</p>" in text
    assert "<p>Failed M1 (Registered with the Care Quality Commission): marked fail by commissioners.</p>" in text
    assert "ranked" not in text.split("<h2>Outcome</h2>")[1].split("</p>")[0]
