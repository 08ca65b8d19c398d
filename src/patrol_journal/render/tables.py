"""Plain tables, and the renderers every view shares: CSV, Markdown and HTML.

A view's JSON is its data; `rows_table` makes a table of a list of JSON rows (a column a
key, in the order the rows give them), `sections_table` one table of several, each row
saying its section. A cell holds the raw value: numbers as written, ISO dates, a list as
its items joined by "; ", a small mapping (counts by kind) as "key: value; ...", nothing
for null; rows inside a row are rows of their own. Markdown and HTML, for readers, give
stored times in words.

CSV is RFC 4180 (comma, double quotes, CRLF line ends), UTF-8, one header row. A cell of
text that a spreadsheet would read as a formula (starting `=`, `+`, `-`, `@`, a tab or a
carriage return) is written with a `'` before it (CWE-1236); numbers are never touched.
Control characters in a text are written visibly (`\x1b`), as every view shows them.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from typing import Any

from patrol_journal.vocab import visible

LIST_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """A title, its columns, and rows of raw values (one a column)."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def cell(value: Any) -> str:
    """A value as one cell: the raw value in text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{key}: {cell(item)}" for key, item in value.items())
    return str(value)


def rows_table(title: str, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Table:
    """The table of a list of JSON rows: a column a key (every key any row has, in the
    order they first appear; `columns` when there are no rows to tell). A key holding
    rows of its own (the people to tell of a concern, the concerns of a recurring
    problem) makes a row of each of them, its keys columns of their own ("tell.name")."""
    nested = next((key for row in rows for key, value in row.items() if _is_rows(value)), None)
    if nested is not None:
        rows = [
            {k: v for k, v in row.items() if k != nested}
            | {f"{nested}.{sub}": value for sub, value in item.items()}
            for row in rows
            for item in (row.get(nested) or [{}])
        ]
    found = list(dict.fromkeys(key for row in rows for key in row))
    columns = found or list(columns or [])
    return Table(title, columns, [[row.get(column) for column in columns] for row in rows])


def record_tables(title: str, record: dict[str, Any]) -> list[Table]:
    """One record (a person's card) as plain tables: a row of its values, then a table of
    each of its lists of rows (their key the title), in the record's order."""
    found = [
        Table(
            title,
            columns := [key for key, value in record.items() if not _is_rows(value)],
            [[record[key] for key in columns]],
        )
    ]
    found += [
        rows_table(key.replace("_", " "), value)
        for key, value in record.items()
        if _is_rows(value) and value
    ]
    return found


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def sections_table(title: str, tables: list[Table]) -> Table:
    """Several tables as one: a `section` column first, then every table's columns."""
    columns = list(dict.fromkeys(column for table in tables for column in table.columns))
    joined = Table(title, ["section", *columns])
    for table in tables:
        for row in table.rows:
            values = dict(zip(table.columns, row, strict=True))
            joined.rows.append([table.title, *(values.get(column) for column in columns)])
    return joined


def _safe(value: Any) -> str:
    text = visible(cell(value))  # no control character reaches a terminal or a sheet raw
    if isinstance(value, str | list | dict) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(table: Table) -> str:
    """RFC 4180 CSV: one header row, then a line a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([_safe(value) for value in row] for row in table.rows)
    return buffer.getvalue()


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?")


def read(value: Any) -> str:
    """A value as a reader is shown it (Markdown, HTML): a stored time in words, in the
    officer's zone ("Thu 19 Nov 2026 18:20"), a day as "Fri 27 Nov 2026"; anything else
    as its cell."""
    if isinstance(value, str) and _MOMENT.fullmatch(value):
        from patrol_journal.calendar import in_words

        return in_words(value, with_year=True)
    if isinstance(value, str) and _DATE.fullmatch(value):  # a day alone (a follow-up due)
        from datetime import date

        return date.fromisoformat(value).strftime("%a %d %b %Y")
    return cell(value)


def column_heading(column: str) -> str:
    """A column's name as a heading: "first_met" reads "first met"."""
    return column.replace("_", " ")


def md_cell(value: Any) -> str:
    """A value as Markdown text safe in a table cell: one line, no pipes, every markup
    character (and `&`, which would start an entity) escaped; a stored time in words."""
    text = visible(" ".join(read(value).split()))
    for char in "\\`*_[]<>|#&":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(tables: list[Table], heading: str) -> str:
    """A heading, then each table under its title (an empty one says so)."""
    lines = [f"# {md_cell(heading)}", ""]
    for table in tables:
        if len(tables) > 1 or table.title != heading:
            lines += [f"## {md_cell(table.title)}", ""]
        if not table.rows:
            lines += ["None.", ""]
            continue
        lines.append("| " + " | ".join(md_cell(column_heading(c)) for c in table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        lines += ["| " + " | ".join(md_cell(value) for value in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin-bottom:1.5em}"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
    "td{white-space:pre-line}"
    "th{background:#f0f0f0}td.n{text-align:right}@media print{body{margin:0}}"
)


def _h(value: Any) -> str:
    return html.escape(visible(read(value)))


def _td(value: Any) -> str:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return f'<td class="n">{_h(value)}</td>' if number else f"<td>{_h(value)}</td>"


def to_html(tables: list[Table], heading: str, *, style: str = "") -> str:
    """One self-contained page: inline CSS (the view's own `style` after the common),
    no scripts, every text escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_h(heading)}</title><style>{_STYLE}{style}</style></head><body>",
        f"<h1>{_h(heading)}</h1>",
    ]
    for table in tables:
        if len(tables) > 1 or table.title != heading:
            parts.append(f"<h2>{_h(table.title)}</h2>")
        if not table.rows:
            parts.append("<p>None.</p>")
            continue
        parts.append("<table><thead><tr>")
        parts += [f"<th>{_h(column_heading(column))}</th>" for column in table.columns]
        parts.append("</tr></thead><tbody>")
        for row in table.rows:
            parts.append("<tr>" + "".join(_td(value) for value in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
