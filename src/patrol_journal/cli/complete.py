"""Shell completion of everything an officer types: names and places (from the names file,
no SQLite), ids (from the index), kinds, statuses, priorities and formats.

These are click `shell_complete` callbacks rather than typer `autocompletion` ones: typer
keeps only values that start with exactly what was typed, which would lose "José García"
for "jose" and every quoted value.

Names match the way pj matches them (case, accents, spacing) at the start of the name or
of any word in it. For bash, a value with a space or a quote is shell-quoted, so that
"José García" goes in as one argument.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

import typer

from patrol_journal.index.ids import concerns_starting, ids_starting
from patrol_journal.vocab import KINDS, PRIORITIES, STATUSES


def complete_person(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    """People met, most often met first."""
    return _names(ctx, incomplete, people=True)


def complete_place(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    """Places visited, most visited first."""
    return _names(ctx, incomplete, people=False)


def complete_kind(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    return _choices(KINDS, incomplete)


def complete_status(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    return _choices((*STATUSES, "all"), incomplete)


def complete_priority(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    return _choices(PRIORITIES, incomplete)


def complete_format(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    from patrol_journal.formats import NAMES

    return _choices(NAMES, incomplete)


def complete_interaction_id(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    """Ids of interactions (and their corrections) that start as typed."""
    return _ids(ctx, incomplete, "interaction")


def complete_record_id(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "record")


# The concerns each step can be taken on (`pj concern resolve` offers the open ones).
_STEP_FROM = {
    "note": ("open",),
    "resolve": ("open",),
    "report-back": ("resolved",),
    "reopen": ("resolved", "reported-back"),
}


def complete_concern_id(ctx: typer.Context, param: Any, incomplete: str) -> list[Any]:
    """Ids of the concerns the step can be taken on, each with its text beside it."""
    from click.shell_completion import CompletionItem

    from patrol_journal.index.store import Index

    statuses = _STEP_FROM.get(ctx.info_name or "", STATUSES)
    try:
        with Index.open(_journal_of(ctx)) as index:
            found = concerns_starting(index, incomplete.strip("'\"").lower(), statuses)
    except Exception:  # completion must never fail loudly
        return []
    return [
        CompletionItem(concern_id, help=" ".join(text.split())[:60]) for concern_id, text in found
    ]


def _journal_of(ctx: Any) -> Any:
    from patrol_journal.config import locate_journal

    root = ctx.find_root() if ctx is not None else None
    option = root.params.get("journal") if root is not None else None
    return locate_journal(option).path


def _names(ctx: Any, incomplete: str, *, people: bool) -> list[str]:
    from patrol_journal.index.files import read_names
    from patrol_journal.vocab import name_key

    try:
        known = read_names(_journal_of(ctx))[0 if people else 1]
    except Exception:  # completion must never fail loudly
        return []
    typed = name_key(incomplete.strip("'\""))
    found = [
        (count, name)
        for key, (name, count) in known.items()
        if count > 0 and (key.startswith(typed) or f" {typed}" in f" {key}")
    ]
    return _quoted([name for _count, name in sorted(found, key=lambda item: (-item[0], item[1]))])


def _ids(ctx: Any, incomplete: str, kind: str) -> list[str]:
    from patrol_journal.index.store import Index

    try:
        with Index.open(_journal_of(ctx)) as index:
            return ids_starting(index, incomplete.strip("'\"").lower(), kind)
    except Exception:  # completion must never fail loudly
        return []


def _choices(choices: tuple[str, ...], incomplete: str) -> list[str]:
    typed = incomplete.strip("'\"").lower()
    return [choice for choice in choices if choice.startswith(typed)]


def _quoted(values: list[str]) -> list[str]:
    """Bash inserts a completion as it is: quote those a shell would split."""
    bash = any(
        key.endswith("_COMPLETE") and value.startswith("complete_bash")
        for key, value in os.environ.items()
    )
    if not bash:
        return values
    return [shlex.quote(value) for value in values]
