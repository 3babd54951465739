"""Training-load and back-pain tracker for lifters: models, store, load maths, triage, advice."""
