"""The pure core: load maths, per-session loads, weekly tables, triage, advice, their settings
and check-in scoring. Imports nothing from the database, the dashboard or plotly — only
`tracker.vocab` and `tracker.errors` — so every rule can be tested and reused on plain frames
(the import contract in pyproject.toml keeps it that way).
"""
