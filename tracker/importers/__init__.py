"""Bringing history in from Strong, Hevy, FitNotes and the tracker's own export."""
