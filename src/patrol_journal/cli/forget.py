"""`pj forget`: erase a person from the journal (lawful erasure)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.complete import complete_person
from patrol_journal.cli.root import app


@app.command()
def forget(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="The person to erase (as for pj person).",
            shell_complete=complete_person,
            show_default=False,
        ),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before",
            metavar="DATE",
            help="Retention: erase everyone's names, texts, tips and notes of everything "
            "before DATE, keeping kinds, places, times and counts.",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Erase without asking (required off a terminal).")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", help="Why, for the erasure record (no names)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Erase a person (or, with --before, everyone's details before a date); counts kept.

    The one rewrite that removes what was written: atomic, under the lock, refused while
    the journal has problems. A sealed erasure record says when, why and how many records
    changed, never whom; the hash chain still verifies.
    """
    from patrol_journal.errors import UsageError
    from patrol_journal.journal.forget import Forgotten
    from patrol_journal.journal.forget import forget as erase
    from patrol_journal.views.names import resolve
    from patrol_journal.views.redact import Redactor
    from patrol_journal.vocab import name_key

    run = state(ctx)
    path = run.journal_path
    if (name is None) == (before is None):
        raise UsageError("give the NAME of the person to erase, or --before DATE, not both")
    if before is not None:
        _retention(run, path, before, yes=yes, reason=reason, json_=json_)
        return
    assert name is not None
    with run.open_index() as index:
        key = resolve(index, name, "person")
        shown = index.person_name(key)
        places = [row[0] for row in index.db.execute("SELECT name FROM places")]
    redactor = Redactor([shown], places)

    def is_them(other: str) -> bool:
        return name_key(other) == key

    def scrub(text: str) -> str:
        return redactor.text(text) or text

    def run_forget(*, dry_run: bool) -> Forgotten:
        return erase(
            path,
            is_them,
            scrub,
            now=run.now(),
            reason=reason,
            scope="person",
            dry_run=dry_run,
        )

    if not yes:
        _ask(
            f"erasing {shown}",
            lambda: _changes(
                run_forget(dry_run=True).changed,
                f"mentions {shown}",
                f"mention {shown}",
            ),
            f"Erase {shown} from {path}?",
        )
    done = run_forget(dry_run=False)
    _purge_cache(path)
    copies = _copies(path)
    if json_:
        emit_json({"records_changed": done.changed, "erasure": done.erasure_id, "copies": copies})
        return
    typer.echo(f"Erased {shown}: {done.changed} records changed; erasure record {done.erasure_id}.")
    typer.echo(
        "Copies pj cannot reach may still hold the name: backups, and any copy of the "
        "journal elsewhere."
    )
    for copy in copies:
        typer.echo(f"  still holds it: {copy}")


def _retention(
    run: Any, path: Path, before: str, *, yes: bool, reason: str | None, json_: bool
) -> None:
    from patrol_journal.errors import UsageError
    from patrol_journal.journal.forget import forget_before
    from patrol_journal.views.concerns import live_concerns

    cutoff = run.bound(before, end=False)
    if cutoff > run.now():
        raise UsageError(f"--before {before} is in the future; retention erases the past")
    with run.open_index() as index:
        raised = live_concerns(index)
    live = frozenset(raised)
    kept = sum(1 for ts in raised.values() if ts < cutoff.timestamp())

    def plan() -> str:
        count = forget_before(
            path, cutoff, now=run.now(), reason=reason, dry_run=True, live=live
        ).changed
        return _changes(count, f"dates from before {before}", f"date from before {before}")

    if not yes:
        _ask("erasing everything before a date", plan, "Erase them?")
    done = forget_before(path, cutoff, now=run.now(), reason=reason, live=live)
    _purge_cache(path)
    copies = _copies(path)
    if json_:
        emit_json(
            {
                "records_changed": done.changed,
                "erasure": done.erasure_id,
                "copies": copies,
                "kept_live_concerns": kept,
            }
        )
        return
    typer.echo(f"Erased the details of {done.changed} records before {before}.")
    if kept:
        from patrol_journal.vocab import plural

        typer.echo(
            f"Kept {plural(kept, 'concern')} still open or owed a report-back, with who "
            "raised them: the loop is not closed yet (run this again once it is)."
        )
    for copy in copies:
        typer.echo(f"  still holds them: {copy}")


def _changes(count: int, one: str, many: str) -> str:
    """What will change, counted in words: one record, or several."""
    if count == 1:
        return f"1 record {one}; it will change."
    return f"{count} records {many}; they will change."


def _ask(what: str, plan: Any, question: str) -> None:
    """Without --yes: at a terminal, say what will change and ask; elsewhere, refuse."""
    from patrol_journal.cli.log import at_a_terminal
    from patrol_journal.errors import UsageError

    if not at_a_terminal():
        raise UsageError(f"{what} rewrites the journal: add --yes to confirm (nothing was changed)")
    typer.echo(plan())
    if not typer.confirm(question, default=False):
        typer.echo("Nothing was erased.", err=True)
        raise typer.Exit(1)


def _purge_cache(path: Path) -> None:
    """Delete the index and names files (freed SQLite pages keep old text), then rebuild."""
    import contextlib

    from patrol_journal.index.files import index_path, names_path, team_index_path, verified_path
    from patrol_journal.index.store import Index
    from patrol_journal.team.layout import team_of

    databases = [index_path(path)]
    team = team_of(path)
    if team is not None:  # the team's index holds this journal's rows too
        databases.append(team_index_path(team.root))
    stale = [names_path(path), verified_path(path)]
    for database in databases:
        stale += [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    for file in stale:
        with contextlib.suppress(OSError):
            file.unlink()
    Index.open(path).close()


def _copies(path: Path) -> list[str]:
    """Files beside the journal that keep old bytes, and the git repository it is in."""
    found = sorted(
        str(copy)
        for pattern in (f"{path.name}.torn-*", f"{path.name}.format*-*")
        for copy in path.parent.glob(pattern)
    )
    for folder in [path.resolve().parent, *path.resolve().parents]:
        if (folder / ".git").exists():
            found.append(f"{folder} (git history)")
            break
    return found
