"""SQL conditions built filter by filter, for the views that take options."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class Where:
    """Conditions joined with AND, and the values for their placeholders, in order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *values: Any) -> Where:
        self.conditions.append(condition)
        self.params.extend(values)
        return self

    def given(self, value: Any, condition: str) -> Where:
        """Add `condition` (one placeholder) only when the option was given."""
        if value is not None:
            self.add(condition, value)
        return self

    def period(self, column: str, since: datetime | None, until: datetime | None) -> Where:
        """Keep `column` (a Unix time) within [since, until)."""
        if since is not None:
            self.add(f"{column} >= ?", int(since.timestamp()))
        if until is not None:
            self.add(f"{column} < ?", int(until.timestamp()))
        return self

    def sql(self) -> str:
        """The conditions joined with AND ("1" when there are none)."""
        return " AND ".join(self.conditions) or "1"
