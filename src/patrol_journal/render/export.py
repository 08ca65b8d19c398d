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


_PARTS = {
    "met": "",
    "mentioned": ", mentioned",
    "in an earlier version": ", in an earlier version only",
}


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
    if export.get("mentioned_in_notes"):
        lines += ["", "## Notes about others that mention them", ""]
        for n in export["mentioned_in_notes"]:
            said = _line(n["note"]) if "note" in n else f"the role of another: {_line(n['role'])}"
            lines.append(f"- {_when(n['when'])}: {said}")
    lines += ["", "## Interactions", ""]
    for item in export["interactions"]:
        where = item["place"] or "no place"
        part = _PARTS.get(item.get("part", "met"), "")
        by = f", {_line(item['officer'])}" if item.get("officer") else ""
        lines.append(
            f"- {_when(item['when'])} ({item['kind']}, {_line(where)}{by}){part}: "
            f"{_line(item['text'])}"
        )
        lines += [f"  - tip: {_line(tip)}" for tip in item["tips"]]
        lines += [f"  - shared: {_line(shared)}" for shared in item["shared"]]
        if item.get("tags"):
            lines.append(f"  - tags: {_line(', '.join(item['tags']))}")
        for version in item.get("earlier_versions", []):
            what = "a correction" if version["correction"] else "as first written"
            listed = ", listing them" if version["listed"] else ""
            lines.append(
                f"  - {what}, recorded {_when(version['recorded'])}{listed}: "
                f"{_line(version['text'] or '—')}"
            )
    if not export["interactions"]:
        lines.append("None.")
    lines += ["", "## Concerns", ""]
    for concern in export["concerns"]:
        part = "raised by them" if concern.get("part", "raised") == "raised" else "mentions them"
        lines.append(
            f"- {_line(concern['text'])} ({part}; {concern['status']}, opened "
            f"{_when(concern['opened'])})"
        )
        lines += [
            f"  - {_when(step['when'])} {step['action']}"
            + (f": {_line(step['note'])}" if step["note"] else "")
            for step in concern["steps"]
        ]
    if not export["concerns"]:
        lines.append("None.")
    return "\n".join(lines) + "\n"
