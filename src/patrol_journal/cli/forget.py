"""`pj forget`: erase a person from the journal (lawful erasure)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.complete import complete_person
from patrol_journal.cli.root import app
from patrol_journal.index.ids import person_name
from patrol_journal.vocab import plural

if TYPE_CHECKING:
    from patrol_journal.journal.forget import Forgotten


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
    the journal has problems. Every mention of the person goes, in every field of every
    record (each word of their name, possessives, other spellings), and from the copies
    beside the journal and every index cache. A sealed erasure record says when, why
    (a --reason naming anyone is refused) and how many records changed, never whom; the
    hash chain still verifies. It says what it cannot reach: teammates' journals (and
    whom to ask), git history, backups. See docs/privacy.md.
    """
    from patrol_journal.errors import UsageError

    run = state(ctx)
    path = run.journal_path
    if (name is None) == (before is None):
        raise UsageError("give the NAME of the person to erase, or --before DATE, not both")
    _check_reason(run, reason)
    if before is not None:
        _retention(run, path, before, yes=yes, reason=reason, json_=json_)
        return
    assert name is not None
    person = _Person.named(run, name)
    if not yes:
        _ask(
            f"erasing {person.shown}",
            lambda: _changes(
                person.erase(run, path, reason, dry_run=True).changed,
                f"mentions {person.shown}",
                f"mention {person.shown}",
            ),
            f"Erase {person.shown} from {path}?",
        )
    done = person.erase(run, path, reason, dry_run=False)
    scrubbed = [str(copy) for copy in done.copies_scrubbed]
    cleared = _purge_cache(run, path)
    copies = _copies(path, side_files=False)
    teammates = _teammates_mentioning(path, person.mentions)
    if json_:
        emit_json(
            {
                "records_changed": done.changed,
                "erasure": done.erasure_id,
                "copies_scrubbed": scrubbed,
                "caches_cleared": cleared,
                "copies": copies,
                "teammates": [{"journal": j, "officer": o} for j, o in teammates],
            }
        )
        return
    changed = plural(done.changed, "record")
    typer.echo(f"Erased {person.shown}: {changed} changed; erasure record {done.erasure_id}.")
    for copy in scrubbed:
        typer.echo(f"  taken out of the copy beside it: {copy}")
    for journal, officer in teammates:
        typer.echo(
            f"  still mentioned in {journal}, {officer}'s journal: only {officer} can erase "
            f"there (ask them to run pj forget)"
        )
    _beyond_reach(copies)


class _Person:
    """The person being erased: every spelling of their name (look-alike letters of
    another alphabet are theirs too), and how a text or a copy is taken from them."""

    def __init__(self, shown: str, spellings: list[str]) -> None:
        from patrol_journal.mentions import Mentions, Scrubber
        from patrol_journal.vocab import skeleton

        self.shown = shown
        self.them = frozenset(skeleton(spelling) for spelling in spellings)
        self.mentions = Mentions(spellings)
        self.everything = Scrubber(self.mentions)  # their name, phone numbers, addresses...

    @classmethod
    def named(cls, run: Any, name: str) -> _Person:
        """The one person `name` names whole (the start of a name is refused)."""
        from patrol_journal.errors import UsageError
        from patrol_journal.views.names import resolve
        from patrol_journal.views.redact import everyone
        from patrol_journal.vocab import clean_text, skeleton

        with run.open_index() as index:
            key = resolve(index, name, "person", written=True)
            shown = person_name(index, key)
            if skeleton(name) != skeleton(shown):  # found by the start of the name only
                raise UsageError(
                    f"'{clean_text(name)}' is only the start of {shown}'s name: give the "
                    "whole name to erase them (nothing was changed)"
                )
            spellings = [other for other in everyone(index) if skeleton(other) == skeleton(shown)]
        return cls(shown, spellings)

    def is_them(self, other: str) -> bool:
        from patrol_journal.vocab import skeleton

        return skeleton(other) in self.them

    def scrub(self, text: str) -> str:
        """Their name out of a text; a text that names them loses its phone numbers,
        e-mail addresses, addresses and registrations too (they may be theirs)."""
        return self.everything(text) if self.mentions.spans(text) else text

    def cut_name(self, word: str) -> bool:
        """A word cut off at the end of a torn copy that begins one of their names."""
        from patrol_journal.mentions import normalised

        start = normalised(word)[0]
        return len(start) >= 3 and any(unit.startswith(start) for unit in self.mentions.units)

    def erase(self, run: Any, path: Path, reason: str | None, *, dry_run: bool) -> Forgotten:
        from patrol_journal.journal.forget import forget as erase

        label = "Reading the journal" if dry_run else "Erasing"
        with run.progress(label) as progress:
            return erase(
                path,
                self.is_them,
                self.scrub,
                now=run.now(),
                reason=reason,
                scope="person",
                dry_run=dry_run,
                scrub_theirs=self.everything,
                copies=_side_files(path),
                cut_name=self.cut_name,
                progress=progress,
            )


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
        with run.progress("Reading the journal") as progress:
            count = forget_before(
                path,
                cutoff,
                now=run.now(),
                reason=reason,
                dry_run=True,
                live=live,
                progress=progress,
            ).changed
        return _changes(count, f"dates from before {before}", f"date from before {before}")

    if not yes:
        _ask("erasing everything before a date", plan, "Erase them?")
    with run.progress("Erasing the details") as progress:
        done = forget_before(
            path, cutoff, now=run.now(), reason=reason, live=live, progress=progress
        )
    cleared = _purge_cache(run, path)
    copies = _copies(path)
    if json_:
        emit_json(
            {
                "records_changed": done.changed,
                "erasure": done.erasure_id,
                "copies": copies,
                "caches_cleared": cleared,
                "kept_live_concerns": kept,
            }
        )
        return
    typer.echo(f"Erased the details of {plural(done.changed, 'record')} before {before}.")
    if kept:
        typer.echo(
            f"Kept {plural(kept, 'concern')} still open or owed a report-back, with who "
            "raised them: the loop is not closed yet (run this again once it is)."
        )
    _beyond_reach(copies)


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


def _check_reason(run: Any, reason: str | None) -> None:
    """The erasure record says why, never whom: a reason naming anyone the journal knows
    (or giving a phone number or an address) is refused before anything changes."""
    if not reason:
        return
    from patrol_journal.errors import UsageError
    from patrol_journal.mentions import Mentions, identifiers
    from patrol_journal.views.redact import everyone

    with run.open_index() as index:
        spans = Mentions(everyone(index)).spans(reason)
    found = [reason[start:end] for start, end in spans]
    found += [reason[start:end] for start, end, _kind in identifiers(reason)]
    if found:
        raise UsageError(
            f"--reason names someone or how to reach them ('{found[0]}'): the erasure "
            "record says why, never whom; say it without a name (nothing was changed)"
        )


def _side_files(path: Path) -> list[Path]:
    return sorted(
        copy
        for pattern in (f"{path.name}.torn-*", f"{path.name}.format*-*")
        for copy in path.parent.glob(pattern)
        if copy.is_file() and not copy.is_symlink()
    )


def _purge_cache(run: Any, path: Path) -> int:
    """Delete every index pj keeps, of this journal under any path it had and of every
    team (freed SQLite pages keep old text; an index is only a cache), then rebuild this
    journal's. How many files went."""
    from patrol_journal.index.files import clear_caches
    from patrol_journal.index.store import Index

    cleared = clear_caches()
    with run.progress("Indexing the journal") as progress:
        Index.open(path, progress=progress).close()
    return cleared


def _teammates_mentioning(path: Path, mentions: Any) -> list[tuple[str, str]]:
    """The teammates' journals in this clone that still mention the person, with whose
    each is: an officer cannot erase a colleague's notebook."""
    from patrol_journal.errors import JournalError
    from patrol_journal.team.layout import read_regular, team_of

    team = team_of(path)
    if team is None:
        return []
    found = []
    for journal in team.journal_paths():
        if journal.resolve() == path.resolve():
            continue
        try:
            text = read_regular(journal).decode("utf-8", "replace")
        except (OSError, JournalError):
            continue
        if mentions.found_in(text):
            found.append((f"{journal.parent.name}/{journal.name}", team.officer_of(journal)))
    return found


def _beyond_reach(copies: list[str]) -> None:
    """What pj cannot erase, said as it runs."""
    typer.echo(
        "Beyond pj's reach, still holding what was erased: backups, copies sent to others, "
        "reports already written"
        + (", and the git history of the team's repository." if _in_git(copies) else ".")
    )
    for copy in copies:
        typer.echo(f"  still holds it: {copy}")


def _in_git(copies: list[str]) -> bool:
    return any(copy.endswith("(git history)") for copy in copies)


def _copies(path: Path, *, side_files: bool = True) -> list[str]:
    """Files beside the journal that keep old bytes (not after a person's erasure, which
    takes them out of those too), and the git repository it is in."""
    found = [str(copy) for copy in _side_files(path)] if side_files else []
    for folder in [path.resolve().parent, *path.resolve().parents]:
        if (folder / ".git").exists():
            found.append(f"{folder} (git history)")
            break
    return found
