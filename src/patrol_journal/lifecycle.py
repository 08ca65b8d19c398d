"""The concern lifecycle as pure functions: the fold of its steps, and which steps are allowed.

open -> (notes, referrals) -> resolved -> reported back; reopen goes back to open. A
concern's state at any moment is the fold of its steps up to that moment, taken in the order
they happened (their `when`), not the order they were written down. No SQL here: the index
stores the steps and calls the fold; views ask which step is allowed.
"""

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
        if action == "amend":
            continue  # a correction of what the concern says, not a step in its life
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


# The status each step leaves a concern in (a note leaves it as it was).
STATUS_AFTER = {
    "raise": "open",
    "reopen": "open",
    "resolve": "resolved",
    "report-back": "reported-back",
}


def transition_problem(
    status: str, action: str, short: str, *, unresolved: bool = False
) -> str | None:
    """Why a concern in `status` cannot take the step `action`, or None if it can."""
    if action == "resolve" and status != "open":
        said = "resolved and reported back" if status == "reported-back" else status
        return (
            f"concern {short} is already {said}; reopen it first with 'pj concern reopen {short}'"
        )
    if action == "report-back":
        if status == "reported-back":
            return f"concern {short} has already been reported back"
        if status == "open" and not unresolved:
            return (
                f"concern {short} is still open: resolve it first ('pj concern resolve {short}'), "
                "or add --unresolved if you told them it cannot be fixed"
            )
    if action == "amend":
        return None  # what a concern says can be corrected whatever its state
    if action == "reopen" and status == "open":
        return f"concern {short} is already open"
    return None
