"""JSON for programs: UTF-8, dates as ISO 8601 strings, stable key order."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# JSON escapes C0 controls itself; DEL, C1 controls, bidi overrides and the line and
# paragraph separators are written as \u escapes too, so the text printed is only text
# and a program reading it gets every string exactly.
_ESCAPED = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    if text.isascii():
        return text
    import re

    return re.sub(_ESCAPED, lambda found: f"\\u{ord(found.group()):04x}", text)
