"""Scoring the weekly back check-in: the OSTRC questionnaire, asked about the low back (pure).

- Clarsen B, Myklebust G, Bahr R. Development and validation of a new method for the
  registration of overuse injuries in sports injury epidemiology: the Oslo Sports Trauma
  Research Centre (OSTRC) Overuse Injury Questionnaire. Br J Sports Med 2013;47:495-502,
  figure 1 (the questions, their answers and scores) and "Data analysis" (severity score,
  substantial problems).
- Clarsen B, Rønsen O, Myklebust G, et al. The Oslo Sports Trauma Research Center
  questionnaire on health problems. Br J Sports Med 2014;48:754-760 (the skip logic after
  question 1).
- Clarsen B, Bahr R, Myklebust G, et al. Improved reporting of overuse injuries and health
  problems in sport: an update of the OSTRC questionnaires. Br J Sports Med 2020;54:390-396
  (the wording "during the past 7 days").

The table, as scored here (each answer's score in brackets):

| question | answers |
|---|---|
| 1 participation | full participation without back problems (0) · full participation, but with back problems (8) ·
  reduced participation due to back problems (17) · could not participate due to back problems (25) |
| 2 training volume | no reduction (0) · to a minor extent (6) · to a moderate extent (13) · to a major extent (19) · could not participate at all (25) |
| 3 performance | no effect (0) · to a minor extent (6) · to a moderate extent (13) · to a major extent (19) · could not participate at all (25) |
| 4 symptoms | no back pain (0) · mild (8) · moderate (17) · severe (25) |

Skip logic after question 1: "full participation without back problems" ends the questionnaire
(questions 2-4 score 0); "could not participate" skips questions 2 and 3, which score 25.
Severity is the sum, 0-100. A *substantial* back problem: training volume or performance
reduced to a moderate extent or more, or could not participate at all. A self-report for
following one lifter over time, not a diagnosis; the pain log and triage still cover red flags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from tracker.errors import ValidationError


@dataclass(frozen=True)
class Question:
    key: str  # the WeeklyCheckin column the score goes in
    text: str
    options: tuple[tuple[str, int], ...]  # (answer, score), from no problem to the worst

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(score for _, score in self.options)

    def label(self, score: int) -> str:
        """The answer that carries `score`."""
        return next(text for text, value in self.options if value == score)


#: Question 1 answers that end or shorten the questionnaire (the skip logic).
NO_PROBLEM = 0
COULD_NOT_PARTICIPATE = 25
EXTENT = (("To a minor extent", 6), ("To a moderate extent", 13), ("To a major extent", 19), ("Could not participate at all", 25))

QUESTIONS: tuple[Question, ...] = (
    Question(
        "participation",
        "In the past 7 days, have you had any difficulties taking part in normal training and competition because of back problems?",
        (
            ("Full participation without back problems", NO_PROBLEM),
            ("Full participation, but with back problems", 8),
            ("Reduced participation due to back problems", 17),
            ("Could not participate due to back problems", COULD_NOT_PARTICIPATE),
        ),
    ),
    Question(
        "volume",
        "In the past 7 days, to what extent have you reduced your training volume because of back problems?",
        (("No reduction", 0), *EXTENT),
    ),
    Question(
        "performance",
        "In the past 7 days, to what extent have back problems affected your performance?",
        (("No effect", 0), *EXTENT),
    ),
    Question(
        "symptoms",
        "In the past 7 days, to what extent have you had back pain?",
        (("No back pain", 0), ("Mild", 8), ("Moderate", 17), ("Severe", 25)),
    ),
)
KEYS = tuple(question.key for question in QUESTIONS)
COLUMNS = ["week_start", *KEYS, "severity"]
BY_KEY = {question.key: question for question in QUESTIONS}

#: OSTRC's "substantial" problem: these answers or worse.
_SUBSTANTIAL_FROM = {"participation": COULD_NOT_PARTICIPATE, "volume": 13, "performance": 13}


def skipped(participation: int | None) -> dict[str, int]:
    """The questions question 1's answer skips, with the scores they take."""
    if participation == NO_PROBLEM:
        return {"volume": 0, "performance": 0, "symptoms": 0}
    if participation == COULD_NOT_PARTICIPATE:
        return {"volume": 25, "performance": 25}
    return {}


def checked_answers(answers: dict[str, Any]) -> dict[str, int]:
    """The four scores as ints (skipped questions filled in), or ValidationError naming the first bad question."""
    if not isinstance(answers, dict):
        raise ValidationError.single("answers", f"answers must map each of {', '.join(KEYS)} to a score")
    unknown = sorted(str(key) for key in answers if key not in KEYS)
    if unknown:
        raise ValidationError.single(unknown[0], f"{unknown[0]!r} is not a check-in question (questions: {', '.join(KEYS)})")
    scores: dict[str, int] = {}
    for question in QUESTIONS:
        allowed = ", ".join(str(score) for score in question.scores)
        value = answers.get(question.key)
        implied = skipped(scores.get("participation")).get(question.key)
        if implied is not None and value is None:
            scores[question.key] = implied
            continue
        if value is None:
            raise ValidationError.single(question.key, f"{question.key}: answer this question (score {allowed})")
        if isinstance(value, bool) or not isinstance(value, Integral) or int(value) not in question.scores:
            raise ValidationError.single(question.key, f"{question.key}: score must be one of {allowed} (got {value!r})")
        if implied is not None and int(value) != implied:
            first = BY_KEY["participation"].label(scores["participation"]).lower()
            raise ValidationError.single(question.key, f"{question.key}: not asked after \"{first}\" (it scores {implied}, got {value!r})")
        scores[question.key] = int(value)
    return scores


def recorded_scores(answers: dict[str, Any]) -> dict[str, int]:
    """Scores as stored (an export, or weeks answered before the skip logic): each a valid
    answer to its question, without checking the skip logic between them."""
    scores = {}
    for question in QUESTIONS:
        value = answers.get(question.key)
        if isinstance(value, bool) or not isinstance(value, Integral) or int(value) not in question.scores:
            allowed = ", ".join(str(score) for score in question.scores)
            raise ValidationError.single(question.key, f"{question.key}: score must be one of {allowed} (got {value!r})")
        scores[question.key] = int(value)
    return scores


def severity_score(answers: dict[str, int]) -> int:
    """The OSTRC severity score: the sum of the four scores, 0 (no problem) to 100."""
    return sum(checked_answers(answers).values())


def is_substantial(answers: dict[str, int]) -> bool:
    """True for a substantial back problem (OSTRC): training volume or performance reduced to a
    moderate or major extent, or could not participate at all."""
    scores = checked_answers(answers)
    return any(scores[key] >= threshold for key, threshold in _SUBSTANTIAL_FROM.items())


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s calendar week (a datetime counts by its date)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return day - dt.timedelta(days=day.weekday())
