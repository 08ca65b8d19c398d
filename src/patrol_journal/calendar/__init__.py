"""Every rule about time, in one place: the officer's zone, WHEN text, days, weeks, periods.

Times are stored with their UTC offset. Local time is the officer's IANA zone (`TZ`, else
the system's), and every stored time is shown with the rules in force at its own instant
(`zoneinfo`), never with the offset in force today. A wall time without an offset that
happens twice (clocks going back) or never (clocks going forward) is refused with the
offsets to choose from. Days and weeks are local calendar dates: a day boundary is the
first instant of a local date, never "86,400 seconds later".

ISO 8601 is parsed first; everyday phrases go to parsedatetime, imported only then, which
keeps `pj log` fast.
"""

from patrol_journal.calendar.weeks import (
    parse_week,
    period_for_week,
    shift_days,
    summary_period,
    trend_periods,
    week_containing,
)
from patrol_journal.calendar.when import (
    due_bounds,
    due_ts,
    parse_date_bound,
    parse_due,
    parse_moment,
    parse_when,
)
from patrol_journal.calendar.zone import (
    EXAMPLES,
    FUTURE_SLACK,
    RANGE_TEXT,
    add_days,
    check_in_range,
    check_not_future,
    day_cutoff,
    day_in_words,
    days_between,
    due_text,
    in_words,
    local_date,
    local_iso,
    local_text,
    localize,
    now_local,
    offset_text,
    part_of_day,
    parts_of_day,
    start_of_day,
    to_local,
    ts_to_local,
    zone,
    zone_name,
)

__all__ = [
    "EXAMPLES",
    "FUTURE_SLACK",
    "RANGE_TEXT",
    "add_days",
    "check_in_range",
    "check_not_future",
    "day_cutoff",
    "day_in_words",
    "days_between",
    "due_bounds",
    "due_text",
    "due_ts",
    "in_words",
    "local_date",
    "local_iso",
    "local_text",
    "localize",
    "now_local",
    "offset_text",
    "parse_date_bound",
    "parse_due",
    "parse_moment",
    "parse_week",
    "parse_when",
    "part_of_day",
    "parts_of_day",
    "period_for_week",
    "shift_days",
    "start_of_day",
    "summary_period",
    "to_local",
    "trend_periods",
    "ts_to_local",
    "week_containing",
    "zone",
    "zone_name",
]
