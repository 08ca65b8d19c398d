"""Trends for people: a row a measure, its sparkline, the last value against the first
and the mean (the terminal); small inline SVG charts (HTML: no script, no network, works
attached to an e-mail); a table a period (Markdown); raw numbers (CSV)."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from patrol_journal.calendar import to_local
from patrol_journal.render.tables import Table

# What each measure is, in a few words (the row labels of the terminal and the page).
LABELS = {
    "interactions": "contacts",
    "people": "people met",
    "new_people": "new people",
    "regulars_kept": "regulars kept",
    "places": "places covered",
    "places_of_beat": "places of the beat",
    "tips": "tips",
    "shared": "safety information shared",
    "concerns_raised": "concerns raised",
    "concerns_resolved": "concerns resolved",
    "concerns_reported_back": "reported back",
    "concerns_open": "open at the end",
    "median_days_to_resolve": "median days to resolve",
    "p90_days_to_resolve": "90th pct. days to resolve",
    "median_days_to_report_back": "median days to report back",
    "report_back_rate": "report-back rate",
    "reopen_rate": "reopen rate",
    "overdue_follow_ups": "follow-ups overdue",
}


BARS = "▁▂▃▄▅▆▇█"
_RATES = ("report_back_rate", "reopen_rate")


def measures(data: dict[str, Any]) -> list[str]:
    """The measures of the data, in its order (every key of a period but its bounds and
    its kinds)."""
    periods = data["periods"]
    own = ("start", "end", "partial", "kinds")
    return [key for key in periods[0] if key not in own] if periods else []


def series(data: dict[str, Any], measure: str) -> list[float | None]:
    return [period[measure] for period in data["periods"]]


SPARK_WIDTH = 24  # the most characters a sparkline takes: longer series are folded


def folded(values: list[float | None], most: int) -> list[float | None]:
    """At most `most` values: consecutive periods folded into their mean (None where
    none of them has a value), so ten years of months stay one readable line."""
    if len(values) <= most:
        return values
    size = -(-len(values) // most)
    found: list[float | None] = []
    for start in range(0, len(values), size):
        known = [v for v in values[start : start + size] if v is not None]
        found.append(sum(known) / len(known) if known else None)
    return found


def sparkline(values: list[float | None], most: int = SPARK_WIDTH) -> str:
    """▁▂▃▄▅▆▇█ from the lowest value to the highest (a steady value mid-height, a steady
    zero at the bottom); a dot for a period with nothing to show. At most `most` wide."""
    values = folded(values, most)
    known = [value for value in values if value is not None]
    low, high = (min(known), max(known)) if known else (0, 0)
    span = high - low

    def bar(value: float) -> str:
        if span == 0:
            return BARS[3] if value else BARS[0]
        return BARS[round((value - low) / span * 7)]

    return "".join("·" if value is None else bar(value) for value in values)


def number(value: float | None, measure: str = "") -> str:
    if value is None:
        return "—"
    if measure in _RATES:
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def period_label(period: dict[str, Any], by: str, *, short: bool = False) -> str:
    """A period by its start: "Nov 2026" (short: "Nov 26"), "16 Nov 2026" ("16 Nov");
    the period not over yet with a "*"."""
    start = to_local(datetime.fromisoformat(period["start"]))
    if by == "month":
        said = start.strftime("%b %y" if short else "%b %Y")
    else:
        said = start.strftime("%d %b" if short else "%d %b %Y")
    return said + ("*" if period.get("partial") else "")


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None


def summary_rows(data: dict[str, Any]) -> list[list[Any]]:
    """A row a measure: its label, sparkline, first, last, mean, and the last against the
    first and the mean (of the periods that are over: the one still going is charted,
    not compared)."""
    rows = []
    periods = data["periods"]
    begun = next((n for n, p in enumerate(periods) if p["interactions"] or p["concerns_raised"]), 0)
    over = [n >= begun and not p.get("partial") for n, p in enumerate(periods)]
    for measure in measures(data):
        values = series(data, measure)
        done = [value for value, ended in zip(values, over, strict=True) if ended]
        first = next((v for v in done if v is not None), None)
        last = next((v for v in reversed(done) if v is not None), None)
        mean = _mean(done)
        rows.append(
            [
                LABELS.get(measure, measure),
                sparkline(values),
                number(first, measure),
                number(last, measure),
                number(round(mean, 2) if mean is not None else None, measure),
                _change(first, last, measure),
                _change(mean, last, measure),
            ]
        )
    return rows


# A team's trends, officer by officer: these measures (JSON has every one).
OFFICER_MEASURES = ("interactions", "people", "concerns_reported_back", "concerns_open")


def officer_rows(data: dict[str, Any]) -> list[list[Any]]:
    """In a team, a row an officer: for each of `OFFICER_MEASURES` its sparkline and its
    last value (the last period over, as in the totals)."""
    rows = []
    for officer, periods in (data.get("officers") or {}).items():
        row: list[Any] = [officer]
        for measure in OFFICER_MEASURES:
            values = [period[measure] for period in periods]
            over = [v for v, p in zip(values, periods, strict=True) if not p.get("partial")]
            last = next((v for v in reversed(over) if v is not None), None)
            row += [sparkline(values), number(last, measure)]
        rows.append(row)
    return rows


def officer_header() -> list[str]:
    return [
        "officer",
        *(f"{LABELS[m]}{part}" for m in OFFICER_MEASURES for part in ("", " (last)")),
    ]


def _change(before: float | None, now: float | None, measure: str = "") -> str:
    """The last against an earlier value: a change in percent (in points for a rate),
    "=" when the same."""
    if before is None or now is None:
        return "—"
    if round(now, 3) == round(before, 3):
        return "="
    if measure in _RATES:
        return f"{(now - before) * 100:+.0f} pts"
    if before == 0:
        return "new"
    return f"{(now - before) / before:+.0%}"


def title(data: dict[str, Any]) -> str:
    """What the trends cover: the first period to the last (a "*" on the one not over,
    which is charted but not compared: "last" is the last period that is)."""
    periods = data["periods"]
    first = period_label(periods[0], data["by"])
    last = period_label(periods[-1], data["by"])
    where = f" at {data['place']}" if data.get("place") else ""
    said = [part for part in ("redacted" if data.get("redacted") else "",) if part]
    if periods[-1].get("partial"):
        said.insert(0, f"* so far; last: the last {data['by']} over")
    notes = f" ({'; '.join(said)})" if said else ""
    return f"Trends{where}, {data['by']} by {data['by']}: {first} to {last}{notes}"


def print_trends(data: dict[str, Any]) -> None:
    """A row a measure. A narrow terminal keeps the measure, its sparkline, the last and
    the mean; a wide one adds every period's number."""
    from rich.table import Table as RichTable

    from patrol_journal.render.terminal import Text, console

    out = console()
    narrow = out.width < 80
    wide = out.width >= 90 + 7 * len(data["periods"])
    table = RichTable(title=title(data), title_justify="left")
    table.add_column("measure", overflow="fold", min_width=12)
    table.add_column("trend", no_wrap=True)
    names = ("first", "last", "mean", "last/first", "last/mean")
    shown = ("last", "mean") if narrow else names
    for column in shown:
        table.add_column(column, justify="right", no_wrap=True)
    if wide:
        for period in data["periods"]:
            table.add_column(period_label(period, data["by"], short=True), justify="right")
    for measure, row in zip(measures(data), summary_rows(data), strict=True):
        values = dict(zip(names, row[2:], strict=True))
        extra = [number(v, measure) for v in series(data, measure)] if wide else []
        cells = [row[0], row[1], *(values[column] for column in shown)]
        table.add_row(*(Text(str(cell)) for cell in cells), *extra)
    out.print(table)
    if data.get("officers"):
        officers = RichTable(title="By officer", title_justify="left")
        for number_, column in enumerate(officer_header()):
            if narrow and column.endswith("(last)"):
                continue
            officers.add_column(column, no_wrap=number_ % 2 == 1 or not number_)
        for row in officer_rows(data):
            cells = [c for n, c in enumerate(row) if not (narrow and n and n % 2 == 0)]
            officers.add_row(*(Text(str(cell)) for cell in cells))
        out.print(officers)


def plain_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A row a period, raw numbers, the kinds as columns of their own (CSV, Markdown); in
    a team, the team's rows (officer "all") and then each officer's."""
    if "officers" not in data:
        return [_plain(period) for period in data["periods"]]
    rows = [{"officer": "all", **_plain(period)} for period in data["periods"]]
    for officer, periods in data["officers"].items():
        rows += [{"officer": officer, **_plain(period)} for period in periods]
    kinds = sorted({key for row in rows for key in row if key.startswith("kinds.")})
    return [{**{k: v for k, v in row.items() if not k.startswith("kinds.")},
             **{kind: row.get(kind, 0) for kind in kinds}} for row in rows]  # fmt: skip


def _plain(period: dict[str, Any]) -> dict[str, Any]:
    row = {key: value for key, value in period.items() if key != "kinds"}
    return row | {f"kinds.{kind}": count for kind, count in period["kinds"].items()}


def markdown_tables(data: dict[str, Any]) -> list[Table]:
    """The measures against the first and the mean, then every period's numbers."""
    head = ["measure", "trend", "first", "last", "mean", "last/first", "last/mean"]
    periods = [period_label(p, data["by"]) for p in data["periods"]]
    tables = [
        Table("Measures", head, summary_rows(data)),
        Table(
            "By period",
            ["measure", *periods],
            [[LABELS.get(m, m), *(number(v, m) for v in series(data, m))] for m in measures(data)],
        ),
    ]
    if data.get("officers"):
        tables.append(Table("By officer", officer_header(), officer_rows(data)))
    return tables


_STYLE = (
    "@page{size:A4 portrait;margin:12mm}"
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;font-size:9.5pt}"
    "h1{font-size:14pt}table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.2em .4em;text-align:left}"
    "td.n{text-align:right;white-space:nowrap}tr{break-inside:avoid}"
    "svg{display:block}"
)


def svg_bars(
    values: list[float | None], labels: list[str], width: int = 240, height: int = 26
) -> str:
    """A small bar chart: a bar a period (at most 60: longer series are folded), scaled
    from zero to the highest value, each with its period and value as its title; a zero
    is a grey line on the base, a period with nothing to show is left empty."""
    if len(values) > 60:
        labels = [labels[n] for n in range(0, len(labels), -(-len(values) // 60))]
        values = folded(values, 60)
    known = [value for value in values if value is not None]
    high = max(known, default=0) or 1
    step = width / max(1, len(values))
    bars = []
    for number_, value in enumerate(values):
        if value is None:
            continue
        tall = max(1.0, value / high * (height - 2)) if value else 1.0
        x = number_ * step + 0.5
        colour = "#3b6ea5" if value else "#bbb"
        said = html.escape(f"{labels[number_]}: {value:g}")
        bars.append(
            f'<rect x="{x:.2f}" y="{height - tall:.1f}" width="{max(0.5, step - 1):.2f}" '
            f'height="{tall:.1f}" fill="{colour}"><title>{said}</title></rect>'
        )
    return (
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">{"".join(bars)}</svg>'
    )


def to_html(data: dict[str, Any]) -> str:
    """One self-contained page: a row a measure with its chart, first, last and mean."""
    heading = html.escape(title(data))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{heading}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{heading}</h1>",
        "<table><thead><tr><th>measure</th><th>trend</th><th>first</th><th>last</th>"
        "<th>mean</th><th>last/first</th><th>last/mean</th></tr></thead><tbody>",
    ]
    labels = [period_label(period, data["by"]) for period in data["periods"]]
    for measure, row in zip(measures(data), summary_rows(data), strict=True):
        cells = "".join(f'<td class="n">{html.escape(str(cell))}</td>' for cell in row[2:])
        parts.append(
            f"<tr><td>{html.escape(row[0])}</td><td>{svg_bars(series(data, measure), labels)}</td>"
            f"{cells}</tr>"
        )
    parts.append("</tbody></table>")
    if data.get("officers"):
        parts.append(_officers_html(data, labels))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _officers_html(data: dict[str, Any], labels: list[str]) -> str:
    """A team's page: a row an officer, a small chart and the last value of each measure."""
    head = "".join(f"<th>{html.escape(LABELS[m])}</th><th>last</th>" for m in OFFICER_MEASURES)
    rows = []
    for (officer, periods), shown in zip(data["officers"].items(), officer_rows(data), strict=True):
        cells = "".join(
            f"<td>{svg_bars([p[m] for p in periods], labels, width=110)}</td>"
            f'<td class="n">{html.escape(str(shown[2 + 2 * n]))}</td>'
            for n, m in enumerate(OFFICER_MEASURES)
        )
        rows.append(f"<tr><td>{html.escape(officer)}</td>{cells}</tr>")
    return (
        f"<h2>By officer</h2><table><thead><tr><th>officer</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
