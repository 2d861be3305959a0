"""`udc explain`: the Lived Experience Team's own account, in Easy Read (issue 11, section 1).

Readability is measured, not assumed: Flesch reading ease (textstat) at least 70, no sentence over
20 words and 15 on average, no symbols, no banned jargon, whole numbers only."""

from __future__ import annotations

import re

import pytest
from support import EXAMPLES

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"
SYMBOLS = ("→", "≈", "×", "|", "–", "—", "/", "\\", "<", ">", "=", "#", "*", "%", "~", "^", "±", "&", "(", ")")
JARGON = ("tie-break", "tie break", "aggregate", "median", "resampled", "counterfactual", "blended", "bootstrap",
          "percentile", "consensus", "criterion", "criteria", "contention", "effective stake", "weighted",
          "draw level", "renormalised", "in proportion", "quality marks", "disqualif", "sweep")


@pytest.fixture(scope="module")
def account():
    from support import run_udc

    run = run_udc("explain", EXAMPLE)
    assert run.returncode == 0, run.stderr
    return run.stdout


def sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        found += [s for s in re.split(r"(?<=[.?!])\s+", line.strip()) if s]
    return found


def test_flesch_reading_ease_is_at_least_70(account):
    textstat = pytest.importorskip("textstat")
    assert textstat.flesch_reading_ease(account) >= 70


def test_sentences_are_short(account):
    words = [len(s.split()) for s in sentences(account)]
    assert max(words) <= 20, [s for s in sentences(account) if len(s.split()) > 20]
    assert sum(words) / len(words) <= 15


def test_no_symbols_no_fractions_no_decimals(account):
    for symbol in SYMBOLS:
        assert symbol not in account, symbol
    assert not re.search(r"\d[.,/]\d", account)


def test_no_banned_jargon_and_moderation_is_explained(account):
    lower = account.lower()
    for word in JARGON:
        assert word not in lower, word
    first = lower.index("moderation")
    assert "this meeting is called moderation." in lower[:first + len("moderation.")]


def test_the_team_is_told_its_stake_decided_the_winner(account):
    assert "You were promised 20 in every 100 points of the say." in account
    assert "Yes. Your scores decided who won." in account
    assert "This means that without your scores, a different bid would have come first." in account
    assert "If you had had less than 9 in every 100 points, Northstar Health Partners Ltd would have won." in account


def test_the_interview_scores_made_the_difference(account):
    assert "Your scores on I1, Interview: what it feels like to use your service, made the difference." in account
    assert "Your scores on Q1 did not change who won on their own." in account
    assert "Northstar Health Partners Ltd would have gained about 4 points." in account


def test_whose_view_moderation_followed(account):
    assert "Your score for Northstar Health Partners Ltd on Q1 went down by less than 1 point." in account
    assert "This moved your score further from the score of the Commissioning panel." in account
    assert "It kept to your own view." in account


def test_one_idea_a_line_and_every_section_has_a_heading(account):
    blocks = account.strip().split("\n\n")
    assert len(blocks) >= 7
    for block in blocks:
        heading = block.splitlines()[0]
        assert heading.endswith("?") or not heading.endswith("."), heading


def test_html_is_large_type_and_markdown_has_the_same_words(udc, tmp_path, account):
    page = tmp_path / "explain.html"
    assert udc("explain", EXAMPLE, "--format", "html", "-o", page).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert re.search(r"body \{[^}]*font-size: 20px", html)
    assert "<h1>What did your say do in the tender?</h1>" in html and "<script" not in html
    markdown = udc("explain", EXAMPLE, "--format", "markdown").stdout
    assert markdown.startswith("# What did your say do in the tender?")
    assert "## Which of your scores made the difference?" in markdown


def test_any_group_can_be_explained_and_an_unknown_one_is_refused(udc):
    panel = udc("explain", EXAMPLE, "--group", "commissioners")
    assert panel.returncode == 0 and "No. Your scores did not decide who won." in panel.stdout
    unknown = udc("explain", EXAMPLE, "--group", "nobody")
    assert unknown.returncode == 2 and "unknown group 'nobody'" in unknown.stderr and unknown.stdout == ""


def test_what_became_of_each_of_the_four_things_said(account):
    assert "You told us 4 things before the tender." in account
    for heading in ("First thing you said", "Second thing you said", "Third thing you said", "Fourth thing you said"):
        assert f"\n\n{heading}\n" in account
    assert "We want to be seen within four weeks, not put on a waiting list.\nThis became question Q3, Access and " \
           "waiting times.\nIt is worth 10 points out of 100.\nBrightPath Youth CIC got 3 out of 5." in account
    assert "This was not used. This is why.\nThe budget set by the Integrated Care Board could not cover evening " \
           "and weekend opening.\nIt is a review point in year two of the contract." in account


def test_the_team_is_the_default_reader_and_wrote_its_questions(account):
    assert "It is written for the Lived Experience Team." in account and "The part for" not in account
    assert "You wrote question I1, Interview: what it feels like to use your service." in account
    assert "You helped to write question Q1, Co-production with young people." in account


def test_a_thing_said_with_nothing_recorded_is_listed_not_hidden(udc, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("    not_used: ")
    path = tmp_path / "round.yaml"
    path.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    run = udc("explain", path)
    assert run.returncode == 0, run.stderr
    assert "The service should be open in the evenings and at weekends.\nNothing was written down about what " \
           "became of this." in run.stdout


def test_a_tie_for_first_is_said_plainly_and_the_report_still_renders(udc, tmp_path):
    from rounds import two_group_round

    path = tmp_path / "tie.yaml"
    path.write_text(two_group_round([("a", 100, 3, 3, 3), ("b", 100, 3, 3, 3)]), encoding="utf-8")
    run = udc("explain", path, "--group", "le")
    assert run.returncode == 0, run.stderr
    assert "No bid came first on its own, so nobody has won yet." in run.stdout
    assert "Even with less say" not in run.stdout
    report = udc("report", path)
    assert report.returncode == 0, report.stderr
