"""Subject access as Markdown: one person's copy of what is held about them."""

from __future__ import annotations

from typing import Any

from patrol_journal.vocab import plural, visible


def _line(text: Any) -> str:
    return visible(" ".join(str(text or "").split()))


def _when(value: Any) -> str:
    """A stored time (or date) in words, as every other view shows it."""
    if not value:
        return "—"
    from patrol_journal.calendar import due_text, in_words

    text = str(value)
    return due_text(text) if len(text) == 10 else in_words(text, with_year=True)


def markdown(export: dict[str, Any]) -> str:
    lines = [
        f"# What this journal holds about {_line(export['person'])}",
        "",
        f"Exported {_when(export['exported'])}. {export['other_people'].capitalize()}.",
        "",
        f"- Met {plural(export['times_met'], 'time')}, first {_when(export['first_met'])}, last "
        f"{_when(export['last_met'])}",
        f"- Places: {', '.join(export['places']) or 'none'}",
        f"- Roles recorded: {', '.join(export['roles']) or 'none'}",
        "",
        "## Notes",
        "",
    ]
    lines += [f"- {_when(n['when'])}: {_line(n['note'])}" for n in export["notes"]] or ["None."]
    lines += ["", "## Interactions", ""]
    for item in export["interactions"]:
        where = item["place"] or "no place"
        lines.append(f"- {_when(item['when'])} ({item['kind']}, {where}): {_line(item['text'])}")
        lines += [f"  - tip: {_line(tip)}" for tip in item["tips"]]
        lines += [f"  - shared: {_line(shared)}" for shared in item["shared"]]
    if not export["interactions"]:
        lines.append("None.")
    lines += ["", "## Concerns raised", ""]
    for concern in export["concerns"]:
        lines.append(
            f"- {_line(concern['text'])} ({concern['status']}, opened {_when(concern['opened'])})"
        )
        lines += [
            f"  - {_when(step['when'])} {step['action']}"
            + (f": {_line(step['note'])}" if step["note"] else "")
            for step in concern["steps"]
        ]
    if not export["concerns"]:
        lines.append("None.")
    return "\n".join(lines) + "\n"
