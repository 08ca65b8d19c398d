"""A beat team: a git repository holding `team.toml` and one journal per officer.

`layout` (the files), `git` (git as a subprocess), `merge` (the merge driver that joins
two copies of one journal), `sync` (`pj sync`).
"""
