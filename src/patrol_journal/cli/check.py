"""`pj check`: validate the journal; every problem with its line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.root import app

if TYPE_CHECKING:
    from patrol_journal.errors import Problem


@app.command()
def check(
    ctx: typer.Context,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Treat records changed after they were written as errors."),
    ] = False,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Move a torn tail (an interrupted write) to a side file; touches nothing else.",
        ),
    ] = False,
    team: Annotated[
        bool,
        typer.Option(
            "--team",
            help="Check every journal of your team too, and what is wrong across them "
            "(a journal claiming another's name or ids, files pj will not read).",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Validate the journal: syntax, schema, ids, references, seals, permissions.

    Exit 0 when clean (warnings allowed), 1 when problems were found.
    """
    from patrol_journal.journal.write import repair_torn_tail

    run = state(ctx)
    path = run.journal_path
    if repair:
        repaired = repair_torn_tail(path, run.now())
        if repaired is None:
            typer.echo(f"{path}: no torn tail; nothing to repair")
        else:
            typer.echo(
                f"{path}:{repaired.line}: moved {repaired.size} bytes of an incomplete record "
                f"to {repaired.moved_to}; every complete record is untouched"
            )
    now = run.now().timestamp()
    reports, shared = (
        _team_reports(path, strict, now) if team else ([_report(path, strict, now)], [])
    )
    _refresh_index(path)
    if json_:
        if team:
            emit_json({"journals": [r.to_json() for r in reports], "team": _as_json(shared)})
        else:
            emit_json(reports[0].to_json())
    else:
        for problem in shared:
            typer.echo(str(problem), err=problem.severity == "error")
        for report in reports:
            report.print()
    if any(report.errors for report in reports) or any(p.severity == "error" for p in shared):
        raise typer.Exit(1)


class _Report:
    """One journal's check: its problems, and how many records it holds."""

    def __init__(self, path: Path, records: int, problems: list[Problem]) -> None:
        self.path = path
        self.records = records
        self.problems = problems

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "journal": str(self.path),
            "records": self.records,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": _as_json(self.problems),
        }

    def print(self) -> None:
        from patrol_journal.vocab import plural

        for problem in self.problems:
            typer.echo(str(problem), err=problem.severity == "error")
        typer.echo(
            f"{self.path}: {plural(self.records, 'record')}, "
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
        )


def _as_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [
        {"severity": p.severity, "line": p.source.line if p.source else None, "message": p.message}
        for p in problems
    ]


def _report(path: Path, strict: bool, now: float) -> _Report:
    from patrol_journal.checks import check_contents, steps_elsewhere
    from patrol_journal.journal.read import read

    contents = read(path)
    # Only steps on concerns raised elsewhere need the team's journals read.
    elsewhere = _team_concerns(path) if steps_elsewhere(contents) else frozenset()
    problems = check_contents(contents, strict=strict, team_concerns=elsewhere, now=now)
    return _Report(path, len(contents.records), problems)


def _team_reports(path: Path, strict: bool, now: float) -> tuple[list[_Report], list[Problem]]:
    """Every journal of the team checked (yours first), and what is wrong across them."""
    from patrol_journal.checks import check_contents, check_team, raised_concerns
    from patrol_journal.errors import JournalError, Problem, Source
    from patrol_journal.journal.read import Contents, read
    from patrol_journal.team.git import committed_attributes
    from patrol_journal.team.layout import claims, require_team

    team = require_team(path)
    shared = [
        Problem("warning", line, Source(team.root / "team.toml", 1)) for line in team.warnings()
    ]
    shared += [
        Problem(
            "warning",
            f"{file} was committed: pj ignores it (its own attributes outrank it)",
            Source(team.root / file, 1),
        )
        for file in committed_attributes(team.root)
    ]
    found = claims(team, path)
    paths = [claim.path for claim in found]
    contents: list[Contents] = []
    reports: list[_Report] = []
    for journal in paths:
        try:
            contents.append(read(journal))
        except JournalError as exc:
            reports.append(_Report(journal, 0, [Problem("error", exc.message, exc.source)]))
    raised = frozenset().union(*(raised_concerns(c) for c in contents))
    claimed = {claim.path: claim for claim in found}
    across = check_team(contents, [claimed[c.path] for c in contents])
    for item in contents:
        problems = check_contents(item, strict=strict, team_concerns=raised, now=now)
        problems += [p for p in across if p.source is not None and p.source.path == item.path]
        problems.sort(key=lambda p: (p.source.line if p.source else 0, p.severity))
        reports.append(_Report(item.path, len(item.records), problems))
    order = {journal: number for number, journal in enumerate(paths)}
    reports.sort(key=lambda report: order.get(report.path, len(order)))
    return reports, shared


def _refresh_index(path: Path) -> None:
    """Bring the index up to date with what check just read, so views see it too."""
    import contextlib

    from patrol_journal.errors import JournalError
    from patrol_journal.index.store import Index

    with contextlib.suppress(JournalError):  # a journal with errors is not indexed
        Index.open(path).close()


def _team_concerns(path: Path) -> frozenset[str]:
    """In a team, the concerns raised in every journal (steps here may follow them up);
    empty when the team's journals cannot be read (check then says what points nowhere)."""
    import contextlib

    from patrol_journal.errors import JournalError
    from patrol_journal.team.layout import team_of

    with contextlib.suppress(JournalError):
        team = team_of(path)
        if team is not None:
            from patrol_journal.views.team import raised_concerns

            return raised_concerns(path, team)
    return frozenset()
