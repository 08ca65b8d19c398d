"""`pj show`: one record and its history, for the terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table

from patrol_journal.calendar import due_text
from patrol_journal.render.terminal import Text, console, when_text
from patrol_journal.vocab import plural


def _when(value: Any) -> str:
    if isinstance(value, str):
        try:
            return when_text(datetime.fromisoformat(value), with_year=True)
        except ValueError:
            return value
    return str(value)


def _fields(data: dict[str, Any], skip: tuple[str, ...] = ()) -> list[Table]:
    lines = []
    for key, value in data.items():
        if key in skip or value in (None, [], ""):
            continue
        if key in ("when", "recorded", "due", "opened"):
            shown = _when(value)
        elif isinstance(value, list):
            shown = "; ".join(str(item) for item in value)
        else:
            shown = str(value)
        lines.append(_labelled(key, shown))
    return lines


def _labelled(label: str, value: str) -> Table:
    """`  label: value`, the value's wrapped and later lines indented under its start."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"  {label}:", style="bold"), Text(value))
    return grid


def print_history(history: dict[str, Any]) -> None:
    out = console()
    kind = history["type"]
    if kind != "concern":
        heading = f"{kind} {history.get('id', '')} (line {history.get('line', '?')})"
        out.print(Text(heading, style="bold underline"))
    if kind == "interaction":
        for line in _fields(history["current"], skip=("id", "concerns", "amended")):
            out.print(line)
        corrections = history["corrections"]
        if corrections:
            out.print(
                Text(
                    f"\nHistory: written on line {history['line']}, "
                    f"corrected {plural(len(corrections), 'time')}",
                    style="bold",
                )
            )
            out.print(Text("  as first written:", style="dim"))
            for line in _fields(history["original"], skip=("recorded",)):
                out.print(line)
            for correction in corrections:
                out.print(
                    Text(
                        f"  correction {correction['id']} (line {correction['line']}, "
                        f"{_when(correction.get('recorded'))}):",
                        style="dim",
                    )
                )
                for line in _fields(correction, skip=("id", "type", "line", "amends", "recorded")):
                    out.print(line)
        for concern in history["concerns"]:
            out.print()
            _print_concern(out, concern)
    elif kind == "concern":
        _print_concern(out, history)
    else:
        for line in _fields(history, skip=("id", "type", "line")):
            out.print(line)


def _print_concern(out: Any, concern: dict[str, Any]) -> None:
    header = Text(f"concern {concern['id']} [{concern.get('status', '?')}] ", style="bold")
    header.append(concern.get("text", ""), style="")
    out.print(header)
    raised_by = ", ".join(concern.get("raised_by") or []) or "nobody named"
    out.print(_labelled("raised by", raised_by))
    out.print(_labelled("where", concern.get("place") or "no place given"))
    out.print(_labelled("priority", concern.get("priority") or "normal"))
    if concern.get("category"):
        out.print(_labelled("category", concern["category"]))
    if concern.get("referred_to"):
        out.print(_labelled("referred to", concern["referred_to"]))
    for event in concern.get("events", []):
        line = Text(f"  {_when(event.get('when'))}  {event.get('action')}", style="")
        detail = event.get("note") or event.get("text")
        if event.get("action") == "amend":
            changed = [
                f"{label} {', '.join(value) if isinstance(value, list) else value}"
                for key, label in (
                    ("text", "now reads:"),
                    ("place", "at"),
                    ("raised_by", "raised by"),
                    ("priority", "priority"),
                    ("category", "category"),
                )
                if (value := event.get(key))
            ]
            detail = "; ".join(changed)
        if detail:
            line.append(f": {detail}")
        if event.get("due"):
            line.append(f" (follow up by {due_text(event['due'])})")
        if event.get("referred_to"):
            line.append(f" (referred to {event['referred_to']})")
        out.print(line)
