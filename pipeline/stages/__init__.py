"""The stages, in order: each module is a stage's pure core; ``shell`` reads what the stage before persisted, runs it, persists."""
