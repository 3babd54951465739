"""Scoring the weekly back check-in, after the OSTRC questionnaire on health problems (pure).

Modelled on the Oslo Sports Trauma Research Center (OSTRC) questionnaire on health problems:

- Clarsen B, Myklebust G, Bahr R. Development and validation of a new method for the
  registration of overuse injuries in sports injury epidemiology: the Oslo Sports Trauma
  Research Centre (OSTRC) Overuse Injury Questionnaire. Br J Sports Med 2013;47:495-502.
- Clarsen B, Bahr R, Myklebust G, et al. Improved reporting of overuse injuries and health
  problems in sport: an update of the Oslo Sport Trauma Research Center questionnaires
  (OSTRC-H2). Br J Sports Med 2020;54:390-396.

How it is adapted here: the four OSTRC-H2 questions (participation, training volume,
performance, symptoms) are asked about one body area, the low back, "in the past 7 days",
in plain words. Each has four answers scored 0, 8, 17 and 25 as in OSTRC-H2, and the
severity score is their sum (0-100). A week counts as a *substantial* back problem as OSTRC
defines it: training volume or performance reduced to a moderate or major extent, or unable
to participate at all. It is a self-report for following one lifter over time, not a
diagnosis; the pain log and triage (tracker.science.triage) still cover red flags.
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


SCORES = (0, 8, 17, 25)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "participation",
        "In the past 7 days, have back problems made it hard to take part in your normal training or competition?",
        (
            ("Full participation without back problems", 0),
            ("Full participation, but with back problems", 8),
            ("Reduced participation due to back problems", 17),
            ("Could not participate due to back problems", 25),
        ),
    ),
    Question(
        "volume",
        "In the past 7 days, how much have you cut your training volume because of back problems?",
        (("No reduction", 0), ("To a minor extent", 8), ("To a moderate extent", 17), ("To a major extent", 25)),
    ),
    Question(
        "performance",
        "In the past 7 days, how much have back problems affected how well you trained or competed?",
        (("No effect", 0), ("To a minor extent", 8), ("To a moderate extent", 17), ("To a major extent", 25)),
    ),
    Question(
        "symptoms",
        "In the past 7 days, how much back pain or other back symptoms have you had?",
        (("No back pain", 0), ("Mild", 8), ("Moderate", 17), ("Severe", 25)),
    ),
)
KEYS = tuple(question.key for question in QUESTIONS)
COLUMNS = ["week_start", *KEYS, "severity"]

#: OSTRC's "substantial" problem: these answers or worse.
_SUBSTANTIAL_FROM = {"participation": 25, "volume": 17, "performance": 17}


def checked_answers(answers: dict[str, Any]) -> dict[str, int]:
    """The four scores as ints, or ValidationError naming the first bad question."""
    if not isinstance(answers, dict):
        raise ValidationError.single("answers", f"answers must map each of {', '.join(KEYS)} to a score")
    allowed = ", ".join(str(score) for score in SCORES)
    unknown = sorted(str(key) for key in answers if key not in KEYS)
    if unknown:
        raise ValidationError.single(unknown[0], f"{unknown[0]!r} is not a check-in question (questions: {', '.join(KEYS)})")
    scores = {}
    for question in QUESTIONS:
        if question.key not in answers or answers[question.key] is None:
            raise ValidationError.single(question.key, f"{question.key}: answer this question (score {allowed})")
        value = answers[question.key]
        if isinstance(value, bool) or not isinstance(value, Integral) or int(value) not in SCORES:
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
