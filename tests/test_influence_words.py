"""`udc influence` says one consistent thing: one definition, the criteria that made the difference,
no repeated sentences and no symbols in --plain (issue 11, section 3)."""

from __future__ import annotations

import json
import re
from fractions import Fraction

from support import EXAMPLES, ROOT

from udc.analysis.influence import criterion_effects
from udc.analysis.what_if import hypothetical, without_criterion_method
from udc.core.engine import score
from udc.core.pipeline import check_path
from udc.views.influence import DEFINITION, DIFFER, differ_sentence

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"
SYMBOLS = ("→", "≈", "×", "|", "–", "—", "<", ">", "=")


def test_plain_says_each_sentence_once_without_symbols(udc):
    run = udc("influence", EXAMPLE, "--plain", "--samples", "200", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(set(lines)), [x for x in lines if lines.count(x) > 1]
    assert lines.count(DEFINITION) == 1
    for symbol in SYMBOLS:
        assert symbol not in run.stdout, symbol
    assert not re.search(r"\d/\d", run.stdout)
    for jargon in ("blended", "resampled", "draw level", "counterfactual"):
        assert jargon not in run.stdout.lower(), jargon


def test_plain_names_the_interview_as_what_made_the_difference(udc):
    run = udc("influence", EXAMPLE, "--plain", "--samples", "0", cwd=ROOT)
    assert ("Its scores on I1 (Interview: what it feels like to use your service) made the difference: without "
            "those scores alone, Northstar Health Partners Ltd would have ranked first.") in run.stdout
    assert "Taking out its scores on any one criterion would not change the winner either." in run.stdout


def test_json_gives_each_criterion_and_the_exact_moves(udc):
    run = udc("influence", EXAMPLE, "--format", "json", "--samples", "0", cwd=ROOT)
    team = next(g for g in json.loads(run.stdout)["groups"] if g["id"] == "lived-experience")
    by_id = {c["criterion"]: c for c in team["criteria"]}
    assert (by_id["I1"]["decisive"], by_id["I1"]["alone"], by_id["I1"]["first"]) == (True, True, ["northstar"])
    assert (by_id["Q1"]["decisive"], by_id["Q1"]["alone"]) == (False, False)
    # Without I1, Q1-Q4 (55) fill the 70 quality marks: Northstar's 112/3 x 3/11 more, less its I1 points (6).
    assert by_id["I1"]["moves_exact"]["northstar"] == str(Fraction(112, 11) - 6) == "46/11"


def test_taking_a_shared_criterion_out_passes_the_share_to_the_co_assessors():
    checked = check_path(EXAMPLE)
    actual = score(checked.method)
    changed = without_criterion_method(checked.method, "lived-experience", "Q1")
    q1 = changed.scored_by_id("Q1")
    assert set(q1.shares) == {"commissioners"} and q1.weight == 15
    assert changed.quality_weight == 70
    effects = {e.criterion: e for e in criterion_effects(actual, "lived-experience")}
    bp = hypothetical(changed, actual).bid("brightpath")
    assert effects["Q1"].moves["brightpath"] == bp.total - actual.bid("brightpath").total == Fraction(-1, 2)


def test_when_the_two_tests_disagree_one_sentence_says_why():
    data = {"winner": "a"}
    agree = {"first_at_stake_zero": ["b"], "decisive": True, "without": {"nothing_left": False}}
    disagree = {"first_at_stake_zero": ["a"], "decisive": True, "without": {"nothing_left": False}}
    assert differ_sentence(data, agree) == []
    assert differ_sentence(data, disagree) == [DIFFER]


def test_lived_experience_groups_lead(udc):
    out = udc("influence", EXAMPLE, "--plain", "--samples", "0", cwd=ROOT).stdout
    assert out.index("The Lived Experience Team's scores decided the winner.") < \
        out.index("The Commissioning panel's scores did not change the winner.")
    data = json.loads(udc("influence", EXAMPLE, "--format", "json", "--samples", "0", cwd=ROOT).stdout)
    assert [g["id"] for g in data["groups"]] == ["lived-experience", "commissioners"]
    assert data["groups"][0]["lived_experience"] is True


def test_reweighting_the_real_cells_gives_what_the_engine_gives_afresh():
    from udc.analysis.what_if import reweighted

    checked = check_path(EXAMPLE)
    actual = score(checked.method)
    for group in ("lived-experience", "commissioners"):
        for c in checked.method.scored:
            if group not in c.shares:
                continue
            changed = without_criterion_method(checked.method, group, c.id)
            fast, fresh = reweighted(changed, actual), hypothetical(changed, actual)
            assert [(b.id, b.total, b.rank, b.status, b.contributions) for b in fast.bids] == \
                [(b.id, b.total, b.rank, b.status, b.contributions) for b in fresh.bids]
