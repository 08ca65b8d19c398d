"""The concern lifecycle as pure functions: the fold of its steps, and which steps are allowed."""

from __future__ import annotations

from typing import Any


def fold_concern(events: list[Any]) -> dict[str, Any]:
    """A concern's state after its events (rows of action, ts, at, due_ts, due_at,
    referred_to, unresolved), taken in time order."""
    state: dict[str, Any] = {
        "status": "open",
        "status_ts": None,
        "resolved_ts": None,
        "reported_ts": None,
        "last_ts": None,
        "last_at": None,
        "due_ts": None,
        "due_at": None,
        "referred_to": None,
        "updates": 0,
    }
    for action, ts, at, due_ts, due_at, referred_to, _unresolved in events:
        if action == "raise":
            state["status"], state["status_ts"] = "open", ts
        else:
            state["updates"] += 1
        if action == "resolve":
            state["status"], state["status_ts"], state["resolved_ts"] = "resolved", ts, ts
            state["due_ts"] = state["due_at"] = None
        elif action == "report-back":
            state["status"], state["status_ts"], state["reported_ts"] = "reported-back", ts, ts
            state["due_ts"] = state["due_at"] = None
        elif action == "reopen":
            state["status"], state["status_ts"] = "open", ts
            state["resolved_ts"] = state["reported_ts"] = None
        if due_ts is not None:
            state["due_ts"], state["due_at"] = due_ts, due_at
        if referred_to:
            state["referred_to"] = referred_to
        state["last_ts"], state["last_at"] = ts, at
    return state


STATUS_AFTER = {
    "raise": "open",
    "reopen": "open",
    "resolve": "resolved",
    "report-back": "reported-back",
}
