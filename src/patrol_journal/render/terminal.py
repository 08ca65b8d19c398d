"""Rich output for the terminal: one console, dates in local time, short texts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text as RichText

from patrol_journal.calendar import in_words, to_local
from patrol_journal.outputs import raw_stream
from patrol_journal.vocab import plural, visible


class InteractionRow(Protocol):
    """What a table row needs of an interaction (views.interactions.InteractionView)."""

    short_id: str
    when: datetime
    kind: str
    text: str
    people: list[str]
    place: str | None
    concerns: list[str]
    amended: int
    matched: list[str]
    officer: str | None  # whose journal: in a team's views only


class Text(RichText):
    """rich's Text, for text from a journal: every control character and bidi override
    is made visible (`vocab.visible`) before the text is measured, so tables keep their
    columns. The console makes anything else visible as it prints (`_VisibleConsole`)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text: str | RichText, style: Any = None) -> Text:
        super().append(visible(text) if isinstance(text, str) else text, style)
        return self


class _VisibleConsole(Console):
    """A console that shows every control character and bidi override in the text it
    prints as visible characters (`vocab.visible`): only text reaches the terminal, whatever
    a journal holds. Its own styles, the only escape sequences it writes, are untouched."""

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control is None and not text.isprintable():
                yield Segment(visible(text), segment.style)
            else:
                yield segment


def console(*, stderr: bool = False) -> Console:
    """A console that plays well with pipes, NO_COLOR and narrow terminals."""
    stream = raw_stream(sys.stderr if stderr else sys.stdout)
    width: int | None = None
    if not stream.isatty():
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) >= 40 else 100
    return _VisibleConsole(
        file=stream,
        no_color="NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=False,
        width=width,
    )


def when_text(moment: datetime, *, with_year: bool = False) -> str:
    """A stored time in local time, in words (with its offset when the wall time is one
    the clocks went back over)."""
    return in_words(moment, with_year=with_year)


def day_text(moment: datetime | str | None) -> str:
    """The local day of a time (or of an ISO 8601 string), or a dash when there is none."""
    if not moment:
        return "—"
    if isinstance(moment, str):
        if len(moment) == 10:  # a date alone (a follow-up due by the end of that day)
            return datetime.fromisoformat(moment).strftime("%d %b %Y")
        moment = datetime.fromisoformat(moment)
    return to_local(moment).strftime("%d %b %Y")


def more_rows(out: Console, shown: int, total: int) -> None:
    """Say how many rows a capped table left out, and how to see them."""
    if total > shown:
        out.print(f"… and {total - shown} more (-n {total} to show them all, or --json)")


def shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def officers_line(rows: list[dict[str, Any]], count: str, noun: str, last: str) -> str:
    """Who on the team did it, how often and when last: "Bob Stone (2 visits, last 27 Nov
    2026), Alice Ward (1 visit, last 20 Nov 2026)"."""
    return ", ".join(
        f"{row['officer']} ({plural(row[count], noun)}, last {day_text(row[last])})" for row in rows
    )


def some_of(names: list[str], shown: int = 2) -> str:
    """The first few names, and how many more: "Alice Ward, Bob Stone +18"."""
    more = f" +{len(names) - shown}" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def interactions_table(
    views: Iterable[InteractionRow],
    now: datetime,
    title: str | None = None,
    highlight: list[str] | None = None,
    *,
    team: bool = False,
) -> Table:
    """Interactions as rows; the year is shown for those not in the year of `now`."""
    table = Table(title=title, show_lines=False, expand=True, title_justify="left")
    rows = list(views)
    # The text of what happened gets the room: names and places wrap in narrower columns.
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    if team:
        table.add_column("officer")
    table.add_column("kind", no_wrap=True)
    table.add_column("who", ratio=2, overflow="fold")
    table.add_column("where", ratio=2, overflow="fold")
    table.add_column("what", overflow="fold", ratio=5, min_width=14)
    with_concerns = any(view.concerns for view in rows)
    if with_concerns:
        table.add_column("conc.", justify="right", no_wrap=True)
    searched = any(view.matched for view in rows)
    if searched:
        table.add_column("found in")
    for view in rows:
        marker = " (corrected)" if view.amended else ""
        table.add_row(
            view.short_id,
            when_text(view.when, with_year=view.when.year != now.year),
            *([Text(view.officer or "—")] if team else []),
            view.kind,
            _marked(", ".join(view.people) or "—", highlight),
            _marked(view.place or "—", highlight),
            _marked(shorten(view.text, 80) + marker, highlight),
            *([str(len(view.concerns)) if view.concerns else ""] if with_concerns else []),
            *([", ".join(view.matched)] if searched else []),
        )
    return table


def _marked(text: str, words: list[str] | None) -> Text:
    shown = Text(text)
    if words:
        shown.highlight_words(words, style="bold reverse", case_sensitive=False)
    return shown


def concerns_found(rows: list[dict[str, Any]], now: datetime) -> Table:
    """Concerns raised on their own that a search found, in their text or in a note."""
    table = Table(title="Concerns found (raised on their own)", title_justify="left")
    for column in ("id", "when", "status", "raised by", "where", "concern", "found in"):
        table.add_column(column, overflow="fold" if column == "concern" else "ellipsis")
    for row in rows:
        when = datetime.fromisoformat(row["when"])
        table.add_row(
            row["id"][:8],
            when_text(when, with_year=when.year != now.year),
            row["status"],
            Text(", ".join(row["people"]) or "—"),
            Text(row["place"] or "—"),
            Text(shorten(row["text"], 80)),
            ", ".join(row["matched"]),
        )
    return table
