"""Subject access as Markdown: one person's copy of what is held about them."""

from __future__ import annotations

from typing import Any

from patrol_journal.vocab import visible


def _line(text: Any) -> str:
    return visible(" ".join(str(text or "").split()))


def markdown(export: dict[str, Any]) -> str:
    lines = [
        f"# What this journal holds about {_line(export['person'])}",
        "",
        f"Exported {export['exported']}. {export['other_people'].capitalize()}.",
        "",
        f"- Met {export['times_met']} times, first {export['first_met']}, last "
        f"{export['last_met']}",
        f"- Places: {', '.join(export['places']) or 'none'}",
        f"- Roles recorded: {', '.join(export['roles']) or 'none'}",
        "",
        "## Notes",
        "",
    ]
    lines += [f"- {n['when']}: {_line(n['note'])}" for n in export["notes"]] or ["None."]
    lines += ["", "## Interactions", ""]
    for item in export["interactions"]:
        where = item["place"] or "no place"
        lines.append(f"- {item['when']} ({item['kind']}, {where}): {_line(item['text'])}")
        lines += [f"  - tip: {_line(tip)}" for tip in item["tips"]]
        lines += [f"  - shared: {_line(shared)}" for shared in item["shared"]]
    if not export["interactions"]:
        lines.append("None.")
    lines += ["", "## Concerns raised", ""]
    for concern in export["concerns"]:
        lines.append(
            f"- {_line(concern['text'])} ({concern['status']}, opened {concern['opened']})"
        )
        lines += [
            f"  - {step['when']} {step['action']}"
            + (f": {_line(step['note'])}" if step["note"] else "")
            for step in concern["steps"]
        ]
    if not export["concerns"]:
        lines.append("None.")
    return "\n".join(lines) + "\n"
