"""What every format of the weekly summary shares: its title, its headline figures and its
sections (the terminal: `render/summary_rich.py`; Markdown, HTML and CSV:
`render/summary_files.py`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

LIMIT = 20  # rows a section shows in Markdown and HTML; JSON always has them all
TERMINAL_LIMIT = 10  # and in the terminal, where the summary should fit a screen or two

HEADLINE = (
    ("interactions", "Interactions"),
    ("people", "People"),
    ("new_people", "New people"),
    ("places", "Places"),
    ("tips", "Tips"),
    ("shared", "Shared"),
    ("concerns_opened", "Concerns opened"),
    ("concerns_resolved", "Resolved"),
    ("concerns_open", "Open at end"),
)


def change(now: int, before: int) -> str:
    if now > before:
        return f"▲{now - before}"
    if now < before:
        return f"▼{before - now}"
    return "="


def period_title(summary: dict[str, Any]) -> str:
    """What the summary covers, as it is: an ISO week by its number, a week starting on
    another day by its dates, a range by its dates; "so far" for a week not yet over."""
    period = summary["period"]
    start = date.fromisoformat(period["start"])
    end = date.fromisoformat(period["end"])
    span = f"{start.strftime('%a %d %b')} to {end.strftime('%a %d %b %Y')}"
    first_day = period.get("week_start", 0)
    if first_day is None or (end - start).days != 6:
        label = f"From {span}"
    elif first_day == 0:
        week = start.isocalendar()
        label = f"Week {week.year}-W{week.week:02d}: {span}"
    else:
        label = f"Week of {span}"
    if period.get("so_far"):
        as_of = period["as_of"]
        shown = "%a %H:%M" if "T" in as_of else "%a"  # a redacted summary gives dates
        label += f" (so far, to {datetime.fromisoformat(as_of).strftime(shown)})"
    if summary.get("team"):
        officer = f" — team {summary['team']}"
    else:
        officer = f" — {summary['officer']}" if summary.get("officer") else ""
    redacted = " (redacted: names no one)" if summary.get("redacted") else ""
    return f"{label}{officer}{redacted}"


def compared_with(summary: dict[str, Any]) -> str:
    """What the changes are measured against."""
    if summary["previous"].get("like_for_like"):
        return "the same days of the week before"
    return (
        "the week before"
        if summary["period"].get("week_start") is not None
        else "the period before"
    )


def is_week(summary: dict[str, Any]) -> bool:
    """Whether the summary covers a week (else a range of dates)."""
    return summary["period"].get("week_start") is not None


def chart(summary: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The contacts chart's title and bars: a bar a day for up to two weeks, a bar a week
    beyond (a six-week range is six bars, not 42). Each bar: its label and date, its
    contacts (interactions where someone was met; None: still to come), and every
    interaction of it by kind (patrols included)."""
    days = summary["per_day"]
    if len(days) <= 14:
        return "Contacts per day", [
            {
                "label": day["weekday"],
                "date": day["date"],
                "interactions": day["contacts"],  # someone was met: a patrol alone is not
                "kinds": day["kinds"],  # every interaction of the day, by kind
                "to_come": day["to_come"],
            }
            for day in days
        ]
    weeks: list[dict[str, Any]] = []
    for number, day in enumerate(days):
        if number % 7 == 0:
            label = datetime.fromisoformat(day["date"]).strftime("%d %b")
            weeks.append(
                {
                    "label": label,
                    "date": day["date"],
                    "interactions": None,
                    "kinds": {},
                    "to_come": True,
                }
            )
        bar = weeks[-1]
        if not day["to_come"]:
            bar["interactions"] = (bar["interactions"] or 0) + (day["contacts"] or 0)
            for kind, count in day["kinds"].items():
                bar["kinds"][kind] = bar["kinds"].get(kind, 0) + count
            bar["to_come"] = False
    return "Contacts per week", weeks


def during(summary: dict[str, Any]) -> str:
    """ "this week", or "this period" for a range of dates."""
    return "this week" if is_week(summary) else "this period"


def day_count(day: dict[str, Any]) -> str:
    """A day's contacts, or "to come" for a day of this week not yet reached."""
    return "to come" if day["interactions"] is None else str(day["interactions"])


def day_of(iso: str | None) -> str:
    if not iso:
        return "—"
    return datetime.fromisoformat(iso).strftime("%d %b")


_AT_THE_END = {
    "open": "open at the end",
    "resolved": "resolved by the end",
    "reported-back": "reported back by the end",
}


def concern_text(concern: dict[str, Any], listed: str | None = None) -> str:
    """A concern's text in a summary list, with what the list alone would not say: its
    priority when not normal, that it was reopened, and where it stood at the end of the
    period when that is not what the list (`listed`: a status, or None) is about."""
    marks = []
    if concern.get("priority") not in (None, "normal"):
        marks.append(f"{concern['priority']} priority")
    if concern.get("reopened"):
        marks.append("reopened")
    status = concern.get("status")
    if listed is not None and status != listed and status in _AT_THE_END:
        marks.append(_AT_THE_END[status])
    return str(concern["text"]) + (f" ({', '.join(marks)})" if marks else "")


def people_text(names: list[str]) -> str:
    return ", ".join(names) if names else "—"


# ----------------------------------------------------------------------------- sections


class Section:
    """One titled table of the summary, shared by the terminal and Markdown renderers."""

    __slots__ = ("empty", "header", "names_first", "rows", "title", "total")

    def __init__(
        self,
        title: str,
        header: list[str],
        rows: list[list[Any]],
        empty: str,
        *,
        names_first: bool = False,
        total: int | None = None,
    ) -> None:
        self.title = title
        self.header = header
        self.rows = rows
        self.empty = empty
        self.names_first = names_first  # the first column is a name: never broken
        self.total = len(rows) if total is None else total  # rows made and not

    def more(self, limit: int) -> int:
        """How many rows are left out when the first `limit` are shown."""
        return self.total - min(len(self.rows), limit)


def total_of(summary: dict[str, Any], *path: str) -> int:
    """How many rows a list of the summary has (`list_totals`), when it holds only the
    first of them; `path`: its keys, as in `list_totals`."""
    totals: Any = summary.get("list_totals")
    rows: Any = summary
    for key in path:
        rows = rows[key]
        totals = None if totals is None else totals.get(key)
    return len(rows) if totals is None else int(totals)


# A team's summary: a row per officer, these columns (JSON has places and shared too;
# the terminal's 80 columns hold no more).
OFFICER_COLUMNS = {
    "officer": "officer",
    "interactions": "contacts",
    "people": "people",
    "tips": "tips",
    "concerns_opened": "opened",
    "concerns_resolved": "resolved",
    "reported_back": "reported",
}


def people_at(place: dict[str, Any], summary: dict[str, Any]) -> Any:
    """How many people were met at a place: a redacted summary does not say below k."""
    if place["people"] is None:
        return f"fewer than {summary.get('k', 3)}"
    return place["people"]


def reached(shared: dict[str, Any], summary: dict[str, Any]) -> Any:
    """How many people a piece of safety information reached: not said below k."""
    if shared["people_reached"] is None:
        return f"fewer than {summary.get('k', 3)}"
    return shared["people_reached"]


def sections(summary: dict[str, Any]) -> list[Section]:
    """The summary's tables after the headline and the daily chart, in the order shown."""
    return [
        *_officers(summary),
        *_people_and_places(summary),
        *_concerns(summary),
        _tips(summary),
        Section(
            "Safety information shared",
            ["information", "times", "people reached"],
            [[i["text"], i["times"], reached(i, summary)] for i in summary["shared"]],
            "None.",
        ),
        Section(
            f"Not seen {during(summary)}: regulars of the four weeks before",
            ["name", "role", "last met", "usually at"],
            [
                [p["name"], p["role"] or "", day_of(p["last_met"]), p["usually_at"] or "—"]
                for p in summary["not_seen"]
            ],
            "No regular was missed.",
        ),
    ]


def _officers(summary: dict[str, Any]) -> list[Section]:
    if "officers" not in summary:
        return []
    return [
        Section(
            "Officers",
            list(OFFICER_COLUMNS.values()),
            [[o[key] for key in OFFICER_COLUMNS] for o in summary["officers"]],
            "Nobody.",
            names_first=True,
        )
    ]


def _people_and_places(summary: dict[str, Any]) -> list[Section]:
    return [
        Section(
            "People met",
            ["name", "role", "met", "where"],
            [
                [
                    p["name"] + (" (new)" if p["new"] else ""),
                    p["role"] or "",
                    "" if p["interactions"] is None else p["interactions"],
                    ", ".join(p["places"][:2]),
                ]
                for p in summary["people"]
            ],
            "Nobody.",
        ),
        Section(
            "By kind",
            ["kind", "interactions"],
            [[kind, count] for kind, count in summary.get("kinds", {}).items()],
            "Nothing recorded.",
        ),
        Section(
            "Places visited",
            ["place", "visits", "people"],
            [[p["name"], p["visits"], people_at(p, summary)] for p in summary["places"]],
            "None.",
        ),
        Section(
            f"Beat coverage: not visited {during(summary)}",
            ["place", "visits in the 4 weeks before"],
            [[p["name"], p["visits_before"]] for p in summary["not_visited"]],
            "Every place of the four weeks before was visited.",
        ),
    ]


def _concerns(summary: dict[str, Any]) -> list[Section]:
    concerns = summary["concerns"]

    def listed(title: str, key: str, status: str | None) -> Section:
        items = concerns[key]
        return Section(
            title,
            ["id", "concern", "raised by", "where"],
            [
                [
                    c["short_id"],
                    concern_text(c, status),
                    people_text(c["raised_by"]),
                    c["place"] or "—",
                ]
                for c in items
            ],
            "None.",
            total=total_of(summary, "concerns", key),
        )

    return [
        listed("Concerns opened", "opened", None),
        listed("Concerns resolved", "resolved", "resolved"),
        listed("Reported back", "reported_back", "reported-back"),
        Section(
            f"Still open at the end of the {'week' if is_week(summary) else 'period'}",
            ["id", "concern", "age (days)", "raised by"],
            [
                [c["short_id"], concern_text(c, "open"), c["age_days"], people_text(c["raised_by"])]
                for c in concerns["open"]
            ],
            "None.",
            total=total_of(summary, "concerns", "open"),
        ),
        *_owed_and_due(summary),
    ]


def _owed_and_due(summary: dict[str, Any]) -> list[Section]:
    return [
        Section(
            "Owed report-backs: resolved, not yet told",
            ["id", "concern", "tell", "usually at"],
            [
                [
                    c["short_id"],
                    c["text"],
                    people_text([t["name"] for t in c["tell"]]),
                    ", ".join(sorted({t["usually_at"] for t in c["tell"] if t["usually_at"]}))
                    or "—",
                ]
                for c in summary["owed_report_backs"]
            ],
            "None.",
            total=total_of(summary, "owed_report_backs"),
        ),
        Section(
            "Follow-ups due in the coming week"
            if is_week(summary)
            else "Follow-ups due in the seven days after the period",
            ["id", "concern", "due"],
            [
                [
                    c["short_id"],
                    c["text"],
                    day_of(c["due"]) + (" (overdue)" if c["overdue"] else ""),
                ]
                for c in summary["follow_ups_due"]
            ],
            "None.",
            total=total_of(summary, "follow_ups_due"),
        ),
    ]


def _tips(summary: dict[str, Any]) -> Section:
    if summary.get("redacted"):
        return Section(
            "Tips received",
            ["place", "tips"],
            [[t["place"], t["count"]] for t in summary["tips"]],
            "None.",
        )
    return Section(
        "Tips received",
        ["when", "where", "tip", "from"],
        [
            [day_of(t["when"]), t["place"] or "—", t["text"], t["from"] or "not recorded"]
            for t in summary["tips"]
        ],
        "None.",
    )
