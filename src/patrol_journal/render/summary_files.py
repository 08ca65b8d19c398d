"""The weekly summary as files: Markdown and one self-contained HTML page."""

from __future__ import annotations

from typing import Any

from patrol_journal.render.summary import (
    HEADLINE,
    LIMIT,
    change,
    chart,
    compared_with,
    day_count,
    during,
    is_week,
    period_title,
    sections,
)
from patrol_journal.render.tables import Table, md_cell, rows_table, sections_table, to_csv
from patrol_journal.vocab import visible

# ----------------------------------------------------------------------------- markdown


def _md(text: Any) -> str:
    """Table-cell safe Markdown text: no pipes, no line breaks, no markup characters."""
    return md_cell(text)


def markdown(summary: dict[str, Any], limit: int = LIMIT) -> str:
    lines = [f"# {_md(period_title(summary))}", ""]
    totals, previous = summary["totals"], summary["previous"]
    this = during(summary)
    lines += [f"| | {this} | change |", "|---|---:|---:|"]
    lines += [
        f"| {label} | {totals[key]} | {change(totals[key], previous[key])} |"
        for key, label in HEADLINE
    ]
    title, bars = chart(summary)
    lines += ["", f"## {title}", ""]
    lines += [f"- {b['label']} {b['date']}: {day_count(b)}" for b in bars]
    for section in sections(summary):
        lines.extend(["", f"## {section.title}", ""])
        if not section.rows:
            lines.append(f"_{section.empty}_")
            continue
        lines.append("| " + " | ".join(section.header) + " |")
        lines.append("|" + "---|" * len(section.header))
        lines.extend(
            "| " + " | ".join(_md(cell) for cell in row) + " |" for row in section.rows[:limit]
        )
        if section.more(limit):
            lines.extend(["", f"_… and {section.more(limit)} more._"])
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- html


# The measures the page charts over the twelve weeks to its end.
TREND_MEASURES = ("interactions", "people", "concerns_open", "concerns_reported_back")


def _trend_rows(weeks: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A row a measure of the weeks before: its label, its bars (SVG), last and mean."""
    if not weeks or not weeks.get("periods"):
        return []
    from markupsafe import Markup

    from patrol_journal.render import trends as shown

    labels = [shown.period_label(period, "week") for period in weeks["periods"]]
    rows = dict(zip(shown.measures(weeks), shown.summary_rows(weeks), strict=True))
    return [
        {
            "label": rows[measure][0],
            "bars": Markup(shown.svg_bars(shown.series(weeks, measure), labels, width=180)),
            "last": rows[measure][3],
            "mean": rows[measure][4],
        }
        for measure in TREND_MEASURES
    ]


# A colour a kind of contact, in the order of `vocab.KINDS` (told apart in grey print too).
KIND_COLOURS = ("#3a6ea5", "#e07b39", "#5aa469", "#8e6bb8", "#c9a227", "#4fb3c8", "#9a9a9a")


def _stacked(chart_bars: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Each bar of the contacts chart as a stack of its interactions by kind (a kind a
    colour, the most frequent at the bottom), scaled to the fullest bar; the legend of
    the kinds shown: (kind, colour)."""
    from patrol_journal.vocab import KINDS

    colour = dict(zip(KINDS, KIND_COLOURS, strict=True))
    peak = max((sum(bar["kinds"].values()) for bar in chart_bars), default=0) or 1
    bars, shown = [], set()
    for number, bar in enumerate(chart_bars):
        total, pieces, below = sum(bar["kinds"].values()), [], 0
        for kind, count in sorted(bar["kinds"].items(), key=lambda item: -item[1]):
            height = round(100 * (below + count) / peak) - round(100 * below / peak)
            top = 115 - round(100 * (below + count) / peak)
            pieces.append({"kind": kind, "count": count, "y": top, "height": height,
                           "colour": colour.get(kind, KIND_COLOURS[-1])})  # fmt: skip
            below += count
            shown.add(kind)
        bars.append(
            {
                **bar,
                "total": "" if bar["to_come"] else total,
                "pieces": pieces,
                "height": round(100 * total / peak),
                "x": 10 + number * 40,
            }
        )
    return bars, [(kind, colour[kind]) for kind in KINDS if kind in shown]


def html(summary: dict[str, Any], weeks: dict[str, Any] | None = None, limit: int = LIMIT) -> str:
    """One self-contained page: inline CSS and SVG, no scripts, every user text escaped;
    with `weeks` (trends of the twelve weeks to its end), their small charts."""
    from importlib.resources import files

    from jinja2 import Environment, select_autoescape

    template_text = (files("patrol_journal.render") / "templates" / "summary.html").read_text(
        encoding="utf-8"
    )
    environment = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=lambda value: visible(value) if isinstance(value, str) else value,
    )
    template = environment.from_string(template_text)
    chart_title, chart_bars = chart(summary)
    bars, legend = _stacked(chart_bars)
    headline = [
        {
            "label": label,
            "value": summary["totals"][key],
            "change": change(summary["totals"][key], summary["previous"][key]),
        }
        for key, label in HEADLINE
    ]
    return template.render(
        s=summary,
        title=period_title(summary),
        # every interaction, patrols too (the text's chart counts contacts with someone)
        chart_title=chart_title.replace("Contacts", "Interactions") + ", by kind",
        legend=legend,
        during=during(summary),
        is_week=is_week(summary),
        bars=bars,
        headline=headline,
        chart_width=20 + 40 * len(bars),
        compared_with=compared_with(summary),
        trend_rows=_trend_rows(weeks),
        limit=limit,
        sections=sections(summary),
        numeric={
            "met",
            "visits",
            "tips",
            "times",
            "interactions",
            "age (days)",
            "visits in the 4 weeks before",
        },
    )


# ----------------------------------------------------------------------------- csv


def tables(data: dict[str, Any]) -> list[Table]:
    """The summary's JSON (`views.summary.public`) as plain tables, one a section, in the
    order of the JSON: the period and totals (a row a total, with the period before), and
    every list of rows (the concerns' lists each a section of their own). Raw values."""
    period = data["period"]
    found = [
        rows_table(
            "period",
            [{"officer": data.get("officer"), **period, "redacted": data.get("redacted", False)}],
        )
    ]
    previous = data.get("previous") or {}
    found.append(
        Table(
            "totals",
            ["name", "value", "previous"],
            [[name, value, previous.get(name)] for name, value in data["totals"].items()],
        )
    )
    if data.get("kinds"):
        found.append(Table("kinds", ["name", "value"], [[k, v] for k, v in data["kinds"].items()]))
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            found.append(rows_table(key, value))
        elif key == "concerns" and isinstance(value, dict):
            found += [
                rows_table(f"concerns {part}".replace("_", " "), rows)
                for part, rows in value.items()
                if rows
            ]
    return found


def csv(data: dict[str, Any]) -> str:
    """The summary's JSON as one CSV: a `section` column, then every section's columns."""
    return to_csv(sections_table("summary", tables(data)))
