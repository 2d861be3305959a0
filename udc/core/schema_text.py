"""What each key of the round format means, in the format's own words (docs/round-format.md).

Editors show these on hover; :mod:`udc.core.json_schema` attaches them to the
schema and refuses to run if a key of the models has no description here.
"""

from __future__ import annotations

TOP = {
    "title": "udc round file, format 1",
    "description": "One procurement decision (one lot): who assesses, what they assess, how their scores "
                   "combine, the bids and the scores. Check it with `udc check`.",
}

DEFINITIONS = {
    "round": "Identity of the round and the rules of assessment.",
    "level": "One level of the scoring rubric.",
    "points": "A points scale: every value min + k * step up to max, without labels.",
    "group": "A stakeholder group: its promised stake and its members (the evaluators).",
    "member": "An evaluator.",
    "scored-criterion": "An ITT question or interview item, scored on the scale.",
    "price-criterion": "The price criterion, scored from each bid's price (at most one).",
    "pass-fail-criterion": "A pass/fail check, marked pass or fail; it carries no weight.",
    "bid": "A tender.",
    "score": "One evaluator's score of one cell: a bare value (4, pass, fail, absent) or a mapping "
             "with the score and its reason.",
    "agreed-score": "The score a group agreed at moderation for one cell: a bare value or a mapping "
                    "with the score and its reason.",
    "seal": "Written by `udc seal` when the method is fixed; do not edit it by hand.",
    "meeting": "A moderation meeting, interview, clarification or decision meeting, with its date and who "
               "attended.",
    "award": "Who decided the award, when, and for which bids.",
    "voice": "Something a group said while the service and the questions were being shaped, and what became "
             "of it (a \"you said, we did\" record).",
}

_CRITERION = {
    "id": "Unique id of the criterion, e.g. Q1 (letters, digits, '-' and '_').",
    "title": "Short title, shown in reports.",
    "kind": "scored (the default), price or pass-fail.",
    "text": "The question as put to bidders.",
    "section": "Label for subtotals, e.g. Quality or Social value.",
    "stage": "Label for subtotals by stage, e.g. written or interview.",
    "assessed_by": "Ids of the groups that assess it (default: all groups).",
}

PROPERTIES = {
    "": {
        "udc": "Format version: the number 1.",
        "round": "Identity of the round and the rules of assessment.",
        "scale": "The scoring rubric: a list of levels, or a points scale {min, max, step}.",
        "groups": "Stakeholder groups, by id: their stake and their members (the evaluators).",
        "criteria": "The award criteria: ITT questions (scored), pass/fail checks and price. Weights of "
                    "scored and price criteria add up to exactly 100.",
        "bids": "The tenders.",
        "scores": "Individual scores: evaluator id, then bid id, then criterion id, then the score.",
        "moderation": "Agreed (consensus) scores: group id, then bid id, then criterion id, then the score "
                      "the group agreed.",
        "feedback": "The panel's explanation to each bidder of its score on each criterion, by reference to its "
                    "tender: bid id, then criterion id, then the text.",
        "meetings": "Moderation meetings, interviews and decision meetings, with date and attendees.",
        "award": "Who decided the award, when, and for which bids.",
        "voice": "What a group said during co-production and what became of it.",
        "seal": "Written by `udc seal` when the method is fixed; do not edit it by hand.",
    },
    "round": {
        "id": "Unique id of the round: lower-case letters, digits, '-' and '_'.",
        "title": "Title of the round, for reports.",
        "authority": "The commissioning body, for reports.",
        "currency": "ISO 4217 code of bid prices (default GBP).",
        "decimals": "Places to which every published figure is rounded, half-up (0 to 6, default 2).",
        "aggregate": "How a group's members' scores combine: mean (default), median or consensus.",
        "tie_break": "Ordered keys that separate equal totals: quality, price, group:<id>, criterion:<id> "
                     "(default [quality]).",
        "minimum_quality": "Percent of the available quality marks a bid must reach.",
        "budget": "A price above it disqualifies the bid (needs a price criterion).",
        "require_reasons": "Every score and every moderated score must carry a reason (default false).",
        "divergence": "A spread of this many scale points or more between the scores of one cell is "
                      "flagged for moderation (default 2).",
        "nation": "england (default), wales, scotland or northern-ireland: whose bank holidays count when "
                  "reports count working days (the standstill period).",
    },
    "level": {
        "value": "The score: a number, zero or more, distinct from the other levels.",
        "label": "A short name, e.g. Good.",
        "meaning": "The formal descriptor.",
        "plain": "The same descriptor in plain language, for lived-experience assessors.",
    },
    "points": {
        "min": "The lowest score.",
        "max": "The highest score; reachable from min in steps.",
        "step": "The distance between neighbouring scores.",
    },
    "group": {
        "name": "Shown in reports.",
        "stake": "The percent of the whole decision promised to this group up front; udc checks the "
                 "weights and shares give exactly this.",
        "lived_experience": "true marks a group whose members take part from lived experience of the service "
                            "(the Lived Experience Team): plain-language outputs are written for it and reports "
                            "about influence lead with it (default false).",
        "members": "The evaluators, by id (unique across all groups).",
    },
    "member": {
        "name": "Shown in reports.",
        "role": "Job title or role.",
        "declared": "Date of the conflict-of-interest declaration, e.g. 2027-01-10.",
        "conflicts": "Ids of the bids this evaluator must not assess.",
    },
    "scored-criterion": {
        **_CRITERION,
        "weight": "Percent of the whole decision, above zero.",
        "shares": "How this criterion's weight is split between the groups that assess it: group id to a "
                  "positive number (default: in proportion to the groups' stakes where all declare one, "
                  "otherwise equal).",
        "minimum": "A criterion score below it disqualifies the bid; within the scale.",
        "written_by": "Ids of the groups that wrote or co-wrote the question; reports say which questions, and "
                      "what weight, a group wrote.",
    },
    "price-criterion": {
        **_CRITERION,
        "kind": "price.",
        "weight": "Percent of the whole decision, above zero.",
        "method": "lowest (score = lowest price / price) or linear (score = 1 - (price - lowest) / lowest, "
                  "at least 0).",
    },
    "pass-fail-criterion": {**_CRITERION, "kind": "pass-fail."},
    "bid": {
        "id": "Unique id of the bid: lower-case letters, digits, '-' and '_'.",
        "bidder": "The bidding organisation, as named in reports.",
        "price": "The price in the round's currency, above zero; required when there is a price criterion.",
        "withdrawn": "true if the bid was withdrawn: it is shown but never ranked.",
    },
    "score": {
        "score": "A value of the scale, pass or fail (pass/fail criteria), or absent (the evaluator did not "
                 "assess this cell: give the reason).",
        "reason": "Why this score.",
        "was": "The score before moderation, when the evaluator changed it there.",
        "why": "Why the evaluator changed the score at moderation (required with was).",
        "meeting": "Id of the meeting where the score changed.",
    },
    "agreed-score": {
        "score": "The agreed value of the scale, or pass or fail.",
        "reason": "Why the group agreed this score.",
        "meeting": "Id of the meeting where the group agreed it.",
    },
    "seal": {
        "method": "Digest of the method when it was sealed.",
        "sealed": "Date the method was sealed.",
        "method_text": "The sealed method in canonical form, so that a broken seal can name what changed.",
    },
    "meeting": {
        "id": "Unique id of the meeting, named by scores, agreed scores and the award.",
        "date": "Date of the meeting, e.g. 2027-01-20.",
        "kind": "moderation, interview, clarification, decision or other.",
        "attendees": "Ids of the evaluators present.",
        "others": "Anyone else present, e.g. \"Procurement officer (facilitator)\".",
        "notes": "Notes of the meeting.",
    },
    "award": {
        "decided": "Date of the decision.",
        "by": "Who decided: a board, or job titles.",
        "bids": "Ids of the bids awarded.",
        "meeting": "Id of the meeting where it was decided.",
        "notice": "Date the award (or intention to award) notice was published; reports count the standstill "
                  "period from it.",
        "reason": "Required when the bids awarded are not exactly those ranked first (a tie settled by the "
                  "panel, a framework of several suppliers).",
    },
    "voice": {
        "id": "Unique id of the item.",
        "group": "Id of the group that said it.",
        "said": "What the group said.",
        "date": "When it was said.",
        "became": "Ids of the criteria (ITT questions) it shaped.",
        "not_used": "Why it shaped no criterion.",
    },
}

# What the models cannot say by their types alone: (definition, key) -> JSON Schema keywords.
SHAPES = {
    ("group", "members"): {"minProperties": 1},
    ("round", "tie_break"): {"items": {"type": "string", "pattern": "^(quality|price|group:[a-z0-9][a-z0-9_-]*|"
                                                                     "criterion:[A-Za-z0-9][A-Za-z0-9_-]*)$"}},
}
