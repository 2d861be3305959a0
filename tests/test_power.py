"""`udc moderate --power`: whose view moderation followed."""

from __future__ import annotations

import json

from support import EXAMPLES

from rounds import two_group_round

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"


def _round(tmp_path, moderation: str, com_a: str = "4") -> str:
    text = two_group_round([("a", 100, 4, 1, 3), ("b", 100, 3, 3, 3)])
    text = text.replace("    a: {Q1: 4, Q2: 3}", f"    a: {{Q1: {com_a}, Q2: 3}}")
    path = tmp_path / "r.yaml"
    path.write_text(text + moderation)
    return str(path)


def test_example_team_moved_away_from_the_commissioners(udc):
    done = udc("moderate", EXAMPLE, "--power", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    team = next(g for g in data["groups"] if g["group"] == "lived-experience")
    assert (team["moved"], team["towards"], team["away"]) == (1, {}, {"commissioners": 1})
    cell = next(c for c in data["cells"] if c["group"] == "lived-experience")
    assert (cell["bid"], cell["criterion"]) == ("northstar", "Q1")
    assert (cell["before_exact"], cell["after_exact"]) == ("7/3", "2")
    commissioners = next(c for c in data["cells"] if c["group"] == "commissioners")
    assert commissioners["others"] == []  # only the commissioners score Q2


def test_agreed_score_towards_the_other_group(udc, tmp_path):
    path = _round(tmp_path, "moderation:\n  le:\n    a:\n      Q1: {score: 3, reason: Agreed.}\n")
    data = json.loads(udc("moderate", path, "--power", "-f", "json").stdout)
    le = next(g for g in data["groups"] if g["group"] == "le")
    assert le["towards"] == {"com": 1} and le["mean_size_exact"] == "2"
    com = next(g for g in data["groups"] if g["group"] == "com")
    assert com["moved"] == 0 and com["cells"] == 0


def test_member_change_judged_against_the_other_groups_first_figure(udc, tmp_path):
    # com moves 4 -> 2 (towards le's 1); le agrees 1 -> 3 (towards com's first 4, though com ended at 2)
    path = _round(tmp_path, "moderation:\n  le:\n    a:\n      Q1: {score: 3, reason: Agreed.}\n",
                  com_a="{score: 2, was: 4, why: Moderated.}")
    done = udc("moderate", path, "--power", "--plain")
    assert done.returncode == 0, done.stderr
    assert "from 4 to 2, towards the Lived experience (1)" in done.stdout
    assert "from 1 to 3, towards the Commissioners (4)" in done.stdout
    for symbol in ("→", "≈", "×", "|"):
        assert symbol not in done.stdout


def test_table_and_markdown_name_the_direction(udc):
    table = udc("moderate", EXAMPLE, "--power")
    assert "away from" in table.stdout and table.returncode == 0
    markdown = udc("moderate", EXAMPLE, "--power", "-f", "markdown")
    assert "| Lived Experience Team | Northstar Health Partners Ltd | Q1 | 2.33 | 2 |" in markdown.stdout


def test_power_with_record_is_refused(udc):
    done = udc("moderate", EXAMPLE, "--power", "--record", "lived-experience", "northstar", "Q1", "2",
               "--reason", "x")
    assert done.returncode == 2
