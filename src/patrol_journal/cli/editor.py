"""`pj log --edit`: write an entry in $EDITOR from a commented template."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from patrol_journal.errors import JournalError, UsageError
from patrol_journal.fields import EDITOR, PLAIN, by_name
from patrol_journal.recording import InteractionInput

# The field lines of the template: a field of the interaction (its word in the field
# table), and concerns, which are records of their own.
FIELDS = (*EDITOR, "concern")
_LISTS = frozenset(
    word for word, name in EDITOR.items() if by_name(name).value in ("texts", "names")
)
_ATTRIBUTE = {**EDITOR, "concern": "concerns"}  # where InteractionInput keeps each
_EXAMPLES = {
    "with": "'with: Maria Lopez' (one person a line)",
    "at": "'at: Elm Park'",
    "kind": "'kind: chat'",
    "when": "'when: yesterday 15:00'",
}


def _template() -> str:
    """The comment at the top of the template: how to write, and every field line."""
    import textwrap

    # Each example is kept on one line of the comment (its spaces do not break).
    lines = ", ".join(
        _EXAMPLES.get(word, f"'{word}: ...'").replace(" ", "\u00a0") for word in FIELDS
    )
    said = (
        "Write what happened below these comment lines. Lines starting with '#' are "
        f"ignored. Set the other fields with lines like {lines}. Save and quit to record "
        "it; leave it empty to cancel."
    )
    wrapped = textwrap.fill(said, 88, initial_indent="# ", subsequent_indent="# ")
    return wrapped.replace("\u00a0", " ") + "\n"


def _get(entry: InteractionInput, word: str) -> Any:
    name = _ATTRIBUTE[word]
    return entry.more.get(name) if name in PLAIN else getattr(entry, name)


def _set(entry: InteractionInput, word: str, value: Any) -> None:
    name = _ATTRIBUTE[word]
    if name not in PLAIN:
        setattr(entry, name, value)
    elif value is None:
        entry.more.pop(name, None)
    else:
        entry.more[name] = value


def render_template(entry: InteractionInput, when: str | None) -> str:
    lines = [_template()]
    for word in FIELDS:
        value = when if word == "when" else _get(entry, word)
        for item in value if isinstance(value, list) else [value] if value else []:
            lines.append(f"{word}: {item}\n")
    lines.append("\n")
    if entry.text:
        lines.append(entry.text + "\n")
    return "".join(lines)


def parse_template(text: str, when: str | None) -> tuple[InteractionInput, str | None]:
    """The edited file -> an entry (field lines, wherever they are) and the free text
    (everything else). A line that looks like a misspelt field is refused, not kept."""
    from patrol_journal.vocab import one_edit_apart

    entry = InteractionInput()
    for word in (*_LISTS, "concern"):
        _set(entry, word, [])
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key not in FIELDS and key.isalpha():
            close = [field for field in FIELDS if one_edit_apart(key, field)]
            if close:
                raise UsageError(
                    f"line {number} of the entry starts '{key}:', which is not a field; "
                    f"did you mean '{close[0]}:'?"
                )
        if sep and key in FIELDS:
            value = value.strip()
            if not value:
                continue
            if key == "when":
                when = value
            elif key in _LISTS or key == "concern":
                _get(entry, key).append(value)
            else:
                _set(entry, key, value)
            continue
        body.append(line)
    entry.text = "\n".join(body).strip("\n") or None
    for word in _LISTS:
        if _get(entry, word) == []:
            _set(entry, word, None)
    return entry, when


Check = Callable[[InteractionInput, "str | None"], None]

# A write-up that could not be recorded is never thrown away: at a terminal the editor
# opens again on it, the problem said at the top; elsewhere it is kept in this folder.
_PROBLEM = "# pj: "


def edit_entry(
    entry: InteractionInput, when: str | None, check: Check | None = None
) -> tuple[InteractionInput, str | None]:
    """The entry as written in $EDITOR, checked by `check` (which raises UsageError for a
    field pj refuses). A refused field reopens the editor on the same text with the
    problem marked (at a terminal), or keeps the text in a file and says where."""
    import sys

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="pj-") as folder:
        draft = Path(folder) / "entry.txt"
        started = render_template(entry, when)
        draft.write_text(started, encoding="utf-8")
        os.chmod(draft, 0o600)
        while True:
            _run_editor(editor, draft)
            written = draft.read_text(encoding="utf-8")
            kept = "\n".join(line for line in written.splitlines() if not line.startswith(_PROBLEM))
            try:
                edited, edited_when = parse_template(kept, when)
                edited.concern_by = entry.concern_by
                if not edited.text:
                    raise UsageError("the entry was left empty; nothing was recorded")
                if check is not None:
                    check(edited, edited_when)
                return edited, edited_when
            except UsageError as problem:
                if not edited_text(kept) or written == started:
                    raise  # nothing written, or nothing changed: nothing to keep
                if not sys.stdin.isatty():
                    saved = _keep(kept)
                    raise UsageError(
                        f"{problem.message.removesuffix('; Nothing was recorded')}; nothing "
                        f"was recorded, and your write-up is kept in {saved}"
                    ) from None
                said = " ".join(problem.message.split())
                draft.write_text(
                    f"{_PROBLEM}{said}\n{_PROBLEM}fix it below and save, or empty the file "
                    f"to cancel\n{kept}\n",
                    encoding="utf-8",
                )


def edited_text(text: str) -> bool:
    """Whether the officer wrote anything (beyond the template's comments)."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _run_editor(editor: str, draft: Path) -> None:
    try:
        completed = subprocess.run([*shlex.split(editor), str(draft)], check=False)
    except ValueError:
        raise JournalError(f"cannot read the editor command '{editor}'; check $EDITOR") from None
    except OSError as exc:
        raise JournalError(
            f"cannot start the editor '{editor}': {exc.strerror}; set $EDITOR"
        ) from None
    if completed.returncode != 0:
        saved = _keep(draft.read_text(encoding="utf-8"))
        raise JournalError(
            f"the editor '{editor}' exited with {completed.returncode}; nothing was recorded "
            f"(what was written is kept in {saved})"
        )


def _keep(text: str) -> Path:
    """Save a write-up that was not recorded, privately, and return where."""
    from datetime import datetime

    from patrol_journal.config import data_dir
    from patrol_journal.outputs import write_atomically

    folder = data_dir() / "drafts"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    kept = folder / f"entry-{datetime.now():%Y%m%d-%H%M%S}.txt"
    write_atomically(kept, text)
    return kept


def as_written(view: Any) -> InteractionInput:
    """An interaction as it reads now (an `InteractionView`), as an entry to edit."""
    return InteractionInput(
        text=view.text,
        people=list(view.people),
        place=view.place,
        kind=view.kind,
        tips=list(view.tips),
        shared=list(view.shared),
        tags=list(view.tags),
        more={key: value for key, value in view.more.items() if value not in (None, [])},
    )


def corrections(before: InteractionInput, after: InteractionInput) -> InteractionInput:
    """What an edit changed, as an entry of the fields to correct (a list emptied in the
    editor is corrected to an empty list; concerns written in are new ones)."""
    changed = InteractionInput(concerns=after.concerns, concern_by=after.concern_by)
    if (after.text or "").strip() != (before.text or "").strip():
        changed.text = after.text
    for word in EDITOR:
        if word == "when":
            continue
        old, new = _get(before, word), _get(after, word)
        if word in _LISTS:
            old, new = old or [], new or []
        if new != old:
            _set(changed, word, new)
    return changed


def nothing_in(entry: InteractionInput) -> bool:
    """Whether an entry of corrections corrects nothing."""
    return (
        entry.text is None
        and entry.when is None
        and entry.tip_from is None
        and not entry.concerns
        and all(_get(entry, word) is None for word in EDITOR if word != "when")
    )


def put_in(start: InteractionInput, given: InteractionInput) -> InteractionInput:
    """The entry the editor starts from: `start`, with each field given on the command
    line put in its place."""
    if given.text is not None:
        start.text = given.text
    for word in EDITOR:
        if word != "when" and (value := _get(given, word)) not in (None, []):
            _set(start, word, value)
    start.concerns = list(given.concerns)
    start.concern_by = list(given.concern_by)
    return start
