"""The commands of `pj`, each with the module of `patrol_journal.cli` that defines it."""

from __future__ import annotations

# command name -> the module of patrol_journal.cli that defines it, in the order --help lists
COMMAND_MODULES: dict[str, str] = {
    "init": "init",
    "log": "log",
    "summary": "summary",
    "trends": "trends",
    "amend": "amend",
    "recent": "recent",
    "show": "show",
    "people": "people",
    "person": "person",
    "places": "places",
    "brief": "brief",
    "search": "search",
    "concern": "concern",
    "concerns": "concerns",
    "shift": "shift",
    "dar": "dar",
    "passdown": "passdown",
    "check": "check",
    "migrate": "migrate",
    "forget": "forget",
    "where": "where",
    "team": "team",
    "sync": "sync",
    "help": "help",
    "version": "help",
}

# The commands declared without typer (`declare.Command` rows in their modules): the fast
# path runs them without importing typer or pydantic.
FAST: frozenset[str] = frozenset(
    {
        "log",
        "recent",
        "people",
        "places",
        "concerns",
        "search",
        "summary",
        "trends",
        "brief",
        "person",
    }
)
