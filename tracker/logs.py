"""Operational log lines — sign-ins, imports, restores, unexpected errors — one line each.

A line names ids, counts and outcomes, never health data (no pain, notes, athlete or exercise
names) and never what someone typed as a username or password. Library modules only create
loggers under "tracker"; the dashboard and the CLI call `configure_logging` to send them to
stderr at TRACKER_LOG_LEVEL (the dashboard logs INFO and up by default; the CLI, whose output
already says what happened, logs nothing unless TRACKER_LOG_LEVEL is set).
"""

from __future__ import annotations

import logging
import os
import sys

LEVEL_VARIABLE = "TRACKER_LOG_LEVEL"
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written (Streamlit and pytest swap it)."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(default_level: str = "INFO") -> None:
    """Send the tracker's log lines to stderr (once per process, however often called)."""
    wanted = os.environ.get(LEVEL_VARIABLE, default_level).strip().upper()
    level = logging.getLevelName(wanted)
    logger = logging.getLogger("tracker")
    logger.setLevel(level if isinstance(level, int) else logging.INFO)
    if not any(getattr(handler, "tracker_handler", False) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(LINE_FORMAT))
        handler.tracker_handler = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
