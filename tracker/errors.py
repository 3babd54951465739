"""Errors whose messages are written for the person at the keyboard.

The CLI prints them as one line and the dashboard shows them at the field; anything that is
not a TrackerError is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class TrackerError(Exception):
    """A failure the user can act on; its message is safe to show as it is."""


class NotFoundError(TrackerError):
    """The thing asked for does not exist (unknown athlete, session, exercise...)."""


class PermissionDenied(TrackerError):
    """The viewer may not see or change this data."""


@dataclass(frozen=True)
class FieldProblem:
    field: str  # dotted path of the input, e.g. "sets.2.reps" (0-based list index)
    message: str  # human sentence naming the field and the allowed range

    def __str__(self) -> str:
        return self.message


class ValidationError(TrackerError):
    """Input refused before anything was written; `problems` has one entry per bad field."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldProblem(field, message)])

    def for_field(self, field: str) -> str | None:
        """The message for one field, if it was refused (for showing it at the input)."""
        return next((p.message for p in self.problems if p.field == field), None)
