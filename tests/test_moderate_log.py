"""`udc moderate --log`: the moderation log (each moderated cell, its scores before and after, and the
reasons), as text, Markdown, JSON and plain sentences.

Every round here is written as YAML text into tmp_path and run through the
installed ``udc`` entry point, as a facilitator would.
"""

from __future__ import annotations

import hashlib
import json

from support import write
from rounds import DECIDER


# ---------------------------------------------------------------- the moderation log


# A realistic record in the style of a published FOI moderation log: three commissioners each move a 4 to a 3
# after discussion, one moves a 2 to a 3, and the Lived Experience Team agrees a group score.
FOI_ROUND = """\
# Lot 1: community mental health recovery service. Moderation meeting held 14 October 2026.
udc: 1
round:
  id: recovery-lot1
  title: Community mental health recovery service, lot 1
  authority: Westshire County Council

scale:
  - {value: 0, label: Unacceptable, meaning: "No response."}
  - {value: 1, label: Poor, meaning: "Major omissions."}
  - {value: 2, label: Satisfactory, meaning: "Meets the minimum with gaps."}
  - {value: 3, label: Good, meaning: "Meets the requirement with minor omissions."}
  - {value: 4, label: Very good, meaning: "Fully meets the requirement with evidence."}
  - {value: 5, label: Excellent, meaning: "Exceeds the requirement."}

groups:
  commissioners:
    name: Commissioning panel
    members:
      ev1: {name: Evaluator 1, declared: 2026-09-01}
      ev2: {name: Evaluator 2, declared: 2026-09-01}
      ev3: {name: Evaluator 3, declared: 2026-09-01}
  lived-experience:
    name: Lived Experience Team
    members:
      lx1: {name: Panel member A, declared: 2026-09-01}
      lx2: {name: Panel member B, declared: 2026-09-01}

criteria:
  - {id: Q1, title: Service model, weight: 40, assessed_by: [commissioners]}
  - {id: Q2, title: Safeguarding, weight: 30, assessed_by: [commissioners]}
  - {id: Q3, title: Recovery and peer support, weight: 30, assessed_by: [lived-experience]}

bids:
  - {id: harbour, bidder: Harbour Wellbeing Ltd}
  - {id: meadow, bidder: Meadow Recovery CIC}

scores:
  ev1:
    harbour:
      Q1: {score: 3, reason: "Model is clear but step-down pathway is thin.", was: 4, why: "Moderation: panel agreed the step-down pathway lacks detail."}
      Q2: 3
    meadow: {Q1: 3, Q2: 4}
  ev2:
    harbour:
      Q1: {score: 3, was: 4, why: "Moderation: agreed with ev1 on the step-down pathway."}
      Q2: {score: 3, was: 4, why: "Moderation: no named safeguarding lead for out-of-hours."}
    meadow: {Q1: 3, Q2: 4}
  ev3:
    harbour: {Q1: 3, Q2: 3}
    meadow:
      Q1: {score: 3, was: 2, why: "Moderation: the mobilisation plan in appendix B had been missed."}
      Q2: {score: 3, was: 4, why: "Moderation: the training offer is generic."}
  lx1:
    harbour: {Q3: 2}
    meadow: {Q3: 5}
  lx2:
    harbour: {Q3: 4}
    meadow: {Q3: 4}

moderation:
  lived-experience:
    harbour:
      Q3: {score: 3, reason: "Peer roles are promised but not funded; the team settled on Good."}
"""

FOI_LOG = """\
MODERATION LOG: Community mental health recovery service, lot 1
Round: recovery-lot1
Authority: Westshire County Council
File: {fingerprint}
Moderated cells: 5; individual scores changed: 5; agreed group scores: 1.

1. Q1 Service model | Harbour Wellbeing Ltd (harbour) | Commissioning panel (commissioners)
   Initial scores: ev1 4, ev2 4, ev3 3. Group figure: 3.67 (mean).
   Score changed: ev1 (Evaluator 1) 4 → 3. Reason for change: Moderation: panel agreed the step-down pathway lacks detail.
     Reason for the new score: Model is clear but step-down pathway is thin.
   Score changed: ev2 (Evaluator 2) 4 → 3. Reason for change: Moderation: agreed with ev1 on the step-down pathway.
   Moderated scores: ev1 3, ev2 3, ev3 3.
   Group figure after moderation: 3 (mean).

2. Q2 Safeguarding | Harbour Wellbeing Ltd (harbour) | Commissioning panel (commissioners)
   Initial scores: ev1 3, ev2 4, ev3 3. Group figure: 3.33 (mean).
   Score changed: ev2 (Evaluator 2) 4 → 3. Reason for change: Moderation: no named safeguarding lead for out-of-hours.
   Moderated scores: ev1 3, ev2 3, ev3 3.
   Group figure after moderation: 3 (mean).

3. Q1 Service model | Meadow Recovery CIC (meadow) | Commissioning panel (commissioners)
   Initial scores: ev1 3, ev2 3, ev3 2. Group figure: 2.67 (mean).
   Score changed: ev3 (Evaluator 3) 2 → 3. Reason for change: Moderation: the mobilisation plan in appendix B had been missed.
   Moderated scores: ev1 3, ev2 3, ev3 3.
   Group figure after moderation: 3 (mean).

4. Q2 Safeguarding | Meadow Recovery CIC (meadow) | Commissioning panel (commissioners)
   Initial scores: ev1 4, ev2 4, ev3 4. Group figure: 4 (mean).
   Score changed: ev3 (Evaluator 3) 4 → 3. Reason for change: Moderation: the training offer is generic.
   Moderated scores: ev1 4, ev2 4, ev3 3.
   Group figure after moderation: 3.67 (mean).

5. Q3 Recovery and peer support | Harbour Wellbeing Ltd (harbour) | Lived Experience Team (lived-experience)
   Initial scores: lx1 2, lx2 4. Group figure: 3 (mean).
   Agreed group score: 3. Reason: Peer roles are promised but not funded; the team settled on Good.
   Group figure after moderation: 3 (agreed).
"""


def test_log_reproduces_a_published_style_moderation_record(udc, tmp_path):
    path = write(tmp_path, FOI_ROUND)
    run = udc("moderate", path, "--log")
    assert run.returncode == 0, run.stderr
    fingerprint = "sha256:" + hashlib.sha256(FOI_ROUND.encode("utf-8")).hexdigest()
    assert run.stdout == FOI_LOG.format(fingerprint=fingerprint)


def test_log_in_markdown_json_and_plain(udc, tmp_path):
    path = write(tmp_path, FOI_ROUND)
    markdown = udc("moderate", path, "--log", "--format", "markdown").stdout
    assert "| No. | Question | Bidder | Group | Evaluator | Initial score | Moderated score | Reason |" in markdown
    assert ("| 2 | Q2 Safeguarding | Harbour Wellbeing Ltd | Commissioning panel | ev2 (Evaluator 2) | 4 | 3 | "
            "Moderation: no named safeguarding lead for out-of-hours. |") in markdown
    records = json.loads(udc("moderate", path, "--log", "--format", "json").stdout)["records"]
    assert [(r["bid"], r["criterion"], len(r["changes"])) for r in records] == [
        ("harbour", "Q1", 2), ("harbour", "Q2", 1), ("meadow", "Q1", 1), ("meadow", "Q2", 1), ("harbour", "Q3", 0)]
    assert records[0]["figure_before"] == {"value": 3.67, "exact": "11/3", "how": "mean"}
    plain = udc("moderate", path, "--log", "--plain").stdout
    assert "Score changed: ev1 (Evaluator 1) from 4 to 3." in plain and "→" not in plain
    only = json.loads(udc("moderate", path, "--log", "--format", "json", "--group", "lived-experience").stdout)
    assert [(r["group"], r["number"]) for r in only["records"]] == [("lived-experience", 1)]


def test_recorded_outcomes_appear_in_the_log_in_file_order(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    assert udc("moderate", path, "--revise", "c2", "d", "Q2", "1", "--why", "Met halfway.").returncode == 0
    assert udc("moderate", path, "--record", "le", "b", "Q1", "3", "--reason", "Good, minor gaps.").returncode == 0
    log = udc("moderate", path, "--log").stdout
    assert "Moderated cells: 2; individual scores changed: 1; agreed group scores: 1." in log
    first, second = log.split("\n1. ", 1)[1].split("\n2. ", 1)
    assert first.startswith("Q2 Delivery | Damson Ltd (d) | Commissioners (com)")
    assert "Score changed: c2 (Cal Two) 2 → 1. Reason for change: Met halfway." in first
    assert "Group figure after moderation: 0.50 (mean)." in first
    assert second.startswith("Q1 Co-production | Birch Support (b) | Lived Experience Team (le)")
    assert "Initial scores: l1 1, l2 4. Group figure: 2.50 (mean)." in second
