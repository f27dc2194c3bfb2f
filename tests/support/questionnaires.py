"""The example questionnaires as the site loads them, and answers that add up to a
chosen total: for the scoring tests in Python and in the browser."""

from __future__ import annotations

import datetime as dt
import itertools

from etulinja.self_care.questionnaires import Item, Questionnaire, load_questionnaires
from etulinja.sources.problems import Problems
from etulinja.sources.rules import Limits
from tests.support.portal import REPO

LIMITS = Limits(today=dt.date(2026, 12, 1), languages=("fi", "sv", "en"),
                required_languages=("fi", "sv"))


def example_questionnaires() -> dict[str, Questionnaire]:
    problems = Problems(REPO)
    found = load_questionnaires(REPO / "self_care" / "questionnaires", LIMITS, problems)
    assert not problems.errors, [str(p) for p in problems]
    return found


def answers_for(questionnaire: Questionnaire, total: int,
                avoid_risk: bool = True) -> dict[str, int]:
    """Item id -> the chosen option's score, adding up to ``total``; risk items are
    filled last (and left at their lowest when the total allows), so that a score can be
    reached without the urgent-help block when possible."""
    risky = {rule.item for rule in questionnaire.risk} if avoid_risk else set()
    def step(item: Item) -> int:  # coarse items (AUDIT's 0/2/4) first, fine ones fill up
        scores = sorted(item.counted)
        return min(b - a for a, b in itertools.pairwise(scores))

    order = sorted(questionnaire.items, key=lambda item: (item.id in risky, -step(item)))
    answers = {item.id: min(item.options, key=lambda o: item.counts(o.score)).score
               for item in questionnaire.items}
    left = total - questionnaire.lowest
    for item in order:
        low = item.counts(answers[item.id])
        fitting = [o for o in item.options if item.counts(o.score) - low <= left]
        best = max(fitting, key=lambda o: item.counts(o.score))
        left -= item.counts(best.score) - low
        answers[item.id] = best.score
    assert left == 0, f"{questionnaire.id}: no answers add up to {total}"
    assert questionnaire.total(answers) == total
    return answers
