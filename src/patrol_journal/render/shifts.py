"""Shifts for people: the brief at the start, where you stand, the daily activity report
(DAR) as plain tables (Markdown, HTML, CSV) and in the terminal, and pass-downs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table as RichTable

from patrol_journal.calendar import in_words, to_local
from patrol_journal.render.tables import Table
from patrol_journal.render.terminal import Text, console
from patrol_journal.vocab import plural

# The page of a DAR: A4, portrait, small enough type that an eight-hour shift of thirty
# entries fits on two pages; a table that splits repeats its heading.
PRINT_STYLE = (
    "@page{size:A4 portrait;margin:12mm}"
    "body{font-size:9.5pt;margin:1em}h1{font-size:15pt}h2{font-size:11.5pt;margin:.8em 0 .3em}"
    "table{width:100%;margin-bottom:.8em}th,td{padding:.15em .4em}"
    "thead{display:table-header-group}tr{break-inside:avoid}"
    ".sign td{height:2.2em}"
)


def clock(moment: str | None, day_of: str | None = None) -> str:
    """A time in a DAR: "02:40", with its day when it is not the shift's first
    ("02:40 Sun 29"), and its offset when that wall time happens twice (the night the
    clocks go back: "01:30 (+01:00)")."""
    if moment is None:
        return "—"
    local = to_local(datetime.fromisoformat(moment))
    weekday, day, _month, time, *offset = in_words(local).split(" ")
    first = to_local(datetime.fromisoformat(day_of)).date() if day_of else None
    shown = time if local.date() == first else f"{time} {weekday} {day}"
    return " ".join([shown, *offset])


def _who_what(entry: dict[str, Any]) -> tuple[str, str]:
    kind = entry["type"]
    text = entry.get("text") or ""
    if kind == "interaction":
        extra = []
        tips = entry.get("tips")
        if isinstance(tips, int) and tips:
            extra.append(plural(tips, "tip"))
        elif isinstance(tips, list) and tips:
            extra.append("tips: " + "; ".join(tips))
        if entry.get("shared"):
            extra.append("shared: " + "; ".join(entry["shared"]))
        if entry.get("concern"):
            extra.append(plural(len(entry["concern"]), "concern") + " raised")
        what = text + (f" ({', '.join(extra)})" if extra else "")
        return entry.get("kind") or "", what
    if kind == "concern":
        return f"concern {entry['action']}", text
    if kind == "passdown":
        return "pass-down written", text
    if kind == "ack":
        return "pass-down read", text
    return "person note", text


def entry_rows(dar: dict[str, Any]) -> list[list[str]]:
    """The DAR's entries and gaps in time order, as readers see them."""
    start = dar["start"]
    rows: list[tuple[datetime, list[str]]] = []
    for entry in dar["entries"]:
        kind, what = _who_what(entry)
        written = ""
        if entry["late"]:
            written = f"written later at {clock(entry['recorded'], start)}"
        rows.append(
            (
                datetime.fromisoformat(entry["when"]),
                [
                    clock(entry["when"], start),
                    kind,
                    ", ".join(entry.get("people") or []),
                    entry.get("place") or "",
                    what,
                    written,
                ],
            )
        )
    for gap in dar["gaps"]:
        said = f"no entry {clock(gap['from'], start)} to {clock(gap['to'], start)}"
        rows.append((datetime.fromisoformat(gap["from"]), ["", "—", "", "", said, ""]))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def header_rows(dar: dict[str, Any]) -> list[list[str]]:
    equipment = dar["equipment"]
    rows = [
        ("Officer", dar["officer"]),
        ("Post", dar["post"] or "—"),
        ("On duty", in_words(dar["start"], with_year=True) + _late(dar, "start")),
        (
            "Off duty",
            in_words(dar["end"], with_year=True) + _late(dar, "end")
            if dar["end"]
            else "still on duty",
        ),
        ("Hours", _hours(dar["hours"])),
        ("Took over from", dar["relieved"] or "—"),
        ("Handed over to", dar["relieving"] or "—"),
        ("With", ", ".join(dar["partners"]) or "—"),
        ("Equipment received", "; ".join(equipment["received"]) or "—"),
        ("Equipment handed over", "; ".join(equipment["handed_over"]) or "—"),
    ]
    if dar["note"]:
        rows.append(("Note", dar["note"]))
    return [list(row) for row in rows]


def _late(dar: dict[str, Any], end: str) -> str:
    """ "(written later at 07:10)" when the start or end was recorded well after it."""
    if not dar.get(f"{end}_late"):
        return ""
    return f" (written later at {clock(dar[f'{end}_recorded'], dar[end])})"


def _hours(hours: float) -> str:
    """8 h, 8 h 05 min: a length as people say it."""
    minutes = round(hours * 60)
    return f"{minutes // 60} h" + (f" {minutes % 60:02d} min" if minutes % 60 else "")


def dar_title(dar: dict[str, Any]) -> str:
    day = to_local(datetime.fromisoformat(dar["start"])).strftime("%a %d %b %Y")
    post = f", {dar['post']}" if dar["post"] else ""
    redacted = " (redacted: names no one it met)" if dar.get("redacted") else ""
    return f"Daily activity report: {dar['officer']}{post}, {day}{redacted}"


def dar_tables(dar: dict[str, Any]) -> list[Table]:
    """The DAR as plain tables for readers (Markdown, HTML): its header, every entry and
    gap, the closing, and the signatures."""
    closing = dar["closing"]
    tables = [
        Table("Shift", ["", "value"], header_rows(dar)),
        Table(
            f"Entries ({len(dar['entries'])})",
            ["time", "what", "who", "where", "said / done", "written"],
            entry_rows(dar),
        ),
        Table("Closing", ["", "value"], [["Summary", closing["summary"] or "—"]]),
        Table(
            "Open concerns carried",
            ["id", "concern", "where", "days open", "follow up by"],
            [
                [_short(c["id"]), c["text"], c["place"] or "", c["age_days"], _due(c["due"])]
                for c in closing["open_concerns"]
            ],
        ),
        Table(
            "Follow-ups due in the next 24 hours",
            ["id", "concern", "where", "due"],
            [
                [_short(c["id"]), c["text"], c["place"] or "", _due(c["due"])]
                for c in closing["follow_ups_due"]
            ],
        ),
        Table(
            "Pass-downs written",
            ["id", "pass-down", "post", "until"],
            [
                [_short(p["id"]), p["text"], p["post"] or "any", _until(p["until"])]
                for p in closing["passdowns"]
            ],
        ),
        Table(
            "Signatures",
            ["", "name", "signature", "date"],
            [["Officer", dar["officer"], "", ""], ["Reviewer", "", "", ""]],
        ),
    ]
    return tables


def _short(record_id: str | None) -> str:
    return (record_id or "")[:8]  # a redacted report has none


def _due(due: str | None) -> str:
    from patrol_journal.calendar import due_text

    return due_text(due) if due else ""


def _until(until: str | None) -> str:
    return _due(until) if until else "no expiry"


# How the terminal shares its width among the columns of the entries.
_RATIOS = {"who": 2, "where": 2, "said / done": 5, "written": 2}


def print_dar(dar: dict[str, Any]) -> None:
    out = console()
    out.print(Text(dar_title(dar), style="bold underline"))
    for table in dar_tables(dar):
        if not table.rows:
            continue
        if table.columns[0] == "":  # label and value: a grid, the labels bold
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, *values in table.rows:
                grid.add_row(Text(str(label)), *(Text(str(value)) for value in values))
            out.print(Text(table.title, style="bold"))
            out.print(grid)
            continue
        shown = RichTable(title=table.title, title_justify="left", expand=True)
        for column in table.columns:
            ratio = _RATIOS.get(column)
            shown.add_column(column, overflow="fold", ratio=ratio, no_wrap=ratio is None)
        for row in table.rows:
            shown.add_row(*(Text(str(value)) for value in row))
        out.print(shown)


def print_brief(brief: dict[str, Any]) -> None:
    """The brief for a shift, before anything else."""
    out = console()
    where = f" at {brief['post']}" if brief["post"] else ""
    out.print(Text(f"Brief for the shift{where}", style="bold underline"))
    sections = (
        ("Pass-downs to read", brief["passdowns"], _passdown_line),
        ("Open concerns here", brief["open_concerns"], _concern_line),
        ("Follow-ups due today", brief["follow_ups_due"], _concern_line),
        ("Resolved: tell them", brief["to_report_back"], _concern_line),
    )
    said = False
    for title, rows, line in sections:
        if not rows:
            continue
        said = True
        out.print(Text(f"{title} ({len(rows)})", style="bold"))
        for row in rows[:10]:
            out.print(Text(f"  {line(row)}"))
        if len(rows) > 10:
            out.print(Text(f"  … and {len(rows) - 10} more"))
    if not said:
        out.print(Text("  Nothing waiting: no pass-downs, nothing due."))


def _passdown_line(row: dict[str, Any]) -> str:
    from patrol_journal.render.terminal import shorten

    where = f" [{row['post']}]" if row["post"] else ""
    by = f"{row['written_by']}, {in_words(row['written'])}"
    return f"{row['short_id']} {shorten(row['text'], 200)}{where} — {by}"


def _concern_line(row: dict[str, Any]) -> str:
    where = f" at {row['place']}" if row["place"] else ""
    due = f", due {_due(row['due'])}" if row.get("due") else ""
    return f"{row['short_id']} {row['text']}{where}{due}"


def print_status(found: dict[str, Any] | list[dict[str, Any]], *, team: bool = False) -> None:
    out = console()
    rows = found if isinstance(found, list) else [found]
    if not any(row["on_duty"] for row in rows):
        out.print(Text("Nobody is on duty." if team else "Off duty: no shift is open."))
        return
    for row in rows:
        who = f"{row['officer']}: " if team else ""
        where = f" at {row['post']}" if row["post"] else ""
        out.print(
            Text(
                f"{who}on duty{where} since {in_words(row['start'], with_year=True)} "
                f"({row['hours']:.1f} h), shift {row['short_id']}"
            )
        )
        if row["last_entry"]:
            said = (
                f"  {plural(row['entries'], 'entry', 'entries')} so far; last "
                f"{in_words(row['last_entry'])}; {row['hours_without_entry']:.1f} h without "
                "an entry"
            )
        else:
            said = f"  no entries yet, {row['hours_without_entry']:.1f} h into the shift"
        out.print(Text(said))
        if row["too_long"]:
            out.print(Text("  longer than the shift limit: end it with 'pj shift end'"))


def print_passdowns(rows: list[dict[str, Any]]) -> None:
    out = console()
    if not rows:
        out.print(Text("No pass-downs. Write one with: pj passdown add TEXT [--post POST]"))
        return
    table = RichTable(title="Pass-downs", title_justify="left", expand=True)
    for column in ("id", "written", "by", "post", "pass-down", "until", "read by"):
        table.add_column(column, overflow="fold")
    for row in rows:
        read = ", ".join(f"{a['officer']} ({in_words(a['when'])})" for a in row["acknowledged"])
        table.add_row(
            row["short_id"],
            in_words(row["written"]),
            Text(row["written_by"]),
            Text(row["post"] or "any"),
            Text(row["text"]),
            ("expired " if row["expired"] else "") + _until(row["until"]),
            Text(read or "nobody yet"),
        )
    out.print(table)


def print_shifts(rows: list[dict[str, Any]], *, team: bool = False) -> None:
    out = console()
    if not rows:
        out.print(Text("No shifts yet. Start one with: pj shift start --post POST"))
        return
    table = RichTable(title="Shifts", title_justify="left")
    for column in ("id", *(("officer",) if team else ()), "on duty", "off duty", "post", "hours"):
        table.add_column(column, justify="right" if column == "hours" else "left")
    for row in rows:
        start = datetime.fromisoformat(row["start"])
        end = datetime.fromisoformat(row["end"]) if row["end"] else None
        hours = _hours(row["hours"]) if row["hours"] is not None else "open"
        table.add_row(
            row["short_id"],
            *((Text(row["officer"]),) if team else ()),
            in_words(start, with_year=True),
            in_words(end, with_year=True) if end else "on duty",
            Text(row["post"] or "—"),
            hours,
        )
    out.print(table)
